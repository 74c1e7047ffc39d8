package dev.monitor.aws.internal;

import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.ExporterContext;

/** What every AWS exporter provider does first: its clients, or null after recording why not. */
public final class AwsProviders {
    private AwsProviders() {
    }

    /**
     * The clients of the exporter of {@code context}; null (a problem recorded in {@code settings})
     * when a setting was invalid or no region is set or found.
     */
    public static AwsClients open(AwsClientSettings aws, ExporterContext context, ConfigNode settings) {
        if (hasProblemWith(aws, settings)) {
            return null;
        }
        try {
            return AwsClients.open(aws, context);
        } catch (IllegalArgumentException e) {
            settings.problem("region", e.getMessage());
            return null;
        }
    }

    /** A region or endpoint that was given but not taken (its problem is recorded). */
    private static boolean hasProblemWith(AwsClientSettings aws, ConfigNode settings) {
        return (settings.has("region") && aws.region() == null) || (settings.has("endpoint") && aws.endpoint() == null);
    }
}

package dev.monitor.core.audit;

import dev.monitor.core.config.ConfigNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code audit:} section of a configuration file, applied to a trail's builder:
 * <pre>
 * audit:
 *   durability: sync            # or buffered (the default), forced every fsyncEvery (100ms)
 *   deliverEvery: 5m
 *   deliverAfterRecords: 10000
 *   retention: 90d
 *   secretWords: [password, secret, token, authorization, apikey]
 *   trailName: monitor          # in digest file names
 *   digestEvery: 1h
 *   signingKeys: {privateKeyFile: keys/audit.pem, publicKeyFile: keys/audit.pub.pem}   # made and kept when absent
 *   filePermissions: rw-------  # of every file the trail creates (folders add x); owner-only by default
 *   insights: {window: 7d, factor: 3, errorRateMargin: 0.25, minimumCalls: 10}
 *   advancedEventSelectors:     # CloudTrail's own JSON shape
 *     - Name: order writes
 *       FieldSelectors:
 *         - {Field: readOnly, Equals: ["false"]}
 *         - {Field: eventSource, StartsWith: ["orders."]}
 * </pre>
 */
public final class AuditSettings {
    private AuditSettings() {
    }

    /** Applies {@code node} to {@code builder}; every problem goes to the node's list with its path. */
    public static void apply(ConfigNode node, AuditTrail.Builder builder) {
        String durability = node.choice("durability", "buffered", "buffered", "sync");
        Duration fsyncEvery = node.duration("fsyncEvery", Duration.ofMillis(100));
        if (durability.equals("sync")) {
            builder.sync();
        } else {
            builder.buffered(fsyncEvery);
        }
        builder.deliverEvery(node.duration("deliverEvery", Duration.ofMinutes(5)),
                node.integer("deliverAfterRecords", 10_000, 1, 10_000_000));
        builder.retention(node.duration("retention", Duration.ofDays(90)));
        ConfigNode insights = node.child("insights");
        Double factor = insights.number("factor");
        Double margin = insights.number("errorRateMargin");
        try {
            builder.insights(insights.duration("window", Duration.ofDays(7)), factor == null ? 3 : factor, margin == null ? 0.25 : margin,
                    insights.integer("minimumCalls", 10, 1, 1_000_000));
        } catch (IllegalArgumentException e) {
            node.problem("insights", e.getMessage());
        }
        insights.rejectUnknownKeys();
        if (node.has("secretWords")) {
            builder.secretWords(node.strings("secretWords"));
        }
        try {
            builder.trailName(node.string("trailName", "monitor"));
        } catch (IllegalArgumentException e) {
            node.problem("trailName", e.getMessage());
        }
        builder.digestEvery(node.duration("digestEvery", Duration.ofHours(1)));
        try {
            builder.filePermissions(node.string("filePermissions", "rw-------"));
        } catch (IllegalArgumentException e) {
            node.problem("filePermissions", e.getMessage());
        }
        if (node.has("signingKeys")) {
            signingKeys(node.child("signingKeys"), builder);
        }
        for (ConfigNode selector : node.list("advancedEventSelectors")) {
            EventSelector.Builder built = EventSelector.named(selector.string("Name", "unnamed"));
            List<ConfigNode> fields = selector.list("FieldSelectors");
            for (ConfigNode field : fields) {
                String name = field.requiredString("Field");
                for (String operator : EventSelector.Condition.OPERATORS) {
                    List<String> values = field.strings(operator);
                    if (name != null && field.has(operator)) {
                        try {
                            built.condition(name, operator, values.toArray(new String[0]));
                        } catch (IllegalArgumentException e) {
                            field.problem(operator, e.getMessage());
                        }
                    }
                }
                field.rejectUnknownKeys();
            }
            selector.rejectUnknownKeys();
            builder.selector(built.build());
        }
        node.rejectUnknownKeys();
    }

    private static void signingKeys(ConfigNode node, AuditTrail.Builder builder) {
        String privateKeyFile = node.requiredString("privateKeyFile");
        String publicKeyFile = node.requiredString("publicKeyFile");
        node.rejectUnknownKeys();
        if (privateKeyFile != null && publicKeyFile != null) {
            try {
                // Read, or made and kept when absent, as the trail starts; keys that exist are checked now, so a
                // damaged one is reported under its setting rather than as a trail that cannot start.
                Path privateKey = Path.of(privateKeyFile);
                Path publicKey = Path.of(publicKeyFile);
                if (Files.exists(privateKey)) {
                    try {
                        SigningKeys.readPrivateKey(privateKey);
                    } catch (IOException e) {
                        node.problem("privateKeyFile", e.getMessage());
                    }
                }
                if (Files.exists(publicKey)) {
                    try {
                        SigningKeys.readPublicKey(publicKey);
                    } catch (IOException e) {
                        node.problem("publicKeyFile", e.getMessage());
                    }
                }
                builder.keyFiles(privateKey, publicKey);
            } catch (java.nio.file.InvalidPathException e) {
                node.problem("privateKeyFile", "'" + privateKeyFile + "' or '" + publicKeyFile + "' is not a file path: " + e.getMessage());
            }
        }
    }
}

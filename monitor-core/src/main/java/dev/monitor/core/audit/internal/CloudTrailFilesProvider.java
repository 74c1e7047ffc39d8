package dev.monitor.core.audit.internal;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Not API: {@code type: cloudtrail-files}, the audit trail's default exporter (see
 * {@link CloudTrailFilesExporter}). An entry of this type replaces the default and is configured
 * by its own keys, each with the {@code audit:} section's default:
 * <pre>
 * exporters:
 *   - type: cloudtrail-files
 *     account: "123456789012"   # 000000000000 by default
 *     region: eu-west-1         # local by default
 *     trailName: monitor
 *     retention: 90d
 *     filePermissions: rw-------
 *     signingKeys: {privateKeyFile: keys/audit.pem, publicKeyFile: keys/audit.pub.pem}
 * </pre>
 */
public final class CloudTrailFilesProvider implements ExporterProvider {
    public static final String TYPE = "cloudtrail-files";
    private static final Pattern TRAIL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,127}");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.AUDIT);
    }

    @Override
    public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
        String trailName = settings.string("trailName", "monitor");
        String trailNameError = trailNameError(trailName);
        if (trailNameError != null) {
            settings.problem("trailName", trailNameError);
        }
        String permissions = settings.string("filePermissions", "rw-------");
        try {
            new FileModes(permissions);
        } catch (IllegalArgumentException e) {
            settings.problem("filePermissions", e.getMessage());
            permissions = null;
        }
        Path[] keyFiles = settings.has("signingKeys") ? keyFiles(settings.child("signingKeys")) : null;
        CloudTrailFilesExporter.Settings made = new CloudTrailFilesExporter.Settings(settings.string("account", "000000000000"),
                settings.string("region", "local"), trailName, null, keyFiles == null ? null : keyFiles[0],
                keyFiles == null ? null : keyFiles[1], permissions == null ? "rw-------" : permissions,
                settings.duration("retention", Duration.ofDays(90)));
        if (trailNameError != null || permissions == null) {
            return null;
        }
        return signal.as(Signal.AUDIT, CloudTrailFilesExporter.start(context.layout(), context.clock(), made, false));
    }

    /** Null when {@code name} may name a trail, else why not (CloudTrail's rule). */
    public static String trailNameError(String name) {
        if (TRAIL_NAME.matcher(name).matches()) {
            return null;
        }
        return "trail name '" + name + "' must be 3 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit";
    }

    /**
     * The {@code signingKeys} section's {@code privateKeyFile} and {@code publicKeyFile}, or null
     * when one is missing or not a path. Keys that exist are read now, so that a damaged one is
     * reported under its setting rather than as a trail that cannot start; absent ones are made
     * and kept there on first use.
     */
    public static Path[] keyFiles(ConfigNode node) {
        String privateKeyFile = node.requiredString("privateKeyFile");
        String publicKeyFile = node.requiredString("publicKeyFile");
        node.rejectUnknownKeys();
        if (privateKeyFile == null || publicKeyFile == null) {
            return null;
        }
        try {
            Path privateKey = Path.of(privateKeyFile);
            Path publicKey = Path.of(publicKeyFile);
            if (Files.exists(privateKey)) {
                try {
                    DigestKeys.readPrivateKey(privateKey);
                } catch (IOException e) {
                    node.problem("privateKeyFile", e.getMessage());
                }
            }
            if (Files.exists(publicKey)) {
                try {
                    DigestKeys.readPublicKey(publicKey);
                } catch (IOException e) {
                    node.problem("publicKeyFile", e.getMessage());
                }
            }
            return new Path[] {privateKey, publicKey};
        } catch (InvalidPathException e) {
            node.problem("privateKeyFile", "'" + privateKeyFile + "' or '" + publicKeyFile + "' is not a file path: " + e.getMessage());
            return null;
        }
    }
}

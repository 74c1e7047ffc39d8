package dev.monitor.xray;

import dev.monitor.api.trace.Tracer;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.trace.TracerProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * The monitor's tracer when {@code monitor-xray} is on the classpath. Settings under
 * {@code traces:}: {@code daemonAddress} (else {@code AWS_XRAY_DAEMON_ADDRESS}, else
 * {@code 127.0.0.1:2000}; {@code off} sends nothing over UDP), {@code samplingRules} (a file of
 * the SDK's version-2 JSON), {@code streamingThreshold}, {@code queueCapacity}, {@code emitterShare}, {@code missingContext}
 * (ignore, log, throw), and {@code files} ({@code enabled}, {@code rotateBytes},
 * {@code rotateEvery}, {@code retention}) for {@code <data-dir>/traces}, and {@code redact} (the
 * secret words, as for logs).
 */
public final class XRayTracerProvider implements TracerProvider {

    @Override
    public Tracer create(Context context, ConfigNode settings) {
        Clock clock = context.clock();
        XRayTracer.Builder builder = XRayTracer.builder().clock(clock).selfMetrics(context.self()).metrics(context.metrics());
        String address = settings.string("daemonAddress", System.getenv("AWS_XRAY_DAEMON_ADDRESS"));
        if (!"off".equals(address)) {
            try {
                builder.emitter(new UdpEmitter(UdpEmitter.daemonAddress(address)));
            } catch (IllegalArgumentException e) {
                settings.problem("daemonAddress", e.getMessage());
            } catch (IOException e) {
                settings.problem("daemonAddress", "no UDP socket could be opened: " + e.getMessage());
            }
        }
        String rules = settings.string("samplingRules", null);
        if (rules != null) {
            try {
                builder.sampler(Sampler.fromJson(Files.readString(Path.of(rules)), clock));
            } catch (IOException e) {
                settings.problem("samplingRules", "'" + rules + "' cannot be read: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                settings.problem("samplingRules", e.getMessage());
            }
        }
        if (settings.has("redact")) {
            builder.secretWords(settings.strings("redact"));
        }
        builder.streamingThreshold(settings.integer("streamingThreshold", 100, 1, 100_000));
        builder.queueCapacity(settings.integer("queueCapacity", 4096, 1, 1 << 20));
        Double share = settings.number("emitterShare");
        if (share != null) {
            try {
                builder.emitterShare(share);
            } catch (IllegalArgumentException e) {
                settings.problem("emitterShare", e.getMessage());
            }
        }
        String missing = settings.choice("missingContext", "ignore", "ignore", "log", "throw");
        builder.missingContext(XRayTracer.MissingContext.valueOf(missing.toUpperCase(Locale.ROOT)));
        ConfigNode files = settings.child("files");
        if (files.bool("enabled", true)) {
            builder.emitter(new FileEmitter(context.dataDir().resolve("traces"), files.bytes("rotateBytes", 64L << 20),
                    files.duration("rotateEvery", Duration.ofHours(1)), files.duration("retention", Duration.ofDays(7)),
                    clock));
        }
        files.rejectUnknownKeys();
        settings.rejectUnknownKeys();
        return builder.build();
    }
}

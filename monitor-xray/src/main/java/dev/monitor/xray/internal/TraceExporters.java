package dev.monitor.xray.internal;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.Signal;
import java.io.IOException;
import java.util.Set;

/**
 * Not API. The exporter types of monitor-xray, found through {@link java.util.ServiceLoader}. Both
 * are defaults of the traces signal (the {@code traces:} section configures them); an entry of
 * the {@code exporters:} list of either type replaces that default with its own settings:
 *
 * <pre>{@code
 * exporters:
 *   - type: segment-files        # rotateBytes, rotateEvery, retention; in <data-dir>/traces
 *   - type: xray-daemon          # daemonAddress: host:port or "tcp:h:p udp:h:p"
 *     daemonAddress: "10.0.0.5:2000"
 * }</pre>
 */
public final class TraceExporters {
    /** The type name of the segment files. */
    public static final String SEGMENT_FILES = "segment-files";
    /** The type name of the X-Ray daemon's UDP exporter. */
    public static final String XRAY_DAEMON = "xray-daemon";
    /** Where the daemon's address comes from when the settings give none, as in the X-Ray SDKs. */
    public static final String DAEMON_ADDRESS_VARIABLE = "AWS_XRAY_DAEMON_ADDRESS";

    private TraceExporters() {
    }

    /** {@code type: segment-files}: see {@link SegmentFilesExporter}. */
    public static final class SegmentFiles implements ExporterProvider {
        @Override
        public String type() {
            return SEGMENT_FILES;
        }

        @Override
        public Set<Signal<?>> signals() {
            return Set.of(Signal.TRACES);
        }

        @Override
        public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
            SegmentFilesExporter.Options options = SegmentFilesExporter.Options.read(settings);
            return signal.as(Signal.TRACES, new SegmentFilesExporter(context.layout(), options, context.clock()));
        }
    }

    /** {@code type: xray-daemon}: see {@link DaemonExporter}; {@code daemonAddress} else {@value #DAEMON_ADDRESS_VARIABLE}. */
    public static final class XRayDaemon implements ExporterProvider {
        @Override
        public String type() {
            return XRAY_DAEMON;
        }

        @Override
        public Set<Signal<?>> signals() {
            return Set.of(Signal.TRACES);
        }

        @Override
        public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
            boolean given = settings.has("daemonAddress");
            String setting = given ? settings.string("daemonAddress", null) : System.getenv(DAEMON_ADDRESS_VARIABLE);
            try {
                return signal.as(Signal.TRACES, new DaemonExporter(DaemonExporter.daemonAddress(setting), context));
            } catch (IllegalArgumentException e) {
                settings.problem("daemonAddress", given ? e.getMessage() : "from " + DAEMON_ADDRESS_VARIABLE + ": " + e.getMessage());
            } catch (IOException e) {
                settings.problem("daemonAddress", "no UDP socket could be opened: " + e.getMessage());
            }
            return null;
        }
    }
}

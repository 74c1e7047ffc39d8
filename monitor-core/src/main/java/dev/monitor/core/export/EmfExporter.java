package dev.monitor.core.export;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.metrics.Datapoint;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes datapoints in the CloudWatch embedded metric format, to rolling files (type {@code emf})
 * or to standard output for Lambda-style hosts that ship stdout to CloudWatch Logs
 * (type {@code emf-stdout}). See {@link EmfFormat} for what the lines hold.
 */
final class EmfExporter implements Exporter<Datapoint> {
    private static final Logger LOG = LoggerFactory.getLogger(EmfExporter.class);

    private final EmfFormat format;
    private final RollingFile file;
    private final PrintStream out;
    private final Counter rejected;
    private boolean warned;

    private EmfExporter(EmfFormat format, RollingFile file, PrintStream out, Counter rejected) {
        this.format = format;
        this.file = file;
        this.out = out;
        this.rejected = rejected;
    }

    /** Counts what EMF cannot carry as {@code Monitor/Dropped} with dimensions Signal, Exporter and Reason. */
    private static Counter rejectedCounter(ExporterContext context) {
        return context.self().counterBuilder("Dropped").dimension("Signal", Signal.METRICS.name()).dimension("Exporter", context.name())
                .dimension("Reason", "NotExpressibleAsEmf").resolution(Resolution.STANDARD).register();
    }

    static EmfExporter toFile(EmfFormat format, RollingFile file, ExporterContext context) {
        return new EmfExporter(format, file, null, rejectedCounter(context));
    }

    static EmfExporter toStream(EmfFormat format, PrintStream out, ExporterContext context) {
        return new EmfExporter(format, null, out, rejectedCounter(context));
    }

    @Override
    public void export(List<Datapoint> datapoints) throws IOException {
        List<String> lines = format.format(datapoints, this::reject);
        // Each batch is one period: handing it to the OS at once means a crash of the process
        // loses at most the period being collected, not a buffer's worth of periods.
        if (file != null) {
            file.write(lines);
            file.flush();
        } else {
            for (String line : lines) {
                out.println(line);
            }
            out.flush();
        }
    }

    private void reject(Datapoint datapoint) {
        rejected.increment();
        if (!warned) {
            warned = true;
            LOG.warn("metric '{}' cannot be written as EMF: it has more than 9 dimensions, or a dimension of its own "
                    + "name. Such datapoints are left out of EMF (counted in Monitor/Dropped, Reason=NotExpressibleAsEmf; "
                    + "logged once) and kept by the in-memory store and the other exporters", datapoint.metric().name());
        }
    }

    @Override
    public void flush() throws IOException {
        if (file != null) {
            file.flush();
        } else {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        } else {
            out.flush();
        }
    }
}

package dev.monitor.core.export;

import dev.monitor.core.metrics.Datapoint;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes datapoints in the CloudWatch embedded metric format, to rolling files (type {@code emf})
 * or to standard output for Lambda-style hosts that ship stdout to CloudWatch Logs
 * (type {@code emf-stdout}). See {@link EmfFormat} for what the lines hold.
 */
final class EmfExporter implements MetricExporter {
    private static final Logger LOG = LoggerFactory.getLogger(EmfExporter.class);

    private final EmfFormat format;
    private final RollingFile file;
    private final PrintStream out;
    private final LongAdder rejected = new LongAdder();

    private EmfExporter(EmfFormat format, RollingFile file, PrintStream out) {
        this.format = format;
        this.file = file;
        this.out = out;
    }

    static EmfExporter toFile(EmfFormat format, RollingFile file) {
        return new EmfExporter(format, file, null);
    }

    static EmfExporter toStream(EmfFormat format, PrintStream out) {
        return new EmfExporter(format, null, out);
    }

    @Override
    public void export(List<Datapoint> datapoints) throws IOException {
        List<String> lines = format.format(datapoints, this::reject);
        if (file != null) {
            file.write(lines);
        } else {
            for (String line : lines) {
                out.println(line);
            }
        }
    }

    private void reject(Datapoint datapoint) {
        rejected.increment();
        if (rejected.sum() == 1) {
            LOG.warn("metric '{}' cannot be written as EMF: it has more than 9 dimensions, or a dimension of its own "
                    + "name. Such datapoints are left out of EMF files (this is logged once) and kept by the "
                    + "in-memory store and the other exporters", datapoint.metric().name());
        }
    }

    /** Datapoints EMF could not carry. */
    long rejected() {
        return rejected.sum();
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

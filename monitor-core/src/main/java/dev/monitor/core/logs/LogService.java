package dev.monitor.core.logs;

import dev.monitor.api.logs.Logger;
import dev.monitor.api.logs.Logs;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.files.DataLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A monitor's structured logs: loggers, metric filters, live tail and Logs Insights queries over
 * the log files. Get it from {@code Monitor.logs()}.
 *
 * <p>A logging call captures its message's arguments, its fields and context, and puts the event in
 * a bounded queue; that is all it does on the caller's thread (no lock, one allocation: the event).
 * When the queue is full the event is dropped and counted in {@code Monitor/LogEventsDropped}:
 * logging never blocks. One writer thread formats, redacts, serializes and truncates each event,
 * applies metric filters, feeds live tails and hands the events in batches to the logs' exporters
 * (by default {@code log-files}: JSON-lines files per log group and stream under
 * {@code <data-dir>/logs}, rotated by size and time, gzipped after rotation and deleted past their
 * group's retention). Written lines reach the operating system within 200 ms, even while the
 * queue never empties, so a crash of the process loses at most the last fraction of a second.
 * The logs' threads outlive a failure of one task, even an Error: it is counted in
 * {@code Monitor/InternalErrors} by thread and logged once per thread.
 *
 * <p>Thread-safe.
 */
public interface LogService extends Logs, AutoCloseable {

    /** The logger of {@code name}: its level and log group follow the longest configured prefix. */
    @Override
    Logger logger(String name);

    /** The default log group: {@code /monitor/<namespace>} unless configured. */
    String defaultGroup();

    /** This process's log stream: {@code <host>-<pid>} unless configured. */
    String stream();

    /** The directory the log files are under: {@code <data-dir>/logs}. */
    Path directory();

    /** The folder of a log group's files below {@link #directory()}: the name with {@code /} escaped. */
    static String directoryOf(String group) {
        return DataLayout.folderName(group);
    }

    /** The log groups this service writes to: the default one and the configured ones, sorted. */
    List<String> groups();

    /**
     * Adds (or replaces, by name) a metric filter; it applies to events written from now on.
     *
     * @throws IllegalArgumentException when its metric name or namespace breaks CloudWatch's rules
     */
    void putMetricFilter(MetricFilter filter);

    void deleteMetricFilter(String filterName);

    List<MetricFilter> metricFilters();

    /**
     * Subscribes {@code consumer} to the events of {@code groups} (1 to 10) in streams starting
     * with {@code streamPrefix} (empty for all) that match {@code filterPattern} (empty for all);
     * see {@link LiveTail}. Closing the returned handle ends the subscription and its delivery
     * thread: events written after that do not reach the consumer, and a batch not yet handed
     * over is dropped. Closing twice is harmless.
     *
     * @throws dev.monitor.core.syntax.ParseException when the pattern is invalid
     */
    Subscription tail(List<String> groups, String streamPrefix, String filterPattern, Consumer<LiveTail.Batch> consumer);

    /**
     * Waits until every event logged before this call is written and the files are flushed, at
     * most {@code timeout}. Blocks: not for hot paths. Whether everything was written in time.
     */
    boolean flush(Duration timeout);

    /**
     * Runs a Logs Insights query over the events of {@code groups} logged from {@code start} to
     * {@code end}, both included as StartQuery's are, after writing what is queued. Reads the
     * files, so it sees what earlier runs wrote too.
     *
     * @throws dev.monitor.core.syntax.ParseException naming the line, the column, what was expected and what was found
     */
    QueryResult query(String query, List<String> groups, Instant start, Instant end);

    /** Writes what is queued, then stops the writer and live tails. Idempotent. */
    @Override
    void close();
}

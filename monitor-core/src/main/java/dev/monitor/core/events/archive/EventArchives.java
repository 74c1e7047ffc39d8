package dev.monitor.core.events.archive;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A monitor's event archives and replays; get it from {@code Monitor.eventArchives()}.
 *
 * <p>Archiving happens off the bus's threads: the dispatch thread only offers each matching event to
 * a bounded queue (what finds it full is counted in {@code Monitor/Dropped}, {@code Signal=events},
 * {@code Reason=ArchiveQueueFull}), and one archive thread appends it to the file of its day. A
 * replay runs on a replay thread and sends at most its pace of events a second; when the bus's
 * queue is full it waits rather than drop one. Replayed events reach rules only: they are not
 * archived again, exported or observed.
 *
 * <p>Thread-safe.
 */
public interface EventArchives {

    /**
     * Creates an archive, or replaces the settings of the one of that name (its events stay).
     *
     * @throws IllegalArgumentException when its bus does not exist, or its settings cannot be written
     */
    void createArchive(Archive archive);

    /** Stops archiving into {@code name} and deletes its events; false when there was no such archive. */
    boolean deleteArchive(String name);

    /** The archives, by name. */
    List<Archive> archives();

    /**
     * Starts a replay; it runs on Monitor's replay threads.
     *
     * @throws IllegalArgumentException when a replay of that name exists, or the archive or the bus does not
     */
    Replay startReplay(ReplayRequest request);

    /** The replay as it is now. */
    Optional<Replay> describeReplay(String name);

    /** Every replay started since the monitor started, in start order. */
    List<Replay> replays();

    /**
     * Asks a replay to stop: it is CANCELLING until its thread sees it between two events, then
     * CANCELLED. A replay that ended is described as it is.
     *
     * @throws IllegalArgumentException when there is no such replay
     */
    Replay cancelReplay(String name);

    /** Waits until every event queued for an archive is in its file, at most {@code timeout}. */
    boolean flush(Duration timeout);
}

package dev.monitor.core.events.archive;

import java.time.Instant;
import java.util.List;

/**
 * A replay as DescribeReplay describes it, with the count of events it sent so far.
 *
 * @param eventLastReplayedTime the time of the last event replayed; null before the first
 * @param replayEndTime         when it completed, was cancelled or failed; null before
 */
public record Replay(String name, String arn, String description, ReplayState state, String stateReason, String eventSourceArn,
                     String destinationArn, List<String> filterArns, Instant eventStartTime, Instant eventEndTime,
                     Instant eventLastReplayedTime, Instant replayStartTime, Instant replayEndTime, long eventsReplayed) {
    public Replay {
        filterArns = List.copyOf(filterArns);
    }

    /** Whether it ended: completed, cancelled or failed. */
    public boolean ended() {
        return state == ReplayState.COMPLETED || state == ReplayState.CANCELLED || state == ReplayState.FAILED;
    }
}

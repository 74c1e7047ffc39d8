package dev.monitor.core.events.archive;

import dev.monitor.core.events.patterns.EventPattern;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An archive, as CreateArchive defines one: the events of {@code eventSourceBus} that match
 * {@code eventPattern} (every event when null) are kept for {@code retentionDays} days (0: for ever).
 *
 * @param name           1 to 48 of the letters, digits, '.', '-' and '_' (CreateArchive's ArchiveName)
 * @param eventSourceBus the bus whose events are archived
 */
public record Archive(String name, String eventSourceBus, EventPattern eventPattern, int retentionDays, String description) {
    private static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,48}");

    public Archive {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("archive name '" + name + "' is not valid: 1 to 48 of the letters, digits, '.', '-' and '_'");
        }
        Objects.requireNonNull(eventSourceBus, "eventSourceBus");
        if (retentionDays < 0) {
            throw new IllegalArgumentException("archive '" + name + "': retention days " + retentionDays + " must be 0 (for ever) or more");
        }
    }

    /** Every event of {@code bus}, kept for ever. */
    public static Archive of(String name, String bus) {
        return new Archive(name, bus, null, 0, null);
    }

    /** The archive's ARN: {@code arn:aws:events:<region>:<account>:archive/<name>}. */
    public String arn(String account, String region) {
        return "arn:aws:events:" + region + ":" + account + ":archive/" + name;
    }

    /** The ARN of an event bus, as an archive's {@code EventSourceArn} and a replay's destination name it. */
    public static String busArn(String bus, String account, String region) {
        return "arn:aws:events:" + region + ":" + account + ":event-bus/" + bus;
    }
}

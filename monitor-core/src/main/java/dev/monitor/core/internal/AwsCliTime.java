package dev.monitor.core.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the AWS CLI prints a response's timestamps (its default {@code cli_timestamp_format},
 * iso8601: Python's {@code datetime.isoformat()} in UTC): {@code 2026-11-22T10:00:00+00:00}, with
 * {@code .ffffff} microseconds only when there are any. Every verb of Monitor's CLI prints times so.
 * Not API: public for Monitor's own modules, and may change in any release.
 */
public final class AwsCliTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter MICROSECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private AwsCliTime() {
    }

    public static String format(Instant time) {
        return (time.getNano() / 1000 == 0 ? SECONDS : MICROSECONDS).format(time.atOffset(ZoneOffset.UTC));
    }
}

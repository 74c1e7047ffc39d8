package dev.monitor.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html (cli_timestamp_format: iso8601). */
class AwsCliTimeTest {
    @Test
    void printsAsPythonsIsoformatInUtc() {
        assertEquals("2026-11-22T10:00:00+00:00", AwsCliTime.format(Instant.parse("2026-11-22T10:00:00Z")));
        assertEquals("2026-11-22T10:00:00.123000+00:00", AwsCliTime.format(Instant.parse("2026-11-22T10:00:00.123Z")));
        assertEquals("2026-11-22T10:00:00.000001+00:00", AwsCliTime.format(Instant.parse("2026-11-22T10:00:00.000001999Z")));
    }
}

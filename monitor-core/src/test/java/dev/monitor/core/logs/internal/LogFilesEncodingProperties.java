package dev.monitor.core.logs.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.core.export.LogEvent;
import dev.monitor.core.internal.JsonBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The log files hold each line exactly as {@code String.getBytes(UTF_8)} encodes it, surrogates
 * and all; and the writer's events, handed over as the bytes it encoded, put the same bytes in the
 * files as when the writer made a String of them and the exporter encoded it again (before 2026-12-02).
 */
class LogFilesEncodingProperties {

    @Property(tries = 2000)
    void aTextEventIsWrittenAsTheJdkEncodesIt(@ForAll String text) throws IOException {
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), written(new LogEvent("g", "s", Instant.EPOCH, text)), text);
    }

    @Property(tries = 200)
    void unpairedSurrogatesBecomeQuestionMarks(@ForAll char c, @ForAll String rest) throws IOException {
        String text = rest + (char) (0xD800 + (c % 0x800)) + rest;
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), written(new LogEvent("g", "s", Instant.EPOCH, text)), text);
    }

    @Property(tries = 2000)
    void anEncodedEventWritesWhatTheStringRoundTripWrote(@ForAll String text, @ForAll long micros) throws IOException {
        JsonBytes json = new JsonBytes();
        json.startObject().stringField("message", text).endObject();
        byte[] encoded = json.toByteArray();
        LogEvent event = LogEvent.encoded("g", "s", micros, encoded);
        String before = new String(encoded, StandardCharsets.UTF_8); // what the writer handed over until then
        assertArrayEquals(before.getBytes(StandardCharsets.UTF_8), written(event), text);
        assertEquals(before, event.message());
        assertEquals(Instant.ofEpochSecond(0, 0).plusNanos(0).plusSeconds(Math.floorDiv(micros, 1_000_000L))
                .plusNanos(Math.floorMod(micros, 1_000_000L) * 1000), event.timestamp());
        assertEquals(micros, event.epochMicros());
    }

    private static byte[] written(LogEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        event.writeMessage(out::write);
        return out.toByteArray();
    }
}

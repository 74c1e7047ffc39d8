package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The size every request limit counts in (PutLogEvents' 1,048,576 bytes, X-Ray's 64 KB, PutEvents' 256 KB) is the encoder's. */
class Utf8Properties {

    @Property(tries = 500)
    void countsWhatTheEncoderWrites(@ForAll String text) {
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text), text);
    }

    @Property(tries = 200)
    void countsSurrogatePairsAndLoneSurrogates(@ForAll char a, @ForAll char b, @ForAll char c) {
        String text = new String(new char[] {a, '\uD83D', '\uDE00', b, '\uDC00', c, '\uD800'});
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text));
    }
}

package dev.monitor.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** However Monitor orders its readings, an observable callback runs once per pass, before the pass's first reading. */
class OncePerPassProperties {

    @Property
    void theCallbackRunsOncePerPassBeforeItsFirstReading(@ForAll @IntRange(min = 1, max = 20) int readers,
            @ForAll @IntRange(min = 1, max = 10) int passes, @ForAll long seed) {
        List<Integer> runsAtPass = new ArrayList<>();
        int[] pass = {0};
        OncePerPass once = new OncePerPass(() -> runsAtPass.add(pass[0]));
        List<Object> series = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            series.add(new Object());
        }
        Random random = new Random(seed);
        for (pass[0] = 0; pass[0] < passes; pass[0]++) {
            Collections.shuffle(series, random);
            for (Object reader : series) {
                once.read(reader);
                assertEquals(pass[0] + 1, runsAtPass.size(), "ran for this pass before this reading");
            }
        }
        for (int p = 0; p < passes; p++) {
            assertEquals(p, runsAtPass.get(p));
        }
    }
}

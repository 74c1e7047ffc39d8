package dev.monitor.console.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.monitor.console.ApiException;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsoleApi;
import dev.monitor.testing.ManualClock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without monitor-xray's tracer the page says tracing is off: answers, not errors. */
class TracingOffTest {
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private final Map<String, ConsoleApi.Handler> gets = new HashMap<>();

    private final ConsoleApi api = new ConsoleApi() {
        @Override
        public void get(String path, Handler handler) {
            gets.put(path, handler);
        }

        @Override
        public void post(String path, Handler handler) {
            throw new AssertionError("the traces page changes nothing");
        }

        @Override
        public void stream(String path, Stream stream) {
            throw new AssertionError("the traces page has no stream");
        }
    };

    @Test
    void everyAnswerSaysTracingIsOff() throws Exception {
        TracesPage.installOn(api, null);
        assertEquals(List.of("list", "map", "trace"), gets.keySet().stream().sorted().toList());
        ServiceMapView.Answer map = (ServiceMapView.Answer) gets.get("map").answer(new ApiRequest("", "start=-PT1H", "", clock));
        assertFalse(map.tracing());
        assertEquals(TracesPage.OFF, map.message());
        assertEquals(List.of(), map.nodes());
        assertEquals(clock.instant().minusSeconds(3600), map.start());
        TracesPage.ListAnswer list = (TracesPage.ListAnswer) gets.get("list").answer(new ApiRequest("", "filter=fault", "", clock));
        assertFalse(list.tracing());
        assertEquals(List.of(), list.traces());
        ApiException missing = assertThrows(ApiException.class,
                () -> gets.get("trace").answer(new ApiRequest("1-5759e988-bd862e3fe1be46a994272793", "", "", clock)));
        assertEquals(404, missing.status());
        assertEquals(TracesPage.OFF, missing.getMessage());
    }
}

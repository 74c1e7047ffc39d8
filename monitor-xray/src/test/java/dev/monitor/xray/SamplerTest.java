package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Sampling decisions counted over many requests: reservoirs exactly, rates within statistical bounds. */
class SamplerTest {
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");

    /** How many of {@code n} requests to the path are sampled, in one second. */
    private static int sampled(Sampler sampler, int n, String method, String path) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            count += sampler.sample("shop.example.com", method, path) ? 1 : 0;
        }
        return count;
    }

    /** True when {@code observed} of {@code n} is within 5 standard deviations of rate {@code p}: false alarms about 1 in 3.5 million. */
    private static boolean plausible(int observed, int n, double p) {
        double sigma = Math.sqrt(n * p * (1 - p));
        return Math.abs(observed - n * p) <= 5 * sigma;
    }

    @Test
    void theDefaultRuleTakesOnePerSecondThenFivePercent() {
        Sampler sampler = Sampler.defaults(clock);
        int seconds = 200;
        int perSecond = 500;
        int total = 0;
        for (int s = 0; s < seconds; s++) {
            int taken = sampled(sampler, perSecond, "GET", "/");
            assertTrue(taken >= 1, "the reservoir takes the first request of every second");
            total += taken - 1;
            clock.advance(Duration.ofSeconds(1));
        }
        int rest = seconds * (perSecond - 1);
        assertTrue(plausible(total, rest, 0.05), total + " of " + rest + " beyond the reservoir is not 5%");
    }

    @Test
    void theFirstMatchingRuleDecidesWithItsOwnReservoirAndRate() {
        Sampler sampler = Sampler.fromJson("""
                {"version": 2,
                 "rules": [
                   {"description": "no health checks", "host": "*", "http_method": "GET", "url_path": "/health", "fixed_target": 0, "rate": 0},
                   {"description": "orders", "host": "shop.*.com", "http_method": "POST", "url_path": "/orders/*", "fixed_target": 10, "rate": 0.25},
                   {"description": "shadowed", "host": "*", "http_method": "*", "url_path": "/orders/*", "fixed_target": 0, "rate": 1}
                 ],
                 "default": {"fixed_target": 0, "rate": 0}}""", clock);
        assertEquals(0, sampled(sampler, 1000, "GET", "/health"));
        assertEquals(0, sampled(sampler, 1000, "GET", "/healthz"), "no rule but the default matches: rate 0");
        int n = 20_000;
        int taken = sampled(sampler, n, "POST", "/orders/o-1");
        assertTrue(plausible(taken - 10, n - 10, 0.25), taken + " of " + n);
        assertEquals(1000, sampled(sampler, 1000, "PUT", "/orders/o-1"), "? and * of a later rule");
        clock.advance(Duration.ofSeconds(1));
        Sampler reservoirOnly = Sampler.fromJson("{\"version\": 2, \"default\": {\"fixed_target\": 7, \"rate\": 0}}", clock);
        for (int s = 0; s < 5; s++) {
            assertEquals(7, sampled(reservoirOnly, 100, "GET", "/"), "exactly the reservoir each second");
            clock.advance(Duration.ofMillis(1000));
        }
    }

    @Test
    void wildcardsMatchAsTheSdkDocumentsThem() {
        assertTrue(Wildcard.matches("/api/v?/*", "/api/v2/orders/7"));
        assertTrue(Wildcard.matches("GET", "get"), "case-insensitive");
        assertTrue(!Wildcard.matches("/api/v?/*", "/api/v10/x"));
        assertTrue(Wildcard.matches("a.b", "a.b") && !Wildcard.matches("a.b", "axb"));
    }

    @Test
    void badRulesAreRejectedNamingEveryProblem() {
        String message = assertThrows(IllegalArgumentException.class, () -> Sampler.fromJson("""
                {"version": 1, "rules": [{"host": "*", "url_path": "/x", "fixed_target": -1, "rate": 2}]}""", clock)).getMessage();
        assertTrue(message.contains("version must be 2"), message);
        assertTrue(message.contains("rules[0].http_method is required"), message);
        assertTrue(message.contains("rules[0].fixed_target"), message);
        assertTrue(message.contains("rules[0].rate must be a number from 0 to 1"), message);
        assertTrue(message.contains("at least 0, not -1") && message.contains("from 0 to 1, not 2"), "the bad values are named: " + message);
        assertTrue(message.contains("default is required"), message);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sampler.fromJson("{not json", clock))
                .getMessage().contains("column 2: sampling rules are not JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sampler.fromJson("[1]", clock)).getMessage()
                .endsWith("column 1: sampling rules must be a JSON object with version, rules and default, not [1]; expected a "
                        + "JSON object with version, rules and default but found '[1]'"));
    }
}

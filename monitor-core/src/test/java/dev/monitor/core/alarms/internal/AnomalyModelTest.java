package dev.monitor.core.alarms.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The anomaly model on synthetic hourly series with a trend, a daily cycle and quieter weekends,
 * noise, and injected anomalies; it is checked one step ahead, as an alarm uses it.
 */
class AnomalyModelTest {
    private static final long HOUR = 3600;
    private static final long START = 1_767_225_600L; // 2026-01-01T00:00:00Z, a Thursday

    private static double normal(long hour, Random random) {
        long t = START + hour * HOUR;
        int hourOfDay = (int) ((t / HOUR) % 24);
        long day = Math.floorDiv(t, 86_400);
        boolean weekend = Math.floorMod(day + 4, 7) >= 5; // epoch day 0 was a Thursday
        return 100 + 0.02 * hour + 20 * Math.sin(2 * Math.PI * hourOfDay / 24) - (weekend ? 15 : 0)
                + random.nextGaussian() * 2;
    }

    @Test
    void detectsInjectedAnomaliesWithFewFalseAlarms() {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            AnomalyModel model = new AnomalyModel();
            // Three weeks of history, with outliers the model must not learn from.
            for (long hour = 0; hour < 21 * 24; hour++) {
                double value = normal(hour, random);
                if (random.nextDouble() < 0.02) {
                    value += 60;
                }
                model.learn(START + hour * HOUR, value);
            }
            Set<Long> anomalies = new HashSet<>();
            while (anomalies.size() < 20) {
                anomalies.add(21 * 24 + (long) random.nextInt(7 * 24));
            }
            int detected = 0;
            int falseAlarms = 0;
            int normalHours = 0;
            for (long hour = 21 * 24; hour < 28 * 24; hour++) {
                long t = START + hour * HOUR;
                double value = normal(hour, random);
                boolean anomalous = anomalies.contains(hour);
                if (anomalous) {
                    value += random.nextBoolean() ? 25 : -25;
                }
                AnomalyModel.Band band = model.band(t, 3);
                boolean outside = value < band.lower() || value > band.upper();
                if (anomalous) {
                    detected += outside ? 1 : 0;
                } else {
                    normalHours++;
                    falseAlarms += outside ? 1 : 0;
                }
                model.learn(t, value);
            }
            double detectionRate = detected / 20.0;
            double falseAlarmRate = falseAlarms / (double) normalHours;
            assertTrue(detectionRate >= 0.9, "seed " + seed + ": detected " + detected + " of 20 anomalies");
            assertTrue(falseAlarmRate <= 0.02, "seed " + seed + ": " + falseAlarms + " false alarms in " + normalHours + " hours");
        }
    }

    @Test
    void followsTheDailyCycleInsteadOfAFlatBand() {
        Random random = new Random(7);
        AnomalyModel model = new AnomalyModel();
        for (long hour = 0; hour < 14 * 24; hour++) {
            model.learn(START + hour * HOUR, normal(hour, random));
        }
        long peak = START + 14 * 24 * HOUR + 6 * HOUR; // sin peaks at 06:00
        long trough = START + 14 * 24 * HOUR + 18 * HOUR;
        double difference = model.band(peak, 2).expected() - model.band(trough, 2).expected();
        assertTrue(difference > 30 && difference < 50, "expected about 40 between peak and trough, got " + difference);
    }

    @Test
    void givesNoBandBeforeEnoughHistory() {
        AnomalyModel model = new AnomalyModel();
        for (int i = 0; i < AnomalyModel.MINIMUM_POINTS - 1; i++) {
            model.learn(START + i * 60L, 5);
        }
        assertNull(model.band(START + 3600, 2));
        model.learn(START + 3600, 5);
        AnomalyModel.Band flat = model.band(START + 3660, 2);
        assertNotNull(flat);
        assertTrue(flat.upper() > 5 && flat.lower() < 5, "a flat history still gives a band of non-zero width");
    }
}

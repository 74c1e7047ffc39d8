package dev.monitor.api.metrics;

/**
 * A metric's storage resolution, as CloudWatch's {@code StorageResolution}: standard metrics are
 * aggregated and stored per minute, high-resolution metrics per second.
 */
public enum Resolution {
    /** One datapoint per second ({@code StorageResolution: 1}). */
    HIGH(1),
    /** One datapoint per minute ({@code StorageResolution: 60}); CloudWatch's default. */
    STANDARD(60);

    private final int seconds;

    Resolution(int seconds) {
        this.seconds = seconds;
    }

    /** The period of one datapoint in seconds: 1 or 60. */
    public int seconds() {
        return seconds;
    }

    /**
     * The resolution with the given period in seconds.
     *
     * @throws IllegalArgumentException unless {@code seconds} is 1 or 60, the values CloudWatch accepts
     */
    public static Resolution ofSeconds(int seconds) {
        if (seconds == 1) {
            return HIGH;
        }
        if (seconds == 60) {
            return STANDARD;
        }
        throw new IllegalArgumentException(
                "storage resolution " + seconds + " is not allowed; CloudWatch accepts 1 or 60 seconds");
    }
}

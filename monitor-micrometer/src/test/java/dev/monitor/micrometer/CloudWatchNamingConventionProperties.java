package dev.monitor.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.monitor.core.metrics.CloudWatchNames;
import io.micrometer.core.instrument.Meter;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * Whatever name or tag Micrometer code uses comes out as CloudWatch accepts it (rules from
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html and
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html, as Monitor's
 * {@link CloudWatchNames} checks them), and a name CloudWatch already accepts is left as it is.
 */
class CloudWatchNamingConventionProperties {

    private final CloudWatchNamingConvention convention = new CloudWatchNamingConvention();

    @Property
    void everyNonBlankNameBecomesAValidMetricName(@ForAll @StringLength(min = 1, max = 400) String name) {
        Assume.that(!name.isBlank());
        assertNull(CloudWatchNames.metricNameError(convention.name(name, Meter.Type.COUNTER, null)));
    }

    @Property
    void everyNonBlankTagBecomesAValidDimension(@ForAll @StringLength(min = 1, max = 400) String key,
            @ForAll @StringLength(min = 1, max = 1500) String value) {
        Assume.that(!key.isBlank() && !value.isBlank());
        assertNull(CloudWatchNames.dimensionNameError(convention.tagKey(key)));
        assertNull(CloudWatchNames.dimensionValueError(convention.tagValue(value)));
    }

    @Property
    void namesCloudWatchAcceptsAreKept(@ForAll @StringLength(min = 1, max = 255)
            @CharRange(from = '!', to = '~') @Chars({' '}) String name) {
        Assume.that(!name.isBlank());
        assertEquals(name, convention.name(name, Meter.Type.TIMER, "seconds"));
        assertEquals(name, convention.tagValue(name));
    }
}

package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import software.amazon.awssdk.services.xray.model.SamplingRule;
import software.amazon.awssdk.services.xray.model.SamplingTargetDocument;

/**
 * A centralized rule's reservoir, whatever the requests of each second: with a valid quota it
 * lends exactly {@code min(requests, quota)} each second; without one (expired, or none yet) it
 * borrows exactly one a second when the rule has a reservoir, none when its size is 0; the fixed
 * rate (here never drawn: the random number is 1) adds nothing.
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html
 */
class SamplingReservoirProperties {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static CentralizedSampling.Rule rule(int reservoirSize) {
        CentralizedSampling.Rule rule = new CentralizedSampling.Rule("orders");
        rule.update(SamplingRule.builder().ruleName("orders").priority(1).fixedRate(0.5).reservoirSize(reservoirSize)
                .serviceName("*").serviceType("*").host("*").httpMethod("*").urlPath("*").resourceARN("*").version(1).build());
        return rule;
    }

    @Property(tries = 200)
    void aValidQuotaLendsAtMostItsSizeEachSecond(@ForAll @IntRange(min = 0, max = 20) int quota,
                                                 @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 40) Integer> perSecond) {
        CentralizedSampling.Rule rule = rule(1);
        rule.target(SamplingTargetDocument.builder().ruleName("orders").fixedRate(0.0).reservoirQuota(quota)
                .reservoirQuotaTTL(T0.plusSeconds(3600)).interval(10).build(), T0);
        for (int second = 0; second < perSecond.size(); second++) {
            int sampled = 0;
            for (int i = 0; i < perSecond.get(second); i++) {
                sampled += rule.sample(T0.plusSeconds(second).plusMillis(i), 1.0) ? 1 : 0;
            }
            assertEquals(Math.min(perSecond.get(second), quota), sampled, "second " + second);
        }
    }

    @Property(tries = 200)
    void withoutAValidQuotaOneIsBorrowedEachSecond(@ForAll @IntRange(min = 0, max = 3) int reservoirSize,
                                                   @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 40) Integer> perSecond,
                                                   @ForAll boolean expired) {
        CentralizedSampling.Rule rule = rule(reservoirSize);
        if (expired) {
            rule.target(SamplingTargetDocument.builder().ruleName("orders").reservoirQuota(50).reservoirQuotaTTL(T0.minusMillis(1))
                    .build(), T0.minusSeconds(10));
        }
        for (int second = 0; second < perSecond.size(); second++) {
            int sampled = 0;
            for (int i = 0; i < perSecond.get(second); i++) {
                sampled += rule.sample(T0.plusSeconds(second).plusMillis(i), 1.0) ? 1 : 0;
            }
            assertEquals(reservoirSize == 0 ? 0 : Math.min(perSecond.get(second), 1), sampled, "second " + second);
        }
    }
}

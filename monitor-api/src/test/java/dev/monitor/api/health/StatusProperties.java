package dev.monitor.api.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Aggregation by severity in Spring Boot's default order, DOWN, OUT_OF_SERVICE, UP, UNKNOWN
 * (https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.health.writing-custom-health-indicators),
 * with DEGRADED between OUT_OF_SERVICE and UP.
 */
class StatusProperties {
    @Test
    void theOrderIsSpringBootsWithDegradedBetweenOutOfServiceAndUp() {
        List<Status> fromWorst = new ArrayList<>(List.of(Status.values()));
        fromWorst.sort((a, b) -> Integer.compare(b.severity(), a.severity()));
        assertEquals(List.of(Status.DOWN, Status.OUT_OF_SERVICE, Status.DEGRADED, Status.UP, Status.UNKNOWN), fromWorst);
        assertEquals(Status.UP, Status.worstOf(List.of(Status.UP, Status.UNKNOWN)), "UNKNOWN only wins when nothing else is known");
        assertEquals(Status.UNKNOWN, Status.worstOf(List.of()));
        assertEquals("DOWN", Status.DEGRADED.microProfile(), "MicroProfile Health knows only UP and DOWN");
    }

    @Property
    void theWorstOfAnyOrderIsTheMostSevere(@ForAll @Size(min = 1, max = 12) List<Status> statuses) {
        Status worst = Status.worstOf(statuses);
        for (Status status : statuses) {
            assertEquals(false, status.worseThan(worst), status + " is worse than the aggregate " + worst);
        }
        assertEquals(true, statuses.contains(worst));
        List<Status> shuffled = new ArrayList<>(statuses);
        Collections.reverse(shuffled);
        assertEquals(worst, Status.worstOf(shuffled), "aggregation does not depend on order");
    }
}

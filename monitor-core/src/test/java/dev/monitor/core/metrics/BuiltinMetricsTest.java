package dev.monitor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinMetricsTest {
    @Test
    void networkBytesSumEveryInterfaceButLoopback() {
        List<String> procNetDev = List.of(
                "Inter-|   Receive                                                |  Transmit",
                " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed",
                "    lo: 1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0",
                "  eth0: 2500      20    0    0    0     0          0         0      700       7    0    0    0     0       0          0",
                "  eth1:  500       5    0    0    0     0          0         0      300       3    0    0    0     0       0          0");
        assertEquals(3000.0, BuiltinMetrics.networkBytes(procNetDev, 0));
        assertEquals(1000.0, BuiltinMetrics.networkBytes(procNetDev, 8));
    }
}

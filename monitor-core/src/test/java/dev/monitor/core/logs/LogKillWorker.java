package dev.monitor.core.logs;

import dev.monitor.api.logs.Level;
import dev.monitor.api.logs.Logger;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.logs.internal.TestLogs;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.core.redaction.SecretWords;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/** Logs numbered events steadily, about two a millisecond, until killed; says how many it has logged now and then. */
final class LogKillWorker {
    private LogKillWorker() {
    }

    public static void main(String[] args) {
        Clock clock = Clock.systemUTC();
        LogService logs = TestLogs.start(LogSettings.builder().group("/kill/app").stream("worker").level(Level.INFO)
                        .queueCapacity(1 << 16).maxEventBytes(65536).secretWords(SecretWords.DEFAULTS).rotateBytes(64L << 20)
                        .rotateEvery(Duration.ofHours(1)).build(),
                Path.of(args[0]), clock, new MetricRegistry("Kill", clock, Resolution.STANDARD, 1000));
        Logger log = logs.logger("app");
        for (long n = 0; ; n++) {
            log.atInfo().field("n", n).message("steady");
            if (n % 1000 == 0) {
                System.out.println("logged " + n);
                System.out.flush();
            }
            LockSupport.parkNanos(500_000);
        }
    }
}

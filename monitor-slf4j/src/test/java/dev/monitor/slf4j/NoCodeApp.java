package dev.monitor.slf4j;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An application that knows only SLF4J: run with -Dmonitor.config=... by the test. */
public final class NoCodeApp {
    private NoCodeApp() {
    }

    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger(NoCodeApp.class);
        log.atInfo().addKeyValue("orderId", "o-7").log("order {} shipped", "o-7");
        log.error("payment failed", new IllegalStateException("card declined"));
    }
}

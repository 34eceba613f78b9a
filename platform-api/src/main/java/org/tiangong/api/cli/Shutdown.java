package org.tiangong.api.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes what a long-running command started, in order, when the process is asked to stop (Ctrl+C, SIGTERM). */
final class Shutdown {

    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

    private Shutdown() {}

    interface Step {
        void run() throws Exception;
    }

    static void onExit(Step... steps) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("shutting down");
                            for (Step s : steps) {
                                try {
                                    s.run();
                                } catch (Exception e) {
                                    log.warn("shutdown step failed: {}", e.toString());
                                }
                            }
                        },
                        "tiangong-shutdown"));
    }

    static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

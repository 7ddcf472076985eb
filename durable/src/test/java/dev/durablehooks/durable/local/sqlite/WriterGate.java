package dev.durablehooks.durable.local.sqlite;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test support: holds the SQLite writer inside a work, so that everything queued meanwhile lands in one batch. */
public final class WriterGate {
    private WriterGate() {
    }

    /**
     * Returns once the writer is held; counting the returned latch down lets it go. The writer lets go by itself
     * after 30 s, so that a failing test cannot hang the JVM on close.
     */
    public static CountDownLatch holdWriter(SqliteDatabase db) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        db.write(c -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the writer did not pick up the holding work");
        return release;
    }
}

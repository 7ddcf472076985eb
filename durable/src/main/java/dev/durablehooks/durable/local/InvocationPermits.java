package dev.durablehooks.durable.local;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What lets an invocation start: fewer than {@code maxCount} running, and the heap the running ones are estimated to
 * hold, its own included, within {@code maxBytes}. One invocation may always run, however large its estimate, so that
 * an execution bigger than the whole budget still gets its turn (alone). Lock-free: {@link #tryAcquire} is called by
 * one thread at a time (the engine's pump), {@link #release} by any, concurrently.
 */
final class InvocationPermits {
    private final int maxCount;
    private final long maxBytes;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    InvocationPermits(int maxCount, long maxBytes) {
        if (maxCount < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxCount and maxBytes must be positive, were " + maxCount + " and "
                    + maxBytes);
        }
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
    }

    /** Not for concurrent callers. A release racing with it can only make it refuse; its releaser asks again after. */
    boolean tryAcquire(long estimatedBytes) {
        int running = count.get();
        if (running >= maxCount || (running > 0 && bytes.get() + estimatedBytes > maxBytes)) {
            return false;
        }
        bytes.addAndGet(estimatedBytes);
        count.incrementAndGet();
        return true;
    }

    void release(long estimatedBytes) {
        bytes.addAndGet(-estimatedBytes);
        count.decrementAndGet();
    }

    long runningBytes() {
        return bytes.get();
    }
}

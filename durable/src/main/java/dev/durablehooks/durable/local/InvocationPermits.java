package dev.durablehooks.durable.local;

/**
 * What lets an invocation start: fewer than {@code maxCount} running, and the heap the running ones are estimated to
 * hold, its own included, within {@code maxBytes}. One invocation may always run, however large its estimate, so that
 * an execution bigger than the whole budget still gets its turn (alone).
 */
final class InvocationPermits {
    private final int maxCount;
    private final long maxBytes;
    /** Written under the lock, read without it by {@link #noneFree}. */
    private volatile int count;
    private long bytes;

    InvocationPermits(int maxCount, long maxBytes) {
        if (maxCount < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxCount and maxBytes must be positive, were " + maxCount + " and "
                    + maxBytes);
        }
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
    }

    /**
     * Whether all {@code maxCount} are taken, without taking the lock: the common answer under load, when every
     * intake asks. A stale true is harmless, since whoever frees one asks again after.
     */
    boolean noneFree() {
        return count >= maxCount;
    }

    synchronized boolean tryAcquire(long estimatedBytes) {
        if (count >= maxCount || (count > 0 && bytes + estimatedBytes > maxBytes)) {
            return false;
        }
        count++;
        bytes += estimatedBytes;
        return true;
    }

    synchronized void release(long estimatedBytes) {
        count--;
        bytes -= estimatedBytes;
    }


    synchronized long runningBytes() {
        return bytes;
    }
}

package dev.durablehooks.service.intake;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bytes of request bodies that intake holds at once. A body's room is reserved before it is read and given back
 * once its answer is decided. Reading, checking and storing a body takes several times its size in heap, so many
 * large deliveries at once could otherwise exhaust the heap (256 connections sending 240 KB bodies did, in a 256 MiB
 * heap). A body larger than the whole budget reserves all of it: it is still taken, alone.
 */
public final class BodyBudget {
    private final int capacity;
    private final Semaphore free;

    public BodyBudget(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the body budget must be at least 1 byte, was " + bytes);
        }
        this.capacity = (int) Math.min(bytes, Integer.MAX_VALUE);
        this.free = new Semaphore(capacity);
    }

    /** Room for a body of {@code bytes}, reserved; empty when not enough was given back within {@code wait}. */
    public Optional<Reservation> tryReserve(long bytes, Duration wait) {
        Objects.requireNonNull(wait, "wait");
        int charge = (int) Math.min(Math.max(bytes, 1), capacity);
        try {
            if (!free.tryAcquire(charge, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.of(new Reservation(charge));
    }

    /** Bytes reserved right now. */
    public long inUse() {
        return capacity - free.availablePermits();
    }

    /** Room held for one body; closing it (once; again is harmless) gives the room back. */
    public final class Reservation implements AutoCloseable {
        private final int bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Reservation(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                free.release(bytes);
            }
        }
    }
}

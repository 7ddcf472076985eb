package dev.durablehooks.service.store;

import dev.durablehooks.durable.local.sqlite.SqliteDatabase;
import dev.durablehooks.service.support.ShiftableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookStoreTest {
    @TempDir
    Path dir;
    SqliteDatabase db;
    WebhookStore store;
    final ShiftableClock clock = new ShiftableClock();

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("webhooks.db"));
        store = WebhookStore.open(db, clock, Duration.ofDays(7), Duration.ofDays(4));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Delivery delivery(String token, String key, byte digest) {
        return new Delivery(token, key, new byte[] {digest}, "{\"type\":\"order\"}");
    }

    private WebhookStatus statusOf(String token) {
        return store.find(token).orElseThrow().status();
    }

    @Test
    void acceptStoresAStartedRecordWithUnknownStep() {
        store.accept(delivery("tok_aaaaaaaaaaaaaaaa", null, (byte) 1)).join();
        StatusRecord r = store.find("tok_aaaaaaaaaaaaaaaa").orElseThrow();
        assertEquals(WebhookStatus.STARTED, r.status());
        assertEquals("unknown", r.currentStep());
        assertEquals(r.acceptedAtMillis() / 1000 + Duration.ofDays(7).toSeconds(), r.ttlEpochSeconds());
    }

    @Test
    void aCompletedRecordTakesLittleMoreThanItsPayloadAndResultOnDisk() {
        String payload = "{\"type\":\"order\",\"data\":{\"note\":\"" + "x".repeat(300) + "\"}}";
        String result = "{\"originalPayload\":" + payload + ",\"dataTransformed\":\"" + "X".repeat(300) + "\"}";
        int records = 200;
        long before = db.sizeBytes();
        for (int i = 0; i < records; i++) {
            String token = String.format("tok_%016d", i);
            store.accept(new Delivery(token, "key-" + i, new byte[] {1}, payload)).join();
            store.advance(token, StatusUpdate.completed("finalize", result, "2026-01-01T00:00:00Z")).join();
        }
        long perRecord = (db.sizeBytes() - before) / records;
        // A WITHOUT ROWID table keeps ~1 KB of a row in the B-tree and the rest on an overflow page of its own: ~4.7 KB.
        assertTrue(perRecord < 2 * (payload.length() + result.length()), "bytes on disk per record: " + perRecord);
    }

    @Test
    void statusMovesForward() {
        store.accept(delivery("t1", null, (byte) 1)).join();
        assertTrue(store.advance("t1", StatusUpdate.entering(WebhookStatus.VALIDATING, "validate")).join());
        assertTrue(store.advance("t1", StatusUpdate.entering(WebhookStatus.PROCESSING, "process")).join());
        assertTrue(store.advance("t1", StatusUpdate.completed("finalize", "{\"r\":1}", "2026-01-01T00:00:00Z")).join());
        StatusRecord r = store.find("t1").orElseThrow();
        assertEquals(WebhookStatus.COMPLETED, r.status());
        assertEquals("finalize", r.currentStep());
        assertEquals("{\"r\":1}", r.resultJson());
    }

    @Test
    void statusWritesOfOneRecordMeetingInOneCommitEndAsTheHighestWithItsResult() throws InterruptedException {
        store.accept(delivery("t9", null, (byte) 1)).join();
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        db.write(c -> {
            writerBusy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertTrue(writerBusy.await(10, TimeUnit.SECONDS));
        var validating = store.advance("t9", StatusUpdate.entering(WebhookStatus.VALIDATING, "validate"));
        var completed = store.advance("t9", StatusUpdate.completed("finalize", "{\"r\":1}", "2026-01-01T00:00:00Z"));
        var replayedProcessing = store.advance("t9", StatusUpdate.entering(WebhookStatus.PROCESSING, "process"));
        release.countDown();

        assertTrue(completed.join());
        assertFalse(validating.join());
        assertFalse(replayedProcessing.join());
        StatusRecord r = store.find("t9").orElseThrow();
        assertEquals(WebhookStatus.COMPLETED, r.status());
        assertEquals("finalize", r.currentStep());
        assertEquals("{\"r\":1}", r.resultJson());
    }

    @Test
    void replayedEarlierStatusWriteNeverMovesTheStatusBack() {
        store.accept(delivery("t2", null, (byte) 1)).join();
        store.advance("t2", StatusUpdate.entering(WebhookStatus.PROCESSING, "process")).join();
        assertFalse(store.advance("t2", StatusUpdate.entering(WebhookStatus.VALIDATING, "validate")).join());
        assertFalse(store.advance("t2", StatusUpdate.entering(WebhookStatus.PROCESSING, "process")).join());
        assertEquals(WebhookStatus.PROCESSING, statusOf("t2"));
        assertEquals("process", store.find("t2").orElseThrow().currentStep());
    }

    @Test
    void terminalStatusesNeverReplaceEachOther() {
        store.accept(delivery("t3", null, (byte) 1)).join();
        store.accept(delivery("t4", null, (byte) 1)).join();
        store.advance("t3", StatusUpdate.completed("finalize", "{}", "x")).join();
        store.advance("t4", StatusUpdate.failed("process", "boom")).join();
        assertFalse(store.advance("t3", StatusUpdate.failed("finalize", "late")).join());
        assertFalse(store.advance("t4", StatusUpdate.completed("finalize", "{}", "x")).join());
        assertEquals(WebhookStatus.COMPLETED, statusOf("t3"));
        assertEquals(WebhookStatus.FAILED, statusOf("t4"));
        assertEquals("boom", store.find("t4").orElseThrow().error());
    }

    @Test
    void failedIsReachableFromAnyNonTerminalStatus() {
        store.accept(delivery("t5", null, (byte) 1)).join();
        assertTrue(store.advance("t5", StatusUpdate.failed("validate", "bad")).join());
    }

    @Test
    void secondDeliveryWithTheSameKeyIsADuplicateOfTheFirstToken() {
        assertInstanceOf(AcceptOutcome.Accepted.class, store.accept(delivery("first", "k", (byte) 1)).join());
        AcceptOutcome again = store.accept(delivery("second", "k", (byte) 1)).join();
        assertEquals(new AcceptOutcome.Duplicate("first", true), again);
        assertTrue(store.find("second").isEmpty(), "a duplicate stores nothing");
        assertEquals(new AcceptOutcome.Duplicate("first", false), store.accept(delivery("third", "k", (byte) 2)).join());
    }

    @Test
    void concurrentClaimsOfOneKeyYieldOneAcceptedDelivery() {
        List<CompletableFuture<AcceptOutcome>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(store.accept(delivery("race" + i, "same", (byte) 1)));
        }
        Set<String> tokens = new HashSet<>();
        int accepted = 0;
        for (CompletableFuture<AcceptOutcome> f : all) {
            AcceptOutcome o = f.join();
            tokens.add(o.token());
            if (o instanceof AcceptOutcome.Accepted) {
                accepted++;
            }
        }
        assertEquals(1, accepted);
        assertEquals(1, tokens.size());
    }

    @Test
    void expiredRecordIsNotFoundEvenBeforeTheSweep() {
        store.accept(delivery("old", null, (byte) 1)).join();
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        assertTrue(store.find("old").isEmpty());
    }

    @Test
    void expiredDedupKeyStartsANewDelivery() {
        store.accept(delivery("before", "k2", (byte) 1)).join();
        clock.advance(Duration.ofDays(4).plusSeconds(1));
        assertEquals(new AcceptOutcome.Accepted("after"), store.accept(delivery("after", "k2", (byte) 1)).join());
    }

    @Test
    void sweepDeletesExpiredRecordsAndKeysOnly() {
        store.accept(delivery("gone", "k3", (byte) 1)).join();
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        store.accept(delivery("kept", "k4", (byte) 1)).join();
        assertEquals(2, store.sweepExpired(1000).join(), "one record and its key");
        assertTrue(store.find("kept").isPresent());
        assertEquals(0, store.sweepExpired(1000).join());
    }
}

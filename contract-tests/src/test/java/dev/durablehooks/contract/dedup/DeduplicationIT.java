package dev.durablehooks.contract.dedup;

import static dev.durablehooks.contract.support.Checks.accepted;
import static dev.durablehooks.contract.support.Checks.duplicateOf;
import static dev.durablehooks.contract.support.Checks.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.durablehooks.contract.support.ApiResponse;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Delivery;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.SignatureScheme;
import dev.durablehooks.contract.support.Signatures;
import org.junit.jupiter.api.Test;

/**
 * Dedup (extension): the key is the first present of {@code webhook-id}, {@code X-GitHub-Delivery},
 * {@code Idempotency-Key}; same key and body = same token, same key and another body = 409 with the first token.
 */
@ContractTest
class DeduplicationIT {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static Delivery order() {
        return Payloads.delivery(Payloads.order(Payloads.newMarker()));
    }

    private static String key(String prefix) {
        return prefix + "_" + Payloads.newMarker();
    }

    @Test
    void redeliveryWithTheSameWebhookIdAndBodyGetsTheSameTokenMarkedDuplicate(ContractTarget target) {
        Delivery d = order().withHeader(Signatures.WEBHOOK_ID, key("msg"));
        String first = accepted(target.api().deliverSigned(d));

        duplicateOf(first, target.api().deliverSigned(d));
    }

    @Test
    void redeliveryWithTheSameGitHubDeliveryIdGetsTheSameToken(ContractTarget target) {
        Delivery d = order().withHeader(Signatures.GITHUB_DELIVERY, java.util.UUID.randomUUID().toString());
        String first = accepted(target.api().deliverSigned(d, SignatureScheme.GITHUB));

        duplicateOf(first, target.api().deliverSigned(d, SignatureScheme.GITHUB));
    }

    @Test
    void redeliveryWithTheSameIdempotencyKeyGetsTheSameToken(ContractTarget target) {
        Delivery d = order().withHeader(IDEMPOTENCY_KEY, key("idem"));
        String first = accepted(target.api().deliverSigned(d, SignatureScheme.STRIPE));

        duplicateOf(first, target.api().deliverSigned(d, SignatureScheme.STRIPE));
    }

    @Test
    void sameKeyWithADifferentBodyIsRejectedWith409CarryingTheFirstToken(ContractTarget target) {
        String id = key("msg");
        String first = accepted(target.api().deliverSigned(order().withHeader(Signatures.WEBHOOK_ID, id)));

        ApiResponse conflict = target.api().deliverSigned(order().withHeader(Signatures.WEBHOOK_ID, id));

        rejected(409, conflict);
        assertEquals(first, conflict.token(), () -> "409 must carry the first delivery's token: " + conflict);
    }

    @Test
    void idempotencyKeyReusedWithADifferentBodyIsRejectedWith409(ContractTarget target) {
        String k = key("idem");
        String first = accepted(target.api().deliverSigned(order().withHeader(IDEMPOTENCY_KEY, k),
                SignatureScheme.STRIPE));

        ApiResponse conflict = target.api().deliverSigned(order().withHeader(IDEMPOTENCY_KEY, k),
                SignatureScheme.STRIPE);

        rejected(409, conflict);
        assertEquals(first, conflict.token());
    }

    @Test
    void webhookIdTakesPrecedenceOverIdempotencyKey(ContractTarget target) {
        Delivery d = order().withHeader(Signatures.WEBHOOK_ID, key("msg")).withHeader(IDEMPOTENCY_KEY, key("idem"));
        String first = accepted(target.api().deliverSigned(d));

        // Same webhook-id, another Idempotency-Key: still the same delivery.
        duplicateOf(first, target.api().deliverSigned(d.withHeader(IDEMPOTENCY_KEY, key("idem"))));
    }

    @Test
    void gitHubDeliveryTakesPrecedenceOverIdempotencyKey(ContractTarget target) {
        Delivery d = order().withHeader(Signatures.GITHUB_DELIVERY, key("gh")).withHeader(IDEMPOTENCY_KEY, key("idem"));
        String first = accepted(target.api().deliverSigned(d, SignatureScheme.GITHUB));

        duplicateOf(first, target.api().deliverSigned(d.withHeader(IDEMPOTENCY_KEY, key("idem")),
                SignatureScheme.GITHUB));
    }

    @Test
    void differentKeysWithTheSameBodyAreDifferentDeliveries(ContractTarget target) {
        Delivery d = order();
        String first = accepted(target.api().deliverSigned(d.withHeader(Signatures.WEBHOOK_ID, key("msg"))));
        String second = accepted(target.api().deliverSigned(d.withHeader(Signatures.WEBHOOK_ID, key("msg"))));

        assertNotEquals(first, second);
    }

    @Test
    void deliveriesWithoutAnyDedupKeyAreNeverMerged(ContractTarget target) {
        Delivery d = order();
        String first = accepted(target.api().deliverSigned(d, SignatureScheme.GITHUB));
        String second = accepted(target.api().deliverSigned(d, SignatureScheme.GITHUB));

        assertNotEquals(first, second);
    }

    @Test
    void redeliveryAfterCompletionGetsTheSameTokenAndDoesNotRunAgain(ContractTarget target) {
        String marker = Payloads.newMarker();
        Delivery d = Payloads.delivery(Payloads.order(marker)).withHeader(Signatures.WEBHOOK_ID, key("msg"));
        String first = accepted(target.api().deliverSigned(d));
        var done = target.poller().awaitCompleted(first);

        duplicateOf(first, target.api().deliverSigned(d));

        var again = target.api().status(first).json();
        assertEquals(done.last().path("completedAt"), again.path("completedAt"), "the execution was not re-run");
        assertEquals(done.last().path("result"), again.path("result"), "the execution was not re-run");
        if (target.isLocal()) {
            assertEquals(1, target.downstream().forwardsFor(marker).size(), "one forward for one execution");
        }
    }
}

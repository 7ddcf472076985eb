package dev.durablehooks.service.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.durable.local.DurableExecutions;
import dev.durablehooks.durable.local.ExecutionAlreadyExistsException;
import dev.durablehooks.durable.local.StartResult;
import dev.durablehooks.service.http.Errors;
import dev.durablehooks.service.http.JsonResponse;
import dev.durablehooks.service.metrics.ServiceMetrics;
import dev.durablehooks.service.payload.ParsedPayload;
import dev.durablehooks.service.payload.PayloadParser;
import dev.durablehooks.service.processor.WebhookInput;
import dev.durablehooks.service.signature.SignatureResult;
import dev.durablehooks.service.signature.SignatureVerifier;
import dev.durablehooks.service.store.AcceptOutcome;
import dev.durablehooks.service.store.Delivery;
import dev.durablehooks.service.store.WebhookStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code POST /webhook} as a plain function of the request: checks in the contract's order (size, content type,
 * signature, JSON), backpressure, then one durable write: the dedup claim, the STARTED record and the durable
 * execution, committed together. A 202 leaves only once that commit is on disk.
 */
public final class IntakeService {
    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);
    private static final String ACCEPTED = "Webhook accepted for processing";
    private static final byte[] NO_DIGEST = new byte[0];
    /** How long a body may wait for room in the budget before it is refused. */
    private static final Duration BODY_ROOM_WAIT = Duration.ofMillis(200);

    private final int maxBodyBytes;
    private final int maxBacklog;
    private final long maxBacklogBytes;
    private final BodyBudget bodies;
    private final SignatureVerifier verifier;
    private final PayloadParser parser;
    private final WebhookStore store;
    private final DurableExecutions executions;
    private final ObjectMapper mapper;
    private final Errors errors;
    private final Tokens tokens;
    private final ServiceMetrics metrics;

    /**
     * @param maxBacklog      unfinished executions at most; past it intake answers 503
     * @param maxBacklogBytes the heap they hold at most, as {@link DurableExecutions#heapBytesOf} estimates it;
     *                        past it 503
     * @param bodies          the room for request bodies being read and checked; without room 503
     */
    public IntakeService(int maxBodyBytes, int maxBacklog, long maxBacklogBytes, BodyBudget bodies,
                         SignatureVerifier verifier, PayloadParser parser, WebhookStore store,
                         DurableExecutions executions, ObjectMapper mapper, Tokens tokens, ServiceMetrics metrics) {
        if (maxBodyBytes < 1 || maxBacklog < 1 || maxBacklogBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes, maxBacklog and maxBacklogBytes must be positive");
        }
        this.maxBodyBytes = maxBodyBytes;
        this.maxBacklog = maxBacklog;
        this.maxBacklogBytes = maxBacklogBytes;
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.store = Objects.requireNonNull(store, "store");
        this.executions = Objects.requireNonNull(executions, "executions");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.errors = new Errors(mapper);
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The checks that need no body: declared size (−1 when unknown), then content type. */
    public JsonResponse precheck(Function<String, String> header, long declaredLength) {
        if (declaredLength > maxBodyBytes) {
            return tooLarge();
        }
        if (!isJson(header.apply("Content-Type"))) {
            metrics.rejected("unsupported_media_type");
            return errors.of(415, "Content-Type must be application/json");
        }
        return null;
    }

    /**
     * Room for a body of {@code declaredLength} bytes (−1 when unknown: room for the largest allowed), to be held
     * while it is read and answered; empty when intake holds too many bodies already (answer {@link #busy()}).
     */
    public Optional<BodyBudget.Reservation> reserveBody(long declaredLength) {
        return bodies.tryReserve(declaredLength < 0 ? maxBodyBytes : declaredLength, BODY_ROOM_WAIT);
    }

    public JsonResponse busy() {
        return retryLater("intake_busy",
                "Intake is over capacity: too many webhook bodies are being received at once; retry later");
    }

    public JsonResponse tooLarge() {
        metrics.rejected("too_large");
        return errors.of(413, "Request body is larger than the limit of " + maxBodyBytes + " bytes");
    }

    /** Everything after the body was read (within the limit). */
    public JsonResponse accept(Function<String, String> header, byte[] body) {
        if (body.length > maxBodyBytes) {
            return tooLarge();
        }
        SignatureResult signature = verifier.verify(header, body);
        if (!signature.verified()) {
            metrics.rejected("bad_signature");
            return errors.of(401, "Signature verification failed: " + signature.failure());
        }
        ParsedPayload parsed = parser.parse(body);
        if (parsed instanceof ParsedPayload.Malformed malformed) {
            metrics.rejected("malformed_json");
            return errors.of(400, "Invalid JSON payload: " + malformed.reason());
        }
        ParsedPayload.Ok ok = (ParsedPayload.Ok) parsed;
        String compact;
        try {
            compact = mapper.writeValueAsString(ok.json());
        } catch (JsonProcessingException e) {
            metrics.rejected("malformed_json");
            return errors.of(400, "Invalid JSON payload: " + e.getOriginalMessage());
        }
        String token = tokens.next();
        String input = WebhookInput.json(token, compact);
        if (executions.inFlight() >= maxBacklog
                || executions.inFlightHeapBytes() + DurableExecutions.heapBytesOf(input) > maxBacklogBytes) {
            return retryLater("backpressure",
                    "Intake is over capacity: too many webhooks are still being processed; retry later");
        }
        String dedupKey = DedupKeys.of(header);
        Delivery delivery = new Delivery(token, dedupKey, dedupKey == null ? NO_DIGEST : sha256(body), compact);
        return acceptAndStart(delivery, input);
    }

    /**
     * One group-committed write decides and does everything: claims the dedup key (if any), stores the STARTED
     * record and creates the durable execution, or, for a key already claimed, nothing at all. Identical deliveries
     * racing each other are ordered by the single writer, so exactly one is accepted. A 202 leaves only after the
     * commit.
     */
    private JsonResponse acceptAndStart(Delivery delivery, String input) {
        AtomicReference<AcceptOutcome> decided = new AtomicReference<>();
        Optional<StartResult> started;
        try {
            started = executions.startIfAdmitted(delivery.token(), input, store.acceptGuard(delivery, decided::set));
        } catch (RuntimeException e) {
            log.error("Could not store and start delivery {}: {}", delivery.token(), rootMessage(e));
            return unavailable();
        }
        if (started.isEmpty() && decided.get() instanceof AcceptOutcome.Duplicate duplicate) {
            return duplicate(duplicate, delivery.payloadJson());
        }
        if (started.isEmpty()) {
            log.error("Delivery {} was neither accepted nor found to be a duplicate", delivery.token());
            return unavailable();
        }
        metrics.accepted();
        return acceptedResponse(delivery.token(), false);
    }

    private JsonResponse duplicate(AcceptOutcome.Duplicate duplicate, String compactPayload) {
        if (!duplicate.sameBody()) {
            metrics.rejected("dedup_conflict");
            return errors.of(409, "This delivery id was already used for a different payload", duplicate.token());
        }
        return duplicateOf(duplicate.token(), compactPayload);
    }

    /**
     * The first delivery's token. Its execution is started here too if it is missing (the process may have died
     * between the first delivery's write and its start); starting is idempotent.
     */
    private JsonResponse duplicateOf(String token, String compactPayload) {
        try {
            if (executions.describe(token).isEmpty()) {
                executions.start(token, WebhookInput.json(token, compactPayload));
            }
        } catch (ExecutionAlreadyExistsException e) {
            log.warn("Execution {} exists with another input; leaving it as it is", token);
        } catch (RuntimeException e) {
            log.error("Could not make sure execution {} is started: {}", token, rootMessage(e));
            return unavailable();
        }
        metrics.duplicate();
        return acceptedResponse(token, true);
    }

    private JsonResponse acceptedResponse(String token, boolean duplicate) {
        ObjectNode body = mapper.createObjectNode();
        body.put("message", ACCEPTED);
        body.put("executionToken", token);
        if (duplicate) {
            body.put("duplicate", true);
        }
        return new JsonResponse(202, body, Map.of("Location", "/status/" + token));
    }

    private JsonResponse unavailable() {
        return retryLater("store_unavailable", "The store is unavailable; nothing was accepted, retry later");
    }

    /** A 503 with Retry-After: nothing was stored, the sender should try again in a second. */
    private JsonResponse retryLater(String reason, String message) {
        metrics.rejected(reason);
        return errors.of(503, message, null, Map.of("Retry-After", "1"));
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.toLowerCase(Locale.ROOT).equals("application/json");
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}

package dev.durablehooks.contract.robustness;

import static dev.durablehooks.contract.support.Checks.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.contract.support.ApiResponse;
import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Delivery;
import dev.durablehooks.contract.support.Json;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.SignatureScheme;
import dev.durablehooks.contract.support.Signatures;
import dev.durablehooks.contract.support.StatusHistory;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hostile input never makes the service answer 5xx or hang (every exchange is bounded by the request timeout, and
 * a timeout fails the test). Seeded: the seed is printed, and {@code -Dfuzz.seed=<n>} replays a run exactly.
 */
@ContractTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FuzzIT {

    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
        "text/plain", "application/octet-stream", "application/json; charset=latin-1", "*/*", "application/",
        "APPLICATION/JSON", ";;;", "application/json, text/plain"};
    private static final String[] KNOWN_HEADERS = {Signatures.WEBHOOK_ID, Signatures.WEBHOOK_TIMESTAMP,
        Signatures.WEBHOOK_SIGNATURE, Signatures.GITHUB_SIGNATURE, Signatures.GITHUB_DELIVERY,
        Signatures.STRIPE_SIGNATURE, "Idempotency-Key", "Content-Encoding", "Accept", "X-Forwarded-For"};
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-";

    private long seed;

    @BeforeAll
    void chooseSeed(ContractTarget target) {
        seed = target.settings().fuzzSeed().orElseGet(() -> new SecureRandom().nextLong());
        System.out.println("[contract-tests] FuzzIT seed=" + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    }

    private SplittableRandom random(TestInfo test) {
        return new SplittableRandom(seed ^ test.getDisplayName().hashCode());
    }

    private void assertNoServerError(ApiResponse r, Object input) {
        assertTrue(r.status() < 500, () -> "seed=" + seed + ": " + r + "\n  for input " + input);
    }

    @Test
    @Order(1)
    void randomBytesNeverCauseAServerError(ContractTarget target, TestInfo test) {
        SplittableRandom rnd = random(test);
        for (int i = 0; i < 120; i++) {
            byte[] body = new byte[rnd.nextInt(0, 2048)];
            rnd.nextBytes(body);
            Delivery d = Delivery.bytes(body, rnd.nextInt(4) == 0 ? null : pick(rnd, CONTENT_TYPES));
            if (rnd.nextBoolean()) {
                d = target.api().signed(d, pick(rnd, SignatureScheme.values()));
            }
            ApiResponse r = target.api().deliver(d);
            assertNoServerError(r, d);
        }
    }

    @Test
    @Order(2)
    void everyWellFormedJsonShapeIsAcceptedAndReachesATerminalStatus(ContractTarget target, TestInfo test) {
        SplittableRandom rnd = random(test);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            JsonNode shape = randomJson(rnd, 0);
            Delivery d = target.api().signed(Delivery.json(Json.write(shape)), pick(rnd, SignatureScheme.values()));
            ApiResponse r = target.api().deliver(d);
            assertNoServerError(r, d);
            assertEquals(202, r.status(), () -> "seed=" + seed + ": well-formed JSON is accepted: " + r + "\n  for "
                    + d);
            tokens.add(r.token());
        }
        for (String token : tokens) {
            StatusHistory h = target.poller().awaitTerminal(token);
            h.assertNeverRegressed();
        }
    }

    @Test
    @Order(3)
    void randomHeadersNeverCauseAServerError(ContractTarget target, TestInfo test) {
        SplittableRandom rnd = random(test);
        for (int i = 0; i < 100; i++) {
            Delivery d = target.api().signed(Payloads.delivery(Payloads.order(Payloads.newMarker())),
                    pick(rnd, SignatureScheme.values()));
            int extra = rnd.nextInt(1, 8);
            for (int h = 0; h < extra; h++) {
                String name = rnd.nextBoolean() ? pick(rnd, KNOWN_HEADERS) : "X-" + randomToken(rnd, 1, 30);
                d = d.withHeader(name, randomHeaderValue(rnd));
            }
            if (rnd.nextInt(5) == 0) {
                d = d.withContentType(randomHeaderValue(rnd));
            }
            ApiResponse r = target.api().deliver(d);
            assertNoServerError(r, d);
        }
    }

    @Test
    @Order(4)
    void randomStatusPathsAnswer400Or404(ContractTarget target, TestInfo test) {
        SplittableRandom rnd = random(test);
        for (int i = 0; i < 100; i++) {
            String raw = rnd.nextBoolean() ? randomToken(rnd, 0, 80) : randomUnicode(rnd, 1, 40);
            String path = "/status/" + URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
            ApiResponse r = target.api().get(path);
            assertTrue(r.status() == 400 || r.status() == 404, () -> "seed=" + seed + ": " + r);
        }
    }

    @Test
    @Order(5)
    void serviceStillAcceptsAndCompletesAWebhookAfterTheFuzzing(ContractTarget target) {
        String token = accepted(target.api().deliverSigned(Payloads.delivery(Payloads.order(Payloads.newMarker()))));

        target.poller().awaitCompleted(token);
    }

    private static JsonNode randomJson(SplittableRandom rnd, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int kind = depth >= 4 ? rnd.nextInt(6) : rnd.nextInt(9);
        return switch (kind) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(rnd.nextBoolean());
            case 2 -> f.numberNode(rnd.nextLong());
            case 3 -> f.numberNode(rnd.nextDouble(-1e12, 1e12));
            // Exponents within a double's range: RFC 8259 lets a parser refuse numbers beyond it.
            case 4 -> f.numberNode(new BigDecimal(rnd.nextInt(1, 10) + "E" + rnd.nextInt(-300, 300)));
            case 5 -> f.textNode(randomUnicode(rnd, 0, 60));
            case 6 -> {
                ArrayNode a = f.arrayNode();
                for (int i = rnd.nextInt(0, 5); i > 0; i--) {
                    a.add(randomJson(rnd, depth + 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = f.objectNode();
                if (rnd.nextInt(3) == 0) {
                    o.put("type", pick(rnd, new String[] {"order", "payment", "user", "system", "", "ORDER", "x"}));
                }
                if (rnd.nextInt(3) == 0) {
                    o.set("orderId", randomJson(rnd, 4));
                }
                if (rnd.nextInt(4) == 0) {
                    o.set("transactionId", randomJson(rnd, 4));
                }
                for (int i = rnd.nextInt(0, 5); i > 0; i--) {
                    o.set(rnd.nextBoolean() ? "data" : randomUnicode(rnd, 0, 12), randomJson(rnd, depth + 1));
                }
                yield o;
            }
        };
    }

    private static String randomToken(SplittableRandom rnd, int min, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(min, max + 1); i > 0; i--) {
            sb.append(TOKEN_CHARS.charAt(rnd.nextInt(TOKEN_CHARS.length())));
        }
        return sb.toString();
    }

    /** Printable ASCII and spaces: everything an HTTP client may put in a header value. */
    private static String randomHeaderValue(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        int length = rnd.nextInt(10) == 0 ? rnd.nextInt(1000, 4000) : rnd.nextInt(0, 80);
        for (int i = 0; i < length; i++) {
            sb.append((char) rnd.nextInt(0x20, 0x7f));
        }
        return sb.toString().strip().isEmpty() ? "v" : sb.toString().strip();
    }

    /** Any code points, including controls, quotes, surrogate pairs and non-characters. */
    private static String randomUnicode(SplittableRandom rnd, int min, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(min, max + 1); i > 0; i--) {
            int cp = switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextInt(0, 0x80);
                case 1 -> rnd.nextInt(0x80, 0xD800);
                case 2 -> rnd.nextInt(0xE000, 0x10000);
                default -> rnd.nextInt(0x10000, 0x110000);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static <T> T pick(SplittableRandom rnd, T[] values) {
        return values[rnd.nextInt(values.length)];
    }
}

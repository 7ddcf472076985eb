package dev.durablehooks.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.durablehooks.service.support.RunningService;
import dev.durablehooks.service.support.RunningService.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /webhook rows of the contract, and hostile input that must get a clear 4xx and store nothing. */
class IntakeContractTest {
    private static final String ORDER = "{\"type\":\"order\",\"orderId\":\"123\",\"data\":{\"amount\":100}}";

    @TempDir
    static Path dataDir;
    static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(dataDir, Map.of("MAX_BODY_BYTES", "262144"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static int storedRecords() {
        return service.get("/executions?limit=1000").json().get("executions").size();
    }

    private static void assertRejectedAndNothingStored(int expectedStatus, Reply reply, int recordsBefore) {
        assertEquals(expectedStatus, reply.status(), reply.body());
        assertTrue(reply.json().get("error").asText().length() > 0, "error names the problem");
        assertEquals(recordsBefore, storedRecords(), "a refused delivery stores nothing");
    }

    @Test
    void acceptedWebhookAnswers202WithTokenAndLocation() {
        Reply r = service.postJson(ORDER);
        assertEquals(202, r.status());
        JsonNode body = r.json();
        assertEquals("Webhook accepted for processing", body.get("message").asText());
        String token = body.get("executionToken").asText();
        assertTrue(token.matches("[A-Za-z0-9_-]{16,64}"), token);
        assertEquals("/status/" + token, r.header("Location"));
        assertFalse(body.has("duplicate"));
    }

    @Test
    void statusIsReadableAsSoonAsThe202IsSent() {
        String token = service.accept(ORDER);
        Reply status = service.get("/status/" + token);
        assertEquals(200, status.status());
        assertEquals(token, status.json().get("executionToken").asText());
    }

    @Test
    void tokensAreUniquePerDeliveryWithoutDedupKey() {
        assertFalse(service.accept(ORDER).equals(service.accept(ORDER)));
    }

    @Test
    void contentTypeWithCharsetParameterIsAccepted() {
        Reply r = service.post("/webhook", "application/json; charset=utf-8", ORDER.getBytes(StandardCharsets.UTF_8));
        assertEquals(202, r.status(), r.body());
    }

    @Test
    void malformedJsonIsRejectedWith400NamingThePosition() {
        int before = storedRecords();
        Reply r = service.postJson("{\"type\": \"order\",, }");
        assertRejectedAndNothingStored(400, r, before);
        assertTrue(r.json().get("error").asText().contains("column"), r.body());
    }

    @Test
    void truncatedJsonIsRejectedWith400() {
        int before = storedRecords();
        assertRejectedAndNothingStored(400, service.postJson(ORDER.substring(0, ORDER.length() - 5)), before);
    }

    @Test
    void emptyBodyIsRejectedWith400() {
        int before = storedRecords();
        assertRejectedAndNothingStored(400, service.postJson(""), before);
    }

    @Test
    void invalidUtf8IsRejectedWith400() {
        int before = storedRecords();
        byte[] body = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertRejectedAndNothingStored(400, service.post("/webhook", "application/json", body), before);
    }

    @Test
    void deeplyNestedJsonIsRejectedWith400() {
        int before = storedRecords();
        String nested = "[".repeat(100_000) + "]".repeat(100_000);
        assertRejectedAndNothingStored(400, service.postJson(nested), before);
    }

    @Test
    void trailingGarbageAfterTheJsonValueIsRejectedWith400() {
        int before = storedRecords();
        assertRejectedAndNothingStored(400, service.postJson(ORDER + " {}"), before);
    }

    @Test
    void wrongContentTypesAreRejectedWith415() {
        int before = storedRecords();
        byte[] body = ORDER.getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                "multipart/form-data; boundary=x", "application/xml"}) {
            assertRejectedAndNothingStored(415, service.post("/webhook", type, body), before);
        }
        assertRejectedAndNothingStored(415, service.post("/webhook", null, body), before);
    }

    @Test
    void bodyOverTheLimitIsRejectedWith413StatingTheLimit() {
        int before = storedRecords();
        byte[] body = new byte[262_145];
        Arrays.fill(body, (byte) ' ');
        Reply r = service.post("/webhook", "application/json", body);
        assertRejectedAndNothingStored(413, r, before);
        assertTrue(r.json().get("error").asText().contains("262144"), r.body());
    }

    @Test
    void tenMegabyteBodyIsRejectedWith413() throws IOException {
        int before = storedRecords();
        byte[] big = new byte[10 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        // A raw socket: the server answers before the body is sent, which some clients report as an error.
        String status = rawPostStatusLine("Content-Length: " + big.length + "\r\n", big);
        assertTrue(status.contains(" 413 "), status);
        assertEquals(before, storedRecords());
    }

    @Test
    void senderStillWritingAFarTooLargeBodyReadsThe413() {
        byte[] big = new byte[4 * 1024 * 1024];
        Arrays.fill(big, (byte) ' ');
        Reply r = service.post("/webhook", "application/json", big);
        assertEquals(413, r.status(), r.body());
    }

    @Test
    void keepAliveConnectionStillServesTheNextRequestAfterA413() throws IOException {
        byte[] over = new byte[300_000];
        Arrays.fill(over, (byte) ' ');
        byte[] order = ORDER.getBytes(StandardCharsets.UTF_8);
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + over.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(over);
            out.write(("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + order.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(order);
            out.flush();
            InputStream in = s.getInputStream();
            assertTrue(firstLine(in).contains(" 413 "));
            skipResponseRest(in);
            assertTrue(firstLine(in).contains(" 202 "), "the second request on the connection is answered");
        }
    }

    private static void skipResponseRest(InputStream in) throws IOException {
        int length = 0;
        String line;
        while (!(line = firstLine(in)).isEmpty()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
    }

    @Test
    void chunkedBodyOverTheLimitIsRejectedWith413() {
        int before = storedRecords();
        byte[] big = new byte[2 * 1024 * 1024];
        Arrays.fill(big, (byte) ' ');
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/webhook"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        Reply r;
        try {
            r = service.send(request);
        } catch (IllegalStateException e) {
            // The server may close the connection while the client is still sending; the status line shows the same.
            String status = rawChunkedStatusLine(big);
            assertTrue(status.contains(" 413 "), status);
            assertEquals(before, storedRecords());
            return;
        }
        assertRejectedAndNothingStored(413, r, before);
    }

    @Test
    void wellFormedJsonBreakingBusinessRulesIsAcceptedThenFailsInValidate() {
        String token = service.accept("{}");
        JsonNode status = service.awaitStatus(token, "FAILED");
        assertEquals("Validation failed: Payload must include a \"type\" field", status.get("error").asText());
        assertEquals("validate", status.get("currentStep").asText());
    }

    @Test
    void unknownRouteAnswers404Json() {
        Reply r = service.get("/nothing-here");
        assertEquals(404, r.status());
        assertNotNull(r.json().get("error"));
    }

    @Test
    void wrongMethodAnswers405Json() {
        Reply r = service.get("/webhook");
        assertEquals(405, r.status());
        assertNotNull(r.json().get("error"));
        Reply put = service.post("/status/abcdefghijklmnop", "application/json", new byte[0]);
        assertEquals(405, put.status());
    }

    @Test
    void healthReportsTheStoreReachable() {
        Reply r = service.get("/health");
        assertEquals(200, r.status());
        assertEquals("UP", r.json().get("status").asText());
    }

    @Test
    void metricsArePrometheusTextWithIntakeCounters() {
        service.accept(ORDER);
        service.postJson("{");
        Reply r = service.get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.body().contains("webhooks_accepted_total"), r.body());
        assertTrue(r.body().contains("webhooks_rejected_total{reason=\"malformed_json\"}"), r.body());
        assertTrue(r.body().contains("webhook_executions_inflight "), r.body());
        assertTrue(r.body().contains("webhook_executions_inflight_heap_bytes "), r.body());
        assertTrue(r.body().contains("webhook_records{status=\"STARTED\"}"), r.body());
    }

    @Test
    void metricsCountTheStoresCommitsAndWritesAndTheyGrowWithEachAcceptedWebhook() {
        double commitsBefore = metric(service.get("/metrics").body(), "webhook_store_commits_total");
        double writesBefore = metric(service.get("/metrics").body(), "webhook_store_writes_total");
        service.accept(ORDER);
        String after = service.get("/metrics").body();
        assertTrue(metric(after, "webhook_store_commits_total") > commitsBefore, after);
        assertTrue(metric(after, "webhook_store_writes_total") > writesBefore, after);
    }

    @Test
    void metricsShowTheStoresSizeOnDisk() {
        double size = metric(service.get("/metrics").body(), "webhook_store_size_bytes");
        assertTrue(size >= 4096, "webhook_store_size_bytes " + size);
    }

    @Test
    void metricsTimeEachOfTheStoresCommits() {
        double before = metric(service.get("/metrics").body(), "webhook_store_commit_duration_seconds_count");
        service.accept(ORDER);
        String after = service.get("/metrics").body();
        assertTrue(metric(after, "webhook_store_commit_duration_seconds_count") > before, after);
        assertTrue(after.contains("webhook_store_commit_duration_seconds_bucket{le="), after);
    }

    private static double metric(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing from " + scrape));
    }

    @Test
    void malformedHttpGetsAJsonClientError() throws IOException {
        String status;
        try (Socket s = socket()) {
            s.getOutputStream().write("GARBAGE /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            status = firstLine(s.getInputStream());
        }
        assertTrue(status.matches("HTTP/1.1 4\\d\\d .*"), status);
    }

    private static Socket socket() throws IOException {
        URI base = URI.create(service.baseUrl());
        Socket s = new Socket(base.getHost(), base.getPort());
        s.setSoTimeout(30_000);
        return s;
    }

    private static String rawPostStatusLine(String lengthHeader, byte[] body) throws IOException {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + lengthHeader + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (IOException closedEarly) {
                // expected: the server refused the body
            }
            return firstLine(s.getInputStream());
        }
    }

    private static String rawChunkedStatusLine(byte[] body) {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < body.length; i += 65536) {
                    int n = Math.min(65536, body.length - i);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, i, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedEarly) {
                // expected: the server refused the body
            }
            return firstLine(s.getInputStream());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().trim();
    }
}

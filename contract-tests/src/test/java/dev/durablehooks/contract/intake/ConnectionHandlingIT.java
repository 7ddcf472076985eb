package dev.durablehooks.contract.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.durablehooks.contract.support.ContractTarget;
import dev.durablehooks.contract.support.ContractTest;
import dev.durablehooks.contract.support.Delivery;
import dev.durablehooks.contract.support.Payloads;
import dev.durablehooks.contract.support.SignatureScheme;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A keep-alive sender on one raw HTTP/1.1 connection (what most webhook senders use): after a rejection that leaves
 * the body unread, the service must either announce {@code Connection: close} or keep answering on that connection.
 * Closing it silently loses the sender's next delivery (RFC 9112, section 9.6).
 */
@ContractTest
class ConnectionHandlingIT {

    /** A parsed response head plus its body. */
    private record RawResponse(int status, Map<String, String> headers, String body) {
        boolean announcesClose() {
            return headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("close");
        }
    }

    @Test
    void keepAliveConnectionIsClosedOnlyWithNoticeAfterA413(ContractTarget target) throws IOException {
        URI base = target.api().baseUrl();
        assumeTrue("http".equals(base.getScheme()) && base.getRawPath().isEmpty(),
                "needs a plain-HTTP target without a path prefix for a raw socket");
        Delivery oversized = target.api().signed(
                Delivery.bytes(AcceptanceIT.paddedJson(300_000), Delivery.JSON), SignatureScheme.STANDARD_WEBHOOKS);
        Delivery valid = target.api().signed(Payloads.delivery(Payloads.order(Payloads.newMarker())),
                SignatureScheme.STANDARD_WEBHOOKS);

        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) target.settings().requestTimeout().toMillis());
            RawResponse first = exchange(socket, base, oversized);
            assertEquals(413, first.status(), first::toString);
            if (first.announcesClose()) {
                return;
            }
            RawResponse second;
            try {
                second = exchange(socket, base, valid);
            } catch (IOException e) {
                throw new AssertionError("the 413 did not say \"Connection: close\", yet the next request on the "
                        + "same connection got no answer: " + e, e);
            }
            assertEquals(202, second.status(), second::toString);
        }
    }

    private static RawResponse exchange(Socket socket, URI base, Delivery d) throws IOException {
        OutputStream out = socket.getOutputStream();
        StringBuilder head = new StringBuilder("POST /webhook HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Content-Length: ").append(d.body().length).append("\r\n");
        d.contentType().ifPresent(ct -> head.append("Content-Type: ").append(ct).append("\r\n"));
        d.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(d.body());
        out.flush();
        return read(socket.getInputStream());
    }

    private static RawResponse read(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a response head");
            }
            headBytes.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
    }
}

package dev.durablehooks.service.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durablehooks.durable.local.sqlite.DatabaseException;
import dev.durablehooks.service.intake.BodyBudget;
import dev.durablehooks.service.intake.IntakeService;
import dev.durablehooks.service.metrics.ServiceMetrics;
import dev.durablehooks.service.status.ExecutionListService;
import dev.durablehooks.service.status.RedriveService;
import dev.durablehooks.service.status.StatusService;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The local HTTP adapter: maps routes to the service's plain handlers and writes their JSON answers.
 * Unknown routes answer 404, known routes with another method 405, both in the one error shape.
 */
public final class Router extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(Router.class);
    /** How much of a refused body is read and thrown away to keep the connection usable. */
    static final long DRAIN_LIMIT = 32L * 1024 * 1024;
    /** Set on a request whose body was read to its end, so that nothing is left to drain. */
    private static final String BODY_READ = Router.class.getName() + ".bodyRead";

    private final IntakeService intake;
    private final StatusService status;
    private final ExecutionListService list;
    private final RedriveService redrive;
    private final ServiceMetrics metrics;
    private final BooleanSupplier storeReachable;
    private final ObjectMapper mapper;
    private final Errors errors;

    public Router(IntakeService intake, StatusService status, ExecutionListService list, RedriveService redrive,
                  ServiceMetrics metrics,
                  BooleanSupplier storeReachable, ObjectMapper mapper) {
        this.intake = Objects.requireNonNull(intake, "intake");
        this.status = Objects.requireNonNull(status, "status");
        this.list = Objects.requireNonNull(list, "list");
        this.redrive = Objects.requireNonNull(redrive, "redrive");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.storeReachable = Objects.requireNonNull(storeReachable, "storeReachable");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.errors = new Errors(mapper);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        JsonResponse answer;
        try {
            answer = route(request, response, callback);
        } catch (DatabaseException e) {
            log.warn("Store unavailable answering {} {}: {}", request.getMethod(), request.getHttpURI().getPath(), e.getMessage());
            answer = errors.of(503, "The store is unavailable; retry later", null, Map.of("Retry-After", "1"));
        } catch (RuntimeException e) {
            log.error("Unexpected failure answering {} {}", request.getMethod(), request.getHttpURI().getPath(), e);
            answer = errors.of(500, "Internal error");
        }
        if (answer != null) {
            if (request.getAttribute(BODY_READ) == null && hasBody(request) && !drainBody(request)) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            send(response, callback, answer);
        }
        return true;
    }

    /**
     * Reads and discards what is left of the request body (a refused delivery's), so that the sender, still
     * writing, gets to read the answer and may reuse its connection. Past {@link #DRAIN_LIMIT} the connection is
     * closed after the answer instead. Returns whether the body was read to its end.
     */
    private static boolean drainBody(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] sink = new byte[8 * 1024];
            long drained = 0;
            int n;
            while ((n = in.read(sink)) >= 0) {
                drained += n;
                if (drained > DRAIN_LIMIT) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3): nothing to drain. */
    private static boolean hasBody(Request request) {
        long length = request.getLength();
        return length > 0 || (length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    }

    /** Returns the answer to send, or null when the route already completed the response itself. */
    private JsonResponse route(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (path.equals("/webhook")) {
            return method.equals("POST") ? webhook(request) : notAllowed(response, "POST");
        }
        if (path.equals("/status") || path.startsWith("/status/")) {
            if (!method.equals("GET")) {
                return notAllowed(response, "GET");
            }
            String token = path.length() <= "/status/".length() ? "" : path.substring("/status/".length());
            return status.status(token);
        }
        if (path.startsWith("/executions/") && path.endsWith("/redrive")) {
            if (!method.equals("POST")) {
                return notAllowed(response, "POST");
            }
            return redrive.redrive(path.substring("/executions/".length(), path.length() - "/redrive".length()));
        }
        if (path.equals("/executions")) {
            if (!method.equals("GET")) {
                return notAllowed(response, "GET");
            }
            Fields query;
            try {
                query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                return errors.of(400, "The query string is not valid");
            }
            return list.list(query.getValue("status"), query.getValue("limit"), query.getValue("cursor"));
        }
        if (path.equals("/health")) {
            return method.equals("GET") ? health() : notAllowed(response, "GET");
        }
        if (path.equals("/metrics")) {
            if (!method.equals("GET")) {
                return notAllowed(response, "GET");
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
            Content.Sink.write(response, true, metrics.scrape(), callback);
            return null;
        }
        return errors.of(404, "No route for " + method + " " + path);
    }

    private JsonResponse webhook(Request request) {
        long started = System.nanoTime();
        Function<String, String> header = name -> request.getHeaders().get(name);
        JsonResponse refused = intake.precheck(header, request.getLength());
        if (refused != null) {
            return refused;
        }
        Optional<BodyBudget.Reservation> room = intake.reserveBody(request.getLength());
        if (room.isEmpty()) {
            return intake.busy();
        }
        try (BodyBudget.Reservation ignored = room.get()) {
            byte[] body;
            try {
                body = readAtMost(request, intake.maxBodyBytes());
            } catch (IOException e) {
                return errors.of(400, "Could not read the request body: " + e.getMessage());
            }
            if (body != null) {
                request.setAttribute(BODY_READ, Boolean.TRUE);
            }
            JsonResponse answer = body == null ? intake.tooLarge() : intake.accept(header, body);
            metrics.intakeTook(Duration.ofNanos(System.nanoTime() - started));
            return answer;
        }
    }

    /** The body, or null as soon as it grows past {@code limit} (chunked bodies have no declared length). */
    private static byte[] readAtMost(Request request, int limit) throws IOException {
        // Not closed here: closing fails the content source; what is left is drained before the answer.
        InputStream in = Content.Source.asInputStream(request);
        long declared = request.getLength();
        if (declared >= 0 && declared <= limit) {
            // The usual case: read into an array of the declared size instead of growing buffers.
            byte[] body = new byte[(int) declared];
            int read = in.readNBytes(body, 0, body.length);
            if (read == body.length && in.read() < 0) {
                return body;
            }
            throw new IOException("the body did not match its Content-Length of " + declared + " bytes");
        }
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }

    private JsonResponse health() {
        boolean up;
        try {
            up = storeReachable.getAsBoolean();
        } catch (RuntimeException e) {
            up = false;
        }
        if (!up) {
            return errors.of(503, "The store is not reachable");
        }
        var body = mapper.createObjectNode();
        body.put("status", "UP");
        body.put("store", "sqlite");
        return new JsonResponse(200, body);
    }

    private JsonResponse notAllowed(Response response, String allowed) {
        return errors.of(405, "Method not allowed; use " + allowed, null, Map.of("Allow", allowed));
    }

    private void send(Response response, Callback callback, JsonResponse answer) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(answer.body());
        } catch (IOException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}

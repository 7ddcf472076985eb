package dev.durablehooks.service.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.service.http.Errors;
import dev.durablehooks.service.http.JsonResponse;
import dev.durablehooks.service.store.ExecutionSummary;
import dev.durablehooks.service.store.ListPage;
import dev.durablehooks.service.store.WebhookStatus;
import dev.durablehooks.service.store.WebhookStore;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** {@code GET /executions?status=&limit=&cursor=}: newest first, paginated by an opaque cursor. */
public final class ExecutionListService {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final WebhookStore store;
    private final ObjectMapper mapper;
    private final Errors errors;

    public ExecutionListService(WebhookStore store, ObjectMapper mapper) {
        this.store = Objects.requireNonNull(store, "store");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.errors = new Errors(mapper);
    }

    /** Each parameter null when absent. */
    public JsonResponse list(String status, String limit, String cursor) {
        WebhookStatus wanted = null;
        if (status != null && !status.isEmpty()) {
            try {
                wanted = WebhookStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return errors.of(400, "status must be one of STARTED, VALIDATING, PROCESSING, COMPLETED, FAILED");
            }
        }
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isEmpty()) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_LIMIT) {
                return errors.of(400, "limit must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        ListPage page;
        try {
            page = store.list(wanted, size, cursor == null || cursor.isEmpty() ? null : cursor);
        } catch (WebhookStore.InvalidCursorException e) {
            return errors.of(400, "cursor is not valid: pass back the nextCursor of a previous page");
        }
        ObjectNode body = mapper.createObjectNode();
        ArrayNode items = body.putArray("executions");
        for (ExecutionSummary s : page.items()) {
            ObjectNode item = items.addObject();
            item.put("executionToken", s.token());
            item.put("status", s.status().name());
            item.put("currentStep", s.currentStep());
            item.put("timestamp", s.acceptedAtMillis());
            item.put("updatedAt", Instant.ofEpochMilli(s.updatedAtMillis()).toString());
            if (s.error() != null && s.status() == WebhookStatus.FAILED) {
                item.put("error", s.error());
            }
        }
        if (page.nextCursor() != null) {
            body.put("nextCursor", page.nextCursor());
        }
        return new JsonResponse(200, body);
    }
}

package dev.durablehooks.service.store;

import java.util.List;

/** A page of the execution list; {@code nextCursor} null on the last page. */
public record ListPage(List<ExecutionSummary> items, String nextCursor) {
    public ListPage {
        items = List.copyOf(items);
    }
}

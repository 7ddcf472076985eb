package dev.durablehooks.service.status;

import dev.durablehooks.durable.local.DurableExecutions;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.service.store.Redrive;
import dev.durablehooks.service.store.WebhookStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The durable executions of one webhook in order: the first (named by the token), then each redrive's. */
public final class ExecutionHistory {
    private final WebhookStore store;
    private final DurableExecutions executions;

    public ExecutionHistory(WebhookStore store, DurableExecutions executions) {
        this.store = Objects.requireNonNull(store, "store");
        this.executions = Objects.requireNonNull(executions, "executions");
    }

    public List<String> executionNames(String token) {
        Optional<Redrive> redrive = store.redrive(token);
        List<String> names = new ArrayList<>();
        names.add(token);
        for (int i = 1; i <= redrive.map(Redrive::count).orElse(0); i++) {
            names.add(Redrive.executionName(token, i));
        }
        return names;
    }

    /** The STEP operations of every execution of {@code token}, oldest execution first. */
    public List<List<Operation>> steps(String token) {
        List<List<Operation>> all = new ArrayList<>();
        for (String name : executionNames(token)) {
            all.add(executions.operations(name).stream().filter(op -> op.type() == OperationType.STEP).toList());
        }
        return all;
    }
}

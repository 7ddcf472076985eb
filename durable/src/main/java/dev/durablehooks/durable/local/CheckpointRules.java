package dev.durablehooks.durable.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durablehooks.durable.client.DurableServiceException;
import dev.durablehooks.durable.operation.ContextDetails;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationIds;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.operation.StepDetails;
import dev.durablehooks.durable.operation.WaitDetails;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The service side of a checkpoint request: the transition rules of each operation type (protocol §2.3), the
 * batching rules (§3.3) and the size limits (§6.1), applied all-or-nothing. A violation is refused with an
 * {@code InvalidParameterValueException} whose message names the update, the operation id and the rule.
 */
final class CheckpointRules {
    static final int MAX_UPDATES = 250;
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** The EXECUTION result may exceed the handler-response limit: that is why it is checkpointed. */
    static final int MAX_EXECUTION_PAYLOAD_BYTES = 16 * 1024 * 1024;
    static final int MAX_ERROR_BYTES = 32 * 1024;

    private final ObjectMapper wire;

    CheckpointRules(ObjectMapper wire) {
        this.wire = wire;
    }

    /** The outcome of a valid request: new states by operation id (in update order), and the EXECUTION update if any. */
    record Plan(Map<String, Operation> changed, OperationUpdate executionUpdate) {
    }

    /**
     * Validates {@code updates} against {@code stored} (the current state, timers already applied) and computes
     * the new operation states, without changing anything.
     */
    Plan apply(Function<String, Operation> stored, List<OperationUpdate> updates, Instant now) {
        if (updates.size() > MAX_UPDATES) {
            throw invalid("Too many updates in one checkpoint: " + updates.size() + "; the limit is " + MAX_UPDATES);
        }
        long executionUpdates = updates.stream().filter(u -> u != null && u.type() == OperationType.EXECUTION).count();
        if (executionUpdates > 1) {
            throw invalid("At most one EXECUTION update is allowed per checkpoint, and it must be the last; found "
                    + executionUpdates);
        }
        Map<String, Operation> working = new LinkedHashMap<>();
        Map<String, OperationAction> firstAction = new HashMap<>();
        Map<String, Integer> occurrences = new HashMap<>();
        OperationUpdate executionUpdate = null;
        for (int i = 0; i < updates.size(); i++) {
            OperationUpdate u = updates.get(i);
            if (u == null) {
                throw invalid("Update #" + i + " is null");
            }
            Where where = new Where(i, u);
            checkSizes(u, where);
            if (u.name() != null && !isPrintableAscii(u.name(), 256)) {
                throw invalid(where + ": Name must be 1..256 printable ASCII characters");
            }
            if (u.type() == OperationType.EXECUTION) {
                if (i != updates.size() - 1) {
                    throw invalid(where + ": the EXECUTION update must be the last update of the checkpoint");
                }
                if (u.action() != OperationAction.SUCCEED && u.action() != OperationAction.FAIL) {
                    throw invalid(where + ": EXECUTION accepts only SUCCEED or FAIL");
                }
                checkPayloadAndError(u, where);
                executionUpdate = u;
                continue;
            }
            checkParent(u, where, stored, working);
            int seen = occurrences.merge(u.id(), 1, Integer::sum);
            if (seen > 1) {
                boolean startThenOne = seen == 2 && firstAction.get(u.id()) == OperationAction.START
                        && u.action() != OperationAction.START
                        && (u.type() == OperationType.STEP || u.type() == OperationType.CONTEXT);
                if (!startThenOne) {
                    throw invalid(where + ": the same operation id may appear only once per checkpoint (the one exception:"
                            + " a STEP or CONTEXT START followed by one SUCCEED, FAIL or RETRY)");
                }
            } else {
                firstAction.put(u.id(), u.action());
            }
            Operation current = working.containsKey(u.id()) ? working.get(u.id()) : stored.apply(u.id());
            if (current != null && current.type() != u.type()) {
                throw invalid(where + ": operation " + u.id() + " is a " + current.type() + ", not a " + u.type());
            }
            checkPayloadAndError(u, where);
            Operation next = switch (u.type()) {
                case STEP -> step(u, current, where, now);
                case CONTEXT -> context(u, current, where, now);
                case WAIT -> waitOp(u, current, where, now);
                case CALLBACK, CHAINED_INVOKE -> throw invalid(where + ": " + u.type()
                        + " operations are not supported by the local durable-execution service");
                case EXECUTION -> throw new IllegalStateException("handled above");
            };
            working.put(u.id(), next);
        }
        return new Plan(working, executionUpdate);
    }

    private void checkSizes(OperationUpdate u, Where where) {
        if (u.payload() != null) {
            long bytes = utf8Length(u.payload());
            long limit = u.type() == OperationType.EXECUTION ? MAX_EXECUTION_PAYLOAD_BYTES : MAX_PAYLOAD_BYTES;
            if (bytes > limit) {
                throw invalid(where + ": Payload is " + bytes + " bytes; the limit is " + limit
                        + " bytes per operation (it was refused, not truncated)");
            }
        }
        if (u.error() != null) {
            int bytes = errorBytes(u.error());
            if (bytes > MAX_ERROR_BYTES) {
                throw invalid(where + ": Error is " + bytes + " bytes of JSON; the limit is " + MAX_ERROR_BYTES
                        + " bytes (truncate the stack trace)");
            }
        }
    }

    private static void checkPayloadAndError(OperationUpdate u, Where where) {
        if (u.action() == OperationAction.FAIL && u.payload() != null) {
            throw invalid(where + ": FAIL cannot carry a Payload");
        }
        if (u.action() == OperationAction.SUCCEED && u.error() != null) {
            throw invalid(where + ": SUCCEED cannot carry an Error");
        }
    }

    private static void checkParent(OperationUpdate u, Where where, Function<String, Operation> stored,
                                    Map<String, Operation> working) {
        String parentId = u.parentId();
        if (parentId == null) {
            return;
        }
        if (!OperationIds.isValid(parentId)) {
            throw invalid(where + ": ParentId must match [a-zA-Z0-9_-]{1,64}");
        }
        Operation parent = working.containsKey(parentId) ? working.get(parentId) : stored.apply(parentId);
        if (parent == null) {
            throw invalid(where + ": ParentId " + parentId + " names no existing CONTEXT and no CONTEXT started earlier"
                    + " in this checkpoint");
        }
        if (parent.type() != OperationType.CONTEXT) {
            throw invalid(where + ": ParentId " + parentId + " is a " + parent.type() + "; only CONTEXT operations can be parents");
        }
    }

    private static Operation step(OperationUpdate u, Operation current, Where where, Instant now) {
        OperationStatus status = current == null ? null : current.status();
        StepDetails details = current == null || current.stepDetails() == null
                ? new StepDetails(0, null, null, null) : current.stepDetails();
        switch (u.action()) {
            case START -> {
                if (status != null && status != OperationStatus.READY) {
                    throw invalid(where + ": a STEP may be started only when it is new or READY; it is " + status);
                }
                return build(u, current, OperationStatus.STARTED, now, null,
                        null, new StepDetails(details.attempt(), null, details.result(), details.error()), null);
            }
            case SUCCEED, FAIL, RETRY -> {
                if (status != null && status != OperationStatus.STARTED && status != OperationStatus.READY) {
                    throw invalid(where + ": a STEP may be closed or retried only when it is new, STARTED or READY; it is " + status);
                }
                int attempt = details.attempt() + 1;
                return switch (u.action()) {
                    case SUCCEED -> build(u, current, OperationStatus.SUCCEEDED, now, now, null,
                            new StepDetails(attempt, null, u.payload(), null), null);
                    case FAIL -> build(u, current, OperationStatus.FAILED, now, now, null,
                            new StepDetails(attempt, null, null, u.error()), null);
                    default -> {
                        if (u.stepOptions() == null) {
                            throw invalid(where + ": RETRY needs StepOptions with NextAttemptDelaySeconds");
                        }
                        if (u.payload() != null && u.error() != null) {
                            throw invalid(where + ": RETRY may carry an Error or a Payload, not both");
                        }
                        Instant next = now.plusSeconds(u.stepOptions().nextAttemptDelaySeconds());
                        yield build(u, current, OperationStatus.PENDING, now, null, null,
                                new StepDetails(attempt, next, u.payload(), u.error()), null);
                    }
                };
            }
            default -> throw invalid(where + ": a STEP accepts START, SUCCEED, FAIL and RETRY, not " + u.action());
        }
    }

    private static Operation context(OperationUpdate u, Operation current, Where where, Instant now) {
        OperationStatus status = current == null ? null : current.status();
        return switch (u.action()) {
            case START -> {
                if (status != null) {
                    throw invalid(where + ": a CONTEXT may be started only when it is new; it is " + status);
                }
                yield build(u, null, OperationStatus.STARTED, now, null, new ContextDetails(false, null, null), null, null);
            }
            case SUCCEED, FAIL -> {
                if (status != null && status != OperationStatus.STARTED) {
                    throw invalid(where + ": a CONTEXT may be closed only when it is new or STARTED; it is " + status);
                }
                boolean ok = u.action() == OperationAction.SUCCEED;
                yield build(u, current, ok ? OperationStatus.SUCCEEDED : OperationStatus.FAILED, now, now,
                        new ContextDetails(false, ok ? u.payload() : null, ok ? null : u.error()), null, null);
            }
            default -> throw invalid(where + ": a CONTEXT accepts START, SUCCEED and FAIL, not " + u.action());
        };
    }

    private static Operation waitOp(OperationUpdate u, Operation current, Where where, Instant now) {
        OperationStatus status = current == null ? null : current.status();
        return switch (u.action()) {
            case START -> {
                if (status != null) {
                    throw invalid(where + ": a WAIT may be started only when it is new; it is " + status);
                }
                if (u.waitOptions() == null) {
                    throw invalid(where + ": a WAIT START needs WaitOptions with WaitSeconds");
                }
                yield build(u, null, OperationStatus.STARTED, now, null, null, null,
                        new WaitDetails(now.plusSeconds(u.waitOptions().waitSeconds())));
            }
            case CANCEL -> {
                if (status != OperationStatus.STARTED) {
                    throw invalid(where + ": a WAIT may be cancelled only when it is STARTED; it is "
                            + (status == null ? "absent" : status));
                }
                yield build(u, current, OperationStatus.CANCELLED, now, now, null, null, current.waitDetails());
            }
            default -> throw invalid(where + ": a WAIT accepts START and CANCEL, not " + u.action());
        };
    }

    private static Operation build(OperationUpdate u, Operation current, OperationStatus status, Instant now, Instant end,
                                   ContextDetails context, StepDetails step, WaitDetails wait) {
        Instant start = current == null || current.startTimestamp() == null ? now : current.startTimestamp();
        String parentId = u.parentId() != null ? u.parentId() : current == null ? null : current.parentId();
        String name = u.name() != null ? u.name() : current == null ? null : current.name();
        String subType = u.subType() != null ? u.subType() : current == null ? null : current.subType();
        return new Operation(u.id(), parentId, name, u.type(), subType, status, start, end, null, context, step, wait);
    }

    /** 1..{@code max} characters in 0x20..0x7E (checked by hand: this runs for every update). */
    static boolean isPrintableAscii(String s, int max) {
        if (s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch > 0x7E) {
                return false;
            }
        }
        return true;
    }

    int errorBytes(ErrorObject error) {
        try {
            return wire.writeValueAsBytes(error).length;
        } catch (JsonProcessingException e) {
            throw invalid("Error object cannot be serialized: " + e.getOriginalMessage());
        }
    }

    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                bytes += 1;
            } else if (ch < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    static DurableServiceException invalid(String message) {
        return new DurableServiceException("InvalidParameterValueException", 400, message);
    }

    /** Names an update in a refusal; its text is built only when a refusal needs it. */
    private record Where(int index, OperationUpdate update) {
        @Override
        public String toString() {
            return "Update #" + index + " (" + update.type() + " " + update.action() + " of operation " + update.id() + ")";
        }
    }
}

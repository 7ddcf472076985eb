package dev.durablehooks.durable.context;

import dev.durablehooks.durable.config.StepConfig;
import dev.durablehooks.durable.config.StepSemantics;
import dev.durablehooks.durable.exception.ErrorObjects;
import dev.durablehooks.durable.exception.IllegalDurableOperationException;
import dev.durablehooks.durable.exception.NonDeterministicExecutionException;
import dev.durablehooks.durable.exception.StepInterruptedException;
import dev.durablehooks.durable.exception.SuspendExecutionException;
import dev.durablehooks.durable.exception.UnrecoverableDurableExecutionException;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationIds;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.operation.StepOptions;
import dev.durablehooks.durable.operation.WaitOptions;
import dev.durablehooks.durable.retry.RetryDecision;
import dev.durablehooks.durable.serde.SerDes;
import dev.durablehooks.durable.serde.TypeToken;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The root durable context of one invocation. Every durable call takes the next deterministic operation id;
 * an id already in the history is replayed (terminal: stored result or error, no user code), a new one is run
 * and checkpointed. Steps run inline on the handler thread.
 */
public final class ReplayingContext implements DurableContext {
    public static final String STEP_SUBTYPE = "Step";
    public static final String WAIT_SUBTYPE = "Wait";
    /** The per-operation payload ceiling the service enforces; larger results fail the execution, never truncated. */
    public static final long MAX_STEP_RESULT_BYTES = 256 * 1024;
    static final int MAX_DELAY_SECONDS = 31_622_400;

    private final ExecutionSession session;
    private final SerDes serDes;
    private final ClassLoader errorClassLoader;
    private final String contextId;
    private int counter;
    private boolean replaying;
    private String runningStep;

    /**
     * @param errorClassLoader where stored error types are looked up to rethrow them as their original class
     *                         (the handler's class loader)
     */
    public ReplayingContext(ExecutionSession session, SerDes serDes, ClassLoader errorClassLoader) {
        this.session = Objects.requireNonNull(session, "session");
        this.serDes = Objects.requireNonNull(serDes, "serDes");
        this.errorClassLoader = Objects.requireNonNull(errorClassLoader, "errorClassLoader");
        this.contextId = null;
        this.replaying = session.hasChildren(contextId);
    }

    @Override
    public <T> T step(String name, Class<T> resultType, Function<StepContext, T> fn) {
        return step(name, resultType, fn, StepConfig.defaults());
    }

    @Override
    public <T> T step(String name, Class<T> resultType, Function<StepContext, T> fn, StepConfig config) {
        Objects.requireNonNull(resultType, "resultType");
        SerDes stepSerDes = serDesFor(config);
        return runStep(name, resultType, json -> stepSerDes.deserialize(json, resultType), fn, config, stepSerDes);
    }

    @Override
    public <T> T step(String name, TypeToken<T> resultType, Function<StepContext, T> fn) {
        return step(name, resultType, fn, StepConfig.defaults());
    }

    @Override
    public <T> T step(String name, TypeToken<T> resultType, Function<StepContext, T> fn, StepConfig config) {
        Objects.requireNonNull(resultType, "resultType");
        SerDes stepSerDes = serDesFor(config);
        return runStep(name, resultType.getType(), json -> stepSerDes.deserialize(json, resultType), fn, config,
                stepSerDes);
    }

    @Override
    public void wait(String name, Duration duration) {
        enterDurableCall(name);
        Objects.requireNonNull(duration, "duration");
        if (duration.getSeconds() < 1) {
            throw new IllegalArgumentException("wait '" + name + "': duration must be at least 1 second, was " + duration);
        }
        if (duration.getSeconds() > MAX_DELAY_SECONDS) {
            throw new IllegalArgumentException("wait '" + name + "': duration must be at most " + MAX_DELAY_SECONDS
                    + " seconds, was " + duration);
        }
        String id = nextId();
        Operation op = existing(id, OperationType.WAIT, name, WAIT_SUBTYPE);
        if (op == null) {
            session.enqueue(new OperationUpdate(id, contextId, name, OperationType.WAIT, WAIT_SUBTYPE, OperationAction.START,
                    null, null, null, new WaitOptions((int) duration.getSeconds())));
            session.flush();
            op = session.operation(id);
        }
        if (op != null && op.status().isTerminal()) {
            return;
        }
        throw session.suspend("wait '" + name + "' has not elapsed yet");
    }

    @Override
    public boolean isReplaying() {
        return replaying;
    }

    @Override
    public String getExecutionArn() {
        return session.executionArn();
    }

    private SerDes serDesFor(StepConfig config) {
        Objects.requireNonNull(config, "config");
        return config.serDes() == null ? serDes : config.serDes();
    }

    private <T> T runStep(String name, Type resultType, Function<String, T> reader, Function<StepContext, T> fn,
                          StepConfig config, SerDes stepSerDes) {
        enterDurableCall(name);
        Objects.requireNonNull(fn, "fn");
        String id = nextId();
        Operation op = existing(id, OperationType.STEP, name, STEP_SUBTYPE);
        int attempt = nextAttempt(op);
        boolean sendStart = true;
        if (op != null) {
            switch (op.status()) {
                case SUCCEEDED:
                    return reader.apply(op.stepDetails() == null ? null : op.stepDetails().result());
                case FAILED, CANCELLED, TIMED_OUT, STOPPED:
                    throw ErrorObjects.toThrowable(storedError(op), errorClassLoader);
                case PENDING:
                    throw session.suspend("step '" + name + "' waits for its retry (attempt " + attempt + ")");
                case STARTED:
                    if (config.semantics() == StepSemantics.AT_MOST_ONCE_PER_RETRY) {
                        StepInterruptedException interrupted = new StepInterruptedException("Step '" + name
                                + "' was interrupted during attempt " + attempt
                                + " (at-most-once: it is not run again for the same attempt)");
                        afterFailedAttempt(id, name, attempt, interrupted, config);
                        // afterFailedAttempt either threw, or the service made the step READY at once.
                        attempt++;
                        break;
                    }
                    sendStart = false; // the process died during this attempt; START is already stored
                    break;
                case READY:
                    break;
            }
        }
        while (true) {
            Attempted<T> outcome = runAttempt(id, name, attempt, fn, config, stepSerDes, resultType, reader, sendStart);
            if (outcome.done()) {
                return outcome.value();
            }
            attempt++;
            sendStart = true;
        }
    }

    private record Attempted<T>(boolean done, T value) {
    }

    private <T> Attempted<T> runAttempt(String id, String name, int attempt, Function<StepContext, T> fn,
                                        StepConfig config, SerDes stepSerDes, Type resultType, Function<String, T> reader,
                                        boolean sendStart) {
        if (sendStart) {
            session.enqueue(update(id, name, OperationAction.START, null, null, null));
            if (config.semantics() == StepSemantics.AT_MOST_ONCE_PER_RETRY) {
                session.flush(); // acknowledged before the side effect runs
            }
        }
        T result;
        String payload;
        runningStep = name;
        try {
            result = fn.apply(new StepContextImpl(attempt, session.executionArn(), id));
            payload = stepSerDes.serialize(result);
        } catch (SuspendExecutionException | UnrecoverableDurableExecutionException | VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            runningStep = null;
            afterFailedAttempt(id, name, attempt, t, config);
            return new Attempted<>(false, null);
        } finally {
            runningStep = null;
        }
        if (payload != null) {
            long size = ExecutionSession.utf8Length(payload);
            if (size > MAX_STEP_RESULT_BYTES) {
                IllegalDurableOperationException tooLarge = new IllegalDurableOperationException("Step '" + name
                        + "' result is " + size + " bytes serialized, over the limit of " + MAX_STEP_RESULT_BYTES
                        + " bytes per operation; results are never truncated: return a smaller value (e.g. a reference)");
                session.enqueue(update(id, name, OperationAction.FAIL, null, ErrorObjects.from(tooLarge), null));
                session.flush();
                throw session.recordFatal(tooLarge);
            }
        }
        session.enqueue(update(id, name, OperationAction.SUCCEED, payload, null, null));
        session.flush();
        // Return what a replay would return, so the first run and later runs see the same value.
        return new Attempted<>(true, stepSerDes.readsBackUnchanged(result, resultType) ? result : reader.apply(payload));
    }

    /** Checkpoints RETRY (then suspends, unless the step is already READY) or FAIL (then throws the step's error). */
    private void afterFailedAttempt(String id, String name, int attempt, Throwable failure, StepConfig config) {
        ErrorObject error = ErrorObjects.from(failure);
        RetryDecision decision;
        try {
            decision = config.retryStrategy().decide(failure, attempt);
        } catch (RuntimeException strategyFailure) {
            decision = RetryDecision.fail();
        }
        if (decision instanceof RetryDecision.Retry retry) {
            int delaySeconds = (int) Math.min(MAX_DELAY_SECONDS, Math.max(1, ceilSeconds(retry.delay())));
            session.enqueue(update(id, name, OperationAction.RETRY, null, error, new StepOptions(delaySeconds)));
            session.flush();
            Operation after = session.operation(id);
            if (after == null || after.status() != OperationStatus.READY) {
                throw session.suspend("step '" + name + "' retries in " + delaySeconds + " s (attempt " + (attempt + 1) + ")");
            }
            return;
        }
        session.enqueue(update(id, name, OperationAction.FAIL, null, error, null));
        session.flush();
        throw ErrorObjects.toThrowable(error, errorClassLoader);
    }

    private static long ceilSeconds(Duration delay) {
        long seconds = delay.getSeconds();
        return delay.getNano() > 0 ? seconds + 1 : seconds;
    }

    private OperationUpdate update(String id, String name, OperationAction action, String payload, ErrorObject error,
                                   StepOptions stepOptions) {
        return new OperationUpdate(id, contextId, name, OperationType.STEP, STEP_SUBTYPE, action, payload, error,
                stepOptions, null);
    }

    private static int nextAttempt(Operation op) {
        if (op == null || op.stepDetails() == null) {
            return 1;
        }
        return Math.max(0, op.stepDetails().attempt()) + 1;
    }

    private static ErrorObject storedError(Operation op) {
        ErrorObject error = op.stepDetails() == null ? null : op.stepDetails().error();
        return error != null ? error
                : ErrorObject.of(IllegalDurableOperationException.class.getName(),
                "Step '" + op.name() + "' ended " + op.status() + " without a stored error");
    }

    private void enterDurableCall(String name) {
        session.checkUsable();
        if (runningStep != null) {
            throw session.recordFatal(new IllegalDurableOperationException("Durable operation '" + name
                    + "' was called inside step '" + runningStep + "': steps are leaves and cannot contain durable operations"));
        }
        if (name != null && !validName(name)) {
            throw new IllegalArgumentException("Operation name must be 1..256 printable ASCII characters, was '" + name + "'");
        }
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 256) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private String nextId() {
        counter++;
        return OperationIds.of(contextId, counter);
    }

    /** The stored operation for {@code id}, after checking it is the same operation the code asks for now. */
    private Operation existing(String id, OperationType type, String name, String subType) {
        Operation op = session.operation(id);
        if (op == null) {
            replaying = false;
            return null;
        }
        String differs = null;
        if (op.type() != type) {
            differs = "Type";
        } else if (!Objects.equals(op.name(), name)) {
            differs = "Name";
        } else if (!Objects.equals(op.subType(), subType)) {
            differs = "SubType";
        }
        if (differs != null) {
            throw session.recordFatal(new NonDeterministicExecutionException("Non-deterministic execution at operation #"
                    + counter + " (id " + id + "): the code now calls " + describe(type, name, subType)
                    + " but the history has " + describe(op.type(), op.name(), op.subType()) + "; " + differs
                    + " differs. The handler must call the same durable operations in the same order on every run."));
        }
        if (!op.status().isTerminal()) {
            replaying = false;
        }
        return op;
    }

    private static String describe(OperationType type, String name, String subType) {
        return type + (name == null ? " (no name)" : " '" + name + "'") + " [SubType " + subType + "]";
    }
}

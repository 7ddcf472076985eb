package dev.durablehooks.durable.execution;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.durablehooks.durable.client.DurableExecutionClient;
import dev.durablehooks.durable.client.DurableServiceException;
import dev.durablehooks.durable.context.DurableContext;
import dev.durablehooks.durable.context.ExecutionSession;
import dev.durablehooks.durable.context.ReplayingContext;
import dev.durablehooks.durable.exception.ErrorObjects;
import dev.durablehooks.durable.exception.IllegalDurableOperationException;
import dev.durablehooks.durable.exception.SuspendExecutionException;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationAction;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.serde.EnvelopeJson;
import dev.durablehooks.durable.serde.SerDes;
import dev.durablehooks.durable.serde.TypeToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A durable function: extend it and implement {@link #handleRequest(Object, DurableContext)}.
 * The same class runs deployed on Lambda (through {@link RequestStreamHandler}, raw envelope JSON in and out)
 * and locally (the local service calls {@link #handle(InvocationInput, DurableExecutionClient)}).
 *
 * <p>The input type is read from the generic superclass ({@code class Greeter extends DurableHandler<String, String>});
 * a generic subclass passes it to {@link #DurableHandler(TypeToken)} instead.
 */
public abstract class DurableHandler<I, O> implements RequestStreamHandler {
    /** Above this many UTF-8 bytes the result is checkpointed on the EXECUTION operation instead of returned. */
    public static final long MAX_INLINE_RESULT_BYTES = 6L * 1024 * 1024 - 50;
    static final String NOTHING_PENDING =
            "Cannot return PENDING status with no pending operations: the handler suspended but nothing will wake it";

    private final TypeToken<I> inputType;
    private final Object lazyLock = new Object();
    private volatile DurableConfig configuration;
    private volatile DurableExecutionClient lambdaClient;

    protected DurableHandler() {
        this.inputType = TypeToken.ofType(resolveInputType(getClass()));
    }

    protected DurableHandler(Class<I> inputType) {
        this.inputType = TypeToken.of(Objects.requireNonNull(inputType, "inputType"));
    }

    protected DurableHandler(TypeToken<I> inputType) {
        this.inputType = Objects.requireNonNull(inputType, "inputType");
    }

    public abstract O handleRequest(I input, DurableContext ctx);

    /** Override to change the serde or the Lambda backend client. Called once, on first use. */
    protected DurableConfig createConfiguration() {
        return DurableConfig.defaults();
    }

    public final DurableConfig getConfiguration() {
        DurableConfig config = configuration;
        if (config == null) {
            synchronized (lazyLock) {
                config = configuration;
                if (config == null) {
                    config = Objects.requireNonNull(createConfiguration(), "createConfiguration() returned null");
                    configuration = config;
                }
            }
        }
        return config;
    }

    /**
     * Runs one invocation: replays stored state, runs new operations, and reports SUCCEEDED, FAILED or PENDING.
     *
     * @throws DurableServiceException when the service answered with a retryable error (invalid token, throttling,
     *                                 5xx): the invocation must be abandoned and retried with fresh state
     */
    public final InvocationOutput handle(InvocationInput input, DurableExecutionClient client) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(client, "client");
        SerDes serDes = getConfiguration().serDes();
        ExecutionSession session;
        try {
            session = ExecutionSession.open(input, client);
        } catch (DurableServiceException e) {
            return serviceFailure(e);
        }
        Operation execution = session.executionOperation();
        if (execution == null) {
            return InvocationOutput.failed(ErrorObject.of(IllegalDurableOperationException.class.getName(),
                    "The execution state has no EXECUTION operation, so there is no input to run the handler with"));
        }
        I input0;
        try {
            String payload = execution.executionDetails() == null ? null : execution.executionDetails().inputPayload();
            input0 = serDes.deserialize(payload, inputType);
        } catch (RuntimeException e) {
            return InvocationOutput.failed(ErrorObjects.from(e));
        }
        ReplayingContext ctx = new ReplayingContext(session, serDes, getClass().getClassLoader());
        O result;
        try {
            result = handleRequest(input0, ctx);
        } catch (SuspendExecutionException e) {
            session.suspend(e.getMessage());
            return finish(session, null, null, serDes);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return finish(session, null, t, serDes);
        }
        return finish(session, result, null, serDes);
    }

    /** Decides the outcome; what the engine recorded wins over what user code returned or threw. */
    private InvocationOutput finish(ExecutionSession session, O result, Throwable thrown, SerDes serDes) {
        if (session.serviceFailure() != null) {
            return serviceFailure(session.serviceFailure());
        }
        if (session.fatal() != null) {
            return InvocationOutput.failed(ErrorObjects.from(session.fatal()));
        }
        try {
            if (session.suspension() != null) {
                session.flush(); // every update acknowledged before PENDING
                return session.hasPendingOperation()
                        ? InvocationOutput.pending()
                        : InvocationOutput.failed(ErrorObject.of(IllegalDurableOperationException.class.getName(), NOTHING_PENDING));
            }
            session.flush();
            if (thrown != null) {
                return InvocationOutput.failed(ErrorObjects.from(thrown));
            }
            String json;
            try {
                json = serDes.serialize(result);
            } catch (RuntimeException e) {
                return InvocationOutput.failed(ErrorObjects.from(e));
            }
            if (json != null && ExecutionSession.utf8Length(json) > MAX_INLINE_RESULT_BYTES) {
                Operation execution = session.executionOperation();
                session.enqueue(new OperationUpdate(execution.id(), null, execution.name(), OperationType.EXECUTION,
                        execution.subType(), OperationAction.SUCCEED, json, null, null, null));
                session.flush();
                return InvocationOutput.succeeded("");
            }
            return InvocationOutput.succeeded(json);
        } catch (DurableServiceException e) {
            return serviceFailure(e);
        }
    }

    private static InvocationOutput serviceFailure(DurableServiceException e) {
        if (e.retryable()) {
            throw e;
        }
        String type = e.errorCode() == null ? DurableServiceException.class.getName() : e.errorCode();
        return InvocationOutput.failed(ErrorObject.of(type, e.getMessage()));
    }

    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context lambdaContext) throws IOException {
        InvocationInput input = EnvelopeJson.readInvocationInput(in);
        InvocationOutput output = handle(input, lambdaClient());
        EnvelopeJson.writeInvocationOutput(output, out);
    }

    private DurableExecutionClient lambdaClient() {
        DurableExecutionClient client = lambdaClient;
        if (client == null) {
            synchronized (lazyLock) {
                client = lambdaClient;
                if (client == null) {
                    client = Objects.requireNonNull(getConfiguration().clientFactory().get(), "client factory returned null");
                    lambdaClient = client;
                }
            }
        }
        return client;
    }

    private static Type resolveInputType(Class<?> handlerClass) {
        Class<?> current = handlerClass;
        while (current != null && current.getSuperclass() != DurableHandler.class) {
            current = current.getSuperclass();
        }
        if (current != null && current.getGenericSuperclass() instanceof ParameterizedType parameterized) {
            Type input = parameterized.getActualTypeArguments()[0];
            if (input instanceof Class<?> || input instanceof ParameterizedType) {
                return input;
            }
        }
        throw new IllegalStateException("Cannot tell the input type of " + handlerClass.getName()
                + " from its superclass; extend DurableHandler<Input, Output> with concrete types or pass a TypeToken to the constructor");
    }
}

package dev.durablehooks.durable.client;

import dev.durablehooks.durable.operation.ContextDetails;
import dev.durablehooks.durable.operation.ErrorObject;
import dev.durablehooks.durable.operation.ExecutionDetails;
import dev.durablehooks.durable.operation.ExecutionState;
import dev.durablehooks.durable.operation.Operation;
import dev.durablehooks.durable.operation.OperationStatus;
import dev.durablehooks.durable.operation.OperationType;
import dev.durablehooks.durable.operation.OperationUpdate;
import dev.durablehooks.durable.operation.StepDetails;
import dev.durablehooks.durable.operation.WaitDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CheckpointDurableExecutionResponse;
import software.amazon.awssdk.services.lambda.model.CheckpointUpdatedExecutionState;
import software.amazon.awssdk.services.lambda.model.GetDurableExecutionStateResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The deployed backend: Lambda's CheckpointDurableExecution / GetDurableExecutionState through the AWS SDK v2. */
public final class LambdaDurableExecutionClient implements DurableExecutionClient {
    private final LambdaClient lambda;

    public LambdaDurableExecutionClient(LambdaClient lambda) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
    }

    /** A client for the function's own region and credentials (from the Lambda environment). */
    public static LambdaDurableExecutionClient create() {
        return new LambdaDurableExecutionClient(LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).build());
    }

    @Override
    public CheckpointResponse checkpoint(String durableExecutionArn, String checkpointToken, List<OperationUpdate> updates) {
        CheckpointDurableExecutionResponse response = call(() -> lambda.checkpointDurableExecution(b -> b
                .durableExecutionArn(durableExecutionArn)
                .checkpointToken(checkpointToken)
                .updates(updates.stream().map(LambdaDurableExecutionClient::toSdk).toList())));
        return fromSdk(response);
    }

    @Override
    public ExecutionState getExecutionState(String durableExecutionArn, String checkpointToken, String marker) {
        GetDurableExecutionStateResponse response = call(() -> lambda.getDurableExecutionState(b -> b
                .durableExecutionArn(durableExecutionArn)
                .checkpointToken(checkpointToken)
                .marker(marker)));
        return new ExecutionState(fromSdkOperations(response.hasOperations() ? response.operations() : List.of()),
                response.nextMarker());
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (AwsServiceException e) {
            throw toDurableServiceException(e);
        } catch (SdkException e) {
            // No answer from the service (network, timeout): retry the invocation.
            throw new DurableServiceException(null, 0, e.getMessage());
        }
    }

    public static DurableServiceException toDurableServiceException(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return new DurableServiceException(code, e.statusCode(), message);
    }

    public static software.amazon.awssdk.services.lambda.model.OperationUpdate toSdk(OperationUpdate update) {
        var builder = software.amazon.awssdk.services.lambda.model.OperationUpdate.builder()
                .id(update.id())
                .parentId(update.parentId())
                .name(update.name())
                .type(update.type().name())
                .subType(update.subType())
                .action(update.action().name())
                .payload(update.payload())
                .error(toSdk(update.error()));
        if (update.stepOptions() != null) {
            builder.stepOptions(o -> o.nextAttemptDelaySeconds(update.stepOptions().nextAttemptDelaySeconds()));
        }
        if (update.waitOptions() != null) {
            builder.waitOptions(o -> o.waitSeconds(update.waitOptions().waitSeconds()));
        }
        return builder.build();
    }

    public static software.amazon.awssdk.services.lambda.model.ErrorObject toSdk(ErrorObject error) {
        if (error == null) {
            return null;
        }
        return software.amazon.awssdk.services.lambda.model.ErrorObject.builder()
                .errorType(error.errorType())
                .errorMessage(error.errorMessage())
                .errorData(error.errorData())
                .stackTrace(error.stackTrace())
                .build();
    }

    public static CheckpointResponse fromSdk(CheckpointDurableExecutionResponse response) {
        CheckpointUpdatedExecutionState state = response.newExecutionState();
        ExecutionState converted = state == null
                ? new ExecutionState(List.of(), null)
                : new ExecutionState(fromSdkOperations(state.hasOperations() ? state.operations() : List.of()), state.nextMarker());
        return new CheckpointResponse(response.checkpointToken(), converted);
    }

    public static List<Operation> fromSdkOperations(List<software.amazon.awssdk.services.lambda.model.Operation> operations) {
        List<Operation> converted = new ArrayList<>(operations.size());
        for (var op : operations) {
            Operation ours = fromSdk(op);
            if (ours != null) {
                converted.add(ours);
            }
        }
        return converted;
    }

    /** Our view of an SDK operation, or null for a type or status this engine does not know (a newer service). */
    public static Operation fromSdk(software.amazon.awssdk.services.lambda.model.Operation op) {
        OperationType type = enumOrNull(OperationType.class, op.typeAsString());
        OperationStatus status = enumOrNull(OperationStatus.class, op.statusAsString());
        if (type == null || status == null) {
            return null;
        }
        var execution = op.executionDetails();
        var context = op.contextDetails();
        var step = op.stepDetails();
        var wait = op.waitDetails();
        return new Operation(op.id(), op.parentId(), op.name(), type, op.subType(), status,
                op.startTimestamp(), op.endTimestamp(),
                execution == null ? null : new ExecutionDetails(execution.inputPayload()),
                context == null ? null : new ContextDetails(Boolean.TRUE.equals(context.replayChildren()), context.result(),
                        fromSdk(context.error())),
                step == null ? null : new StepDetails(step.attempt() == null ? 0 : step.attempt(),
                        step.nextAttemptTimestamp(), step.result(), fromSdk(step.error())),
                wait == null ? null : new WaitDetails(wait.scheduledEndTimestamp()));
    }

    public static ErrorObject fromSdk(software.amazon.awssdk.services.lambda.model.ErrorObject error) {
        if (error == null) {
            return null;
        }
        return new ErrorObject(error.errorType(), error.errorMessage(), error.errorData(),
                error.hasStackTrace() ? error.stackTrace() : null);
    }

    private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

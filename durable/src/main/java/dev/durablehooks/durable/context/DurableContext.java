package dev.durablehooks.durable.context;

import dev.durablehooks.durable.config.StepConfig;
import dev.durablehooks.durable.serde.TypeToken;

import java.time.Duration;
import java.util.function.Function;

/**
 * What a durable handler uses to run checkpointed operations. Every call is assigned the next deterministic
 * operation id; on replay, completed operations return their stored result without running user code.
 */
public interface DurableContext {

    <T> T step(String name, Class<T> resultType, Function<StepContext, T> fn);

    <T> T step(String name, Class<T> resultType, Function<StepContext, T> fn, StepConfig config);

    <T> T step(String name, TypeToken<T> resultType, Function<StepContext, T> fn);

    <T> T step(String name, TypeToken<T> resultType, Function<StepContext, T> fn, StepConfig config);

    /** Durable timer of at least one second; the invocation may suspend and be re-invoked when it fires. */
    void wait(String name, Duration duration);

    /** True while the handler is re-running operations that already completed in an earlier invocation. */
    boolean isReplaying();

    String getExecutionArn();
}

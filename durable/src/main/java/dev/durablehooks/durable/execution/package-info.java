/**
 * Running a durable function. Extend {@link dev.durablehooks.durable.execution.DurableHandler} and implement
 * {@code handleRequest(I input, DurableContext ctx)}:
 *
 * <pre>{@code
 * class Greeter extends DurableHandler<String, String> {
 *     public String handleRequest(String name, DurableContext ctx) {
 *         String greeting = ctx.step("greet", String.class, step -> "Hello, " + name + "!");
 *         ctx.wait("cool-down", Duration.ofMinutes(5));
 *         return ctx.step("shout", String.class, step -> greeting.toUpperCase());
 *     }
 * }
 * }</pre>
 *
 * <p>The local durable-execution service calls {@code handle(InvocationInput, DurableExecutionClient)} in-process;
 * on AWS Lambda the same class is the {@code RequestStreamHandler}. Each invocation replays the stored history
 * (completed steps return their stored result without running), runs new work, and ends SUCCEEDED, FAILED, or
 * PENDING (a wait or a retry delay; the service invokes again when it is due). A retryable service error
 * (invalid token, throttling, 5xx) is thrown out of {@code handle} so that the invocation is retried.
 */
package dev.durablehooks.durable.execution;

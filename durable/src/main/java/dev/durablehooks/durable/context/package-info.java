/**
 * The durable context and its replay engine. {@link dev.durablehooks.durable.context.ReplayingContext} gives each
 * durable call the next deterministic operation id, replays stored operations, and checkpoints new ones through
 * {@link dev.durablehooks.durable.context.ExecutionSession} (one call in flight, newest token, an at-least-once
 * step's START sent in the same request as its result).
 */
package dev.durablehooks.durable.context;

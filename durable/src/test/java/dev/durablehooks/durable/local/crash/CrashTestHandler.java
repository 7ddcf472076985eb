package dev.durablehooks.durable.local.crash;

import dev.durablehooks.durable.context.DurableContext;
import dev.durablehooks.durable.execution.DurableHandler;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Three checkpointed steps; each step's side effect is a fsync'd line {@code <run> <execution> <step> <attempt>}.
 * After a step returned (its checkpoint acknowledged) it logs {@code <run> <execution> <step> checkpointed}.
 * Optionally halts the JVM, once, when the first execution reaches {@code haltStep} at {@code haltPhase}.
 */
public final class CrashTestHandler extends DurableHandler<String, String> {
    static final List<String> STEPS = List.of("validate", "process", "finalize");
    static final List<String> PHASES = List.of("before-side-effect", "after-side-effect", "after-checkpoint");

    private final String run;
    private final SideEffectLog log;
    private final String haltStep;
    private final String haltPhase;
    private final long stepSleepMillis;
    private final AtomicBoolean halted = new AtomicBoolean();

    CrashTestHandler(String run, SideEffectLog log, String haltStep, String haltPhase, long stepSleepMillis) {
        this.run = run;
        this.log = log;
        this.haltStep = haltStep;
        this.haltPhase = haltPhase;
        this.stepSleepMillis = stepSleepMillis;
    }

    @Override
    public String handleRequest(String execution, DurableContext ctx) {
        StringBuilder result = new StringBuilder(execution);
        for (String step : STEPS) {
            String value = ctx.step(step, String.class, sc -> {
                maybeHalt(execution, step, "before-side-effect");
                log.append(run + " " + execution + " " + step + " " + sc.getAttempt());
                sleep();
                maybeHalt(execution, step, "after-side-effect");
                return step + "-ok";
            });
            log.append(run + " " + execution + " " + step + " checkpointed");
            maybeHalt(execution, step, "after-checkpoint");
            result.append(':').append(value);
        }
        return result.toString();
    }

    private void sleep() {
        if (stepSleepMillis > 0) {
            try {
                Thread.sleep(stepSleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void maybeHalt(String execution, String step, String phase) {
        if (step.equals(haltStep) && phase.equals(haltPhase) && halted.compareAndSet(false, true)) {
            log.append(run + " " + execution + " " + step + " HALT " + phase);
            Runtime.getRuntime().halt(137);
        }
    }
}

package dev.durablehooks.durable.bench;

import dev.durablehooks.durable.operation.OperationIds;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cost of an operation id, and of checking one, on ids as the engine sees them: a different one each time (the
 * same id checked over and over lets the branch predictor learn its digit/letter pattern and looks 5x cheaper).
 * {@code checkFreshId} minus {@code newId} is the check alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OperationIdsBenchmark {
    private int counter;

    @Benchmark
    public String newId() {
        return OperationIds.of(null, next());
    }

    @Benchmark
    public boolean checkFreshId() {
        return OperationIds.isValid(OperationIds.of(null, next()));
    }

    private int next() {
        counter = (counter + 1) & 1023;
        return counter + 1;
    }
}

package dev.durablehooks.load.service;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessSamplerTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private static ProcessSampler.Sample sample(long millisAfter, long cpuMillis, Long jitMillis) {
        return new ProcessSampler.Sample(T0.plusMillis(millisAfter), Duration.ofMillis(cpuMillis), 1024,
                jitMillis == null ? null : Duration.ofMillis(jitMillis));
    }

    @Test
    void theJitCompilersShareIsReportedAsPartOfTheServiceCpu() {
        ProcessSampler.Usage usage = ProcessSampler.usageOf(List.of(
                sample(0, 10_000, 2_000L), sample(500, 10_700, 2_250L), sample(1_000, 11_500, 2_500L))).orElseThrow();

        assertEquals(150.0, usage.cpuPercent(), 1e-9);
        assertEquals(50.0, usage.jitCpuPercent(), 1e-9);
        assertTrue(usage.describe().startsWith("service CPU 150% avg (of which JIT compilation 50%), 160% peak"),
                usage.describe());
    }

    @Test
    void withoutJitTimesTheDescriptionLeavesTheJitOut() {
        ProcessSampler.Usage usage = ProcessSampler.usageOf(List.of(sample(0, 0, null), sample(1_000, 900, null)))
                .orElseThrow();

        assertTrue(Double.isNaN(usage.jitCpuPercent()));
        assertFalse(usage.describe().contains("JIT"), usage.describe());
    }

    @Test
    void oneSampleIsNoUsage() {
        assertTrue(ProcessSampler.usageOf(List.of(sample(0, 0, 0L))).isEmpty());
    }

    @Test
    void cpuTicksAreReadAfterTheCommandNameEvenWhenItHoldsSpacesAndParentheses() {
        String stat = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 100 0 0 0 7 5 0 0 20 0 1 0 123 0 0";
        assertEquals(12, ProcessSampler.userPlusSystemTicks(stat));
        assertEquals(12, ProcessSampler.userPlusSystemTicks(stat.replace("(C2 CompilerThre)", "(a) (b) c)")));
    }

    /** The names the sampler looks for are the ones this JDK gives its compiler threads. */
    @Test
    void thisJvmsCompilerThreadsAreFoundByName() throws IOException {
        Path tasks = Path.of("/proc/self/task");
        assumeTrue(Files.isDirectory(tasks), "needs Linux /proc");
        List<String> names;
        try (var threads = Files.list(tasks)) {
            names = threads.map(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip();
                } catch (IOException e) {
                    return "";
                }
            }).toList();
        }
        assertTrue(names.stream().anyMatch(n -> n.startsWith("C1 CompilerThre") || n.startsWith("C2 CompilerThre")),
                "thread names: " + names);
        Map<Long, Long> ticks = ProcessSampler.compilerThreadTicks(ProcessHandle.current().pid());
        assertNotNull(ticks);
        assertFalse(ticks.isEmpty(), "thread names: " + names);
        assertTrue(ticks.values().stream().allMatch(t -> t >= 0), ticks.toString());
    }

    /** HotSpot stops idle compiler threads, and /proc forgets them: their time must not drop out of the total. */
    @Test
    void aCompilerThreadThatEndedKeepsCountingWithItsLastSampledTime() {
        Map<Long, Long> seen = new HashMap<>();
        assertEquals(15, ProcessSampler.accumulate(seen, Map.of(1L, 10L, 2L, 5L)));
        assertEquals(18, ProcessSampler.accumulate(seen, Map.of(2L, 7L, 3L, 1L)), "thread 1 ended with 10 ticks");
        assertEquals(Duration.ofMillis(180), ProcessSampler.ticksToDuration(18));
    }
}

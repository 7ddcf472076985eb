package dev.durablehooks.load.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples CPU time and resident memory of one process (the service) twice a second, so that a simulation can report
 * what the service cost during its measured phase. CPU is averaged over the phase from the process's cumulative CPU
 * time (unlike {@code ps %cpu}, which averages over the whole process life); 100% = one core busy.
 *
 * <p>On Linux it also reads the CPU time of the HotSpot JIT compiler threads: a phase measured while the JIT is still
 * compiling shares the cores with it (on two cores, 10 s of warm-up at 1,000/s left a third of the service's CPU
 * to the compiler during the next 10 s), and its latencies are not the steady state's.
 */
public final class ProcessSampler implements AutoCloseable {

    private static final Duration PERIOD = Duration.ofMillis(500);

    /** {@code jitCpuTime}: of {@code cpuTime}, the JIT compiler threads'; null where it cannot be read. */
    public record Sample(Instant at, Duration cpuTime, long rssKib, Duration jitCpuTime) {}

    /** {@code jitCpuPercent}: of {@code cpuPercent}, the JIT compiler's share of one core; NaN where unknown. */
    public record Usage(Instant from, Instant to, double cpuPercent, double peakCpuPercent, long peakRssKib,
                        int samples, double jitCpuPercent) {
        public String describe() {
            String jit = Double.isNaN(jitCpuPercent) ? "" : String.format(java.util.Locale.ROOT,
                    " (of which JIT compilation %.0f%%)", jitCpuPercent);
            return String.format(java.util.Locale.ROOT,
                    "service CPU %.0f%% avg%s, %.0f%% peak (100%% = one core), RSS peak %d MiB, %d samples over %.1f s",
                    cpuPercent, jit, peakCpuPercent, peakRssKib / 1024, samples,
                    Duration.between(from, to).toMillis() / 1000.0);
        }
    }

    private final ProcessHandle process;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    /**
     * Last CPU ticks seen per compiler thread id, kept after the thread is gone: HotSpot stops idle compiler threads,
     * and /proc forgets an ended thread's time, so a sum over the living threads alone could fall between samples.
     * Only the sampling thread touches it.
     */
    private final Map<Long, Long> compilerTicksByThread = new HashMap<>();
    private final ScheduledExecutorService timer;

    private ProcessSampler(ProcessHandle process) {
        this.process = process;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "process-sampler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Empty when the process is unknown or its CPU time cannot be read on this OS. */
    public static Optional<ProcessSampler> start(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || handle.get().info().totalCpuDuration().isEmpty()) {
            return Optional.empty();
        }
        ProcessSampler sampler = new ProcessSampler(handle.get());
        sampler.timer.scheduleAtFixedRate(sampler::sample, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return Optional.of(sampler);
    }

    /** The usage between two instants (for example the first and last request of the measured phase). */
    public Optional<Usage> usageBetween(Instant from, Instant to) {
        List<Sample> window = new ArrayList<>();
        for (Sample sample : samples) {
            if (!sample.at().isBefore(from) && !sample.at().isAfter(to)) {
                window.add(sample);
            }
        }
        return usageOf(window);
    }

    /** The usage over consecutive samples; empty with fewer than two. */
    static Optional<Usage> usageOf(List<Sample> window) {
        if (window.size() < 2) {
            return Optional.empty();
        }
        Sample first = window.getFirst();
        Sample last = window.getLast();
        double peak = 0;
        long peakRss = 0;
        for (int i = 0; i < window.size(); i++) {
            peakRss = Math.max(peakRss, window.get(i).rssKib());
            if (i > 0) {
                peak = Math.max(peak, cpuPercent(window.get(i - 1), window.get(i)));
            }
        }
        double jit = first.jitCpuTime() == null || last.jitCpuTime() == null ? Double.NaN
                : percentOfWall(last.jitCpuTime().minus(first.jitCpuTime()), first, last);
        return Optional.of(new Usage(first.at(), last.at(), cpuPercent(first, last), peak, peakRss, window.size(), jit));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static double cpuPercent(Sample from, Sample to) {
        return percentOfWall(to.cpuTime().minus(from.cpuTime()), from, to);
    }

    private static double percentOfWall(Duration cpu, Sample from, Sample to) {
        long wallNanos = Duration.between(from.at(), to.at()).toNanos();
        return wallNanos <= 0 ? 0 : 100.0 * cpu.toNanos() / wallNanos;
    }

    private void sample() {
        Optional<Duration> cpu = process.info().totalCpuDuration();
        if (cpu.isPresent()) {
            samples.add(new Sample(Instant.now(), cpu.get(), residentKib(process.pid()), jitCpuTime()));
        }
    }

    /** What the compiler threads have used so far, ended ones included; null where there is no /proc. */
    private Duration jitCpuTime() {
        Map<Long, Long> living = compilerThreadTicks(process.pid());
        if (living == null) {
            return null;
        }
        return ticksToDuration(accumulate(compilerTicksByThread, living));
    }

    /** Records the living threads' ticks in {@code seen} and returns the total over every thread seen so far. */
    static long accumulate(Map<Long, Long> seen, Map<Long, Long> living) {
        seen.putAll(living);
        return seen.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * User + system ticks per living thread that HotSpot names "C1 CompilerThreadN" / "C2 CompilerThreadN" (15
     * characters in {@code comm}: "C2 CompilerThre"), by thread id, from /proc; null where there is no /proc.
     */
    static Map<Long, Long> compilerThreadTicks(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return null;
        }
        Map<Long, Long> ticks = new HashMap<>();
        try (var threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                try {
                    String name = Files.readString(thread.resolve("comm")).strip();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        ticks.put(Long.parseLong(thread.getFileName().toString()),
                                userPlusSystemTicks(Files.readString(thread.resolve("stat"))));
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread ended between listing and reading: its last sampled time still counts.
                }
            }
        } catch (IOException e) {
            return null;
        }
        return ticks;
    }

    /** Clock ticks are taken as 1/100 s, the value on every Linux architecture the JDK runs on. */
    static Duration ticksToDuration(long ticks) {
        return Duration.ofMillis(ticks * 10);
    }

    /** Fields 14 and 15 of /proc/.../stat, counted after the parenthesised command name (which may hold spaces). */
    static long userPlusSystemTicks(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[11]) + Long.parseLong(after[12]);
    }

    private static long residentKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or the process just ended: memory is simply not reported.
        }
        return 0;
    }
}

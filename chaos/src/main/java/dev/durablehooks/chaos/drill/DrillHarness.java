package dev.durablehooks.chaos.drill;

import dev.durablehooks.chaos.cli.DrillOptions;
import dev.durablehooks.chaos.downstream.Downstream;
import dev.durablehooks.chaos.invariant.Evidence;
import dev.durablehooks.chaos.invariant.InvariantChecker;
import dev.durablehooks.chaos.invariant.InvariantOutcome;
import dev.durablehooks.chaos.invariant.InvariantReport;
import dev.durablehooks.chaos.observe.ObservationLog;
import dev.durablehooks.chaos.observe.StatusClient;
import dev.durablehooks.chaos.observe.StatusObservation;
import dev.durablehooks.chaos.observe.StatusPoller;
import dev.durablehooks.chaos.process.CrashEvent;
import dev.durablehooks.chaos.process.Restart;
import dev.durablehooks.chaos.process.ServiceSupervisor;
import dev.durablehooks.chaos.process.TimelineEvent;
import dev.durablehooks.chaos.report.DrillResult;
import dev.durablehooks.chaos.report.RecoveryAnalysis;
import dev.durablehooks.chaos.report.RecoveryMeasurement;
import dev.durablehooks.chaos.report.ReportWriter;
import dev.durablehooks.chaos.traffic.Acceptance;
import dev.durablehooks.chaos.traffic.Send;
import dev.durablehooks.chaos.traffic.Signer;
import dev.durablehooks.chaos.traffic.TrafficLog;
import dev.durablehooks.chaos.traffic.WebhookSender;
import dev.durablehooks.launcher.ServiceLauncher;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What every drill needs around the service: the downstream, the supervised child process (local drills), the
 * senders, the status poller, the progress line, and at the end the final read, the invariant check, the report and
 * the RESULT line. Drills only decide when to send, kill, restart or break the downstream.
 */
final class DrillHarness implements AutoCloseable {
    private final DrillOptions options;
    private final PrintStream out;
    private final long startedAt = System.currentTimeMillis();
    private final long deadline;
    private final SplittableRandom random;
    private final Optional<Downstream> downstream;
    private final Optional<ServiceSupervisor> supervisor;
    private final Optional<Path> dataDir;
    private final URI baseUri;
    private final HttpClient http;
    private final TrafficLog traffic;
    private final ObservationLog observations = new ObservationLog();
    private final StatusPoller poller;
    private final Progress progress;
    private final Optional<Signer> signer;
    private final List<TimelineEvent> notes = new ArrayList<>();
    private boolean passed;

    private DrillHarness(DrillOptions options, PrintStream out, Optional<Downstream> downstream,
                         Optional<ServiceSupervisor> supervisor, Optional<Path> dataDir, URI baseUri) {
        this.options = options;
        this.out = out;
        this.deadline = startedAt + options.timeoutSeconds() * 1000L;
        this.random = new SplittableRandom(options.seed());
        this.downstream = downstream;
        this.supervisor = supervisor;
        this.dataDir = dataDir;
        this.baseUri = baseUri;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3)).build();
        this.traffic = new TrafficLog(observations::watch);
        this.signer = options.secret().map(Signer::new);
        this.poller = new StatusPoller(new StatusClient(http, baseUri), observations, traffic,
                options.pollIntervalMillis(), 16);
        this.progress = new Progress(out, options.progress(), this::progressLine);
    }

    /**
     * A harness around a local child service with its own temp data dir, a fixed loopback port (so restarts keep the
     * base URL), the drill's downstream as FORWARD_URL, and {@code serviceEnvironment} on top of the defaults.
     * With {@code chaosSeeds}, every (re)start gets a fresh CHAOS_SEED drawn from the drill's seed.
     */
    static DrillHarness local(DrillOptions options, PrintStream out, Map<String, String> serviceEnvironment,
                              boolean chaosSeeds) {
        Downstream downstream = new Downstream();
        try {
            Path dataDir = Files.createTempDirectory("chaos-data-");
            Files.createDirectories(options.out());
            int port = freePort();
            Map<String, String> env = new HashMap<>();
            env.put("FORWARD_URL", downstream.forwardUrl().toString());
            env.put("FORWARD_RETRY_INITIAL_SECONDS", "1");
            env.put("FORWARD_RETRY_MAX_SECONDS", "2");
            env.put("ENVIRONMENT", "chaos-drill");
            options.secret().ifPresent(s -> env.put("WEBHOOK_SECRET", s));
            env.putAll(serviceEnvironment);
            SplittableRandom seeds = new SplittableRandom(options.seed() ^ 0x5eedL);
            ServiceLauncher launcher = ServiceLauncher.builder()
                    .jar(options.serviceJar())
                    .jvmArgs(options.javaOptions())
                    .port(port)
                    .bindAddress("127.0.0.1")
                    .dataDir(dataDir)
                    .environment(env)
                    .logFile(options.out().resolve("service.log"))
                    .startupTimeout(Duration.ofSeconds(90))
                    .stopTimeout(Duration.ofSeconds(15))
                    .build();
            boolean forwardOverridden = serviceEnvironment.containsKey("FORWARD_URL");
            ServiceSupervisor supervisor = new ServiceSupervisor(launcher, run -> {
                Map<String, String> perRun = new HashMap<>();
                if (!forwardOverridden) {
                    perRun.put("FORWARD_URL", downstream.forwardUrl(run).toString());
                }
                if (chaosSeeds) {
                    perRun.put("CHAOS_SEED", Long.toString(seeds.nextLong()));
                }
                return perRun;
            });
            return new DrillHarness(options, out, Optional.of(downstream), Optional.of(supervisor),
                    Optional.of(dataDir), URI.create("http://127.0.0.1:" + port));
        } catch (IOException | RuntimeException e) {
            downstream.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** A harness that only sends and observes, against a deployment. */
    static DrillHarness remote(DrillOptions options, PrintStream out) {
        try {
            Files.createDirectories(options.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DrillHarness(options, out, Optional.empty(), Optional.empty(), Optional.empty(),
                options.baseUrl().orElseThrow());
    }

    DrillOptions options() {
        return options;
    }

    SplittableRandom random() {
        return random;
    }

    long deadline() {
        return deadline;
    }

    long startedAt() {
        return startedAt;
    }

    ServiceSupervisor supervisor() {
        return supervisor.orElseThrow(() -> new IllegalStateException("no local service in this drill"));
    }

    Downstream downstream() {
        return downstream.orElseThrow(() -> new IllegalStateException("no downstream in this drill"));
    }

    TrafficLog traffic() {
        return traffic;
    }

    ObservationLog observations() {
        return observations;
    }

    /** Starts observing (and, locally, the service); call once before sending. */
    void begin() {
        supervisor.ifPresent(s -> {
            message("starting the service (" + options.serviceJar() + ") on " + baseUri);
            s.start();
        });
        poller.start();
    }

    /** Starts observing only; the drill starts the service itself (with its own environment). */
    void beginObserving() {
        poller.start();
    }

    void message(String text) {
        progress.message(text);
    }

    void note(TimelineEvent.Kind kind, String detail) {
        TimelineEvent event = new TimelineEvent(System.currentTimeMillis(), kind, detail);
        if (supervisor.isPresent()) {
            supervisor.get().note(event);
        } else {
            synchronized (notes) {
                notes.add(event);
            }
        }
    }

    /** Sends in the background at {@code rate} per second; racing duplicates go out together. */
    CompletableFuture<Void> sendAsync(List<Send> sends, double rate) {
        WebhookSender sender = new WebhookSender(http, baseUri, signer, traffic, deadline);
        return CompletableFuture.runAsync(() -> {
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                long begin = System.nanoTime();
                for (int i = 0; i < sends.size(); i++) {
                    long due = begin + (long) (i * 1_000_000_000L / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (System.currentTimeMillis() > deadline) {
                        break;
                    }
                    Send send = sends.get(i);
                    for (int copy = 0; copy < send.copies(); copy++) {
                        senders.submit(() -> sender.send(send.delivery()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Waits until every token accepted so far (and any still to come from {@code sending}) is terminal. */
    boolean awaitAllTerminal(CompletableFuture<?> sending) {
        while (System.currentTimeMillis() < deadline) {
            if (sending.isDone() && observations.openTokens().isEmpty()) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    /** Waits until these tokens are terminal, or the deadline. */
    boolean awaitTerminal(Collection<String> tokens, long until) {
        while (System.currentTimeMillis() < Math.min(until, deadline)) {
            List<String> open = observations.openTokens();
            if (tokens.stream().noneMatch(open::contains)) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    List<String> acceptedTokens() {
        return traffic.acceptances().stream().map(Acceptance::token).distinct().toList();
    }

    long kills() {
        return supervisor.map(s -> s.count(CrashEvent.Kind.KILL) + s.count(CrashEvent.Kind.HALT)).orElse(0L);
    }

    private String progressLine() {
        return Progress.format(options.drill().cliName(), System.currentTimeMillis() - startedAt, traffic.sentCount(),
                traffic.acknowledgedCount(), observations.terminalCount(), observations.watchedCount(), kills(),
                supervisor.map(ServiceSupervisor::restartCount).orElse(0));
    }

    /**
     * The end of every drill: final read of every token (the service must be up), the downstream journal, the
     * invariant check plus {@code drillChecks}, recovery figures, report files and the RESULT line.
     */
    DrillResult finish(List<InvariantOutcome> drillChecks, Map<String, Object> drillParameters) throws IOException {
        poller.stop();
        try {
            poller.pollOnce(observations.allTokens());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        progress.close();
        Map<String, List<StatusObservation>> seen = observations.snapshot();
        List<Acceptance> acceptances = traffic.acceptances();
        List<CrashEvent> crashes = supervisor.map(ServiceSupervisor::crashes).orElse(List.of());
        List<Long> spawns = supervisor.map(s -> s.restarts().stream().map(Restart::spawnedAtMillis).toList())
                .orElse(List.of());
        Evidence evidence = new Evidence(acceptances, seen, downstream.isPresent(),
                downstream.map(Downstream::journal).orElse(List.of()), crashes, spawns, traffic.anomalies());
        InvariantReport report = new InvariantChecker(downstream.isPresent()).check(evidence);
        int executions = (int) acceptances.stream().map(Acceptance::token).distinct().count();
        report = report.with(InvariantOutcome.of("exercised", "The drill exercised the service",
                "at least one execution was accepted", executions == 0
                        ? List.of("no webhook was accepted: the drill proves nothing") : List.of()));
        for (InvariantOutcome check : drillChecks) {
            report = report.with(check);
        }
        List<RecoveryMeasurement> recovery = supervisor
                .map(s -> RecoveryAnalysis.measure(s.restarts(), acceptances, seen)).orElse(List.of());
        List<Long> completions = new ArrayList<>(RecoveryAnalysis.terminalTimes(seen).values());

        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("sent", (long) traffic.sentCount());
        counts.put("acknowledged", (long) traffic.acknowledgedCount());
        counts.put("accepted_202", (long) acceptances.size());
        counts.put("rejected_as_expected", (long) traffic.rejectedAsExpectedCount());
        counts.put("unkeyed_ambiguous_not_retried", (long) traffic.ambiguousCount());
        counts.put("transport_retries", (long) traffic.transportRetryCount());
        counts.put("terminal", (long) observations.terminalCount());
        counts.put("forwards_received", (long) evidence.forwards().size());
        counts.put("kill9", supervisor.map(s -> s.count(CrashEvent.Kind.KILL)).orElse(0L));
        counts.put("halts", supervisor.map(s -> s.count(CrashEvent.Kind.HALT)).orElse(0L));

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("drill", options.drill().cliName());
        parameters.put("executions", options.executions());
        parameters.put("rate", options.rate());
        parameters.put("seed", options.seed());
        parameters.put("timeoutSeconds", options.timeoutSeconds());
        parameters.put("signed", options.secret().isPresent());
        parameters.put("baseUrl", baseUri.toString());
        parameters.put("serviceJar", supervisor.isPresent() ? options.serviceJar().toString() : "n/a (remote)");
        parameters.put("javaVersion", System.getProperty("java.version"));
        parameters.put("cpus", Runtime.getRuntime().availableProcessors());
        parameters.putAll(drillParameters);

        List<TimelineEvent> timeline = new ArrayList<>(supervisor.map(ServiceSupervisor::timeline).orElse(List.of()));
        synchronized (notes) {
            timeline.addAll(notes);
        }
        timeline.sort(Comparator.comparingLong(TimelineEvent::atMillis));
        DrillResult result = new DrillResult(options.drill().cliName(), options.seed(), startedAt,
                System.currentTimeMillis(), parameters, counts, executions, (int) kills(),
                supervisor.map(ServiceSupervisor::restartCount).orElse(0), report, recovery, timeline, completions);
        // STOP events are in the evidence (a stop may cut a step short) but are not kills
        ReportWriter.write(result, options.out());
        ReportWriter.writeEvidence(evidence, options.out());
        passed = result.passed();
        for (RecoveryMeasurement m : recovery) {
            out.printf(java.util.Locale.ROOT, "recovery run %d: in flight %d, restart->listening %d ms, "
                            + "->first resumed step %d ms, ->all in-flight terminal %d ms%n", m.run(), m.inFlight(),
                    m.restartToListeningMillis(), m.restartToFirstResumedStepMillis(),
                    m.restartToAllInFlightTerminalMillis());
        }
        for (InvariantOutcome o : report.outcomes()) {
            if (!o.holds()) {
                out.println("VIOLATED " + o.id() + " (" + o.violations() + "): "
                        + String.join("; ", o.examples().subList(0, Math.min(5, o.examples().size()))));
            }
        }
        out.println("report: " + options.out().toAbsolutePath().resolve("report.html"));
        out.println(result.resultLine());
        return result;
    }

    @Override
    public void close() {
        poller.close();
        progress.close();
        supervisor.ifPresent(ServiceSupervisor::close);
        downstream.ifPresent(Downstream::close);
        if (passed) {
            dataDir.ifPresent(DrillHarness::deleteQuietly);
        } else {
            dataDir.ifPresent(d -> out.println("service data kept for inspection: " + d));
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            sleep(wait);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temp dir
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}

package dev.durablehooks.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.durablehooks.durable.local.LocalDurableService;
import dev.durablehooks.durable.local.sqlite.SqliteDatabase;
import dev.durablehooks.durable.local.sqlite.SqliteExecutionStore;
import dev.durablehooks.durable.serde.Json;
import dev.durablehooks.service.chaos.FaultInjector;
import dev.durablehooks.service.config.ServiceConfig;
import dev.durablehooks.service.forward.ForwardRetryStrategy;
import dev.durablehooks.service.forward.Forwarder;
import dev.durablehooks.service.http.JsonErrorHandler;
import dev.durablehooks.service.http.Router;
import dev.durablehooks.service.intake.BodyBudget;
import dev.durablehooks.service.intake.IntakeService;
import dev.durablehooks.service.intake.StartReconciler;
import dev.durablehooks.service.intake.Tokens;
import dev.durablehooks.service.metrics.ServiceMetrics;
import dev.durablehooks.service.payload.PayloadParser;
import dev.durablehooks.service.processor.WebhookProcessor;
import dev.durablehooks.service.retention.Sweeper;
import dev.durablehooks.service.signature.SignatureVerifier;
import dev.durablehooks.service.status.ExecutionListService;
import dev.durablehooks.service.status.RedriveService;
import dev.durablehooks.service.status.StatusService;
import dev.durablehooks.service.store.WebhookStore;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole service, wired: the SQLite file, the local durable service running the processor, intake and status
 * behind Jetty on virtual threads, and the background sweeper. {@link #close()} stops it in reverse order.
 */
public final class WebhookService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);
    static final Duration SIGNATURE_TOLERANCE = Duration.ofSeconds(300);
    /** Records younger than this may still be in the middle of their own intake request. */
    static final Duration RECONCILE_GRACE = Duration.ofSeconds(30);

    private final SqliteDatabase db;
    private final LocalDurableService durable;
    private final Server server;
    private final ServerConnector connector;
    private final ScheduledExecutorService background;

    private WebhookService(SqliteDatabase db, LocalDurableService durable, Server server, ServerConnector connector,
                           ScheduledExecutorService background) {
        this.db = db;
        this.durable = durable;
        this.server = server;
        this.connector = connector;
        this.background = background;
    }

    public static WebhookService start(ServiceConfig config, Clock clock) throws Exception {
        ObjectMapper mapper = Json.newMapper();
        FaultInjector faults = FaultInjector.of(config.chaos());
        faults.announce();
        if (!config.signaturesRequired()) {
            log.warn("WEBHOOK_SECRET is empty: unsigned webhooks are accepted. Set it to require signatures.");
        }
        SqliteDatabase db = SqliteDatabase.open(config.databaseFile());
        LocalDurableService durable = null;
        Server server = null;
        ScheduledExecutorService background = null;
        try {
            WebhookStore store = WebhookStore.open(db, clock, config.retention(), config.dedupWindow());
            SqliteExecutionStore executionStore = new SqliteExecutionStore(db);
            ServiceMetrics metrics = new ServiceMetrics();
            var forwarder = config.forwardUrl().map(url -> new Forwarder(
                    Forwarder.newClient(config.forwardTimeout()), url, config.forwardTimeout()));
            WebhookProcessor processor = new WebhookProcessor(store, mapper, clock, version(), forwarder,
                    new ForwardRetryStrategy(config.forwardMaxAttempts(), config.forwardRetryInitial(),
                            config.forwardRetryMax()), faults, metrics);
            durable = LocalDurableService.builder()
                    .store(executionStore)
                    .invoker(processor::handle)
                    // Each counts until its writes are durable, so this bounds the executions' share of the writer
                    // while a burst saturates intake (ConfigLoader's defaults, BENCHMARKS.md).
                    .maxConcurrentInvocations(config.maxConcurrentExecutions())
                    // And by heap: many large payloads at once would otherwise hold more than there is (a parsed
                    // tree, the forward's copy), whatever the count.
                    .maxRunningHeapBytes(config.maxRunningHeapBytes(), PayloadParser.HEAP_PER_PAYLOAD_BYTE)
                    // Checkpoints are acknowledged once queued in the SQLite writer's FIFO; the processor awaits
                    // durability before its only outside effect (the forward), intake before its 202.
                    .acknowledgeCheckpointsWhenQueued(true)
                    .clock(clock)
                    .build();
            durable.start();
            LocalDurableService executions = durable;
            metrics.gauge("webhook.executions.inflight", "Accepted executions not yet finished (the backlog)",
                    executions::inFlight);
            metrics.gauge("webhook.executions.inflight.heap.bytes",
                    "The heap they hold, estimated: ~1.1 KB each plus their inputs (MAX_BACKLOG_BYTES bounds it)",
                    executions::inFlightHeapBytes);
            metrics.gauge("webhook.executions.running.heap.bytes",
                    "The heap running executions hold, estimated (MAX_RUNNING_HEAP_BYTES bounds it)",
                    executions::runningHeapBytes);
            metrics.counter("webhook.store.commits", "SQLite transactions committed (each fsync'd)", db,
                    SqliteDatabase::commits);
            metrics.counter("webhook.store.writes", "Writes committed, over all transactions (÷ commits = group size)",
                    db, SqliteDatabase::committedWorks);
            db.observeCommits((works, nanos) -> metrics.storeCommitted(nanos));
            metrics.gauge("webhook.store.size.bytes", "The SQLite file's size in bytes, the WAL not counted", db::sizeBytes);
            metrics.statusCounts(dev.durablehooks.service.store.WebhookStatus.class, store::countByStatus);
            StartReconciler reconciler = new StartReconciler(store, executions, clock,
                    new dev.durablehooks.service.processor.CompletionFromResult(processor, mapper));
            // Everything accepted before this process listens is the previous process's; the first pass over it
            // runs in the background once intake is open (after a crash during a burst it reads 100,000s of records).
            Instant acceptedByPreviousProcess = clock.instant();

            BodyBudget bodies = new BodyBudget(config.maxIntakeBytes());
            metrics.gauge("webhook.intake.body.bytes",
                    "Bytes of request bodies being received and checked (MAX_INTAKE_BYTES bounds them)", bodies::inUse);
            IntakeService intake = new IntakeService(config.maxBodyBytes(), config.maxBacklog(), config.maxBacklogBytes(),
                    bodies, new SignatureVerifier(config.secrets(), clock, SIGNATURE_TOLERANCE),
                    new PayloadParser(mapper), store, executions, mapper, new Tokens(clock), metrics);
            Router router = new Router(intake, new StatusService(store, executions, mapper),
                    new ExecutionListService(store, mapper), new RedriveService(store, executions, mapper), metrics,
                    store::reachable, mapper);

            QueuedThreadPool threads = new QueuedThreadPool();
            threads.setName("http");
            threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("http-request"));
            server = new Server(threads);
            server.setErrorHandler(new JsonErrorHandler(mapper));
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendDateHeader(false);
            // No per-connection header cache: building it costs a large trie per connection, and webhook senders
            // often open a connection per delivery (it was 7% of the bytes allocated per webhook under Gatling).
            http.setHeaderCacheSize(0);
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(config.bindAddress());
            connector.setPort(config.port());
            connector.setAcceptQueueSize(4096);
            server.addConnector(connector);
            server.setHandler(router);
            server.start();

            Sweeper sweeper = new Sweeper(store, executionStore, clock, config.retention());
            background = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("retention-sweeper").daemon(true).factory());
            background.execute(() -> {
                try {
                    reconciler.reconcileAcceptedUpTo(acceptedByPreviousProcess);
                } catch (RuntimeException e) {
                    log.warn("Startup reconciliation failed (the periodic one will retry): {}", e.toString());
                }
            });
            long every = config.sweepInterval().toMillis();
            background.scheduleWithFixedDelay(() -> {
                try {
                    sweeper.sweepOnce();
                    reconciler.reconcile(RECONCILE_GRACE);
                } catch (RuntimeException e) {
                    log.warn("Background sweep failed (will retry): {}", e.toString());
                }
            }, every, every, TimeUnit.MILLISECONDS);
            return new WebhookService(db, durable, server, connector, background);
        } catch (Exception | Error e) {
            if (background != null) {
                background.shutdownNow();
            }
            if (server != null) {
                try {
                    server.stop();
                } catch (Exception stopFailed) {
                    e.addSuppressed(stopFailed);
                }
            }
            if (durable != null) {
                durable.close();
            }
            db.close();
            throw e;
        }
    }

    public String host() {
        return connector.getHost();
    }

    /** The port actually bound (the OS's choice when configured as 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public String baseUrl() {
        String host = host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Stops accepting requests, then the background work and the durable service, then closes the file. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        background.shutdownNow();
        durable.close();
        db.close();
    }

    static String version() {
        try (InputStream in = WebhookService.class.getResourceAsStream("/webhook-service.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            log.debug("no version resource", e);
        }
        return "dev";
    }
}

package dev.durablehooks.durable.local;

import dev.durablehooks.durable.local.sqlite.SqliteDatabase;
import dev.durablehooks.durable.local.sqlite.SqliteExecutionStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** A SQLite-backed service under test, with its database; closes both. */
final class ServiceFixture implements AutoCloseable {
    final SqliteDatabase db;
    final LocalDurableService service;

    ServiceFixture(Path file, Invoker invoker) {
        this(file, invoker, b -> b);
    }

    ServiceFixture(Path file, Invoker invoker, UnaryOperator<LocalDurableService.Builder> customize) {
        this(file, invoker, store -> store, customize);
    }

    /** {@code wrapStore} may put a test wrapper around the SQLite store the service uses. */
    ServiceFixture(Path file, Invoker invoker, Function<SqliteExecutionStore, ExecutionStore> wrapStore,
                   UnaryOperator<LocalDurableService.Builder> customize) {
        this.db = SqliteDatabase.open(file);
        LocalDurableService.Builder builder = LocalDurableService.builder()
                .store(wrapStore.apply(new SqliteExecutionStore(db)))
                .invoker(invoker)
                .invocationRetryBackoff(Duration.ofMillis(50));
        this.service = customize.apply(builder).build();
        this.service.start();
    }

    @Override
    public void close() {
        service.close();
        db.close();
    }
}

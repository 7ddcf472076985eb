package dev.durablehooks.durable.local.crash;

import dev.durablehooks.durable.local.ExecutionStatus;
import dev.durablehooks.durable.local.LocalDurableService;
import dev.durablehooks.durable.local.sqlite.SqliteDatabase;
import dev.durablehooks.durable.local.sqlite.SqliteExecutionStore;

import java.nio.file.Path;

/**
 * The process that gets killed: starts {@code count} executions of {@link CrashTestHandler} on the database file,
 * prints {@code STARTED} once they are all durably started, and exits 0 when they have all finished (which a
 * halt or a kill is expected to prevent).
 *
 * <p>Arguments: database file, side-effect log, count, halt step (or "none"), halt phase (or "none"), step sleep ms,
 * max concurrent invocations.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        SideEffectLog log = new SideEffectLog(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        CrashTestHandler handler = new CrashTestHandler("run1", log, args[3], args[4], Long.parseLong(args[5]));
        SqliteDatabase database = SqliteDatabase.open(db);
        LocalDurableService service = LocalDurableService.builder()
                .store(new SqliteExecutionStore(database))
                .invoker(handler::handle)
                .maxConcurrentInvocations(Integer.parseInt(args[6]))
                .build();
        for (int i = 0; i < count; i++) {
            String name = "exec-" + i;
            service.start(name, "\"" + name + "\"");
        }
        System.out.println("STARTED");
        System.out.flush();
        service.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean allDone = true;
            for (int i = 0; i < count && allDone; i++) {
                allDone = service.describe("exec-" + i).map(v -> v.status() != ExecutionStatus.RUNNING).orElse(false);
            }
            if (allDone) {
                System.out.println("ALL DONE");
                System.exit(0);
            }
            Thread.sleep(20);
        }
        System.exit(2);
    }
}

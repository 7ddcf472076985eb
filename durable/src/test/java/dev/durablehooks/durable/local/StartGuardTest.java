package dev.durablehooks.durable.local;

import dev.durablehooks.durable.local.sqlite.SqlStartGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LocalDurableService#startIfAdmitted}: the host's condition and changes share the creating transaction. */
class StartGuardTest {
    @TempDir
    Path dir;

    private final ManualInvoker invoker = new ManualInvoker();
    private ServiceFixture fixture;

    @BeforeEach
    void open() {
        fixture = new ServiceFixture(dir.resolve("engine.db"), invoker);
        fixture.db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE claims (name TEXT PRIMARY KEY)");
            }
            return null;
        }).join();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Admits when it could insert the claim; refuses (changing nothing) when the claim was taken before. */
    private static SqlStartGuard claim(String name) {
        return c -> {
            PreparedStatement insert = c.prepareStatement("INSERT INTO claims(name) VALUES (?) ON CONFLICT DO NOTHING");
            try (insert) {
                insert.setString(1, name);
                return insert.executeUpdate() == 1;
            }
        };
    }

    private boolean claimed(String name) {
        return fixture.db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM claims WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Test
    void anAdmittedStartCreatesAndInvokesTheExecutionAndCommitsTheGuardsChanges() {
        Optional<StartResult> started = fixture.service.startIfAdmitted("order-1", "{}", claim("k1"));

        assertTrue(started.isPresent());
        assertTrue(started.get().created());
        assertTrue(claimed("k1"));
        assertTrue(fixture.service.describe("order-1").isPresent());
        assertEquals(started.get().durableExecutionArn(), invoker.next().arn());
    }

    @Test
    void aRefusedStartCreatesNothingAndInvokesNothing() throws InterruptedException {
        fixture.service.startIfAdmitted("order-1", "{}", claim("k1")).orElseThrow();
        invoker.next();

        Optional<StartResult> refused = fixture.service.startIfAdmitted("order-2", "{}", claim("k1"));

        assertTrue(refused.isEmpty());
        assertTrue(fixture.service.describe("order-2").isEmpty());
        invoker.expectNone(200);
    }

    @Test
    void aGuardThatThrowsLeavesNeitherItsChangesNorTheExecution() {
        SqlStartGuard failing = c -> {
            claim("k1").admit(c);
            throw new SQLException("guard broke");
        };

        assertThrows(RuntimeException.class, () -> fixture.service.startIfAdmitted("order-1", "{}", failing));

        assertFalse(claimed("k1"));
        assertTrue(fixture.service.describe("order-1").isEmpty());
    }

    @Test
    void theSqliteStoreRefusesAGuardItCannotRun() {
        StartGuard foreign = new StartGuard() {
        };

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fixture.service.startIfAdmitted("order-1", "{}", foreign));
        assertTrue(e.getMessage().contains("SqlStartGuard"), e.getMessage());
    }
}

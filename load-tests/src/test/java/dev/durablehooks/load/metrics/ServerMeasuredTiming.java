package dev.durablehooks.load.metrics;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.util.Clock;
import io.gatling.core.action.Action;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Puts a duration measured by the service itself (for example accept→COMPLETED from the status record's timestamps)
 * into Gatling's statistics as a pseudo request, so that it appears in the HTML report with percentiles and can carry
 * Gatling assertions like any request. The entry ends "now" on the load generator's clock and starts the measured
 * duration earlier, which keeps it in place on the report's time axis even when the server's clock is skewed.
 *
 * <p>Gatling's Java DSL has no public call for custom timings, so this is a small action on Gatling's Scala core API
 * (the same extension point Gatling's own protocol plugins use).
 */
public final class ServerMeasuredTiming implements ActionBuilder {

    /** One measured duration; KO entries count as failed requests with the message as their error. */
    public record Measurement(long millis, boolean ok, String message) {
        public Measurement {
            if (millis < 0) {
                throw new IllegalArgumentException("A measured duration cannot be negative: " + millis);
            }
            Objects.requireNonNull(message, "message");
        }

        public static Measurement ok(long millis) {
            return new Measurement(millis, true, "");
        }

        public static Measurement failed(long millis, String message) {
            return new Measurement(millis, false, message);
        }
    }

    private final String requestName;
    private final Function<Session, Optional<Measurement>> measure;

    /**
     * @param measure reads the session; empty = nothing to record for this user (for example its POST failed)
     */
    public ServerMeasuredTiming(String requestName, Function<Session, Optional<Measurement>> measure) {
        this.requestName = Objects.requireNonNull(requestName, "requestName");
        this.measure = Objects.requireNonNull(measure, "measure");
    }

    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
        return new io.gatling.core.action.builder.ActionBuilder() {
            @Override
            public Action build(ScenarioContext context, Action next) {
                return new RecordAction(requestName, measure, context.coreComponents().statsEngine(),
                        context.coreComponents().clock(), next);
            }
        };
    }

    private static final class RecordAction implements Action {

        private final String requestName;
        private final Function<Session, Optional<Measurement>> measure;
        private final StatsEngine statsEngine;
        private final Clock clock;
        private final Action next;
        private com.typesafe.scalalogging.Logger logger =
                com.typesafe.scalalogging.Logger$.MODULE$.apply(ServerMeasuredTiming.class);

        RecordAction(String requestName, Function<Session, Optional<Measurement>> measure, StatsEngine statsEngine,
                     Clock clock, Action next) {
            this.requestName = requestName;
            this.measure = measure;
            this.statsEngine = statsEngine;
            this.clock = clock;
            this.next = next;
        }

        @Override
        public String name() {
            return "record " + requestName;
        }

        @Override
        public void execute(io.gatling.core.session.Session session) {
            Optional<Measurement> measured = measure.apply(new Session(session));
            if (measured.isEmpty()) {
                next.$bang(session);
                return;
            }
            Measurement measurement = measured.get();
            long end = clock.nowMillis();
            statsEngine.logResponse(session.scenario(), session.groups(), requestName, end - measurement.millis(), end,
                    measurement.ok() ? OK$.MODULE$ : KO$.MODULE$, scala.Option.empty(),
                    measurement.ok() ? scala.Option.empty() : scala.Option.apply(measurement.message()));
            next.$bang(measurement.ok() ? session : session.markAsFailed());
        }

        @Override
        public com.typesafe.scalalogging.Logger logger() {
            return logger;
        }

        @Override
        public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(com.typesafe.scalalogging.Logger value) {
            this.logger = value;
        }
    }
}

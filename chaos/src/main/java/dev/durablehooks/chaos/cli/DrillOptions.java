package dev.durablehooks.chaos.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one drill run, validated. Every option has a default (shown by {@code --help}); options that do not
 * apply to the chosen drill are refused rather than silently ignored.
 */
public record DrillOptions(DrillName drill, Path serviceJar, int executions, double rate, int kills, long seed,
                           Path out, int timeoutSeconds, Optional<String> secret, List<String> javaOptions,
                           int pollIntervalMillis, List<String> steps, List<String> phases, double probability,
                           int maxHaltsPerRound, String outageMode, int outageSeconds, int outageAfterSeconds,
                           int downstreamDelayMillis, Optional<URI> baseUrl, boolean progress) {

    public static final List<String> ALL_STEPS = List.of("validate", "process", "finalize");
    public static final List<String> ALL_PHASES = List.of("before-side-effect", "after-side-effect", "after-checkpoint");
    public static final String DEFAULT_SECRET = "whsec_Y2hhb3MtZHJpbGwtc2VjcmV0LWtleS0wMTIzNDU2Nzg5";

    public DrillOptions {
        Objects.requireNonNull(drill, "drill");
        steps = List.copyOf(steps);
        phases = List.copyOf(phases);
        javaOptions = List.copyOf(javaOptions);
    }

    private record Option(String name, String value, String help, Set<DrillName> drills) {
    }

    private static final Set<DrillName> LOCAL = Set.of(DrillName.KILL_LOOP, DrillName.STEP_FAULTS,
            DrillName.DOWNSTREAM_OUTAGE, DrillName.RECOVERY);
    private static final Set<DrillName> ALL = Set.of(DrillName.values());

    private static final List<Option> OPTIONS = List.of(
            new Option("--service-jar", "PATH", "service jar to run as a child process (default service/target/webhook-service.jar)", LOCAL),
            new Option("--executions", "N", "webhooks to send (default: kill-loop 1000, step-faults 12 per step x phase, "
                    + "downstream-outage 300, recovery 1000, remote 200)", ALL),
            new Option("--rate", "R", "sends per second (default 200; recovery 1000)", ALL),
            new Option("--kills", "K", "kill -9 count (default: kill-loop 5, downstream-outage 0)",
                    Set.of(DrillName.KILL_LOOP, DrillName.DOWNSTREAM_OUTAGE)),
            new Option("--seed", "S", "seed for traffic, kill times and CHAOS_SEEDs (default: random, printed)", ALL),
            new Option("--out", "DIR", "report directory (default chaos-report/<drill>-<time>)", ALL),
            new Option("--timeout", "SECONDS", "give up waiting for terminal statuses after this long (default 300)", ALL),
            new Option("--secret", "SECRET", "WEBHOOK_SECRET for the service and the signers; 'none' = unsigned "
                    + "(default: a fixed whsec_ test secret locally, none for remote)", ALL),
            new Option("--java-opts", "\"OPTS\"", "JVM options for the service (default \"-Xmx512m\")", LOCAL),
            new Option("--poll-interval-ms", "MS", "minimum time between status polling rounds (default 250)", ALL),
            new Option("--steps", "LIST", "steps to fault, comma-separated (default validate,process,finalize)", Set.of(DrillName.STEP_FAULTS)),
            new Option("--phases", "LIST", "phases to fault (default before-side-effect,after-side-effect,after-checkpoint)", Set.of(DrillName.STEP_FAULTS)),
            new Option("--probability", "P", "halt probability per pass of the fault point (default 0.3)", Set.of(DrillName.STEP_FAULTS)),
            new Option("--max-halts-per-round", "N", "after this many halts in one step x phase round, drain it "
                    + "without faults (default 8)", Set.of(DrillName.STEP_FAULTS)),
            new Option("--outage-mode", "503|hang", "how the downstream fails (default 503)", Set.of(DrillName.DOWNSTREAM_OUTAGE)),
            new Option("--outage-seconds", "SECONDS", "how long the downstream fails (default 6)", Set.of(DrillName.DOWNSTREAM_OUTAGE)),
            new Option("--outage-after-seconds", "SECONDS", "when the outage starts, after sending began (default 1)", Set.of(DrillName.DOWNSTREAM_OUTAGE)),
            new Option("--downstream-delay-ms", "MS", "how long the downstream holds each forward before the kill "
                    + "(default 20000)", Set.of(DrillName.RECOVERY)),
            new Option("--base-url", "URL", "deployment to drill (required)", Set.of(DrillName.REMOTE)),
            new Option("--no-progress", "", "no live progress line", ALL));

    public static String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: java -jar chaos/target/chaos.jar <drill> [options]
                       java -jar chaos/target/chaos.jar <drill> --help

                Drills:
                """);
        for (DrillName d : DrillName.values()) {
            text.append(String.format(Locale.ROOT, "  %-18s %s%n", d.cliName(), d.summary()));
        }
        text.append("""

                Every drill ends with one line
                  RESULT drill=<name> executions=<n> kills=<k> lost=<n> regressions=<n> reruns_after_checkpoint=<n> duplicate_executions=<n> verdict=PASS|FAIL
                writes report.json and report.html to --out, and exits 0 on PASS, 1 on FAIL, 2 on a usage error,
                3 when the drill itself could not run.
                """);
        return text.toString();
    }

    public static String usage(DrillName drill) {
        StringBuilder text = new StringBuilder("Usage: java -jar chaos/target/chaos.jar " + drill.cliName()
                + " [options]\n\n" + drill.summary() + "\n\nOptions:\n");
        for (Option o : OPTIONS) {
            if (o.drills.contains(drill)) {
                text.append(String.format(Locale.ROOT, "  %-34s %s%n", o.name + (o.value.isEmpty() ? "" : " " + o.value), o.help));
            }
        }
        text.append(String.format(Locale.ROOT, "  %-34s %s%n", "--help", "this text"));
        return text.toString();
    }

    /** @return empty when {@code --help} was asked for */
    public static Optional<DrillOptions> parse(DrillName drill, List<String> args) throws UsageException {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                return Optional.empty();
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            String optionName = name;
            Option option = OPTIONS.stream().filter(o -> o.name.equals(optionName)).findFirst()
                    .orElseThrow(() -> new UsageException("unknown option '" + arg + "' (see: " + drill.cliName() + " --help)"));
            if (!option.drills.contains(drill)) {
                throw new UsageException("option " + name + " does not apply to " + drill.cliName()
                        + " (see: " + drill.cliName() + " --help)");
            }
            if (!option.value.isEmpty() && value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("option " + name + " needs a value: " + name + " " + option.value);
                }
                value = args.get(++i);
            }
            if (given.put(name, value == null ? "" : value) != null) {
                throw new UsageException("option " + name + " given twice");
            }
        }
        return Optional.of(build(drill, given));
    }

    private static DrillOptions build(DrillName drill, Map<String, String> given) throws UsageException {
        boolean remote = drill == DrillName.REMOTE;
        int defaultExecutions = switch (drill) {
            case KILL_LOOP, RECOVERY -> 1000;
            case STEP_FAULTS -> 12;
            case DOWNSTREAM_OUTAGE -> 300;
            case REMOTE -> 200;
        };
        int executions = intOption(given, "--executions", defaultExecutions, 1, 1_000_000);
        double rate = doubleOption(given, "--rate", drill == DrillName.RECOVERY ? 1000 : 200, 0.1, 100_000);
        int kills = intOption(given, "--kills", drill == DrillName.KILL_LOOP ? 5 : 0, 0, 1000);
        long seed = given.containsKey("--seed") ? longOption(given, "--seed") : new java.util.Random().nextLong();
        Path out = given.containsKey("--out") ? Path.of(given.get("--out")) : Path.of("chaos-report",
                drill.cliName() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        int timeout = intOption(given, "--timeout", 300, 5, 86_400);
        String secretText = given.getOrDefault("--secret", remote ? "none" : DEFAULT_SECRET);
        Optional<String> secret = secretText.isEmpty() || secretText.equals("none") ? Optional.empty() : Optional.of(secretText);
        List<String> javaOptions = Arrays.stream(given.getOrDefault("--java-opts", "-Xmx512m").trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
        int pollInterval = intOption(given, "--poll-interval-ms", 250, 10, 60_000);
        List<String> steps = listOption(given, "--steps", ALL_STEPS);
        List<String> phases = listOption(given, "--phases", ALL_PHASES);
        double probability = doubleOption(given, "--probability", 0.3, 0.0, 1.0);
        if (drill == DrillName.STEP_FAULTS && probability == 0.0) {
            throw new UsageException("--probability must be above 0 for step-faults: at 0 nothing would ever halt");
        }
        int maxHalts = intOption(given, "--max-halts-per-round", 8, 1, 10_000);
        String outageMode = given.getOrDefault("--outage-mode", "503");
        if (!outageMode.equals("503") && !outageMode.equals("hang")) {
            throw new UsageException("--outage-mode must be 503 or hang, got '" + outageMode + "'");
        }
        int outageSeconds = intOption(given, "--outage-seconds", 6, 1, 3600);
        int outageAfter = intOption(given, "--outage-after-seconds", 1, 0, 3600);
        int delay = intOption(given, "--downstream-delay-ms", 20_000, 100, 600_000);
        Optional<URI> baseUrl = Optional.empty();
        if (given.containsKey("--base-url")) {
            baseUrl = Optional.of(uriOption(given.get("--base-url")));
        } else if (remote) {
            throw new UsageException("remote needs --base-url URL (for example https://abc.execute-api.eu-west-1.amazonaws.com/prod)");
        }
        Path jar = Path.of(given.getOrDefault("--service-jar", "service/target/webhook-service.jar"));
        return new DrillOptions(drill, jar, executions, rate, kills, seed, out, timeout, secret, javaOptions,
                pollInterval, steps, phases, probability, maxHalts, outageMode, outageSeconds, outageAfter, delay,
                baseUrl, !given.containsKey("--no-progress"));
    }

    private static int intOption(Map<String, String> given, String name, int fallback, int min, int max)
            throws UsageException {
        if (!given.containsKey(name)) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(given.get(name).trim());
            if (value < min || value > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " expects a whole number, got '" + given.get(name) + "'");
        }
    }

    private static long longOption(Map<String, String> given, String name) throws UsageException {
        try {
            return Long.parseLong(given.get(name).trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " expects a whole number, got '" + given.get(name) + "'");
        }
    }

    private static double doubleOption(Map<String, String> given, String name, double fallback, double min, double max)
            throws UsageException {
        if (!given.containsKey(name)) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(given.get(name).trim());
            if (!(value >= min && value <= max)) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", got " + given.get(name));
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " expects a number, got '" + given.get(name) + "'");
        }
    }

    private static List<String> listOption(Map<String, String> given, String name, List<String> allowed)
            throws UsageException {
        if (!given.containsKey(name)) {
            return allowed;
        }
        List<String> values = new ArrayList<>();
        for (String part : given.get(name).split(",")) {
            String value = part.trim();
            if (!allowed.contains(value)) {
                throw new UsageException(name + ": '" + value + "' is not one of " + String.join(", ", allowed));
            }
            if (!values.contains(value)) {
                values.add(value);
            }
        }
        return values;
    }

    private static URI uriOption(String text) throws UsageException {
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new UsageException("--base-url must be an http(s) URL, got '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--base-url is not a URL: " + e.getMessage());
        }
    }
}

package dev.durablehooks.chaos.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.durablehooks.chaos.invariant.InvariantOutcome;
import dev.durablehooks.chaos.process.TimelineEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code report.json} and a self-contained {@code report.html} (inline CSS and SVG, no external assets). */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static void write(DrillResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), JSON.writeValueAsString(json(result)), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(result), StandardCharsets.UTF_8);
    }

    /** The raw evidence ({@code evidence.json}: acceptances, every status answer, journal, crashes), for digging. */
    public static void writeEvidence(dev.durablehooks.chaos.invariant.Evidence evidence, Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("evidence.json").toFile(), evidence);
    }

    static ObjectNode json(DrillResult r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("drill", r.drill());
        root.put("verdict", r.invariants().verdict());
        root.put("result", r.resultLine());
        root.put("seed", r.seed());
        root.put("startedAt", Instant.ofEpochMilli(r.startedAtMillis()).toString());
        root.put("finishedAt", Instant.ofEpochMilli(r.finishedAtMillis()).toString());
        root.put("durationMillis", r.finishedAtMillis() - r.startedAtMillis());
        root.set("parameters", JSON.valueToTree(r.parameters()));
        ObjectNode counts = root.putObject("counts");
        counts.put("executions", r.executions());
        counts.put("kills", r.kills());
        counts.put("restarts", r.restarts());
        r.traffic().forEach(counts::put);
        ArrayNode invariants = root.putArray("invariants");
        for (InvariantOutcome o : r.invariants().outcomes()) {
            invariants.add(JSON.valueToTree(o));
        }
        root.set("recovery", JSON.valueToTree(r.recovery()));
        ArrayNode timeline = root.putArray("timeline");
        for (TimelineEvent e : r.timeline()) {
            ObjectNode event = timeline.addObject();
            event.put("at", Instant.ofEpochMilli(e.atMillis()).toString());
            event.put("offsetMillis", e.atMillis() - r.startedAtMillis());
            event.put("kind", e.kind().name());
            event.put("detail", e.detail());
        }
        ArrayNode completions = root.putArray("completionOffsetsMillis");
        r.completionTimes().stream().sorted().forEach(t -> completions.add(t - r.startedAtMillis()));
        return root;
    }

    static String html(DrillResult r) {
        boolean pass = r.passed();
        StringBuilder h = new StringBuilder(32_768);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>chaos ")
                .append(esc(r.drill())).append(" ").append(r.invariants().verdict()).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d2330;max-width:1100px}")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px}")
                .append("table{border-collapse:collapse;width:100%;margin:8px 0}")
                .append("td,th{border:1px solid #d6d9e0;padding:4px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#f1f3f7}.pass{color:#0a7a2f;font-weight:600}.fail{color:#b3121f;font-weight:600}")
                .append(".na{color:#777}code{background:#f1f3f7;padding:1px 4px;border-radius:3px}")
                .append(".verdict{display:inline-block;padding:4px 12px;border-radius:4px;color:#fff;background:")
                .append(pass ? "#0a7a2f" : "#b3121f").append("}small{color:#555}")
                .append("</style></head><body>");
        h.append("<h1>Chaos drill <code>").append(esc(r.drill())).append("</code> <span class=\"verdict\">")
                .append(r.invariants().verdict()).append("</span></h1>");
        h.append("<p><code>").append(esc(r.resultLine())).append("</code></p>");
        h.append("<p><small>").append(Instant.ofEpochMilli(r.startedAtMillis())).append(" to ")
                .append(Instant.ofEpochMilli(r.finishedAtMillis())).append(", seed ").append(r.seed())
                .append("</small></p>");

        h.append("<h2>Invariants</h2><table><tr><th>Invariant</th><th>Verdict</th><th>Violations</th>")
                .append("<th>How it is measured</th><th>Examples</th></tr>");
        for (InvariantOutcome o : r.invariants().outcomes()) {
            String cls = !o.measured() ? "na" : o.holds() ? "pass" : "fail";
            String verdict = !o.measured() ? "not measured" : o.holds() ? "holds" : "VIOLATED";
            h.append("<tr><td>").append(esc(o.title())).append("<br><small>").append(esc(o.id())).append("</small></td>")
                    .append("<td class=\"").append(cls).append("\">").append(verdict).append("</td><td>")
                    .append(o.violations()).append("</td><td><small>").append(esc(o.method())).append("</small></td><td>");
            if (!o.examples().isEmpty()) {
                h.append("<details><summary>").append(o.examples().size()).append(" shown</summary><ul>");
                o.examples().forEach(e -> h.append("<li><small>").append(esc(e)).append("</small></li>"));
                h.append("</ul></details>");
            }
            h.append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Counts</h2><table>");
        h.append(row("executions (distinct accepted tokens)", r.executions()));
        h.append(row("kills (kill -9 and CHAOS halts)", r.kills()));
        h.append(row("restarts", r.restarts()));
        r.traffic().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> h.append(row(e.getKey(), e.getValue())));
        h.append("</table>");

        h.append("<h2>Recovery</h2>");
        if (r.recovery().isEmpty()) {
            h.append("<p class=\"na\">No restart after a crash.</p>");
        } else {
            h.append("<table><tr><th>run</th><th>in flight at crash</th><th>restart → listening</th>")
                    .append("<th>restart → first resumed step</th><th>restart → all in-flight terminal</th></tr>");
            for (RecoveryMeasurement m : r.recovery()) {
                h.append("<tr><td>").append(m.run()).append("</td><td>").append(m.inFlight()).append("</td><td>")
                        .append(ms(m.restartToListeningMillis())).append("</td><td>")
                        .append(ms(m.restartToFirstResumedStepMillis())).append("</td><td>")
                        .append(ms(m.restartToAllInFlightTerminalMillis())).append("</td></tr>");
            }
            h.append("</table>");
        }

        h.append("<h2>Timeline</h2>").append(timelineSvg(r));
        h.append("<h2>Parameters</h2><table>");
        r.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> h.append(row(e.getKey(), e.getValue())));
        h.append("</table>");
        h.append("<h2>Events</h2><table><tr><th>+s</th><th>event</th><th>detail</th></tr>");
        for (TimelineEvent e : r.timeline()) {
            h.append("<tr><td>").append(String.format(Locale.ROOT, "%.3f", (e.atMillis() - r.startedAtMillis()) / 1000.0))
                    .append("</td><td>").append(e.kind()).append("</td><td><small>").append(esc(e.detail()))
                    .append("</small></td></tr>");
        }
        h.append("</table></body></html>\n");
        return h.toString();
    }

    private static String timelineSvg(DrillResult r) {
        int width = 1000;
        int height = 240;
        int plotTop = 20;
        int plotBottom = 200;
        long start = r.startedAtMillis();
        long span = Math.max(1, r.finishedAtMillis() - start);
        int buckets = 100;
        int[] counts = new int[buckets];
        for (long t : r.completionTimes()) {
            int b = (int) Math.min(buckets - 1, Math.max(0, (t - start) * buckets / span));
            counts[b]++;
        }
        int max = 1;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"timeline\">");
        s.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"#fafbfc\" stroke=\"#d6d9e0\"/>");
        double barWidth = (double) width / buckets;
        for (int b = 0; b < buckets; b++) {
            if (counts[b] == 0) {
                continue;
            }
            double h = (plotBottom - plotTop) * (double) counts[b] / max;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#6b9bd1\">"
                    + "<title>%d completions</title></rect>", b * barWidth, plotBottom - h, barWidth - 1, h, counts[b]));
        }
        for (TimelineEvent e : r.timeline()) {
            String color = switch (e.kind()) {
                case KILL -> "#b3121f";
                case HALT -> "#e07b00";
                case START -> "#888888";
                case LISTENING -> "#0a7a2f";
                case DOWNSTREAM_OUTAGE, DOWNSTREAM_RECOVERED -> "#7b3fb5";
                default -> null;
            };
            if (color == null) {
                continue;
            }
            double x = (double) (e.atMillis() - start) * width / span;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s><title>%s %s</title></line>", x, plotTop - 10, x, plotBottom, color,
                    e.kind() == TimelineEvent.Kind.START ? " stroke-dasharray=\"4 3\"" : "", e.kind(), esc(e.detail())));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"12\">0 s</text>", plotBottom + 16));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%.1f s</text>",
                width - 4, plotBottom + 16, span / 1000.0));
        int lx = 60;
        String[][] legend = {{"#6b9bd1", "completions (terminal statuses)"}, {"#b3121f", "kill -9"},
                {"#e07b00", "CHAOS halt"}, {"#888888", "process start"}, {"#0a7a2f", "listening"},
                {"#7b3fb5", "downstream outage / recovery"}};
        for (String[] item : legend) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>", lx, plotBottom + 24, item[0], lx + 14,
                    plotBottom + 33, item[1]));
            lx += 14 + item[1].length() * 7 + 16;
        }
        s.append("</svg>");
        return s.toString();
    }

    private static String row(String key, Object value) {
        return "<tr><th>" + esc(key) + "</th><td>" + esc(String.valueOf(value)) + "</td></tr>";
    }

    private static String ms(long millis) {
        return millis < 0 ? "<span class=\"na\">n/a</span>" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

}

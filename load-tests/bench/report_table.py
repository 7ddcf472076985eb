#!/usr/bin/env python3
"""Reads Gatling run directories and prints the figures of BENCHMARKS.md: one row per run, then median (min-max).

Usage: report_table.py intake|e2e <run dir>...   (run dirs: load-tests/target/gatling/<simulation>-<timestamp>)
Per-request percentiles come from the statistics table of the run's index.html; the service's CPU/RSS and the
answer rates from intake.txt; the service-timed end-to-end figures from end-to-end.json.
"""
import html.parser
import json
import pathlib
import re
import statistics
import sys


class StatsTable(html.parser.HTMLParser):
    """Rows of Gatling's statistics table: request name -> {column number: text}."""

    def __init__(self):
        super().__init__()
        self.rows, self._name, self._cells, self._col, self._in_name = {}, None, {}, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self._name, self._cells = None, {}
        elif tag == "span" and "ellipsed-name" in (a.get("class") or ""):
            self._in_name = True
        elif tag == "td" and "value" in (a.get("class") or ""):
            m = re.search(r"col-(\d+)", a.get("class", ""))
            self._col = int(m.group(1)) if m else None

    def handle_endtag(self, tag):
        if tag == "tr" and self._name:
            self.rows[self._name] = dict(self._cells)
        if tag == "span":
            self._in_name = False
        if tag == "td":
            self._col = None

    def handle_data(self, data):
        if self._in_name and data.strip():
            self._name = data.strip()
        elif self._col is not None and data.strip():
            self._cells[self._col] = data.strip()


COLUMNS = {"count": 2, "ko": 4, "p50": 8, "p75": 9, "p95": 10, "p99": 11, "max": 12}


def request_stats(run_dir, name):
    table = StatsTable()
    table.feed((run_dir / "index.html").read_text(encoding="utf-8"))
    row = table.rows.get(name)
    if row is None:
        raise SystemExit(f"{run_dir}: no request named {name!r} in index.html (have: {sorted(table.rows)})")
    return {k: float(row[c].replace(",", "")) for k, c in COLUMNS.items() if c in row}


def intake_row(run_dir):
    text = (run_dir / "intake.txt").read_text(encoding="utf-8")
    ack = request_stats(run_dir, "intake: POST /webhook (durable)")
    row = {"ack p50": ack["p50"], "ack p95": ack["p95"], "ack p99": ack["p99"], "KO": ack["ko"]}
    try:
        row["/health p99"] = request_stats(run_dir, "baseline: GET /health (not durable)")["p99"]
    except SystemExit:
        pass
    for key, pattern in [("202/s", r"intake 202 answers after the ramp: (\d+)"),
                         ("CPU avg %", r"service CPU (\d+)% avg"),
                         ("of it JIT %", r"of which JIT compilation (\d+)%"), ("RSS MiB", r"RSS peak (\d+) MiB")]:
        m = re.search(pattern, text)
        if m:
            row[key] = float(m.group(1))
    return row


def e2e_row(run_dir):
    data = json.loads((run_dir / "end-to-end.json").read_text(encoding="utf-8"))
    timing = data["acceptToCompleted"]
    return {"e2e p50": timing["p50Ms"], "e2e p95": timing["p95Ms"], "e2e p99": timing["p99Ms"],
            "not completed": data["notCompleted"], "completions/s": data["completionsPerSec"]}


def main():
    kind, dirs = sys.argv[1], [pathlib.Path(d) for d in sys.argv[2:]]
    rows = [(d.name, {"intake": intake_row, "e2e": e2e_row}[kind](d)) for d in dirs]
    keys = list(dict.fromkeys(k for _, r in rows for k in r))
    fmt = lambda v: f"{v:,.0f}" if abs(v) >= 10 or v == int(v) else f"{v:.1f}"
    print("| run | " + " | ".join(keys) + " |")
    print("|---|" + "---|" * len(keys))
    for name, r in rows:
        print(f"| {name} | " + " | ".join(fmt(r[k]) if k in r else "–" for k in keys) + " |")
    summary = []
    for k in keys:
        values = [r[k] for _, r in rows if k in r]
        summary.append(f"**{fmt(statistics.median(values))}** ({fmt(min(values))}–{fmt(max(values))})")
    print("| **median (min–max)** | " + " | ".join(summary) + " |")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Bytes on disk per webhook: sends keyed webhooks (each claims a dedup key) with FILLER_BYTES of filler in the payload
# for a fixed time at moderate concurrency, waits until every execution has finished, stops the service and divides
# the size of the database file and its WAL by the webhooks accepted. With sqlite3 on the PATH it first copies the WAL
# into the database file (the WAL otherwise still holds up to ~16 MiB of frames already copied) and also prints each
# table's and index's share (the dbstat virtual table).
# Usage: [JARS="a.jar b.jar"] service/bench/storage.sh [filler bytes, space-separated list; default "0 1024 4096"] [duration=10s]
# Needs: wrk (apt-get install -y wrk), curl, a built service/target/webhook-service.jar, JAVA_HOME (JDK 21+);
# optionally sqlite3 (apt-get install -y sqlite3) for the per-table breakdown.
set -euo pipefail
FILLERS=${1:-"0 1024 4096"}
DURATION=${2:-10s}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"   # JAVA, DEFAULT_JAR, PORT, URL; the service in $PID is killed when the script exits
JARS=${JARS:-"$DEFAULT_JAR"}

for FILLER in $FILLERS; do
for JAR in $JARS; do
  DATA=$(mktemp -d /tmp/webhook-storage.XXXXXX)
  cp "$JAR" "$DATA/service.jar"
  PORT=$PORT DATA_DIR="$DATA/data" "$JAVA" -jar "$DATA/service.jar" > "$DATA/out" 2> "$DATA/err" &
  PID=$!
  await_listening "$DATA/out"
  FILLER_BYTES=$FILLER wrk -t2 -c32 -d"$DURATION" -s "$HERE/post-webhook-keyed.lua" "$URL/webhook" > /dev/null
  await_drained
  ACCEPTED=$(metric webhooks_accepted_total)
  kill "$PID"; wait "$PID" 2>/dev/null || true
  PID=
  DB="$DATA/data/webhooks.db"
  if command -v sqlite3 > /dev/null; then
    sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
  fi
  BYTES=$(stat -c %s "$DB")
  WAL=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
  echo "filler=$FILLER B jar=$JAR: accepted=$ACCEPTED database=$((BYTES / 1048576)) MiB (+ WAL $((WAL / 1048576)) MiB)" \
       "bytes/webhook=$(( (BYTES + WAL) / ACCEPTED ))"
  if command -v sqlite3 > /dev/null; then
    sqlite3 "$DB" "SELECT printf('    %-34s %7.0f bytes/webhook', name, sum(pgsize) * 1.0 / $ACCEPTED) FROM dbstat
                   GROUP BY name ORDER BY sum(pgsize) DESC LIMIT 8"
  fi
  rm -rf "$DATA"
done
done

#!/usr/bin/env bash
# The backfill benchmark (issue 13): bench/backfill/run.sh from the repository root (or anywhere).
# On one table of ROWS rows (default 1,000,000; id bigint primary key), the same change two ways:
#   plain    one `UPDATE items SET b = a * 2` (psql), what a migration with the backfill inside does
#   batched  `runner backfill` of D1: the same UPDATE with `WHERE id BETWEEN :from AND :to`, default pacing
# while the app (AppWriter.java) updates one random row of items every 10 ms: its p50/p99/max latency and
# the count of writes that waited longer than the runner's lock_timeout (2 s). Each way gets a freshly
# loaded table of its own (VACUUM ANALYZEd), in the same run, on the same server.
# Needs: JDK 17, Maven, psql. Results: bench/results/backfill-<time>.txt (not committed).
set -euo pipefail
trap 'echo "bench/backfill/run.sh failed at line $LINENO" >&2' ERR
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
ROWS=${ROWS:-1000000}
T=bench/target
RESULTS=bench/results
mkdir -p "$T" "$RESULTS"
REPORT="$RESULTS/backfill-$(date -u +%Y%m%dT%H%M%SZ).txt"
log() { echo "$*" | tee -a "$REPORT"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

mvn -B -q -o compile 2>/dev/null || mvn -B -q compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$T/runner.cp" -Dmdep.includeScope=runtime >/dev/null 2>&1 \
  || mvn -B -q dependency:build-classpath -Dmdep.outputFile="$T/runner.cp" -Dmdep.includeScope=runtime >/dev/null
CP="$ROOT/target/classes:$(cat "$T/runner.cp")"
RUNNER=(java -cp "$CP" dev.migratefirst.runner.cli.Main)

rm -f "$T/pg.port"
java -cp "$CP" bench/BenchServer.java "$T/pg.port" >"$T/pg.log" 2>&1 &
PG_PID=$!
trap 'kill $PG_PID 2>/dev/null || true; wait $PG_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do [ -f "$T/pg.port" ] && break; sleep 0.5; done
PORT=$(cat "$T/pg.port")
export PGHOST=localhost PGPORT=$PORT PGUSER=postgres PGPASSWORD=postgres PGDATABASE=postgres
psql -q -c "SELECT 1" >/dev/null

M="$T/backfill-migrations"
rm -rf "$M" && mkdir -p "$M"
cat >"$M/V1__items.sql" <<SQL
CREATE TABLE items (id bigint PRIMARY KEY, a int NOT NULL, b int);
INSERT INTO items (id, a) SELECT g, g % 1000 FROM generate_series(1, $ROWS) g;
SQL
cat >"$M/D1__fill_b.sql" <<'SQL'
-- migratefirst:backfill table=items key=id
UPDATE items SET b = a * 2 WHERE id BETWEEN :from AND :to;
SQL

prepare() {
  psql -q -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" 2>/dev/null
  DATABASE_URL="postgresql://postgres:postgres@localhost:$PORT/$1" "${RUNNER[@]}" migrate --locations="filesystem:$M" >/dev/null
  psql -q -d "$1" -c "VACUUM ANALYZE items" -c "CHECKPOINT"
}
# measure NAME DB COMMAND...: runs the command while the app writes; prints the wall time and the app's latencies
measure() {
  local name=$1 db=$2; shift 2
  rm -f "$T/stop" "$T/stop.ready"
  java -cp "$CP" bench/backfill/AppWriter.java "jdbc:postgresql://localhost:$PORT/$db" postgres postgres "$ROWS" \
    "$T/stop" >"$T/app-$name.txt" &
  local app=$!
  for _ in $(seq 1 600); do [ -f "$T/stop.ready" ] && break; sleep 0.1; done
  sleep 1
  local t0; t0=$(now_ms)
  "$@" >"$T/out-$name.txt" 2>&1
  local ms=$(( $(now_ms) - t0 ))
  sleep 1; touch "$T/stop"; wait $app
  local rate=$(( ROWS * 1000 / ms ))
  log "$name: ${ms} ms wall, ${rate} rows/s; app writes on items during it: $(cat "$T/app-$name.txt")"
  eval "${name}_MS=$ms"
}

log "MigrateFirst backfill benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
log "PostgreSQL $(psql -Atc 'SHOW server_version') (embedded, localhost); ROWS=$ROWS"
log "load before: $(uptime)"
prepare bf_plain
prepare bf_batched
measure plain bf_plain psql -q -d bf_plain -c "UPDATE items SET b = a * 2"
measure batched bf_batched env DATABASE_URL="postgresql://postgres:postgres@localhost:$PORT/bf_batched" \
  "${RUNNER[@]}" backfill --locations="filesystem:$M"
log "batched runner's own line (its time without the JVM's start): $(grep 'done,' "$T/out-batched.txt" || true)"
log "ratio batched/plain total time: $(awk "BEGIN {printf \"%.2f\", $batched_MS / $plain_MS}")"
log "check: $(psql -Atd bf_batched -c 'SELECT count(*) FROM items WHERE b IS DISTINCT FROM a * 2') rows not filled (batched), $(psql -Atd bf_plain -c 'SELECT count(*) FROM items WHERE b IS DISTINCT FROM a * 2') (plain)"
log "load after: $(uptime)"
log "report: $REPORT"

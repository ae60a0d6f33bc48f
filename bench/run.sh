#!/usr/bin/env bash
# The runner benchmark: bench/run.sh from the repository root (or anywhere).
#   1. no-op migrate (an up-to-date database: what every deploy pays) vs Flyway's own command line
#   2. 200 small migrations vs `psql -1 -f` of the same SQL
#   3. the longest wait of an app's point reads while a migration that needs ACCESS EXCLUSIVE meets a
#      10 s blocker transaction: runner (lock_timeout + retries) vs plain Flyway
# Needs: JDK 17, Maven (Maven Central reachable the first time), psql. Results: bench/results/.
# ROUNDS (default 5) sets the repetitions of 1 and 2; the medians are reported.
set -euo pipefail
trap 'echo "bench/run.sh failed at line $LINENO" >&2' ERR
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=${ROUNDS:-5}
T=bench/target
RESULTS=bench/results
mkdir -p "$T" "$RESULTS"
REPORT="$RESULTS/results-$(date -u +%Y%m%dT%H%M%SZ).txt"

log() { echo "$*" | tee -a "$REPORT"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

# --- the runner: the packaged jar when the image build made it, else the compiled classes ----------
mvn -B -q compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$T/runner.cp" -Dmdep.includeScope=runtime >/dev/null
CP="$ROOT/target/classes:$(cat "$T/runner.cp")"
if [ -f target/app-image/runner.jar ]; then
  RUNNER=(java -jar "$ROOT/target/app-image/runner.jar")
  RUNNER_KIND="java -jar target/app-image/runner.jar"
else
  RUNNER=(java -cp "$CP" dev.migratefirst.runner.cli.Main)
  RUNNER_KIND="java -cp target/classes:<deps> dev.migratefirst.runner.cli.Main"
fi

# --- Flyway's own command line (11.14.1, lean classpath: see bench/pom.xml) -------------------------
mvn -B -q -f bench/pom.xml dependency:copy-dependencies -DoutputDirectory=target/flyway-cli/lib >/dev/null
FLYWAY=(java -cp "$ROOT/$T/flyway-cli/lib/*" org.flywaydb.commandline.Main)
export REDGATE_DISABLE_TELEMETRY=true FLYWAY_TELEMETRY_OPTOUT=true

# --- one PostgreSQL 17 (the tests' embedded one) for everything ------------------------------------
rm -f "$T/pg.port"
java -cp "$CP" bench/BenchServer.java "$T/pg.port" >"$T/pg.log" 2>&1 &
PG_PID=$!
trap 'kill $PG_PID 2>/dev/null || true; wait $PG_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do [ -f "$T/pg.port" ] && break; sleep 0.5; done
PORT=$(cat "$T/pg.port")
export PGHOST=localhost PGPORT=$PORT PGUSER=postgres PGPASSWORD=postgres PGDATABASE=postgres
psql -q -c "SELECT 1" >/dev/null
url() { echo "postgresql://postgres:postgres@localhost:$PORT/$1"; }
jdbc() { echo "jdbc:postgresql://localhost:$PORT/$1"; }
newdb() { psql -q -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" 2>/dev/null; }
runner() { local db=$1; shift; DATABASE_URL=$(url "$db") "${RUNNER[@]}" "$@"; }
flyway() { local db=$1; shift; "${FLYWAY[@]}" -url="$(jdbc "$db")" -user=postgres -password=postgres "$@"; }

log "MigrateFirst runner benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
log "PostgreSQL $(psql -Atc 'SHOW server_version') (embedded, localhost); runner: $RUNNER_KIND; Flyway CLI 11.14.1"
log "rounds: $ROUNDS (medians)"
log ""

# --- 1. no-op migrate ---------------------------------------------------------------------------------
newdb noop
runner noop migrate --locations=filesystem:migrations >/dev/null
flyway noop -locations=filesystem:migrations migrate >/dev/null   # nothing to do: same history, same checksums
# the same runner with start-up tuned JVM flags (what an image's ENTRYPOINT can use): a dynamic AppCDS
# archive of the classes a migrate loads, C1 only, serial GC. AppCDS needs jars only on the class path.
rm -f "$T/runner-classes.jar" "$T/runner.jsa"
if [ -f target/app-image/runner.jar ]; then
  LAUNCH=(-jar "$ROOT/target/app-image/runner.jar")
else
  jar --create --file "$T/runner-classes.jar" -C target/classes .
  LAUNCH=(-cp "$ROOT/$T/runner-classes.jar:$(cat "$T/runner.cp")" dev.migratefirst.runner.cli.Main)
fi
TUNED=(-XX:SharedArchiveFile="$ROOT/$T/runner.jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
DATABASE_URL=$(url noop) java -XX:ArchiveClassesAtExit="$ROOT/$T/runner.jsa" "${LAUNCH[@]}" \
  migrate --locations=filesystem:migrations >"$T/cds.log" 2>&1
: >"$T/noop.runner"; : >"$T/noop.flyway"; : >"$T/noop.tuned"
for _ in $(seq 1 "$ROUNDS"); do
  s=$(now_ms); runner noop migrate --locations=filesystem:migrations >"$T/noop.out"; e=$(now_ms); echo $((e - s)) >>"$T/noop.runner"
  grep -q "nothing to apply" "$T/noop.out"
  s=$(now_ms); DATABASE_URL=$(url noop) java "${TUNED[@]}" "${LAUNCH[@]}" migrate \
    --locations=filesystem:migrations >"$T/noop.out"; e=$(now_ms); echo $((e - s)) >>"$T/noop.tuned"
  grep -q "nothing to apply" "$T/noop.out"
  s=$(now_ms); flyway noop -locations=filesystem:migrations migrate >"$T/noop.fout"; e=$(now_ms); echo $((e - s)) >>"$T/noop.flyway"
  grep -q "No migration necessary" "$T/noop.fout"
done
NOOP_R=$(median <"$T/noop.runner"); NOOP_F=$(median <"$T/noop.flyway"); NOOP_T=$(median <"$T/noop.tuned")
log "1. no-op migrate (up-to-date database, wall time incl. JVM start)"
log "   runner migrate        median ${NOOP_R} ms   (runs: $(tr '\n' ' ' <"$T/noop.runner"))"
log "   flyway CLI migrate    median ${NOOP_F} ms   (runs: $(tr '\n' ' ' <"$T/noop.flyway"))"
log "   runner, tuned JVM     median ${NOOP_T} ms   (runs: $(tr '\n' ' ' <"$T/noop.tuned"))   [AppCDS archive, -XX:TieredStopAtLevel=1, -XX:+UseSerialGC]"
log ""

# --- 2. 200 small migrations vs psql -1 -f ---------------------------------------------------------
M200="$T/m200"; rm -rf "$M200"; mkdir -p "$M200"; : >"$T/all200.sql"
for i in $(seq 1 200); do
  sql="CREATE TABLE t$i (id int PRIMARY KEY, v text NOT NULL);
INSERT INTO t$i VALUES (1, 'row of t$i');
CREATE INDEX t${i}_v ON t$i (v);"
  echo "$sql" >"$M200/V${i}__table_$i.sql"
  echo "$sql" >>"$T/all200.sql"
done
: >"$T/m200.runner"; : >"$T/m200.runner.self"; : >"$T/m200.psql"; : >"$T/m200.flyway"
for r in $(seq 1 "$ROUNDS"); do
  newdb m200_r; newdb m200_p; newdb m200_f
  s=$(now_ms); flyway m200_f -locations="filesystem:$M200" migrate >/dev/null; e=$(now_ms); echo $((e - s)) >>"$T/m200.flyway"
  s=$(now_ms); runner m200_r migrate --locations="filesystem:$M200" --log-format=json >"$T/m200.out"; e=$(now_ms)
  echo $((e - s)) >>"$T/m200.runner"
  grep '"migrate_done"' "$T/m200.out" | sed -E 's/.*"duration_ms":([0-9]+).*/\1/' >>"$T/m200.runner.self"
  [ "$(psql -d m200_r -Atc 'SELECT count(*) FROM flyway_schema_history WHERE success')" = 200 ]
  s=$(now_ms); psql -q -d m200_p -v ON_ERROR_STOP=1 -1 -f "$T/all200.sql" >/dev/null; e=$(now_ms); echo $((e - s)) >>"$T/m200.psql"
done
M_R=$(median <"$T/m200.runner"); M_RS=$(median <"$T/m200.runner.self"); M_P=$(median <"$T/m200.psql"); M_F=$(median <"$T/m200.flyway")
log "2. 200 small migrations (table + row + index each) on an empty database"
log "   runner migrate        median ${M_R} ms wall, ${M_RS} ms from connect to done   (runs: $(tr '\n' ' ' <"$T/m200.runner"))"
log "   psql -1 -f            median ${M_P} ms   (runs: $(tr '\n' ' ' <"$T/m200.psql"))"
log "   flyway CLI migrate    median ${M_F} ms   (runs: $(tr '\n' ' ' <"$T/m200.flyway"))"
log "   ratio runner/psql     $(awk -v a="$M_R" -v b="$M_P" 'BEGIN {printf "%.2f", a / b}') wall, $(awk -v a="$M_RS" -v b="$M_P" 'BEGIN {printf "%.2f", a / b}') excluding JVM start"
log ""

# --- 3. app wait while a migration needing ACCESS EXCLUSIVE meets a 10 s blocker ----------------------
ROWS=10000
LOCK1="$T/lock1"; LOCK2="$T/lock2"; rm -rf "$LOCK1" "$LOCK2"; mkdir -p "$LOCK1" "$LOCK2"
echo "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, $ROWS) g;" | tee "$LOCK1/V1__users.sql" >"$LOCK2/V1__users.sql"
echo "ALTER TABLE users ADD COLUMN profile_picture varchar(255);" >"$LOCK2/V2__add_profile_picture.sql"
PGJDBC=$(tr ':' '\n' <"$T/runner.cp" | grep '/postgresql-[0-9].*\.jar$' | head -1)
lock_case() { # name, tool (runner|flyway), extra args...
  local name=$1 tool=$2; shift 2
  newdb "lock_$name"
  if [ "$tool" = runner ]; then runner "lock_$name" migrate --locations="filesystem:$LOCK1" >/dev/null
  else flyway "lock_$name" -locations="filesystem:$LOCK1" migrate >/dev/null; fi
  java -cp "$PGJDBC" bench/AppProbe.java "$(jdbc "lock_$name")" postgres postgres 25 $ROWS >"$T/probe.$name" &
  local probe=$!
  sleep 3
  # the blocker: an open transaction that read users (ACCESS SHARE); it holds on for 10 s from the
  # moment the migration's ALTER starts waiting for it, whatever the tool's start-up time
  psql -q -d "lock_$name" >/dev/null <<'SQL' &
BEGIN;
SELECT count(*) FROM users;
DO $$ BEGIN
  WHILE NOT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'users'::regclass) LOOP
    PERFORM pg_sleep(0.02);
  END LOOP;
END $$;
SELECT pg_sleep(10);
COMMIT;
SQL
  local blocker=$!
  sleep 0.5
  local s e rc=0
  s=$(now_ms)
  if [ "$tool" = runner ]; then runner "lock_$name" migrate --locations="filesystem:$LOCK2" "$@" >"$T/lock.$name.out" 2>&1 || rc=$?
  else flyway "lock_$name" -locations="filesystem:$LOCK2" migrate >"$T/lock.$name.out" 2>&1 || rc=$?; fi
  e=$(now_ms)
  wait $blocker; wait $probe
  log "   $(printf '%-34s' "$name") migrate exit $rc after $((e - s)) ms; app point reads: $(cat "$T/probe.$name")"
}
log "3. app point reads (every 10 ms on a $ROWS-row users table) while ALTER TABLE users ADD COLUMN meets a 10 s blocker"
log "   (the blocker holds ACCESS SHARE for 10 s from the moment the ALTER first waits for it; the probe runs 25 s)"
lock_case plain_flyway flyway
lock_case runner_default_lock_timeout_2s runner
lock_case runner_lock_timeout_500ms runner --lock-timeout=500ms
log ""
log "reproduce: bench/run.sh   (ROUNDS=$ROUNDS)"
echo "results: $REPORT"

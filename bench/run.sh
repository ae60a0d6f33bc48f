#!/usr/bin/env bash
# The runner benchmark: bench/run.sh from the repository root (or anywhere).
#   1. no-op migrate (an up-to-date database: what every deploy pays) vs Flyway's own command line
#   2. 200 small migrations vs `psql -1 -f` of the same SQL and Flyway's CLI: on an empty database (2), on one
#      with 200 applied (2b); 2c counts the round trips per migration on the wire (bench/WireCount.java)
#   3. the longest wait of an app's point reads while a migration that needs ACCESS EXCLUSIVE meets a
#      10 s blocker transaction: runner (lock_timeout + retries) vs plain Flyway
# Needs: JDK 17, Maven (Maven Central reachable the first time), psql. Results: bench/results/.
# ROUNDS (default 5) sets the repetitions of 1 and 2; the medians are reported.
set -euo pipefail
trap 'echo "bench/run.sh failed at line $LINENO" >&2' ERR
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=${ROUNDS:-5}
SCENARIOS=${SCENARIOS:-"1 2 3"}   # e.g. SCENARIOS=2 for the apply cases (2, 2b, 2c) only
want() { case " $SCENARIOS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
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
log "rounds: $ROUNDS (medians); scenarios: $SCENARIOS; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
log ""

if want 1; then
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

fi

if want 2; then
# --- 2. 200 small migrations vs psql -1 -f, on an empty database and on one with history ----------------
# each round: the runner (default: Flyway applies the first pending migration, the runner's own loop the
# rest), the runner with --apply-with=flyway (Flyway applies every one), Flyway's CLI, psql -1 -f
M200="$T/m200"; M400="$T/m400"; rm -rf "$M200" "$M400"; mkdir -p "$M200" "$M400"; : >"$T/all200.sql"; : >"$T/next200.sql"
for i in $(seq 1 400); do
  sql="CREATE TABLE t$i (id int PRIMARY KEY, v text NOT NULL);
INSERT INTO t$i VALUES (1, 'row of t$i');
CREATE INDEX t${i}_v ON t$i (v);"
  echo "$sql" >"$M400/V${i}__table_$i.sql"
  if [ "$i" -le 200 ]; then echo "$sql" >"$M200/V${i}__table_$i.sql"; echo "$sql" >>"$T/all200.sql"
  else echo "$sql" >>"$T/next200.sql"; fi
done
# a database with 200 applied migrations (by Flyway's CLI), copied for every round (CREATE DATABASE ... TEMPLATE)
newdb hist_template
flyway hist_template -locations="filesystem:$M200" migrate >/dev/null
fromtemplate() { psql -q -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 TEMPLATE hist_template" 2>/dev/null; }
selfms() { grep '"migrate_done"' "$1" | sed -E 's/.*"duration_ms":([0-9]+).*/\1/'; }
apply_case() { # name, folder, expected rows, database maker (newdb|fromtemplate), psql script
  local name=$1 folder=$2 rows=$3 mk=$4 script=$5
  : >"$T/$name.runner"; : >"$T/$name.runner.self"; : >"$T/$name.rflyway"; : >"$T/$name.rflyway.self"
  : >"$T/$name.psql"; : >"$T/$name.flyway"
  for r in $(seq 1 "$ROUNDS"); do
    $mk "${name}_r"; $mk "${name}_o"; $mk "${name}_p"; $mk "${name}_f"
    s=$(now_ms); flyway "${name}_f" -locations="filesystem:$folder" migrate >/dev/null; e=$(now_ms); echo $((e - s)) >>"$T/$name.flyway"
    s=$(now_ms); runner "${name}_r" migrate --locations="filesystem:$folder" --log-format=json >"$T/$name.out"; e=$(now_ms)
    echo $((e - s)) >>"$T/$name.runner"; selfms "$T/$name.out" >>"$T/$name.runner.self"
    grep -q '"applied_directly":199' "$T/$name.out"
    s=$(now_ms); runner "${name}_o" migrate --apply-with=flyway --locations="filesystem:$folder" --log-format=json >"$T/$name.out"; e=$(now_ms)
    echo $((e - s)) >>"$T/$name.rflyway"; selfms "$T/$name.out" >>"$T/$name.rflyway.self"
    s=$(now_ms); psql -q -d "${name}_p" -v ON_ERROR_STOP=1 -1 -f "$script" >/dev/null; e=$(now_ms); echo $((e - s)) >>"$T/$name.psql"
    for db in "${name}_r" "${name}_o" "${name}_f"; do
      [ "$(psql -d "$db" -Atc 'SELECT count(*) FROM flyway_schema_history WHERE success')" = "$rows" ]
    done
  done
  local R RS O OS P F
  R=$(median <"$T/$name.runner"); RS=$(median <"$T/$name.runner.self"); O=$(median <"$T/$name.rflyway")
  OS=$(median <"$T/$name.rflyway.self"); P=$(median <"$T/$name.psql"); F=$(median <"$T/$name.flyway")
  log "   runner migrate                   median ${R} ms wall, ${RS} ms from connect to done   (runs: $(tr '\n' ' ' <"$T/$name.runner"))"
  log "   runner --apply-with=flyway       median ${O} ms wall, ${OS} ms from connect to done   (runs: $(tr '\n' ' ' <"$T/$name.rflyway"))"
  log "   psql -1 -f                       median ${P} ms   (runs: $(tr '\n' ' ' <"$T/$name.psql"))"
  log "   flyway CLI migrate               median ${F} ms   (runs: $(tr '\n' ' ' <"$T/$name.flyway"))"
  log "   ratio runner/psql                $(awk -v a="$R" -v b="$P" 'BEGIN {printf "%.2f", a / b}') wall, $(awk -v a="$RS" -v b="$P" 'BEGIN {printf "%.2f", a / b}') excluding JVM start; runner/Flyway CLI $(awk -v a="$R" -v b="$F" 'BEGIN {printf "%.2f", a / b}'); --apply-with=flyway/psql $(awk -v a="$O" -v b="$P" 'BEGIN {printf "%.2f", a / b}')"
}
log "2. 200 small migrations (table + row + index each) on an empty database   [load: $(cut -d' ' -f1-3 /proc/loadavg)]"
apply_case m200 "$M200" 200 newdb "$T/all200.sql"
log "   [load after: $(cut -d' ' -f1-3 /proc/loadavg)]"
log ""
log "2b. 200 pending migrations on a database with 200 applied (V201-V400 over V1-V200)   [load: $(cut -d' ' -f1-3 /proc/loadavg)]"
apply_case m400 "$M400" 400 fromtemplate "$T/next200.sql"
log "   [load after: $(cut -d' ' -f1-3 /proc/loadavg)]"
log ""

# --- 2c. the round-trip profile: protocol messages per migration, counted on the wire ------------------------
# bench/WireCount.java is a proxy in front of the server that counts what each client sends; round trips =
# simple queries (Q, psql's way) + syncs (S, pgjdbc's extended protocol). pgjdbc's own BEGIN goes out as a Q
# in the same flight as the first statement: counted, but it is no wait. Per migration = (40 - 20 migrations) / 20.
WPORT=$((PORT + 7))
java bench/WireCount.java "$WPORT" "$PORT" "$T/wire.counts" >"$T/wire.log" 2>&1 &
WIRE_PID=$!
trap 'kill $PG_PID $WIRE_PID 2>/dev/null || true; wait $PG_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do (echo >/dev/tcp/127.0.0.1/$WPORT) 2>/dev/null && break; sleep 0.5; done
M20="$T/m20"; M40="$T/m40"; rm -rf "$M20" "$M40"; mkdir -p "$M20" "$M40"; : >"$T/all20.sql"; : >"$T/all40.sql"
for i in $(seq 1 40); do
  [ "$i" -le 20 ] && cp "$M200/V${i}__table_$i.sql" "$M20/" && cat "$M200/V${i}__table_$i.sql" >>"$T/all20.sql"
  cp "$M200/V${i}__table_$i.sql" "$M40/"; cat "$M200/V${i}__table_$i.sql" >>"$T/all40.sql"
done
wire_rt() { sleep 1; grep '^round_trips ' "$T/wire.counts" | cut -d' ' -f2; }
wire_case() { # label, command (run twice: 20 then 40 migrations, {F} = folder / script, {DB} = database)
  local label=$1 cmd=$2 a b c
  a=$(wire_rt || echo 0); a=${a:-0}
  N=20; newdb wire20; eval "${cmd//\{F\}/$3}" >/dev/null 2>&1; b=$(wire_rt)
  N=40; newdb wire40; eval "${cmd//\{F\}/$4}" >/dev/null 2>&1; c=$(wire_rt)
  log "   $(printf '%-28s' "$label") 20 migrations: $((b - a)) round trips, 40: $((c - b)); per migration $(awk -v x=$((b - a)) -v y=$((c - b)) 'BEGIN {printf "%.1f", (y - x) / 20}')"
}
wurl() { echo "postgresql://postgres:postgres@localhost:$WPORT/$1"; }
log "2c. round trips per migration (table + row + index: 3 statements each), counted on the wire"
wire_case "runner migrate" 'DATABASE_URL=$(wurl wire${N}) "${RUNNER[@]}" migrate --locations=filesystem:{F}' "$M20" "$M40"
wire_case "runner --apply-with=flyway" 'DATABASE_URL=$(wurl wire${N}) "${RUNNER[@]}" migrate --apply-with=flyway --locations=filesystem:{F}' "$M20" "$M40"
wire_case "psql -1 -f" 'psql -q -h localhost -p $WPORT -d wire${N} -v ON_ERROR_STOP=1 -1 -f {F}' "$T/all20.sql" "$T/all40.sql"
log ""

fi

if want 3; then
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
fi
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
log "reproduce: bench/run.sh   (ROUNDS=$ROUNDS SCENARIOS=\"$SCENARIOS\")"
echo "results: $REPORT"

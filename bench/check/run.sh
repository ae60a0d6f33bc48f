#!/usr/bin/env bash
# Benchmark of `runner check`: wall time of the whole command (JVM start, embedded PostgreSQL start,
# replay and trace of every migration, report), on the example migrations and on a 50-migration
# history. Each case runs RUNS times (default 3); prints each time and the median.
#
#   mvn -B -q -DskipTests package   # or: mvn -B -q compile  (the classpath is used when no runner.jar)
#   bench/check/run.sh [RUNS]
#
# Before/after in the same run: BEFORE_CP=<classpath of another build> (e.g. main's target/classes plus
# its dependencies) runs every case with that build too, interleaved run by run with this one, so both
# meet the same load. The cluster cache (ScratchPostgres, MIGRATEFIRST_CHECK_CLUSTER_CACHE) is warmed
# once before timing; the "cold cache" case gives every run an empty cache folder (the first check on a
# machine or in a fresh CI job).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
results=bench/results
mkdir -p "$results"
history=$(mktemp -d)
cache=$(mktemp -d)
trap 'rm -rf "$history" "$cache"' EXIT
bench/check/generate-history.sh "$history" >/dev/null
export MIGRATEFIRST_CHECK_CLUSTER_CACHE="$cache"

if [[ -f target/app-image/runner.jar ]]; then
  after=(java -jar target/app-image/runner.jar)
else
  mvn -B -q compile
  cp=$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
  after=(java -cp "target/classes:$cp" dev.migratefirst.runner.cli.Main)
fi
builds=(after)
if [[ -n "${BEFORE_CP:-}" ]]; then
  before=(java -cp "$BEFORE_CP" dev.migratefirst.runner.cli.Main)
  builds=(before after)
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # name, cold(0|1), args...
  local name="$1" cold="$2"; shift 2
  declare -A times=() checks=()
  for _ in $(seq "$runs"); do
    for b in "${builds[@]}"; do
      local -n cmd="$b"
      local t0 t1 out="$results/check-$name-$b.out"
      if [[ "$cold" == 1 ]]; then rm -rf "${cache:?}"/*; fi
      t0=$(date +%s%N)
      "${cmd[@]}" check "$@" >"$out" 2>&1 || [[ $? == 6 ]]
      t1=$(date +%s%N)
      times[$b]+="$(( (t1 - t0) / 1000000 )) "
      # the report's own figure: replay and trace, after the embedded server is up
      checks[$b]+="$(sed -n 's/^check: PostgreSQL .* migration(s) in \([0-9]*\) ms$/\1/p' "$out") "
    done
  done
  for b in "${builds[@]}"; do
    printf '%-30s %-6s whole command runs(ms): %-34s median %5s ms | check only median %5s ms\n' "$name" "$b" \
      "${times[$b]}" "$(printf '%s\n' ${times[$b]} | median)" "$(printf '%s\n' ${checks[$b]} | median)"
  done
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load before: $(uptime)"
"${after[@]}" check --locations filesystem:migrations >/dev/null 2>&1 || true   # warm the cluster cache (17)
"${after[@]}" check --locations filesystem:migrations --pg-version 14 >/dev/null 2>&1 || true
measure example-migrations-pg17 0 --locations filesystem:migrations
measure history-50-pg17 0 --locations "filesystem:$history"
measure history-50-pg17-cold-cache 1 --locations "filesystem:$history"
measure history-50-pg14 0 --locations "filesystem:$history" --pg-version 14
measure history-50-after-45-pg17 0 --locations "filesystem:$history" --after 45
echo "load after: $(uptime)"

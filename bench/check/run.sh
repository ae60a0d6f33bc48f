#!/usr/bin/env bash
# Benchmark of `runner check`: wall time of the whole command (JVM start, embedded PostgreSQL start,
# replay and trace of every migration, report), on the example migrations and on a 50-migration
# history. Each case runs RUNS times (default 3); prints each time and the median.
#
#   mvn -B -q -DskipTests package   # or: mvn -B -q compile  (the classpath is used when no runner.jar)
#   bench/check/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
results=bench/results
mkdir -p "$results"
history=$(mktemp -d)
trap 'rm -rf "$history"' EXIT
bench/check/generate-history.sh "$history" >/dev/null

if [[ -f target/app-image/runner.jar ]]; then
  runner=(java -jar target/app-image/runner.jar)
else
  mvn -B -q compile
  cp=$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
  runner=(java -cp "target/classes:$cp" dev.migratefirst.runner.cli.Main)
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # name, args...
  local name="$1"; shift
  local times=() checks=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "${runner[@]}" check "$@" >"$results/check-$name.out" 2>&1 || [[ $? == 6 ]]
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
    # the report's own figure: replay and trace, after the embedded server is up
    checks+=($(sed -n 's/^check: PostgreSQL .* migration(s) in \([0-9]*\) ms$/\1/p' "$results/check-$name.out"))
  done
  printf '%-26s whole command runs(ms): %-30s median %5s ms | check only median %5s ms\n' "$name" \
    "${times[*]}" "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${checks[@]}" | median)"
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
measure example-migrations-pg17 --locations filesystem:migrations
measure history-50-pg17 --locations "filesystem:$history"
measure history-50-pg14 --locations "filesystem:$history" --pg-version 14
measure history-50-after-45-pg17 --locations "filesystem:$history" --after 45
uptime

#!/bin/sh
# No-op `migrate` time of the runner distribution (bench/README.md, "Runner distribution"). From the
# repository root, after `mvn package` and with the PostgreSQL binaries jar dropped into lib/:
#   D=target/runner-dist/migratefirst-runner
#   $D/bin/migratefirst-runner exec --embedded -- bench/runner-dist-noop.sh
# exec starts a throwaway PostgreSQL and hands it over in PG*; this script moves the runner's history
# to schema bench (another runner-lock key than the one exec holds), migrates once, then times three
# no-op runs of the distribution, interleaved with its peer: the same runner jar on the machine's JDK.
set -e
R="$(pwd)/target/runner-dist/migratefirst-runner/bin/migratefirst-runner"
J="java -jar $(pwd)/target/app-image/runner.jar"
M="filesystem:$(pwd)/migrations"
psql -Xq -c "CREATE SCHEMA bench" -c "ALTER ROLE postgres PASSWORD 'bench'" -c "ALTER ROLE postgres SET search_path = bench"
export DATABASE_URL="postgresql://postgres:bench@$PGHOST:$PGPORT/$PGDATABASE"
unset PGOPTIONS
$R migrate --locations "$M" | tail -1
for _ in 1 2 3; do
  for which in dist jdk; do
    if [ "$which" = dist ]; then C="$R"; else C="$J"; fi
    s=$(date +%s%N); $C migrate --locations "$M" | tail -1; e=$(date +%s%N)
    echo "$which no-op migrate wall: $(( (e - s) / 1000000 )) ms"
  done
done

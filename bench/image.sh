#!/usr/bin/env bash
# The application image's figures (issue 14 items 2, 3, 4), against the peer in the same run:
#   - size of the default image and of its embedded variant (buildah's size);
#   - no-op `migrate` in the image (read-only root, uid 10001, /tmp tmpfs: as the task definition runs it)
#     against Flyway's CLI 11.14.1 (full JDK on the host, as bench/run.sh) on the same database, and the
#     same image with its class-data-sharing archive switched off (-Xshare:off);
#   - `migrate --embedded` and `check` in the embedded variant, with and without the archive;
#   - peak RSS (max resident set, /usr/bin/time) of `migrate` of the example migrations and of 200.
# Run as root from the repository root after `mvn package` (builds the images with .ci/build-image when
# missing). ROUNDS=3 by default; SKIP_TIMES=1 measures only the peak RSS. Writes bench/results/image-<time>.txt (not committed).
set -euo pipefail
trap 'echo "bench/image.sh failed at line $LINENO" >&2' ERR
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=${ROUNDS:-3}
TAG=${TAG:-localhost/migratefirst/app:bench}
EMBEDDED_TAG=${EMBEDDED_TAG:-localhost/migratefirst/app:bench-embedded}
T=bench/target
RESULTS=bench/results
mkdir -p "$T" "$RESULTS"
REPORT="$RESULTS/image-$(date -u +%Y%m%dT%H%M%SZ).txt"
bah() { buildah --storage-driver vfs "$@"; }
log() { echo "$*" | tee -a "$REPORT"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

bah inspect --type image "$TAG" >/dev/null 2>&1 || .ci/build-image "$TAG"
bah inspect --type image "$EMBEDDED_TAG" >/dev/null 2>&1 || IMAGE_TARGET=embedded .ci/build-image "$EMBEDDED_TAG"

# the JDBC server and Flyway's CLI, as bench/run.sh
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$T/runner.cp" -Dmdep.includeScope=runtime >/dev/null
mvn -B -q -f bench/pom.xml dependency:copy-dependencies -DoutputDirectory=target/flyway-cli/lib >/dev/null
FLYWAY=(java -cp "$ROOT/$T/flyway-cli/lib/*" org.flywaydb.commandline.Main)
export REDGATE_DISABLE_TELEMETRY=true FLYWAY_TELEMETRY_OPTOUT=true
rm -f "$T/pg.port"
java -cp "$ROOT/target/classes:$(cat "$T/runner.cp")" bench/BenchServer.java "$T/pg.port" >"$T/pg.log" 2>&1 &
PG_PID=$!
C=""; CE=""
cleanup() {
  kill $PG_PID 2>/dev/null || true; wait $PG_PID 2>/dev/null || true
  for c in $C $CE; do bah rm "$c" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
for _ in $(seq 1 120); do [ -f "$T/pg.port" ] && break; sleep 0.5; done
PORT=$(cat "$T/pg.port")
export PGHOST=localhost PGPORT=$PORT PGUSER=postgres PGPASSWORD=postgres PGDATABASE=postgres
newdb() { psql -q -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" 2>/dev/null; }
url() { echo "postgresql://postgres:postgres@127.0.0.1:$PORT/$1"; }

M200="$ROOT/$T/m200"; rm -rf "$M200"; mkdir -p "$M200"
for i in $(seq 1 200); do
  printf 'CREATE TABLE t%s (id int PRIMARY KEY, v text NOT NULL);\nINSERT INTO t%s VALUES (1, %s);\nCREATE INDEX t%s_v ON t%s (v);\n' \
    "$i" "$i" "'row of t$i'" "$i" "$i" >"$M200/V${i}__table_$i.sql"
done

# working containers, prepared for a read-only root (the files buildah run bind-mounts over must exist)
prepare() {
  local c m
  c=$(bah from --quiet "$1"); m=$(bah mount "$c")
  mkdir -p "$m/run"; touch "$m/run/.containerenv" "$m/etc/hosts" "$m/etc/resolv.conf" "$m/etc/hostname"
  echo "$c $m"
}
read -r C CROOT < <(prepare "$TAG")
read -r CE CEROOT < <(prepare "$EMBEDDED_TAG")
ENTRY=()
while IFS= read -r a; do ENTRY+=("$a"); done < <(bah inspect --type image --format '{{range .OCIv1.Config.Entrypoint}}{{println .}}{{end}}' "$TAG" | sed '/^$/d')
EENTRY=()   # the embedded variant's own (C2 kept)
while IFS= read -r a; do EENTRY+=("$a"); done < <(bah inspect --type image --format '{{range .OCIv1.Config.Entrypoint}}{{println .}}{{end}}' "$EMBEDDED_TAG" | sed '/^$/d')
NOCDS=(); ENOCDS=()
for a in "${ENTRY[@]}"; do case "$a" in -Xshare:auto) NOCDS+=(-Xshare:off) ;; -XX:SharedArchiveFile=*) ;; *) NOCDS+=("$a") ;; esac; done
for a in "${EENTRY[@]}"; do case "$a" in -Xshare:auto) ENOCDS+=(-Xshare:off) ;; -XX:SharedArchiveFile=*) ;; *) ENOCDS+=("$a") ;; esac; done
# run CONTAINER ROOT [--env ...] -- CMD...: read-only root, uid 10001, /tmp tmpfs, host network. The JVM's own
# time is read inside from /proc/uptime (10 ms steps) and printed as "in-container-ms=N" on stderr.
# shellcheck disable=SC2016 # the single-quoted scripts expand in the inner sh
run() {
  local c=$1 root=$2; shift 2
  local opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done; shift
  ${TIMER:+$TIMER} unshare --mount --propagation private sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"' sh "$root" \
    buildah --storage-driver vfs run --isolation chroot --network host --user 10001:10001 \
    --mount type=tmpfs,destination=/tmp,tmpfs-mode=1777 "${opts[@]}" "$c" -- \
    sh -c 'read s _ </proc/uptime; "$@"; r=$?; read e _ </proc/uptime; echo "in-container-ms=$(( (${e%.*}${e#*.} - ${s%.*}${s#*.}) * 10 )) exit=$r" >&2' sh "$@" 2>&1 || true
}
inner() { sed -nE 's/.*in-container-ms=([0-9]+) exit=0.*/\1/p' | tail -1; }

log "MigrateFirst image benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "PostgreSQL $(psql -Atc 'SHOW server_version') (embedded, 127.0.0.1); Flyway CLI 11.14.1 on $(java -version 2>&1 | head -1)"
log "image: $TAG $(bah images --format '{{.Size}}' "$TAG"); embedded variant: $EMBEDDED_TAG $(bah images --format '{{.Size}}' "$EMBEDDED_TAG")"
log "rounds: $ROUNDS (medians)"
log ""

if [ "${SKIP_TIMES:-}" != 1 ]; then   # SKIP_TIMES=1: only the peak RSS (section 3)
newdb noop
run "$C" "$CROOT" --env "DATABASE_URL=$(url noop)" -- "${ENTRY[@]}" migrate >"$T/img.out"
grep -q "exit=0" "$T/img.out"
"${FLYWAY[@]}" -url="jdbc:postgresql://127.0.0.1:$PORT/noop" -user=postgres -password=postgres \
  -locations=filesystem:migrations migrate >/dev/null
: >"$T/noop.img"; : >"$T/noop.img.wall"; : >"$T/noop.nocds"; : >"$T/noop.flyway"; : >"$T/noop.c2"
for _ in $(seq 1 "$ROUNDS"); do
  s=$(now_ms); run "$C" "$CROOT" --env "DATABASE_URL=$(url noop)" -- "${ENTRY[@]}" migrate >"$T/img.out"; e=$(now_ms)
  grep -q "nothing to apply" "$T/img.out"; inner <"$T/img.out" >>"$T/noop.img"; echo $((e - s)) >>"$T/noop.img.wall"
  run "$C" "$CROOT" --env "DATABASE_URL=$(url noop)" -- "${NOCDS[@]}" migrate >"$T/img.out"
  grep -q "nothing to apply" "$T/img.out"; inner <"$T/img.out" >>"$T/noop.nocds"
  run "$C" "$CROOT" --env "DATABASE_URL=$(url noop)" -- "${EENTRY[@]}" migrate >"$T/img.out"
  grep -q "nothing to apply" "$T/img.out"; inner <"$T/img.out" >>"$T/noop.c2"
  s=$(now_ms); "${FLYWAY[@]}" -url="jdbc:postgresql://127.0.0.1:$PORT/noop" -user=postgres -password=postgres \
    -locations=filesystem:migrations migrate >"$T/fly.out"; e=$(now_ms); echo $((e - s)) >>"$T/noop.flyway"
  grep -q "No migration necessary" "$T/fly.out"
done
N_I=$(median <"$T/noop.img"); N_W=$(median <"$T/noop.img.wall"); N_N=$(median <"$T/noop.nocds"); N_F=$(median <"$T/noop.flyway")
log "1. no-op migrate (example schema up to date)"
log "   image, CDS archive (JVM in the container)  median ${N_I} ms  (runs: $(tr '\n' ' ' <"$T/noop.img")); buildah run wall ${N_W} ms"
log "   image, -Xshare:off                         median ${N_N} ms  (runs: $(tr '\n' ' ' <"$T/noop.nocds"))"
log "   image, CDS, C2 kept (embedded's flags)     median $(median <"$T/noop.c2") ms  (runs: $(tr '\n' ' ' <"$T/noop.c2"))"
log "   Flyway CLI 11.14.1 migrate (host JDK)      median ${N_F} ms  (runs: $(tr '\n' ' ' <"$T/noop.flyway"))"
log "   ratio image/Flyway CLI $(awk -v a="$N_I" -v b="$N_F" 'BEGIN {printf "%.2f", a / b}'); CDS on/off $(awk -v a="$N_I" -v b="$N_N" 'BEGIN {printf "%.2f", a / b}')"
log ""

: >"$T/emb.cds"; : >"$T/emb.nocds"; : >"$T/chk.cds"; : >"$T/chk.nocds"
for _ in $(seq 1 "$ROUNDS"); do
  run "$CE" "$CEROOT" -- "${EENTRY[@]}" migrate --embedded >"$T/img.out"; inner <"$T/img.out" >>"$T/emb.cds"
  run "$CE" "$CEROOT" -- "${ENOCDS[@]}" migrate --embedded >"$T/img.out"; inner <"$T/img.out" >>"$T/emb.nocds"
  run "$CE" "$CEROOT" -- "${EENTRY[@]}" check >"$T/img.out"; inner <"$T/img.out" >>"$T/chk.cds"
  run "$CE" "$CEROOT" -- "${ENOCDS[@]}" check >"$T/img.out"; inner <"$T/img.out" >>"$T/chk.nocds"
done
log "2. the embedded variant (JVM in the container, embedded PostgreSQL unpacked into /tmp and started)"
log "   migrate --embedded  CDS median $(median <"$T/emb.cds") ms (runs: $(tr '\n' ' ' <"$T/emb.cds")); -Xshare:off median $(median <"$T/emb.nocds") ms (runs: $(tr '\n' ' ' <"$T/emb.nocds"))"
log "   check               CDS median $(median <"$T/chk.cds") ms (runs: $(tr '\n' ' ' <"$T/chk.cds")); -Xshare:off median $(median <"$T/chk.nocds") ms (runs: $(tr '\n' ' ' <"$T/chk.nocds"))"
log ""
fi

# peak RSS: /usr/bin/time's maximum resident set size of the largest descendant (the JVM; buildah's own is
# smaller, measured below). No cgroup limit here: -XX:MaxRAM=512m makes the JVM size itself as in a 512 MiB
# container (the task's default), the image's flags otherwise unchanged.
LIMITED=("${ENTRY[0]}" -XX:MaxRAM=512m "${ENTRY[@]:1}")
maxrss() { sed -nE 's/.*maxrss-kb=([0-9]+).*/\1/p' | tail -1; }
: >"$T/rss.ex"; : >"$T/rss.200"; : >"$T/m200.c1"; : >"$T/m200.c2"
for _ in $(seq 1 "$ROUNDS"); do
  newdb ex; newdb m200
  TIMER="/usr/bin/time -f maxrss-kb=%M" run "$C" "$CROOT" --env "DATABASE_URL=$(url ex)" -- "${LIMITED[@]}" migrate >"$T/img.out"
  grep -q "exit=0" "$T/img.out"; maxrss <"$T/img.out" >>"$T/rss.ex"
  TIMER="/usr/bin/time -f maxrss-kb=%M" run "$C" "$CROOT" --env "DATABASE_URL=$(url m200)" --volume "$M200:/app/migrations:ro" -- \
    "${LIMITED[@]}" migrate >"$T/img.out"
  grep -q "exit=0" "$T/img.out"; maxrss <"$T/img.out" >>"$T/rss.200"; inner <"$T/img.out" >>"$T/m200.c1"
  [ "$(psql -d m200 -Atc 'SELECT count(*) FROM flyway_schema_history WHERE success')" = 200 ]
  newdb m200
  run "$C" "$CROOT" --env "DATABASE_URL=$(url m200)" --volume "$M200:/app/migrations:ro" -- \
    "${EENTRY[0]}" -XX:MaxRAM=512m "${EENTRY[@]:1}" migrate >"$T/img.out"
  grep -q "exit=0" "$T/img.out"; inner <"$T/img.out" >>"$T/m200.c2"
done
RSS_BAH=$( (/usr/bin/time -f "maxrss-kb=%M" buildah --storage-driver vfs run --isolation chroot "$C" -- true 2>&1 || true) | maxrss)
log "3. peak RSS (max resident set size, /usr/bin/time -f %M around the read-only buildah run; ENTRYPOINT flags + -XX:MaxRAM=512m)"
log "   migrate of the example migrations (V1, V2): median $(( $(median <"$T/rss.ex") / 1024 )) MiB (runs, KiB: $(tr '\n' ' ' <"$T/rss.ex"))"
log "   migrate of 200 migrations:                  median $(( $(median <"$T/rss.200") / 1024 )) MiB (runs, KiB: $(tr '\n' ' ' <"$T/rss.200"))"
log "   buildah run of 'true' (the tool's own):     $((RSS_BAH / 1024)) MiB"
log "   time of the 200: image flags (C1) median $(median <"$T/m200.c1") ms (runs: $(tr '\n' ' ' <"$T/m200.c1")); C2 kept median $(median <"$T/m200.c2") ms (runs: $(tr '\n' ' ' <"$T/m200.c2"))"
log ""
log "reproduce: bench/image.sh   (ROUNDS=$ROUNDS); load average now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: $REPORT"

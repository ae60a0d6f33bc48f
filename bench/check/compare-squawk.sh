#!/usr/bin/env bash
# Runs squawk (static linter, npm squawk-cli, pinned below) over the same safety corpus that
# CorpusTest runs through `check`, and prints squawk's detection and false-positive rates.
# A case counts as flagged when squawk reports a violation of a safety rule; style rules
# (prefer-*, ban-char-field) and the timeout rules are left out, as `check` reports a missing
# lock_timeout as a warning that does not fail. Default --no-assume-in-transaction: Flyway runs a
# file that holds CREATE INDEX CONCURRENTLY outside a transaction; pass --assume-in-transaction
# for squawk's other mode.
#
#   bench/check/compare-squawk.sh [--assume-in-transaction]
set -euo pipefail
cd "$(dirname "$0")/../.."
version=2.66.0
tool=$(mktemp -d)
trap 'rm -rf "$tool"' EXIT
npm install --silent --no-audit --no-fund --prefix "$tool" "squawk-cli@$version" >/dev/null
squawk="$tool/node_modules/.bin/squawk"
exclude="prefer-bigint-over-int,prefer-bigint-over-smallint,prefer-identity,prefer-text-field,prefer-timestamptz"
exclude="$exclude,prefer-robust-stmts,ban-char-field,require-timeout-settings"
exclude="$exclude,require-statement-timeout"
mode="${1:---no-assume-in-transaction}"
flaggable=0; detected=0; safe=0; fp=0
printf '%-42s %-8s %s\n' case expected "squawk rules"
for f in src/test/resources/safety-corpus/[suw]*.sql; do
  name=$(basename "$f" .sql)
  expect=$(head -1 "$f" | awk '{print $3}')
  rules=$("$squawk" "$mode" --exclude "$exclude" --reporter gcc "$f" 2>/dev/null \
    | sed -n 's/.*\(error\|warning\): \([a-z-]*\).*/\2/p' | sort -u | paste -sd, - || true)
  # squawk's require-lock-timeout counts only where the case expects missing-lock-timeout (check
  # reports that as a warning that never fails, so it is no false positive of squawk's either)
  if ! head -1 "$f" | grep -q missing-lock-timeout; then
    rules=$(tr ',' '\n' <<<"$rules" | grep -v '^require-lock-timeout$' | paste -sd, - || true)
  fi
  printf '%-42s %-8s %s\n' "$name" "$expect" "${rules:--}"
  if [[ $expect == safe ]]; then
    safe=$((safe + 1)); [[ -n $rules ]] && fp=$((fp + 1))
  else
    flaggable=$((flaggable + 1)); [[ -n $rules ]] && detected=$((detected + 1))
  fi
done
echo "squawk $version ($mode): detection $detected/$flaggable, false positives $fp/$safe"

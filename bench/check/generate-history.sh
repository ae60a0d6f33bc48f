#!/usr/bin/env bash
# Writes a 50-migration history (the shape of a real app's first year: tables, columns, indexes built
# CONCURRENTLY, constraints added NOT VALID then validated, views, functions, seed rows) to the folder given.
# Deterministic: the benchmark checks the same history every time.
set -euo pipefail
out="${1:?usage: generate-history.sh <folder>}"
mkdir -p "$out"
rm -f "$out"/V*.sql
n=0
emit() { n=$((n + 1)); printf '%s\n' "$2" > "$out/V${n}__$1.sql"; }
for t in 1 2 3 4 5 6 7 8 9 10; do
  emit "create_table_t$t" "CREATE TABLE t$t (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id  bigint,
    name       text NOT NULL,
    state      text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX t${t}_created_at_idx ON t$t (created_at);"
done
for t in 1 2 3 4 5 6 7 8 9 10; do
  emit "add_columns_t$t" "SET lock_timeout = '5s';
ALTER TABLE t$t ADD COLUMN note text;
ALTER TABLE t$t ADD COLUMN score integer NOT NULL DEFAULT 0;"
done
for t in 1 2 3 4 5 6 7 8 9 10; do
  emit "index_state_t$t" "CREATE INDEX CONCURRENTLY t${t}_state_idx ON t$t (state);"
done
for t in 2 3 4 5 6 7 8 9 10; do
  p=$((t - 1))
  emit "fk_t${t}_parent" "SET lock_timeout = '5s';
ALTER TABLE t$t ADD CONSTRAINT t${t}_parent_fk FOREIGN KEY (parent_id) REFERENCES t$p (id) NOT VALID;"
done
for t in 2 3 4 5 6; do
  emit "index_parent_t$t" "CREATE INDEX CONCURRENTLY t${t}_parent_id_idx ON t$t (parent_id);"
done
emit "views" "CREATE VIEW recent_t1 AS SELECT id, name FROM t1 WHERE created_at > now() - interval '7 days';
CREATE FUNCTION t1_count() RETURNS bigint LANGUAGE sql STABLE AS \$\$ SELECT count(*) FROM t1 \$\$;"
emit "seed_states" "CREATE TABLE states (code text PRIMARY KEY, label text NOT NULL);
INSERT INTO states VALUES ('new', 'New'), ('active', 'Active'), ('closed', 'Closed');"
emit "check_score_t1" "SET lock_timeout = '5s';
ALTER TABLE t1 ADD CONSTRAINT t1_score_positive CHECK (score >= 0) NOT VALID;"
emit "validate_score_t1" "ALTER TABLE t1 VALIDATE CONSTRAINT t1_score_positive;"
emit "validate_fk_t2" "ALTER TABLE t2 VALIDATE CONSTRAINT t2_parent_fk;"
emit "validate_fk_t3" "ALTER TABLE t3 VALIDATE CONSTRAINT t3_parent_fk;"
echo "$n migrations in $out"

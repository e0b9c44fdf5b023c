#!/usr/bin/env bash
# bench/copy.sh - time `convene copy` of the demo database with ROWS more
# registrations into a fresh PostgreSQL database (a throwaway cluster of
# scripts/pg-test: fsync off, so this measures convene and the server's
# work, not the disk).
#
# Usage: bench/copy.sh              (from anywhere)
# Env:   ROWS=100000                registrations added to the demo's
#        CONVENE=./convene          binary to measure (relative to the repo root)
#        KEEP=1                     keep the temp dir (prints its path)
#
# The rows: spread over the demo's sessions, each with its own secret and
# address, names, sectors and counties, two in three checked in, one in
# twenty cancelled. Prints the copy's summary and its wall time.
set -euo pipefail

ROWS="${ROWS:-100000}"
case "$ROWS" in ''|*[!0-9]*) echo "copy.sh: ROWS must be a number" >&2; exit 2 ;; esac

die() { echo "copy.sh: $*" >&2; exit 1; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CONVENE="${CONVENE:-./convene}"
command -v sqlite3 >/dev/null 2>&1 || die "the sqlite3 shell is missing"
[ -x "$CONVENE" ] || make convene >/dev/null || die "make failed"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/convene-copy.XXXXXX")"
PGDIR="$(mktemp -d "${TMPDIR:-/tmp}/convene-pg.XXXXXX")"
cleanup() {
    scripts/pg-test stop "$PGDIR" >/dev/null 2>&1 || true
    if [ -n "${KEEP:-}" ]; then echo "copy.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
DB="$TMP/copy.db"

"$CONVENE" demo --load-only --db "$DB" >/dev/null 2>&1 || die "convene demo failed"
echo "copy.sh: adding $ROWS registrations..." >&2
sqlite3 "$DB" <<SQL || die "generating the data failed"
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS),
s(id, k) AS (SELECT id, row_number() OVER (ORDER BY id) - 1 FROM sessions)
INSERT INTO registrations (session_id, secret, status, name, email,
    email_norm, sector, organization, county, license, created_at,
    updated_at, source, checked_in_at, checked_out_at)
SELECT s.id,
    'copy-bench-' || i,
    CASE WHEN i % 20 = 0 THEN 'cancelled' ELSE 'confirmed' END,
    'Person ' || i, 'Person' || i || '@Example.org',
    'person' || i || '@example.org',
    CASE i % 4 WHEN 0 THEN 'medical' WHEN 1 THEN 'law_enforcement'
        WHEN 2 THEN 'education' ELSE NULL END,
    'Org ' || (i % 400), 'County ' || (i % 56), NULL,
    1790000000 + i, 1790000000 + i, 'web',
    CASE WHEN i % 3 <> 0 THEN 1799100000 END,
    CASE WHEN i % 3 = 1 THEN 1799110000 END
FROM n JOIN s ON s.k = n.i % (SELECT count(*) FROM sessions);
COMMIT;
SQL
echo "copy.sh: $(du -h "$DB" | cut -f1) on disk" >&2

base=$(scripts/pg-test start "$PGDIR") || die "cannot start PostgreSQL"
uri=$(scripts/pg-test createdb "$base" copybench 2>/dev/null) || die "createdb failed"
start=$(date +%s.%N)
"$CONVENE" copy --from "$DB" --to "$uri" || die "convene copy failed"
end=$(date +%s.%N)
echo "copy.sh: $ROWS extra registrations copied in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s wall (connecting and migrating included)"

#!/usr/bin/env bash
# bench/report.sh - time `convene report` on a million registrations against
# the sqlite3 shell running the same SQL on the same file.
#
# Usage: bench/report.sh            (from anywhere)
# Env:   ROWS=1000000               registrations to generate
#        RUNS=5                     timed runs per command (median reported)
#        CONVENE=./convene          binary to measure (relative to the repo root)
#        KEEP=1                     keep the temp dir (prints its path)
#
# The database: 5 partner organisations, 10 venues, 50 events (every fifth on
# a tour) of 2 sessions each in 2027, one professional and one public; ROWS
# registrations spread over the 100 sessions (90% confirmed, 5% waitlisted,
# 5% cancelled), 70% checked in, 299,999 distinct people (3% without an
# address), 7 sectors, 56 counties, and a certificate for a third of those
# who came to a professional session.
#
# For --by sector and --by month it prints the median wall time of
#   convene   ./convene report --from 2027-01-01 --to 2027-12-31 --by B --format csv
#   sqlite3   the same STMT_REPORT_* text (from src/store/sqlite_sql.c, via
#             bench/report_sql.c) with ?1, ?2, ?3 substituted
#   sqlite3+  that statement and the three more convene report runs for its
#             totals (STMT_REPORT_TOTAL, _CE, _GAIN)
# and the ratios convene/sqlite3 and convene/sqlite3+. Both print their rows
# to /dev/null; the rows are compared once before timing.
set -euo pipefail

ROWS="${ROWS:-1000000}"
RUNS="${RUNS:-5}"
case "$ROWS" in ''|*[!0-9]*|0) echo "report.sh: ROWS must be a positive integer" >&2; exit 2 ;; esac
case "$RUNS" in ''|*[!0-9]*|0) echo "report.sh: RUNS must be a positive integer" >&2; exit 2 ;; esac

die() { echo "report.sh: $*" >&2; exit 1; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CONVENE="${CONVENE:-./convene}"

command -v sqlite3 >/dev/null 2>&1 || die "the sqlite3 shell is missing (apt-get install sqlite3)"
command -v python3 >/dev/null 2>&1 || die "python3 is missing"
if [ ! -x "$CONVENE" ]; then
    make >/dev/null || die "make failed"
    [ -x "$CONVENE" ] || die "make did not produce $CONVENE"
fi

# --- temp dir and cleanup ------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/convene-report.XXXXXX")"
cleanup() {
    if [ -n "${KEEP:-}" ]; then
        echo "report.sh: kept $TMP" >&2
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
DB="$TMP/bench.db"

# The statements' text, exactly as convene has it.
PKG_CFLAGS="$(pkg-config --cflags sqlite3 2>/dev/null || true)"
# shellcheck disable=SC2086
cc -std=c17 -O2 -Isrc/store -Isrc/util $PKG_CFLAGS -o "$TMP/report_sql" \
    bench/report_sql.c src/store/sqlite_sql.c || die "cannot build bench/report_sql.c"

# --- the database ------------------------------------------------------------------
"$CONVENE" init --db "$DB" >/dev/null 2>&1 || die "convene init failed"
echo "report.sh: generating $ROWS registrations..." >&2
gen_start=$(date +%s.%N)
sqlite3 "$DB" <<SQL || die "generating the data failed"
PRAGMA foreign_keys = OFF;
BEGIN;
INSERT INTO organizations (id, name) VALUES (1, 'Alpha Coalition'),
    (2, 'Beta Network'), (3, 'Gamma Shelter'), (4, 'Delta Health'),
    (5, 'Epsilon County Sheriff');
INSERT INTO speakers (id, name, bio) VALUES (1, 'Dr. Jo Speaker', '');
INSERT INTO tours (id, title, speaker_id) VALUES (1, 'Big Sky Tour', 1);
WITH RECURSIVE v(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM v WHERE i < 10)
INSERT INTO venues (id, name, address, city, state, time_zone)
SELECT i, 'Hall ' || i, i || ' Main St',
    json_extract('["Missoula","Billings","Helena","Bozeman","Great Falls",
        "Butte","Kalispell","Havre","Miles City","Whitefish"]',
        '\$[' || (i - 1) || ']'),
    'MT', 'America/Denver' FROM v;
-- 50 events, one a week from 2027-01-04 (a Monday).
WITH RECURSIVE e(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM e WHERE i < 50)
INSERT INTO events (id, title, description, venue_id, tour_id, cancelled,
    created_at)
SELECT i, 'Training stop ' || i, '', (i % 10) + 1,
    CASE WHEN i % 5 = 0 THEN 1 END, 0, 1790000000 FROM e;
WITH RECURSIVE e(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM e WHERE i < 50)
INSERT INTO event_hosts (event_id, org_id)
SELECT i, (i % 5) + 1 FROM e
UNION ALL SELECT i, ((i + 2) % 5) + 1 FROM e WHERE i % 3 = 0;
-- Sessions 2k-1 (professional, 09:00-13:00 MST) and 2k (public, 18:00-20:00).
WITH RECURSIVE s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s WHERE k < 100)
INSERT INTO sessions (id, event_id, title, audience, sectors, capacity,
    ce_hours, starts_at, ends_at, reg_opens_at)
SELECT k, (k + 1) / 2,
    CASE k % 2 WHEN 1 THEN 'Professional training' ELSE 'Community forum' END,
    CASE k % 2 WHEN 1 THEN 'professional' ELSE 'public' END,
    CASE k % 2 WHEN 1 THEN 127 ELSE 0 END, NULL,
    CASE k % 2 WHEN 1 THEN 4 ELSE 0 END,
    1799078400 + ((k + 1) / 2 - 1) * 7 * 86400 + (1 - k % 2) * 9 * 3600,
    1799078400 + ((k + 1) / 2 - 1) * 7 * 86400 + (1 - k % 2) * 9 * 3600
        + CASE k % 2 WHEN 1 THEN 4 ELSE 2 END * 3600,
    1790000000 FROM s;
-- Registration i: session (i % 100) + 1, person i % 299999 (coprime with
-- 100, so nobody is in one session twice).
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
INSERT INTO registrations (session_id, secret, status, name, email, email_norm,
    sector, organization, county, created_at, updated_at, source,
    checked_in_at)
SELECT (i % 100) + 1, 'bench-' || i,
    CASE i % 20 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'waitlisted'
        ELSE 'confirmed' END,
    'Person ' || (i % 299999),
    CASE WHEN (i % 299999) % 33 = 0 THEN NULL
        ELSE 'P' || (i % 299999) || '@Example.org' END,
    CASE WHEN (i % 299999) % 33 = 0 THEN NULL
        ELSE 'p' || (i % 299999) || '@example.org' END,
    json_extract('["law_enforcement","medical","social_services","education",
        "legal","faith_community","other"]',
        '\$[' || (((i % 299999) + CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END) % 7)
        || ']'),
    'Org ' || ((i % 299999) % 400),
    'County ' || ((((i % 299999) * 13) % 56) + 1),
    1790000000, 1790000000, 'web',
    CASE WHEN (i * 7919) % 100 < 70 THEN 1799100000 END
FROM n;
INSERT INTO certificates (registration_id, code, issued_at, name, session,
    event, date, venue, city, hours, provider)
SELECT r.id, 'B' || r.id, 1800000000, 'Person', 'Professional training',
    'Training stop', '2027', 'Hall', 'Missoula', 4, 'Convene'
FROM registrations r JOIN sessions s ON s.id = r.session_id
WHERE s.audience = 'professional' AND r.status = 'confirmed'
    AND r.checked_in_at IS NOT NULL AND r.id % 3 = 0;
COMMIT;
ANALYZE;
SQL
gen_end=$(date +%s.%N)
echo "report.sh: generated in $(awk -v a="$gen_start" -v b="$gen_end" 'BEGIN { printf "%.1f", b - a }') s ($(du -h "$DB" | cut -f1) on disk)" >&2

FROM_DAY=2027-01-01
TO_DAY=2027-12-31
FROM_T=$(date -u -d "$FROM_DAY" +%s)
TO_T=$(( $(date -u -d "$TO_DAY" +%s) + 86400 ))   # --to is included

# convene's first open fills sessions' local months (a write); not timed.
"$CONVENE" report --from "$FROM_DAY" --to "$TO_DAY" --db "$DB" >"$TMP/table.txt" \
    || die "convene report failed"
echo "report.sh: convene report (table, untimed first run):" >&2
sed 's/^/    /' "$TMP/table.txt" >&2

sql_for() {  # names... -> SQL with the parameters in place
    "$TMP/report_sql" "$@" | sed -e "s/?1/$FROM_T/g" -e "s/?2/$TO_T/g" -e "s/?3/0/g"
}

# Median wall time in seconds of a command line, RUNS runs after one warm-up.
HYPERFINE="$(command -v hyperfine 2>/dev/null || true)"
median_of() {  # label command
    local label="$1" cmd="$2" i t0 t1
    if [ -n "$HYPERFINE" ]; then
        "$HYPERFINE" --style none --warmup 1 --runs "$RUNS" \
            --export-json "$TMP/hf.$label.json" "$cmd" >/dev/null 2>&1 \
            || die "hyperfine: $label failed"
        python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' \
            "$TMP/hf.$label.json"
        return
    fi
    bash -c "$cmd" || die "$label failed"
    : >"$TMP/times.$label"
    for i in $(seq "$RUNS"); do
        t0=$(date +%s.%N)
        bash -c "$cmd" || die "$label failed"
        t1=$(date +%s.%N)
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }' >>"$TMP/times.$label"
    done
    sort -n "$TMP/times.$label" | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

if [ -n "$HYPERFINE" ]; then
    echo "report.sh: timing with hyperfine, $RUNS runs after a warm-up" >&2
else
    echo "report.sh: timing with date +%s.%N, $RUNS runs after a warm-up (no hyperfine)" >&2
fi
echo "report.sh: $ROWS registrations, range $FROM_DAY..$TO_DAY; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

printf '%-8s %12s %12s %12s %16s %17s\n' by "convene s" "sqlite3 s" "sqlite3+ s" "convene/sqlite3" "convene/sqlite3+"
for by in sector month; do
    sql_for "$by" >"$TMP/$by.sql"
    sql_for "$by" total ce gain >"$TMP/$by.all.sql"
    # Same rows from both, before anything is timed.
    "$CONVENE" report --from "$FROM_DAY" --to "$TO_DAY" --by "$by" --format csv \
        --db "$DB" | tail -n +2 | tr -d '"\r' >"$TMP/$by.convene.csv"
    sqlite3 -readonly -csv "$DB" <"$TMP/$by.sql" | tr -d '"\r' >"$TMP/$by.sqlite.csv"
    cmp -s "$TMP/$by.convene.csv" "$TMP/$by.sqlite.csv" \
        || { diff "$TMP/$by.convene.csv" "$TMP/$by.sqlite.csv" >&2 || true; die "by $by: convene and sqlite3 disagree"; }
    c=$(median_of "convene-$by" "'$CONVENE' report --from $FROM_DAY --to $TO_DAY --by $by --format csv --db '$DB' >/dev/null")
    s=$(median_of "sqlite3-$by" "sqlite3 -readonly '$DB' <'$TMP/$by.sql' >/dev/null")
    a=$(median_of "sqlite3all-$by" "sqlite3 -readonly '$DB' <'$TMP/$by.all.sql' >/dev/null")
    awk -v by="$by" -v c="$c" -v s="$s" -v a="$a" 'BEGIN {
        printf "%-8s %12.3f %12.3f %12.3f %16.2f %17.2f\n", by, c, s, a,
            (s > 0 ? c / s : 0), (a > 0 ? c / a : 0) }'
done
echo "(medians; sqlite3+ also runs the totals statements convene report runs; rows: $(wc -l <"$TMP/sector.sqlite.csv") sectors, $(wc -l <"$TMP/month.sqlite.csv") months)"
exit 0

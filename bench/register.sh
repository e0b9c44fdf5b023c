#!/usr/bin/env bash
# bench/register.sh - durable registrations per second over HTTP against the
# database's raw commit rate, both measured in the same run on the same disk.
#
# Usage: bench/register.sh        (from anywhere) SQLite, the default
#        bench/register.sh --pg   PostgreSQL (the same as BACKEND=postgresql)
# Env:   BACKEND=sqlite           sqlite or postgresql
#        NODES=1                  PostgreSQL only: 1 or 2 convene serve processes
#                                 on the one database
#        CONNS=32 DURATION=10s    wrk connections / duration (wrk threads fixed at 2)
#        WARMUP=2s                warm-up run before each measured run
#        RUNS=1                   rounds (raw reference then convene); medians are reported
#        REF_N=20000              single-row commits for the reference
#        THREADS=                 passed as `convene serve --threads N` (its writer
#                                 threads) when serve has it; PostgreSQL: CONNS
#                                 by default, as many registrations waiting at
#                                 once as pgbench has clients
#        CAPACITY=                seats of each round's session (empty: no limit);
#                                 one larger than the registrations a round
#                                 makes measures the seat counter's path (a
#                                 session with seats is one writer's on each
#                                 node)
#        SERVE_ARGS=              extra arguments for `convene serve`
#        CONVENE=./convene        binary to measure (relative to the repo root)
#        TMPDIR=/tmp              where the temp dir (and the PostgreSQL cluster)
#                                 goes: this is the disk measured
#        VERBOSE=1                also print wrk's full reports (on stderr)
#        PG_VARIANTS=1            PostgreSQL only: after the rounds, pgbench again
#                                 with what a registration adds that waits on
#                                 other transactions (the session's seat counter
#                                 row, pg_notify), to show each one's ceiling
#        KEEP=1                   keep the temp dir (prints its path)
#
# convene: a fresh database (`convene init`, a coordinator and its API token),
# one event and, for each round, a new public session with no capacity limit
# (CAPACITY: that many seats)
# and registration open;
# wrk POSTs {"name","email"} to /api/v1/sessions/{id}/registrations with a
# new address on every request (run, thread and counter in it), so every
# answer should be 201 and a new row. Registrations/s = 2xx answers / the
# measured seconds; afterwards sqlite3 counts the session's rows and compares
# them with the 2xx answers (a request in flight when wrk stops may still be
# committed: up to CONNS more rows than answers is expected; fewer rows than
# answers is a durability bug).
#
# reference: the sqlite3 shell, one connection, a fresh database in the same
# temp dir, journal_mode=WAL, synchronous=FULL, REF_N INSERTs of one row each
# in its own autocommit transaction; commits/s = REF_N / wall seconds.
#
# PostgreSQL (BACKEND=postgresql or --pg): a throwaway cluster in TMPDIR
# (`scripts/pg-test start-durable`: fsync, synchronous_commit and
# full_page_writes on), a fresh database for convene and one for the
# reference. convene gathers the writes waiting at once into transactions
# (one writer per core and at least two, each its own connection and
# batches of up to 32),
# and the reference is pgbench against the same
# cluster in the same run with as many clients as wrk has connections
# (-c CONNS -j 2 -T DURATION -n -M prepared, after a WARMUP run), each
# transaction one INSERT of a registration-like row (a table with the
# registrations table's columns, its unique secret and its two indexes).
# The aim is at least 0.5x pgbench's transactions/s. NODES=2 starts two
# `convene serve` on the same database and runs one wrk per node (1 thread,
# CONNS/2 connections each, at the same time); the 2xx answers are summed.
# Rows are counted with psql. REF_N is not used.
#
# Prints a table with the ratio convene/raw against the aim (SQLite: at least
# 1.0x; PostgreSQL: at least 0.5x), the CPU count and the temp dir's
# filesystem; then convene's CPU per registration and, on PostgreSQL, the
# cluster's CPU per registration against its CPU per pgbench transaction
# (every process of the cluster, read from /proc before and after each
# run; medians over the rounds), which the disk's commit rate moves less
# than the rates. Exits 0 whether or not the aim is met; nonzero on setup failure.
set -euo pipefail

BACKEND="${BACKEND:-sqlite}"
NODES="${NODES:-1}"
for arg in "$@"; do
    case "$arg" in
        --pg|--postgresql) BACKEND=postgresql ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "register.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
    esac
done
case "$BACKEND" in
    sqlite|sqlite3) BACKEND=sqlite ;;
    postgresql|postgres|pg) BACKEND=postgresql ;;
    *) echo "register.sh: BACKEND must be sqlite or postgresql, not '$BACKEND'" >&2; exit 2 ;;
esac
CONNS="${CONNS:-32}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
RUNS="${RUNS:-1}"
CAPACITY="${CAPACITY:-}"
REF_N="${REF_N:-20000}"
THREADS="${THREADS:-}"
SERVE_ARGS="${SERVE_ARGS:-}"
WRK_THREADS=2
if [ "$BACKEND" = postgresql ]; then AIM=0.5; else AIM=1.0; fi

die() { echo "register.sh: $*" >&2; exit 1; }
say() { echo "register.sh: $*" >&2; }

posint() { case "$2" in ''|*[!0-9]*|0) echo "register.sh: $1 must be a positive integer" >&2; exit 2 ;; esac; }
posint RUNS "$RUNS"
posint CONNS "$CONNS"
posint REF_N "$REF_N"
[ -z "$THREADS" ] || posint THREADS "$THREADS"
[ -z "$CAPACITY" ] || posint CAPACITY "$CAPACITY"
CAP_JSON="${CAPACITY:-null}"
CAP_NOTE="${CAPACITY:+$CAPACITY seats}"
CAP_NOTE="${CAP_NOTE:-no capacity limit}"
[ "$CONNS" -ge "$WRK_THREADS" ] || { echo "register.sh: CONNS must be at least $WRK_THREADS" >&2; exit 2; }
case "$NODES" in
    1) ;;
    2) [ "$BACKEND" = postgresql ] || { echo "register.sh: NODES=2 needs BACKEND=postgresql (one SQLite file is one node)" >&2; exit 2; }
       [ $((CONNS % 2)) = 0 ] || { echo "register.sh: NODES=2 wants an even CONNS" >&2; exit 2; } ;;
    *) echo "register.sh: NODES must be 1 or 2" >&2; exit 2 ;;
esac
secs() {  # a wrk duration (10, 10s, 2m, 1h) -> whole seconds
    case "$1" in
        *[!0-9smh]*|'') echo "register.sh: $2 '$1' is not a duration like 10s" >&2; exit 2 ;;
        *h) echo $(( ${1%h} * 3600 )) ;;
        *m) echo $(( ${1%m} * 60 )) ;;
        *s) echo "${1%s}" ;;
        *) echo "$1" ;;
    esac
}
DURATION_S="$(secs "$DURATION" DURATION)"
WARMUP_S="$(secs "$WARMUP" WARMUP)"
posint DURATION "$DURATION_S"

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CONVENE="${CONVENE:-./convene}"

# --- tools -----------------------------------------------------------------
need_pkgs=()
command -v wrk >/dev/null 2>&1 || need_pkgs+=(wrk)
command -v sqlite3 >/dev/null 2>&1 || need_pkgs+=(sqlite3)
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ "$BACKEND" = postgresql ]; then
    command -v psql >/dev/null 2>&1 || need_pkgs+=(postgresql-client)
    # pgbench and the server: Debian's postgresql-NN (postgresql pulls it in)
    [ -x "$(pg_bindir)/pgbench" ] && [ -x "$(pg_bindir)/initdb" ] || need_pkgs+=(postgresql)
fi
command -v curl >/dev/null 2>&1 || need_pkgs+=(curl)
command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3)
if [ "${#need_pkgs[@]}" -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || die "missing ${need_pkgs[*]} (install them, or run as root)"
    say "installing ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

if [ "$BACKEND" = postgresql ]; then
    PGBENCH="$(pg_bindir)/pgbench"
    [ -x "$PGBENCH" ] || die "no pgbench in $(pg_bindir)"
fi

if [ ! -x "$CONVENE" ]; then
    make >/dev/null || die "make failed"
    [ -x "$CONVENE" ] || die "make did not produce $CONVENE"
fi

# --- temp dir and cleanup ----------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/convene-register.XXXXXX")"
PGDIR=""
CONVENE_PIDS=""
WRK_PIDS=""
cleanup() {
    local pid
    for pid in $WRK_PIDS $CONVENE_PIDS; do
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
        wait "$pid" 2>/dev/null || true
    done
    if [ -n "$PGDIR" ]; then
        [ -n "${KEEP:-}" ] && cp "$PGDIR/server.log" "$TMP/pg-server.log" 2>/dev/null
        scripts/pg-test stop "$PGDIR" || true
    fi
    if [ -n "${KEEP:-}" ]; then echo "register.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FS_TYPE="$(df -T "$TMP" | awk 'NR == 2 { print $2 }')"
FS_DEV="$(df -T "$TMP" | awk 'NR == 2 { print $1 " on " $7 }')"
case "$FS_TYPE" in
    tmpfs|ramfs|overlay) say "warning: $TMP is on $FS_TYPE; commits there may never reach a disk (set TMPDIR)" ;;
esac

: >"$TMP/notes"
note() { echo "$*" >>"$TMP/notes"; }

# --- a fresh database: a coordinator, a venue, a host, one public session -------
if [ "$BACKEND" = postgresql ]; then
    # The cluster's own directory, on the same disk as TMP (pg-test hands it
    # to an unprivileged user when run as root).
    PGDIR="$(mktemp -d "${TMPDIR:-/tmp}/convene-register-pg.XXXXXX")"
    PGBASE="$(scripts/pg-test start-durable "$PGDIR")" || { PGDIR=""; die "cannot start PostgreSQL (scripts/pg-test start-durable)"; }
    DB="$(scripts/pg-test createdb "$PGBASE" convene_bench 2>"$TMP/pg-test.err")" \
        || { cat "$TMP/pg-test.err" >&2; die "cannot create the convene database"; }
    REFDB="$(scripts/pg-test createdb "$PGBASE" pgbench_ref 2>"$TMP/pg-test.err")" \
        || { cat "$TMP/pg-test.err" >&2; die "cannot create the reference database"; }
    pgq() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
    PG_SETTINGS="$(pgq "$DB" -c "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
        WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'max_connections', 'shared_buffers')")"
    case " $PG_SETTINGS " in
        *" fsync=on "*) ;; *) die "the cluster does not fsync ($PG_SETTINGS)" ;;
    esac
    case " $PG_SETTINGS " in
        *" synchronous_commit=on "*) ;; *) die "the cluster's commits are not synchronous ($PG_SETTINGS)" ;;
    esac
    PG_VERSION="$(pgq "$DB" -c 'SHOW server_version')"
else
    DB="$TMP/convene.db"
fi
"$CONVENE" init --db "$DB" >"$TMP/init.out" 2>&1 || { cat "$TMP/init.out" >&2; die "convene init failed"; }
printf 'bench-register-password\nbench-register-password\n' \
    | "$CONVENE" user add bench --role coordinator --db "$DB" >"$TMP/user.out" 2>&1 \
    || { cat "$TMP/user.out" >&2; die "convene user add failed"; }
TOKEN="$("$CONVENE" user token bench --db "$DB" 2>"$TMP/token.err" | tail -n1)" \
    || { cat "$TMP/token.err" >&2; die "convene user token failed"; }
[ -n "$TOKEN" ] || die "convene user token printed nothing"

# --- convene serve -------------------------------------------------------------------
SERVE_HELP="$("$CONVENE" serve --help 2>&1 || true)"
serve_args=(--db "$DB" --listen 127.0.0.1:0)
THREADS_NOTE="server default (no --threads option; $(nproc) CPUs)"
THREADS_DEFAULT="$(( $(nproc) * 8 > 16 ? $(nproc) * 8 : 16 ))"
if grep -q -- '--threads' <<<"$SERVE_HELP"; then
    if [ -n "$THREADS" ]; then
        serve_args+=(--threads "$THREADS")
        THREADS_NOTE="--threads $THREADS"
    elif [ "$BACKEND" = postgresql ]; then
        # Like for like: as many writers at once (each holding one of the
        # cluster's connections) as pgbench has clients.
        serve_args+=(--threads "$((CONNS / NODES))")
        THREADS_NOTE="--threads $((CONNS / NODES)) per node (THREADS not set: as many writer connections in all as pgbench's clients)"
    else
        THREADS_NOTE="server default (THREADS not set: writer threads 8 per core, at least 16, here $THREADS_DEFAULT)"
    fi
elif [ -n "$THREADS" ]; then
    note "THREADS=$THREADS ignored: convene serve has no --threads option"
fi
# Every wrk connection comes from 127.0.0.1: a per-address limit on
# registrations would throttle the bench. Lift it if serve offers a switch.
LIMIT_NOTE=""
for opt in --no-rate-limit --no-rate-limits --no-limits; do
    if grep -q -- "$opt\\b" <<<"$SERVE_HELP"; then
        serve_args+=("$opt")
        LIMIT_NOTE="per-address limits lifted with $opt"
        break
    fi
done
if [ -z "$LIMIT_NOTE" ]; then
    limit_opts="$(grep -oiE -- '--[a-z0-9-]*(rate|limit)[a-z0-9-]*' <<<"$SERVE_HELP" | sort -u | tr '\n' ' ' || true)"
    if [ -n "$limit_opts" ]; then
        LIMIT_NOTE="convene serve has ${limit_opts% }, not a switch this script knows; pass what lifts the limits in SERVE_ARGS (429 answers are counted)"
        note "$LIMIT_NOTE"
    else
        LIMIT_NOTE="convene serve has no option to lift per-address limits (429 answers are counted and flagged)"
    fi
fi
# shellcheck disable=SC2206
[ -n "$SERVE_ARGS" ] && serve_args+=($SERVE_ARGS)

start_node() {  # node number -> sets NODE_URL; the pid joins CONVENE_PIDS
    local i="$1" pid err="$TMP/convene.err"
    [ "$i" = 1 ] || err="$TMP/convene$i.err"
    "$CONVENE" serve "${serve_args[@]}" >"$TMP/convene$i.out" 2>"$err" &
    pid=$!
    CONVENE_PIDS="$CONVENE_PIDS $pid"
    NODE_URL=""
    for _ in $(seq 200); do   # 200 x 0.1 s = 20 s
        NODE_URL="$(grep -oE 'listening on http://[0-9.]+:[0-9]+' "$err" 2>/dev/null \
               | head -n1 | sed 's/^listening on //' || true)"
        [ -n "$NODE_URL" ] && break
        if ! kill -0 "$pid" 2>/dev/null; then
            cat "$err" >&2
            die "convene serve (node $i) exited before listening"
        fi
        sleep 0.1
    done
    if [ -z "$NODE_URL" ]; then
        cat "$err" >&2
        die "convene (node $i) did not print 'convene: listening on http://...' within 20 s"
    fi
}
URLS=()
for i in $(seq "$NODES"); do
    start_node "$i"
    URLS+=("$NODE_URL")
done
URL="${URLS[0]}"

api() {  # method path json -> body on stdout; dies unless 2xx
    local code
    code="$(curl -sS -o "$TMP/api.out" -w '%{http_code}' -X "$1" \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        --data-binary "$3" "$URL$2")" || die "$1 $2 failed"
    case "$code" in 2??) cat "$TMP/api.out" ;; *) cat "$TMP/api.out" >&2; echo >&2; die "$1 $2 answered HTTP $code" ;; esac
}
json_id() { python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'; }

ORG_ID="$(api POST /api/v1/lists/organizations '{"name":"Bench Task Force"}' | json_id)" \
    || die "cannot create an organisation"
VENUE_ID="$(api POST /api/v1/lists/venues \
    '{"name":"Bench Hall","city":"Missoula","state":"MT","time_zone":"America/Denver"}' | json_id)" \
    || die "cannot create a venue"
EVENT_ID="$(api POST /api/v1/events \
    "{\"title\":\"Registration benchmark\",\"published\":true,\"venue_id\":$VENUE_ID,\"hosts\":[$ORG_ID]}" | json_id)" \
    || die "cannot create an event"
DAY="$(date -d '+30 days' +%Y-%m-%d)"

# A new public session for each round, so that the rounds start alike (a
# registration's cost may grow with the session's size). Sets SESSION_ID and
# REG_PATH, and checks with one request that a new address is a new
# registration (201).
new_session() {  # round
    local state cap code
    api POST "/api/v1/events/$EVENT_ID/sessions" \
        "{\"title\":\"Community conversation (bench $1)\",\"audience\":\"public\",\"capacity\":$CAP_JSON,\"starts_at\":\"${DAY}T18:30\",\"ends_at\":\"${DAY}T20:00\"}" \
        >"$TMP/session.json" || die "cannot create a session"
    read -r SESSION_ID state cap < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["id"], s.get("registration"), "null" if s.get("capacity") is None else s["capacity"])' "$TMP/session.json") \
        || die "cannot read the new session"
    [ "$state" = open ] || die "session $SESSION_ID: registration is '$state', not open"
    [ "$cap" = "$CAP_JSON" ] || die "session $SESSION_ID has capacity $cap, wanted $CAP_JSON"
    REG_PATH="/api/v1/sessions/$SESSION_ID/registrations"
    code="$(curl -sS -o "$TMP/probe.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        --data-binary '{"name":"Bench probe","email":"bench-probe@example.org"}' "$URL$REG_PATH")" \
        || die "POST $REG_PATH failed"
    [ "$code" = 201 ] || { cat "$TMP/probe.out" >&2; echo >&2; die "POST $REG_PATH answered HTTP $code, wanted 201"; }
}

# --- the wrk script -------------------------------------------------------------------
# Each thread gets a number in setup(); the run tag comes from the command
# line (wrk ... -- TAG); every request carries TAG-thread-counter.
cat >"$TMP/register.lua" <<'LUA'
local threads = {}
function setup(thread)
    table.insert(threads, thread)
    thread:set("tid", #threads)
end

function init(args)
    tag = args[1] or "bench"
    counter = 0
    ok2xx, created, repeats = 0, 0, 0
    s409, s422, s429, s5xx, sother = 0, 0, 0, 0, 0
    hdrs = { ["Content-Type"] = "application/json" }
end

function request()
    counter = counter + 1
    local body = string.format('{"name":"Bench %d-%d","email":"%s-%d-%d@example.org"}',
                               tid, counter, tag, tid, counter)
    return wrk.format("POST", nil, hdrs, body)
end

function response(status, headers, body)
    if status >= 200 and status < 300 then
        ok2xx = ok2xx + 1
        if status == 201 then created = created + 1 else repeats = repeats + 1 end
    elseif status == 409 then s409 = s409 + 1
    elseif status == 422 then s422 = s422 + 1
    elseif status == 429 then s429 = s429 + 1
    elseif status >= 500 then s5xx = s5xx + 1
    else sother = sother + 1 end
end

function done(summary, latency, requests)
    local t = { counter = 0, ok2xx = 0, created = 0, repeats = 0, s409 = 0,
                s422 = 0, s429 = 0, s5xx = 0, sother = 0 }
    for _, th in ipairs(threads) do
        for k, _ in pairs(t) do t[k] = t[k] + (th:get(k) or 0) end
    end
    local e = summary.errors
    io.write(string.format(
        "RESULT secs=%.6f issued=%d requests=%d ok2xx=%d created=%d repeats=%d " ..
        "s409=%d s422=%d s429=%d s5xx=%d sother=%d " ..
        "p50_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
        "econnect=%d eread=%d ewrite=%d etimeout=%d\n",
        summary.duration / 1e6, t.counter, summary.requests, t.ok2xx, t.created, t.repeats,
        t.s409, t.s422, t.s429, t.s5xx, t.sother,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        e.connect, e.read, e.write, e.timeout))
end
LUA

# --- the measurements ---------------------------------------------------------------------
rows() {  # registration rows of the bench session, after the writes have settled
    local n prev=-1
    for _ in $(seq 50); do
        if [ "$BACKEND" = postgresql ]; then
            n="$(pgq "$DB" -c "SELECT count(*) FROM registrations WHERE session_id = $SESSION_ID")" \
                || die "psql cannot read $DB"
        else
            n="$(sqlite3 -cmd '.timeout 10000' "$DB" \
                 "SELECT count(*) FROM registrations WHERE session_id = $SESSION_ID;")" \
                || die "sqlite3 cannot read $DB"
        fi
        [ "$n" = "$prev" ] && break
        prev="$n"
        sleep 0.3
    done
    echo "$n"
}

# The reference SQL, generated once.
if [ "$BACKEND" = postgresql ]; then
    # The registrations table's columns, unique secret and two indexes; one
    # INSERT of a confirmed registration per transaction, as convene's
    # registration makes one (it writes more in it: a change event too).
    pgq "$REFDB" -c "
        CREATE TABLE bench_reg (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            session_id BIGINT NOT NULL,
            secret TEXT COLLATE \"C\" NOT NULL UNIQUE,
            status TEXT COLLATE \"C\" NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
            name TEXT COLLATE \"C\", email TEXT COLLATE \"C\", email_norm TEXT COLLATE \"C\",
            sector TEXT COLLATE \"C\", organization TEXT COLLATE \"C\", county TEXT COLLATE \"C\",
            license TEXT COLLATE \"C\",
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL);
        CREATE INDEX bench_reg_session ON bench_reg (session_id, status, id);
        CREATE UNIQUE INDEX bench_reg_email ON bench_reg (session_id, email_norm)
            WHERE email_norm IS NOT NULL AND status <> 'cancelled';" \
        || die "cannot create the reference table"
    cat >"$TMP/ref.pgbench" <<'SQL'
INSERT INTO bench_reg (session_id, secret, status, name, email, email_norm, created_at, updated_at) SELECT 1, h, 'confirmed', 'Bench ' || :client_id, 'bench-' || h || '@example.org', 'bench-' || h || '@example.org', e, e FROM (SELECT md5(random()::text || clock_timestamp()::text) AS h, extract(epoch FROM now())::bigint AS e) AS x;
SQL
else
    {
        echo "PRAGMA journal_mode=WAL;"
        echo "PRAGMA synchronous=FULL;"
        echo "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
        awk -v n="$REF_N" 'BEGIN { for (i = 1; i <= n; i++) printf "INSERT INTO t(v) VALUES (%c%s-%d%c);\n", 39, "registration", i, 39 }'
    } >"$TMP/ref.sql"
fi

run_ref() {  # run -> appends "commits_per_s" to ref.parsed
    local r="$1" ref="$TMP/ref.db" t0 t1 n mode
    rm -f "$ref" "$ref-wal" "$ref-shm"
    t0="$(date +%s.%N)"
    sqlite3 "$ref" <"$TMP/ref.sql" >"$TMP/ref.out.$r" 2>&1 || { cat "$TMP/ref.out.$r" >&2; die "sqlite3 reference failed"; }
    t1="$(date +%s.%N)"
    mode="$(head -n1 "$TMP/ref.out.$r")"
    [ "$mode" = wal ] || die "the reference database is in journal mode '$mode', not wal"
    n="$(sqlite3 "$ref" 'SELECT count(*) FROM t;')"
    [ "$n" = "$REF_N" ] || die "the reference has $n rows, wanted $REF_N"
    awk -v a="$t0" -v b="$t1" -v n="$REF_N" 'BEGIN { printf "%.1f %.3f\n", n / (b - a), b - a }' >>"$TMP/ref.parsed"
    rm -f "$ref" "$ref-wal" "$ref-shm"
}

wal_lsn() { pgq "$DB" -c 'SELECT pg_current_wal_lsn()'; }

# The cluster's CPU so far, in clock ticks: the postmaster's own and its
# exited children's (it waits for each, so a backend that ends moves
# there), and the live backends'. Read before and after a run, the
# difference is what PostgreSQL spent on it, whatever the disk did.
pg_ticks() {
    local pm t=0 f
    pm="$(head -n1 "$PGDIR/data/postmaster.pid" 2>/dev/null)" || { echo 0; return; }
    f="$(cut -d')' -f2- "/proc/$pm/stat" 2>/dev/null)" || { echo 0; return; }
    t=$(awk '{ print $12 + $13 + $14 + $15 }' <<<"$f")
    awk -v pm="$pm" -v t="$t" '{ sub(/^.*\) /, ""); if ($2 == pm) t += $12 + $13 }
        END { print t }' /proc/[0-9]*/stat 2>/dev/null || true  # a process gone meanwhile
}
# Waits (up to 5 s) until no pgbench connection is left on the reference
# database: a backend that has not exited yet is counted either way, but
# one between its exit and the postmaster's wait for it would be lost.
ref_gone() {
    local i
    for i in $(seq 50); do
        [ "$(pgq "$REFDB" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")" = 0 ] && return 0
        sleep 0.1
    done
    return 0
}
# A process's own CPU in clock ticks.
proc_ticks() { cut -d')' -f2- "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0; }
# Microseconds of CPU per item: ticks items.
us_per() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (n > 0 ? t * 1e6 / hz / n : 0) }'; }
wal_bytes() { pgq "$DB" -c "SELECT pg_wal_lsn_diff('$2', '$1')::bigint"; }

# pgbench -c CONNS -j 2 after a warm-up; the table is emptied first so that
# the rounds start alike. Rows must be at least the transactions pgbench
# counts (and at most CONNS more).
run_ref_pg() {  # run -> appends "tps secs rows_ok wal_bytes_per_tx tx rows pg_us" to ref.parsed
    local r="$1" out="$TMP/pgbench.$1" n tx tps l0 l1 ok=1 c0 c1
    pgq "$REFDB" -c 'TRUNCATE bench_reg' || die "cannot empty the reference table"
    "$PGBENCH" -n -M prepared -c "$CONNS" -j 2 -T "$WARMUP_S" -f "$TMP/ref.pgbench" "$REFDB" >"$out.warmup" 2>&1 \
        || { cat "$out.warmup" >&2; die "pgbench warm-up failed"; }
    pgq "$REFDB" -c 'TRUNCATE bench_reg' || die "cannot empty the reference table"
    ref_gone
    l0="$(wal_lsn)"
    c0="$(pg_ticks)"
    "$PGBENCH" -n -M prepared -c "$CONNS" -j 2 -T "$DURATION_S" -f "$TMP/ref.pgbench" "$REFDB" >"$out" 2>&1 \
        || { cat "$out" >&2; die "pgbench failed"; }
    ref_gone
    c1="$(pg_ticks)"
    l1="$(wal_lsn)"
    [ -n "${VERBOSE:-}" ] && { echo "--- pgbench report, run $r"; cat "$out"; } >&2
    tps="$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$out" | head -n1)"
    [ -n "$tps" ] || tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out" | head -n1)"
    tx="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")"
    [ -n "$tps" ] && [ -n "$tx" ] || { cat "$out" >&2; die "cannot read pgbench's report (run $r)"; }
    n="$(pgq "$REFDB" -c 'SELECT count(*) FROM bench_reg')"
    if [ "$n" -lt "$tx" ] || [ "$n" -gt $((tx + CONNS)) ]; then
        ok=0
        note "run $r: pgbench MISMATCH: $tx transactions counted, $n rows"
    fi
    echo "$tps $DURATION_S $ok $(( $(wal_bytes "$l0" "$l1") / (tx > 0 ? tx : 1) )) $tx $n $(us_per $((c1 - c0)) "$tx")" >>"$TMP/ref.parsed"
}

# wrk runs in the background and is waited for, so that a signal runs the
# cleanup at once (and stops wrk too).
# With NODES=2, one wrk per node (1 thread, CONNS/2 connections) at the same
# time, writing out.1 and out.2 (a node's number is in every address).
run_wrk() {  # duration tag out [wrk options...]
    local d="$1" tag="$2" out="$3" rc=0 i pid
    shift 3
    if [ "$NODES" = 1 ]; then
        wrk -t"$WRK_THREADS" -c"$CONNS" -d"$d" "$@" -s "$TMP/register.lua" "$URL$REG_PATH" -- "$tag" >"$out" 2>&1 &
        WRK_PIDS=$!
    else
        WRK_PIDS=""
        for i in $(seq "$NODES"); do
            wrk -t1 -c$((CONNS / NODES)) -d"$d" "$@" -s "$TMP/register.lua" "${URLS[$((i - 1))]}$REG_PATH" \
                -- "$tag-n$i" >"$out.$i" 2>&1 &
            WRK_PIDS="$WRK_PIDS $!"
        done
    fi
    for pid in $WRK_PIDS; do
        wait "$pid" || rc=$?
    done
    WRK_PIDS=""
    [ "$NODES" = 1 ] || cat "$out".[0-9]* >"$out"
    return "$rc"
}

# The RESULT lines of one run (one per wrk) as one: counts summed, the rate
# the sum of each wrk's 2xx / its seconds, latencies the worst wrk's.
combine() {  # file -> one line of fields
    grep '^RESULT ' "$1" | sed 's/^RESULT //' | awk '
        { for (i = 1; i <= NF; i++) { split($i, kv, "="); k = kv[1]; v = kv[2] + 0
              if (!(k in f)) { keys[++nk] = k; f[k] = 0 }
              if (k == "secs" || k ~ /_ms$/) { if (v > f[k]) f[k] = v } else f[k] += v
              if (k == "secs") s = v; if (k == "ok2xx") o = v }
          rate += o / s; n++ }
        END { if (n == 0) exit 1
              for (i = 1; i <= nk; i++) printf "%s=%s ", keys[i], keys[i] == "secs" ? sprintf("%.6f", f[keys[i]]) : keys[i] ~ /_ms$/ ? sprintf("%.3f", f[keys[i]]) : f[keys[i]]
              printf "rate=%.3f wrks=%d\n", rate, n }'
}

run_convene() {  # run -> appends the RESULT fields and the row count to conv.parsed
    local r="$1" out="$TMP/wrk.$1" before after line pid l0="" wal c0=0 c1=0 v0 v1
    run_wrk "$WARMUP" "bench-w$r" "$TMP/warmup.$r" || { cat "$TMP/warmup.$r" >&2; die "wrk warm-up failed"; }
    before="$(rows)"
    [ "$BACKEND" = postgresql ] && { l0="$(wal_lsn)"; c0="$(pg_ticks)"; }
    v0=0
    for pid in $CONVENE_PIDS; do v0=$((v0 + $(proc_ticks "$pid"))); done
    run_wrk "$DURATION" "bench-r$r" "$out" --latency || { cat "$out" >&2; die "wrk failed"; }
    v1=0
    for pid in $CONVENE_PIDS; do v1=$((v1 + $(proc_ticks "$pid"))); done
    [ "$BACKEND" = postgresql ] && c1="$(pg_ticks)"
    after="$(rows)"
    [ -n "${VERBOSE:-}" ] && { echo "--- wrk report, run $r"; cat "$out"; } >&2
    [ "$(grep -c '^RESULT ' "$out")" = "$NODES" ] || { cat "$out" >&2; die "not $NODES RESULT line(s) from wrk (run $r)"; }
    line="$(combine "$out")" || { cat "$out" >&2; die "cannot read wrk's RESULT (run $r)"; }
    for pid in $CONVENE_PIDS; do
        kill -0 "$pid" 2>/dev/null || { tail -n 20 "$TMP"/convene*.err >&2; die "convene died during run $r"; }
    done
    if [ "$BACKEND" = postgresql ]; then
        wal="wal_per_reg=$(( $(wal_bytes "$l0" "$(wal_lsn)") / ((after - before) > 0 ? (after - before) : 1) ))"
        wal="$wal pg_us=$(us_per $((c1 - c0)) $((after - before)))"
    else
        wal="wal_kib=$(( $(stat -c %s "$DB-wal" 2>/dev/null || echo 0) / 1024 ))"
    fi
    echo "$line rows=$((after - before)) total_rows=$after $wal convene_us=$(us_per $((v1 - v0)) $((after - before)))" >>"$TMP/conv.parsed"
}

get() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2; exit }'; }

say "convene ${URLS[*]}, event $EVENT_ID, a new public session per round ($CAP_NOTE), db $DB"
if [ "$BACKEND" = postgresql ]; then
    say "wrk: $NODES node(s), $CONNS connections in all, -d$DURATION --latency (after a $WARMUP warm-up); reference: pgbench -c $CONNS -j 2 -T $DURATION_S; $RUNS round(s); load average $(cut -d' ' -f1-3 /proc/loadavg)"
else
    say "wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency (after a $WARMUP warm-up); reference: $REF_N single-row commits; $RUNS round(s); load average $(cut -d' ' -f1-3 /proc/loadavg)"
fi
# The load generator and the HTTP layer with one read and no write: wrk with
# the same connections against /healthz, so that a low figure below is not
# wrk's or libmicrohttpd's ceiling.
wrk -t"$WRK_THREADS" -c"$CONNS" -d3s "$URL/healthz" >"$TMP/wrk-healthz" 2>&1 \
    || { cat "$TMP/wrk-healthz" >&2; die "wrk against /healthz failed"; }
HEALTHZ_RPS="$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$TMP/wrk-healthz")"
: >"$TMP/ref.parsed"
: >"$TMP/conv.parsed"
for r in $(seq "$RUNS"); do
    if [ "$BACKEND" = postgresql ]; then run_ref_pg "$r"; else run_ref "$r"; fi
    new_session "$r"
    run_convene "$r"
    if [ "$RUNS" -gt 1 ]; then
        c="$(sed -n "${r}p" "$TMP/conv.parsed")"
        ref_rate="$(sed -n "${r}p" "$TMP/ref.parsed" | cut -d' ' -f1)"
        if [ "$BACKEND" = postgresql ]; then
            say "run $r: convene $(printf '%.0f' "$(get rate "$c")") reg/s (p99 $(get p99_ms "$c") ms; $(get total_rows "$c") rows in the session after, $(get wal_per_reg "$c") WAL bytes per registration), pgbench $(printf '%.0f' "$ref_rate") tps ($(sed -n "${r}p" "$TMP/ref.parsed" | cut -d' ' -f4) WAL bytes per transaction)"
        else
            say "run $r: convene $(awk -v a="$(get ok2xx "$c")" -v s="$(get secs "$c")" 'BEGIN { printf "%.0f", a / s }') reg/s (p99 $(get p99_ms "$c") ms; $(get total_rows "$c") rows in the session after, WAL $(get wal_kib "$c") KiB), raw $ref_rate commits/s"
        fi
    fi
done

# What a registration adds to the bare INSERT that makes it wait for others:
# the session row's seat counter (UPDATE sessions SET taken = taken + 1: one
# row for every registration of the session, locked until the commit is on
# disk) and pg_notify (PostgreSQL serializes the commits of notifying
# transactions). One pgbench run each, -c CONNS -T DURATION.
VARIANTS=""
if [ "$BACKEND" = postgresql ] && [ -n "${PG_VARIANTS:-}" ]; then
    pgq "$REFDB" -c 'CREATE TABLE bench_seat (id BIGINT PRIMARY KEY, taken BIGINT NOT NULL); INSERT INTO bench_seat VALUES (1, 0)' \
        || die "cannot create the seat counter table"
    ins="$(cat "$TMP/ref.pgbench")"
    printf 'BEGIN;\nUPDATE bench_seat SET taken = taken + 1 WHERE id = 1;\n%s\nEND;\n' "$ins" >"$TMP/ref-seat.pgbench"
    printf 'BEGIN;\n%s\nSELECT pg_notify(%s, %s);\nEND;\n' "$ins" "'bench_changes'" "''" >"$TMP/ref-notify.pgbench"
    printf 'BEGIN;\nUPDATE bench_seat SET taken = taken + 1 WHERE id = 1;\n%s\nSELECT pg_notify(%s, %s);\nEND;\n' "$ins" "'bench_changes'" "''" >"$TMP/ref-both.pgbench"
    for v in seat notify both; do
        "$PGBENCH" -n -M prepared -c "$CONNS" -j 2 -T "$DURATION_S" -f "$TMP/ref-$v.pgbench" "$REFDB" >"$TMP/pgbench-$v" 2>&1 \
            || { cat "$TMP/pgbench-$v" >&2; die "pgbench ($v) failed"; }
        VARIANTS="$VARIANTS $v=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$TMP/pgbench-$v" | head -n1)"
    done
fi

# --- checks on every run -----------------------------------------------------------------------
# Rows must be at least the 201s, and at most the 201s plus the requests
# sent but not answered when wrk stopped (issued - answered, <= CONNS): the
# server may still commit those.
r=0
ROWS_OK=1
while read -r c; do
    r=$((r + 1))
    created="$(get created "$c")"; repeats="$(get repeats "$c")"; n="$(get rows "$c")"
    open=$(( $(get issued "$c") - $(get requests "$c") ))
    if [ "$repeats" -gt 0 ]; then
        note "run $r: $repeats answers were 200 (an existing registration) though every address was new"
    fi
    if [ "$n" -lt "$created" ]; then
        ROWS_OK=0
        note "run $r: MISMATCH: $created answers 201 but only $n new rows: answered before the commit? (a durability bug)"
    elif [ "$n" -gt $((created + open)) ]; then
        ROWS_OK=0
        note "run $r: MISMATCH: $n new rows for $created answers 201 and $open requests unanswered at the stop"
    fi
    e="$(get econnect "$c")/$(get eread "$c")/$(get ewrite "$c")/$(get etimeout "$c")"
    if [ "$e" != "0/0/0/0" ]; then
        note "run $r: wrk socket errors connect/read/write/timeout $e"
    fi
    if [ "$(get s429 "$c")" -gt 0 ]; then
        note "run $r: $(get s429 "$c") answers 429: a rate limit throttled the bench ($LIMIT_NOTE)"
    fi
done <"$TMP/conv.parsed"

# --- report ----------------------------------------------------------------------------------
python3 - "$TMP/conv.parsed" "$TMP/ref.parsed" "$RUNS" "$AIM" >"$TMP/summary" <<'PY' || die "cannot summarize the runs"
import statistics, sys
conv = [dict(kv.split("=", 1) for kv in l.split()) for l in open(sys.argv[1]) if l.strip()]
ref = [float(l.split()[0]) for l in open(sys.argv[2]) if l.strip()]
med = statistics.median
rate = med(float(c["rate"]) if "rate" in c else int(c["ok2xx"]) / float(c["secs"]) for c in conv)
p50 = med(float(c["p50_ms"]) for c in conv)
p99 = med(float(c["p99_ms"]) for c in conv)
non2xx = sum(int(c[k]) for c in conv for k in ("s409", "s422", "s429", "s5xx", "sother"))
ok = sum(int(c["ok2xx"]) for c in conv)
unanswered = sum(int(c["issued"]) - int(c["requests"]) for c in conv)
created = sum(int(c["created"]) for c in conv)
rows = sum(int(c["rows"]) for c in conv)
raw = med(ref)
ratio = rate / raw if raw > 0 else 0.0
detail = " ".join("%s %d" % (n, sum(int(c[k]) for c in conv))
                  for n, k in (("409", "s409"), ("422", "s422"), ("429", "s429"),
                               ("5xx", "s5xx"), ("other", "sother"))
                  if sum(int(c[k]) for c in conv))
print(rate, p50, p99, non2xx, ok, created, rows, unanswered, raw, ratio,
      "met" if ratio >= float(sys.argv[4]) else "NOT_met", detail.replace(" ", "_") or "-")
PY
read -r rate p50 p99 non2xx ok created nrows unanswered raw ratio verdict detail <"$TMP/summary"

if [ "$BACKEND" = postgresql ]; then
    echo "convene durable registrations over HTTP on PostgreSQL vs pgbench one-row INSERT transactions, same cluster, same run"
    echo "machine: $(nproc) CPUs shared by convene, wrk, PostgreSQL and pgbench; $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "cluster: $PGDIR on $FS_TYPE ($FS_DEV); PostgreSQL $PG_VERSION; $PG_SETTINGS"
    echo "convene serve: $NODES node(s) on one database; $THREADS_NOTE; $LIMIT_NOTE"
    if [ "$NODES" = 1 ]; then
        echo "wrk: -t$WRK_THREADS -c$CONNS -d$DURATION after a $WARMUP warm-up; POST /api/v1/sessions/{id}/registrations, a new email per request, a new session per round"
    else
        echo "wrk: one per node, -t1 -c$((CONNS / NODES)) -d$DURATION each, at once, after a $WARMUP warm-up; POST /api/v1/sessions/{id}/registrations, a new email per request, a new session per round"
    fi
    echo "pgbench: -n -M prepared -c $CONNS -j 2 -T $DURATION_S after a ${WARMUP_S}s warm-up; one INSERT of a registration-like row per transaction"
else
    echo "convene durable registrations over HTTP vs raw SQLite commits (WAL, synchronous=FULL), same disk, same run"
    echo "machine: $(nproc) CPUs shared by convene, wrk and sqlite3; $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "temp dir: $TMP on $FS_TYPE ($FS_DEV); sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
    echo "convene serve: $THREADS_NOTE; $LIMIT_NOTE"
    echo "wrk: -t$WRK_THREADS -c$CONNS -d$DURATION after a $WARMUP warm-up; POST /api/v1/sessions/{id}/registrations, a new email per request, a new session per round"
fi
echo
printf '%-46s %12s\n' measure value
printf '%-46s %12.0f\n' "convene registrations/s (2xx answers only)" "$rate"
printf '%-46s %12.2f\n' "convene latency p50 ms" "$p50"
printf '%-46s %12.2f\n' "convene latency p99 ms" "$p99"
printf '%-46s %12d\n' "convene non-2xx answers" "$non2xx"
if [ "$BACKEND" = postgresql ]; then
    printf '%-46s %12.0f\n' "pgbench tps ($CONNS clients, one-row INSERT)" "$raw"
    printf '%-46s %12.2f   aim: at least %.1fx -> %s\n' "ratio convene/pgbench" "$ratio" "$AIM" "${verdict//_/ }"
    for kv in $VARIANTS; do
        case "${kv%%=*}" in
            seat) label="pgbench tps, + UPDATE of one seat counter row" ;;
            notify) label="pgbench tps, + pg_notify" ;;
            both) label="pgbench tps, + seat counter + pg_notify" ;;
        esac
        printf '%-46s %12.0f\n' "$label" "${kv#*=}"
    done
else
    printf '%-46s %12.0f\n' "raw WAL FULL commits/s (sqlite3, 1 connection)" "$raw"
    printf '%-46s %12.2f   aim: at least %.1fx -> %s\n' "ratio convene/raw" "$ratio" "$AIM" "${verdict//_/ }"
fi
[ "$RUNS" -gt 1 ] && echo "(medians of $RUNS rounds; counts summed)"
printf '%-46s %12.0f   (wrk -c%s against GET /healthz, one read and no write: the client'"'"'s and HTTP layer'"'"'s ceiling)\n' \
    "wrk alone, requests/s" "${HEALTHZ_RPS:-0}" "$CONNS"
echo
[ "$detail" != "-" ] && echo "non-2xx by status: ${detail//_/ }"
if [ "$ROWS_OK" = 1 ]; then rows_verdict="ok"; else rows_verdict="MISMATCH (see notes)"; fi
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "?"; else print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "convene CPU: $(while read -r l; do get convene_us "$l"; done <"$TMP/conv.parsed" | median) us per registration ($NODES node(s), median over the rounds)"
# Group commit at work: write transactions per durable commit, from /metrics
# (summed over the nodes).
commits=0
txs=0
reruns=0
for u in "${URLS[@]}"; do
    metrics="$(curl -s "$u/metrics" || true)"
    c="$(printf '%s\n' "$metrics" | sed -n 's/^convene_db_commits_total //p')"
    t="$(printf '%s\n' "$metrics" | sed -n 's/^convene_db_transactions_total //p')"
    x="$(printf '%s\n' "$metrics" | sed -n 's/^convene_db_batch_reruns_total //p')"
    reruns=$((reruns + ${x:-0}))
    commits=$((commits + ${c:-0}))
    txs=$((txs + ${t:-0}))
done
if [ "$commits" -gt 0 ]; then
    if [ "$BACKEND" = postgresql ]; then
        echo "group commit: $txs write transactions in $commits commits ($(awk -v t="$txs" -v c="$commits" 'BEGIN { printf "%.1f", t / c }') per commit, several writers at once; $reruns batches ran again with savepoints)"
    else
        echo "group commit: $txs write transactions in $commits commits ($(awk -v t="$txs" -v c="$commits" 'BEGIN { printf "%.1f", t / c }') per commit)"
    fi
fi
if [ "$BACKEND" = postgresql ]; then
    echo "WAL: $(get wal_per_reg "$(tail -n1 "$TMP/conv.parsed")") bytes per registration, $(tail -n1 "$TMP/ref.parsed" | cut -d' ' -f4) per pgbench transaction (last round)"
    # CPU per item, a figure the disk's commit rate does not move: the
    # median over the rounds of each.
    pg_reg="$(while read -r l; do get pg_us "$l"; done <"$TMP/conv.parsed" | median)"
    pg_ref="$(cut -d' ' -f7 "$TMP/ref.parsed" | median)"
    echo "PostgreSQL CPU: ${pg_reg} us per registration, ${pg_ref} us per pgbench transaction (all its processes, median over the rounds)"
    echo "connections to the cluster at the end: $(pgq "$DB" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()") to convene's database ($NODES node(s))"
    ref_bad="$(awk '$3 != 1' "$TMP/ref.parsed" | wc -l)"
    echo "row check: $ok answers 2xx ($created of them 201), $nrows new rows in the bench sessions (psql, after each run)," \
         "$unanswered requests unanswered when wrk stopped (may commit after): $rows_verdict;" \
         "pgbench: $(awk '{ t += $5; n += $6 } END { printf "%d transactions, %d rows", t, n }' "$TMP/ref.parsed"): $([ "$ref_bad" = 0 ] && echo ok || echo "MISMATCH (see notes)")"
else
    echo "row check: $ok answers 2xx ($created of them 201), $nrows new rows in the bench sessions (sqlite3, after each run)," \
         "$unanswered requests unanswered when wrk stopped (may commit after): $rows_verdict"
fi
if [ -s "$TMP/notes" ]; then
    echo
    echo "notes:"
    sed 's/^/  /' "$TMP/notes"
fi
exit 0

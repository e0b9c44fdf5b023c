#!/usr/bin/env bash
# bench/qa.sh - the live Q&A's server-sent events at scale: N subscribers on
# one public stream, one approved question, the time until every subscriber
# has it, and convene's memory per subscriber.
#
# Usage: bench/qa.sh              (from anywhere)
# Env:   NS="1000 10000"   subscriber counts, one fresh convene each
#        N=10000           the largest count when NS is not given (NS="1000 N")
#        NODES=1           2: two convene nodes on one PostgreSQL database
#                          (N=20000 and NS="N" by default, NCHAN=0); see below
#        INFLIGHT=256      connections joining at a time (the listen backlog is 1024)
#        NCHAN=1           also run nginx + nchan (0: skip); installs
#                          libnginx-mod-nchan with apt-get when missing
#        JOIN_TIMEOUT=180 DELIVERY_TIMEOUT=60   seconds
#        CONVENE=./convene binary to measure (relative to the repo root)
#        VERBOSE=1         also print every raw figure (on stderr)
#        SERVE_ARGS=       extra options for convene serve, e.g.
#                          "--connection-memory 4" (the memory per connection)
#
# The client is bench/sse_clients.c (one thread, epoll), built with cc -O2
# into the temp dir. It asks a question (a pending question: every stream
# gets {"id":N,"status":"removed"}), then approves it as kat with a bearer
# token over its own socket, stamping the monotonic time just before that
# write; latency is from there to the marker's arrival on each stream.
#
# NODES=2: a throwaway PostgreSQL cluster (scripts/pg-test start, stopped by
# the exit trap; installs postgresql with apt-get when missing), a fresh
# database for each count with the demo loaded into it, and two `convene
# serve` processes on it (nodes A and B). Half the subscribers join node A,
# half node B, at the same time; the question is asked and approved on node
# A only, and reaches node B's streams through PostgreSQL (NOTIFY wakes each
# node's feed thread, which publishes to its own streams). One client
# process per node (the leader on A, the follower on B: `ulimit -n` is the
# limit per process, and one process could not hold both halves); they meet
# through files (see sse_clients.c) and share CLOCK_MONOTONIC, so every
# latency, on either node, is from the approval's write on node A. The
# table has a row per node (its memory per subscriber is its own VmRSS
# delta over its own subscribers) and one for both (latencies merged).
#
# Memory per subscriber is the server's growth from idle to N joined over N,
# measured the same way for convene and nchan: VmRSS (the aim is judged on
# it) and PSS from smaps_rollup, which counts a page that nginx's master
# and workers share once rather than in each.
#
# Prints a table, the project's aims next to the figures and notes on the
# server's behaviour. Exits 0 whether or not the aims are met; nonzero on
# setup failure.
set -euo pipefail

NODES="${NODES:-1}"
case "$NODES" in
    1|2) ;;
    *) echo "qa.sh: NODES must be 1 or 2 (got '$NODES')" >&2; exit 2 ;;
esac
if [ "$NODES" = 2 ]; then
    N="${N:-20000}"
    NS="${NS:-$N}"
    if [ "${NCHAN:-0}" != 0 ]; then
        echo "qa.sh: NODES=2: no nchan reference (it is one nginx; run NODES=1 for it)" >&2
    fi
    NCHAN=0
else
    N="${N:-10000}"
    if [ -z "${NS:-}" ]; then
        if [ "$N" -gt 1000 ] 2>/dev/null; then NS="1000 $N"; else NS="$N"; fi
    fi
    NCHAN="${NCHAN:-1}"
fi
INFLIGHT="${INFLIGHT:-256}"
JOIN_TIMEOUT="${JOIN_TIMEOUT:-180}"
DELIVERY_TIMEOUT="${DELIVERY_TIMEOUT:-60}"
AIM_SUBS=10000
AIM_SUBS2=20000   # NODES=2: split across the two nodes, one approval
AIM_P99_MS=250
AIM_KIB=8
SERVE_ARGS="${SERVE_ARGS:-}"

die() { echo "qa.sh: $*" >&2; exit 1; }
say() { echo "qa.sh: $*" >&2; }

MAXN=0
for n in $NS; do
    case "$n" in ''|*[!0-9]*|0) die "NS must list positive integers (got '$n')" ;; esac
    [ "$NODES" = 2 ] && [ "$n" -lt 2 ] && die "NODES=2 needs at least 2 subscribers (got $n)"
    [ "$n" -gt "$MAXN" ] && MAXN="$n"
done
case "$INFLIGHT" in ''|*[!0-9]*|0) die "INFLIGHT must be a positive integer" ;; esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CONVENE="${CONVENE:-./convene}"

# --- descriptors: both convene and the client inherit this -----------------------
# NODES=2: each node and each of the two client processes holds its half.
HARD="$(ulimit -Hn)"
if [ "$HARD" = unlimited ]; then HARD=1048576; fi
ulimit -n "$HARD" || die "cannot raise ulimit -n to $HARD"
NEED=$(((MAXN + NODES - 1) / NODES + 256))
[ "$(ulimit -n)" -ge "$NEED" ] || die "ulimit -n is $(ulimit -n) (hard $HARD); N=$MAXN on $NODES node(s) needs about $NEED per process"

# --- tools -------------------------------------------------------------------------
need_pkgs=()
command -v cc >/dev/null 2>&1 || need_pkgs+=(gcc libc6-dev)
command -v curl >/dev/null 2>&1 || need_pkgs+=(curl)
command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3)
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ "$NODES" = 2 ]; then
    command -v psql >/dev/null 2>&1 || need_pkgs+=(postgresql-client)
    [ -x "$(pg_bindir)/initdb" ] || need_pkgs+=(postgresql)
fi
if [ "${#need_pkgs[@]}" -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || die "missing ${need_pkgs[*]} (install them, or run as root)"
    say "installing ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

if [ ! -x "$CONVENE" ]; then
    make >/dev/null || die "make failed"
    [ -x "$CONVENE" ] || die "make did not produce $CONVENE"
fi

# --- temp dir and cleanup -------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/convene-qa.XXXXXX")"
PIDS=""          # every background process we started
PGDIR=""         # NODES=2: the PostgreSQL cluster's directory
stop_pid() {     # pid: TERM, wait up to 5 s, then KILL
    local pid="$1"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local pid
    for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
    for pid in $PIDS; do stop_pid "$pid"; done
    if [ -n "$PGDIR" ]; then scripts/pg-test stop "$PGDIR" || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cc -O2 -std=c17 -Wall -Wextra -o "$TMP/sse_clients" bench/sse_clients.c \
    || die "cannot build bench/sse_clients.c"

: >"$TMP/notes"
note() { echo "$*" >>"$TMP/notes"; }
val() { grep -m1 "^$2=" "$1" 2>/dev/null | cut -d= -f2- || true; }   # file key

# Waits for the client in the background, so that a signal runs the trap at once.
run_client() {  # pid; sets rc
    PIDS="$PIDS $1"
    rc=0
    wait "$1" || rc=$?
    PIDS="${PIDS/ $1/}"
}

# --- one convene run -----------------------------------------------------------------
# Starts `convene serve --db DB` with its output in DIR; sets SERVE_URL, SERVE_PID.
start_serve() {  # db dir label
    local db="$1" d="$2" label="$3" pid url
    # shellcheck disable=SC2086  # SERVE_ARGS is a list of options
    "$CONVENE" serve --db "$db" --listen 127.0.0.1:0 $SERVE_ARGS >"$d/convene.out" 2>"$d/convene.err" &
    pid=$!
    PIDS="$PIDS $pid"
    url=""
    for _ in $(seq 200); do   # 20 s
        url="$(grep -oE 'listening on http://[0-9.]+:[0-9]+' "$d/convene.err" 2>/dev/null \
               | head -n1 | sed 's/^listening on //' || true)"
        [ -n "$url" ] && break
        kill -0 "$pid" 2>/dev/null || { cat "$d/convene.err" >&2; die "$label exited before listening"; }
        sleep 0.1
    done
    [ -n "$url" ] || { cat "$d/convene.err" >&2; die "$label did not print its URL within 20 s"; }
    [ "$(awk '/^Max open files/ {print $4}' "/proc/$pid/limits")" -ge "$NEED" ] \
        || die "$label's descriptor limit is $(awk '/^Max open files/ {print $4}' "/proc/$pid/limits")"
    SERVE_URL="$url"
    SERVE_PID="$pid"
}

# Prints the join code of a public session (one still to come, if any).
join_code() {  # url dir
    curl -sS -f "$1/api/v1/events" -o "$2/events.json" || die "GET $1/api/v1/events failed"
    python3 - "$2/events.json" <<'PY'
import json, sys, datetime
doc = json.load(open(sys.argv[1]))
evs = doc.get("events", []) if isinstance(doc, dict) else doc
now = datetime.datetime.now(datetime.timezone.utc)
best = None
for e in evs:
    for s in e.get("sessions", []):
        if s.get("audience") != "public" or not s.get("join_code") or s.get("cancelled"):
            continue
        try:
            future = datetime.datetime.fromisoformat(s["ends_at"]) > now
        except (KeyError, ValueError):
            future = False
        if future:
            print(s["join_code"]); sys.exit(0)
        best = best or s["join_code"]
if not best:
    sys.exit("no public session with a join_code")
print(best)
PY
}

# After the client: what convene still holds, its stop, its complaints.
finish_serve() {  # pid dir out label
    local pid="$1" d="$2" out="$3" label="$4" t0 t1 fds_after
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$d/convene.err" >&2; die "$label died during the run"; }
    # The client closed everything (RST); suspended streams are only noticed
    # by a write (the 20 s heartbeat), so count what convene still holds.
    sleep 1
    fds_after="$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)"
    echo "fds_1s_after_close=$fds_after" >>"$out"
    t0="$(date +%s.%N)"
    stop_pid "$pid"
    t1="$(date +%s.%N)"
    echo "stop_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')" >>"$out"
    PIDS="${PIDS/ $pid/}"
    # convene's own complaints, grouped
    grep -E 'convene (error|warn|warning|fatal|crit)' "$d/convene.err" \
        | sed -E "s/^[0-9TZ:-]+ //; s/request for \`[^']*'/request for \`...'/" \
        | sort | uniq -c | sort -rn >"$d/complaints" || true
    if [ -s "$d/complaints" ]; then
        note "$label stderr (during the run and the stop, grouped; a stream whose client left is only found out by a write: the 20 s heartbeat, or the stop):"
        head -n 5 "$d/complaints" | sed 's/^/    /' >>"$TMP/notes"
    fi
}

# The stream a phone joins: the data-stream of the Q&A page, which starts
# where the page read its list (?after=); the phone's EventSource is open
# once the response headers have come, and that is what -r "" waits for.
page_stream() {  # url code dir
    curl -sS -f -m 5 "$1/qa/$2" -o "$3/page.html" || die "GET $1/qa/$2 failed"
    grep -o 'data-stream="[^"]*"' "$3/page.html" | head -n1 | cut -d'"' -f2 | grep . \
        || die "the page /qa/$2 has no data-stream"
}

run_convene() {  # n
    local n="$1" d="$TMP/convene.$1" url pid code token out rc stream
    mkdir -p "$d"
    "$CONVENE" demo --load-only --db "$d/demo.db" >"$d/demo.out" 2>&1 \
        || { cat "$d/demo.out" >&2; die "convene demo failed"; }
    start_serve "$d/demo.db" "$d" convene
    url="$SERVE_URL"; pid="$SERVE_PID"
    code="$(join_code "$url" "$d")" || die "no public session with a join_code in /api/v1/events"
    token="$("$CONVENE" user token kat --db "$d/demo.db" 2>"$d/token.err" | tail -n1)" \
        || { cat "$d/token.err" >&2; die "convene user token kat failed"; }
    [ -n "$token" ] || die "convene user token kat printed nothing"
    curl -sS -f -o /dev/null -m 5 "$url/api/v1/qa/$code" || die "GET /api/v1/qa/$code failed"
    stream="$(page_stream "$url" "$code" "$d")"

    say "convene N=$n: $url, join code $code, stream $stream, pid $pid"
    out="$d/client.out"
    rc=0
    "$TMP/sse_clients" -p "${url##*:}" -n "$n" -s "$stream" -r "" \
        -m "qa-marker-$$-$n-$RANDOM$RANDOM" -w "$INFLIGHT" -P "$pid" \
        -T "$JOIN_TIMEOUT" -D "$DELIVERY_TIMEOUT" -c "$code" -k "$token" \
        >"$out" 2>"$d/client.err" &
    run_client $!
    cat "$d/client.err" >&2
    [ "$rc" -eq 0 ] || die "sse_clients failed against convene (exit $rc)"
    finish_serve "$pid" "$d" "$out" "convene N=$n"
    [ -n "${VERBOSE:-}" ] && { echo "--- convene N=$n"; cat "$out"; } >&2
    return 0
}

# --- two nodes on PostgreSQL ------------------------------------------------------------
if [ "$NODES" = 2 ]; then
    PGDIR="$(mktemp -d "${TMPDIR:-/tmp}/convene-qa-pg.XXXXXX")"
    PGBASE="$(scripts/pg-test start "$PGDIR")" || die "cannot start PostgreSQL (scripts/pg-test start)"
    PG_VERSION="$(psql -X -q -At "$PGBASE" -c 'SHOW server_version' 2>/dev/null || echo '?')"
fi

run_convene2() {  # n: node A (the leader client, the question) and node B
    local n="$1" d="$TMP/convene.$1" db code token marker i half rc_a rc_b
    local url_a pid_a url_b pid_b cl_a cl_b stream
    mkdir -p "$d/A" "$d/B" "$d/sync"
    db="$(scripts/pg-test createdb "$PGBASE" "convene_qa_$n" 2>"$d/createdb.err")" \
        || { cat "$d/createdb.err" >&2; die "cannot create a PostgreSQL database"; }
    "$CONVENE" demo --load-only --db "$db" >"$d/demo.out" 2>&1 \
        || { cat "$d/demo.out" >&2; die "convene demo failed on $db"; }
    start_serve "$db" "$d/A" "convene node A"
    url_a="$SERVE_URL"; pid_a="$SERVE_PID"
    start_serve "$db" "$d/B" "convene node B"
    url_b="$SERVE_URL"; pid_b="$SERVE_PID"
    code="$(join_code "$url_a" "$d")" || die "no public session with a join_code in /api/v1/events"
    token="$("$CONVENE" user token kat --db "$db" 2>"$d/token.err" | tail -n1)" \
        || { cat "$d/token.err" >&2; die "convene user token kat failed"; }
    [ -n "$token" ] || die "convene user token kat printed nothing"
    for i in "$url_a" "$url_b"; do
        curl -sS -f -o /dev/null -m 5 "$i/api/v1/qa/$code" || die "GET $i/api/v1/qa/$code failed"
    done
    # One page, from node A: a phone may be sent to either node for its stream.
    stream="$(page_stream "$url_a" "$code" "$d")"

    half=$((n / 2))
    say "convene N=$n on 2 nodes ($db): A $url_a pid $pid_a, $((n - half)) subscribers, the question; B $url_b pid $pid_b, $half subscribers; join code $code"
    marker="qa-marker-$$-$n-$RANDOM$RANDOM"
    # The follower first, then the leader; both join at once.
    "$TMP/sse_clients" -p "${url_b##*:}" -n "$half" -s "$stream" -r "" \
        -m "$marker" -w "$INFLIGHT" -P "$pid_b" -T "$JOIN_TIMEOUT" -D "$DELIVERY_TIMEOUT" \
        -f -S "$d/sync" -o "$d/B/samples" >"$d/B/client.out" 2>"$d/B/client.err" &
    cl_b=$!
    "$TMP/sse_clients" -p "${url_a##*:}" -n "$((n - half))" -s "$stream" -r "" \
        -m "$marker" -w "$INFLIGHT" -P "$pid_a" -T "$JOIN_TIMEOUT" -D "$DELIVERY_TIMEOUT" \
        -c "$code" -k "$token" -S "$d/sync" -o "$d/A/samples" >"$d/A/client.out" 2>"$d/A/client.err" &
    cl_a=$!
    PIDS="$PIDS $cl_b"
    run_client "$cl_a"; rc_a="$rc"
    sed 's/^sse_clients:/sse_clients (A):/' "$d/A/client.err" >&2
    [ "$rc_a" -eq 0 ] || die "sse_clients (node A, the leader) failed (exit $rc_a)"
    PIDS="${PIDS/ $cl_b/}"
    run_client "$cl_b"; rc_b="$rc"
    sed 's/^sse_clients:/sse_clients (B):/' "$d/B/client.err" >&2
    [ "$rc_b" -eq 0 ] || die "sse_clients (node B, the follower) failed (exit $rc_b)"
    finish_serve "$pid_a" "$d/A" "$d/A/client.out" "convene N=$n node A"
    finish_serve "$pid_b" "$d/B" "$d/B/client.out" "convene N=$n node B"
    [ -n "${VERBOSE:-}" ] && { echo "--- convene N=$n node A"; cat "$d/A/client.out";
                               echo "--- convene N=$n node B"; cat "$d/B/client.out"; } >&2
    return 0
}

# --- nginx + nchan ---------------------------------------------------------------------
NCHAN_MOD=/usr/lib/nginx/modules/ngx_nchan_module.so
NCHAN_OK=0
NCHAN_WHY=""
if [ "$NCHAN" != 0 ]; then
    if [ ! -f "$NCHAN_MOD" ]; then
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
            say "installing libnginx-mod-nchan (reference run)"
            export DEBIAN_FRONTEND=noninteractive
            { apt-get install -y -qq libnginx-mod-nchan >"$TMP/apt.log" 2>&1 \
              || { apt-get update -qq >/dev/null 2>&1 \
                   && apt-get install -y -qq libnginx-mod-nchan >"$TMP/apt.log" 2>&1; }; } || true
        fi
    fi
    if [ -f "$NCHAN_MOD" ] && { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }; then
        NCHAN_OK=1
    else
        NCHAN_WHY="nginx with libnginx-mod-nchan could not be installed with apt-get$( [ -s "$TMP/apt.log" ] && echo ": $(tail -n1 "$TMP/apt.log")")"
    fi
else
    NCHAN_WHY="skipped (NCHAN=0)"
fi
NGINX="$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)"

run_nchan() {  # n
    local n="$1" d="$TMP/nchan.$1" port pid pids out rc user_line="" i
    mkdir -p "$d/logs" "$d/tmp"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
    [ "$(id -u)" -eq 0 ] && user_line="user root;"
    cat >"$d/nginx.conf" <<EOF
load_module $NCHAN_MOD;
$user_line
worker_processes 2;
worker_rlimit_nofile $((n + 1024));
daemon off;
master_process on;
pid $d/nginx.pid;
error_log $d/logs/error.log warn;
events { worker_connections $((n + 512)); use epoll; multi_accept on; }
http {
    access_log off;
    client_body_temp_path $d/tmp/body;
    proxy_temp_path $d/tmp/proxy;
    fastcgi_temp_path $d/tmp/fastcgi;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;
    server {
        listen 127.0.0.1:$port backlog=1024;
        location ~ ^/sub/(\w+)$ { nchan_subscriber eventsource; nchan_channel_id \$1; }
        location ~ ^/pub/(\w+)$ { nchan_publisher; nchan_channel_id \$1; }
    }
}
EOF
    "$NGINX" -p "$d" -e "$d/logs/error.log" -c "$d/nginx.conf" >"$d/logs/stdout" 2>&1 &
    pid=$!
    PIDS="$PIDS $pid"
    for _ in $(seq 100); do
        curl -s -o /dev/null -X POST -d x "http://127.0.0.1:$port/pub/warmup" && break
        kill -0 "$pid" 2>/dev/null || { cat "$d/logs/stdout" "$d/logs/error.log" >&2 2>/dev/null; die "nginx exited on start"; }
        sleep 0.1
    done
    curl -sS -f -o /dev/null -X POST -d x "http://127.0.0.1:$port/pub/warmup" || die "nchan publisher does not answer"
    # master and workers, for the memory figures
    pids="$pid"
    for i in $(pgrep -P "$pid"); do pids="$pids,$i"; done
    say "nchan N=$n: http://127.0.0.1:$port, nginx pids $pids"
    out="$d/client.out"
    rc=0
    "$TMP/sse_clients" -p "$port" -n "$n" -s "/sub/bench$n" -r ": hi" \
        -m "qa-marker-$$-$n-$RANDOM$RANDOM" -w "$INFLIGHT" -P "$pids" \
        -T "$JOIN_TIMEOUT" -D "$DELIVERY_TIMEOUT" -u "/pub/bench$n" \
        >"$out" 2>"$d/client.err" &
    run_client $!
    cat "$d/client.err" >&2
    stop_pid "$pid"
    PIDS="${PIDS/ $pid/}"
    [ "$rc" -eq 0 ] || die "sse_clients failed against nchan (exit $rc)"
    if grep -qE '\[(error|crit|alert|emerg)\]' "$d/logs/error.log" 2>/dev/null; then
        note "nchan N=$n error.log: $(grep -cE '\[(error|crit|alert|emerg)\]' "$d/logs/error.log") lines, e.g. $(grep -m1 -E '\[(error|crit|alert|emerg)\]' "$d/logs/error.log" | cut -c1-200)"
    fi
    [ -n "${VERBOSE:-}" ] && { echo "--- nchan N=$n"; cat "$out"; } >&2
    return 0
}

# --- runs ------------------------------------------------------------------------------------
LOAD0="$(cut -d' ' -f1-3 /proc/loadavg)"
say "$(nproc) cores shared by server(s) and client; load average $LOAD0; ulimit -n $(ulimit -n); $NODES node(s)"
for n in $NS; do
    if [ "$NODES" = 2 ]; then
        run_convene2 "$n"
    else
        run_convene "$n"
        [ "$NCHAN_OK" = 1 ] && run_nchan "$n"
    fi
done

# --- report -----------------------------------------------------------------------------------
f1() { awk -v v="$1" 'BEGIN { if (v == "" || v < 0) print "-"; else printf "%.1f", v }'; }
f0() { awk -v v="$1" 'BEGIN { if (v == "" || v < 0) print "-"; else printf "%.0f", v }'; }
kib() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (a == "" || b == "" || a < 0 || b < 0 || n <= 0) print "-"; else printf "%.1f", (b - a) / n }'; }

# NODES=2: a row per node and one for both; the aims on the largest count.
if [ "$NODES" = 2 ]; then
    # merged latency samples: "n p50 p99 max" (ms, nearest rank, as sse_clients)
    merged() {  # tag file...
        local tag="$1"; shift
        awk -v t="$tag" '$1 == t { print $2 }' "$@" 2>/dev/null | sort -n | awk '
            { v[NR] = $1 }
            END {
                if (NR == 0) { print "0 -1 -1 -1"; exit }
                i50 = int((NR * 50 + 99) / 100); i99 = int((NR * 99 + 99) / 100)
                printf "%d %.3f %.3f %.3f\n", NR, v[i50] / 1e6, v[i99] / 1e6, v[NR] / 1e6
            }'
    }
    sum2() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a < 0 || b < 0) print -1; else print a + b }'; }
    fmt='%-8s %6s %9s %7s %8s %9s %9s %9s %9s %9s %9s %8s %7s\n'
    mib() { awk -v v="$1" 'BEGIN { if (v == "" || v < 0) print "-"; else printf "%.1f", v / 1024 }'; }
    row2() {  # name n file
        local f="$3"
        printf "$fmt" "$1" "$2" \
            "$(val "$f" connected)" "$(awk -v v="$(val "$f" join_s)" 'BEGIN { printf "%.2f", v }')" \
            "$(f0 "$(val "$f" join_rate)")" \
            "$(f1 "$(val "$f" deliver_p50_ms)")" "$(f1 "$(val "$f" deliver_p99_ms)")" "$(f1 "$(val "$f" deliver_max_ms)")" \
            "$(val "$f" received)" "$(mib "$(val "$f" before_rss_kb)")" "$(mib "$(val "$f" joined_rss_kb)")" \
            "$(kib "$(val "$f" before_rss_kb)" "$(val "$f" joined_rss_kb)" "$(val "$f" connected)")" \
            "$(val "$f" joined_threads)"
    }
    # both nodes: sets B_CONN B_RECV B_P50 B_P99 B_MAX B_KIB and prints the row
    row_both() {  # n dir
        local n="$1" a="$2/A/client.out" b="$2/B/client.out" js r0 r1 m
        B_CONN="$(( $(val "$a" connected) + $(val "$b" connected) ))"
        B_RECV="$(( $(val "$a" received) + $(val "$b" received) ))"
        js="$(awk -v x="$(val "$a" join_s)" -v y="$(val "$b" join_s)" 'BEGIN { print (x > y) ? x : y }')"
        r0="$(sum2 "$(val "$a" before_rss_kb)" "$(val "$b" before_rss_kb)")"
        r1="$(sum2 "$(val "$a" joined_rss_kb)" "$(val "$b" joined_rss_kb)")"
        read -r m B_P50 B_P99 B_MAX <<<"$(merged deliver "$2/A/samples" "$2/B/samples")"
        [ "$m" = "$B_RECV" ] || note "N=$n: $m merged latency samples, $B_RECV received"
        B_KIB="$(kib "$r0" "$r1" "$B_CONN")"
        printf "$fmt" both "$n" "$B_CONN" "$(awk -v v="$js" 'BEGIN { printf "%.2f", v }')" \
            "$(awk -v c="$B_CONN" -v s="$js" 'BEGIN { if (s > 0) printf "%.0f", c / s; else print "-" }')" \
            "$(f1 "$B_P50")" "$(f1 "$B_P99")" "$(f1 "$B_MAX")" "$B_RECV" "$(mib "$r0")" "$(mib "$r1")" \
            "$B_KIB" "$(( $(val "$a" joined_threads) + $(val "$b" joined_threads) ))"
    }

    echo "convene live Q&A on two nodes: server-sent events, one public stream, one question asked and approved on node A"
    echo "database: PostgreSQL $PG_VERSION (scripts/pg-test start: fsync off), shared by both nodes; NOTIFY wakes each node's feed thread"
    echo "machine: $(nproc) cores shared by both nodes, PostgreSQL and the load generator (one one-thread epoll client per node); $(uname -r)"
    echo "load average: $LOAD0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo "latency: trigger = just before the approval POST is written to node A (its own socket); arrival = the marker read on a stream of either node (one CLOCK_MONOTONIC)"
    echo
    # shellcheck disable=SC2059  # fmt is ours
    printf "$fmt" server N connected "join s" "joins/s" "p50 ms" "p99 ms" "max ms" received "RSS0 MiB" "RSSn MiB" "KiB/sub" threads
    for n in $NS; do
        d="$TMP/convene.$n"
        row2 "node A" "$((n - n / 2))" "$d/A/client.out"
        row2 "node B" "$((n / 2))" "$d/B/client.out"
        row_both "$n" "$d"
    done
    echo "(both: latencies merged over the two nodes' streams; join s the slower node's; RSS and KiB/sub summed over the nodes)"
    echo

    d="$TMP/convene.$MAXN"
    row_both "$MAXN" "$d" >/dev/null
    ka="$(kib "$(val "$d/A/client.out" before_rss_kb)" "$(val "$d/A/client.out" joined_rss_kb)" "$(val "$d/A/client.out" connected)")"
    kb="$(kib "$(val "$d/B/client.out" before_rss_kb)" "$(val "$d/B/client.out" joined_rss_kb)" "$(val "$d/B/client.out" connected)")"
    verdict() { if [ "$1" = 1 ]; then echo met; else echo "NOT met"; fi; }
    echo "aims (convene, N=$MAXN on two nodes):"
    printf '  %-50s %-37s %s\n' "$AIM_SUBS2 subscribers split across two nodes" "connected $B_CONN, received $B_RECV" \
        "$(verdict "$(awk -v c="$B_CONN" -v r="$B_RECV" -v n="$MAXN" -v a="$AIM_SUBS2" 'BEGIN { print (n >= a && c == n && r == n) ? 1 : 0 }')")$( [ "$MAXN" -lt "$AIM_SUBS2" ] && echo " (N < $AIM_SUBS2: not tested)")"
    printf '  %-50s %-37s %s\n' "one approval (A): p99 under $AIM_P99_MS ms on both nodes" "p99 $(f1 "$B_P99") ms (A $(f1 "$(val "$d/A/client.out" deliver_p99_ms)"), B $(f1 "$(val "$d/B/client.out" deliver_p99_ms)"))" \
        "$(verdict "$(awk -v p="$B_P99" -v a="$AIM_P99_MS" -v r="$B_RECV" -v c="$B_CONN" 'BEGIN { print (p >= 0 && p < a && r == c) ? 1 : 0 }')")"
    printf '  %-50s %-37s %s\n' "memory under $AIM_KIB KiB per subscriber on each node" "A $ka, B $kb KiB (VmRSS delta / N)" \
        "$(verdict "$(awk -v x="$ka" -v y="$kb" -v a="$AIM_KIB" 'BEGIN { print (x != "-" && y != "-" && x < a && y < a) ? 1 : 0 }')")"
    echo

    echo "details:"
    for n in $NS; do
        for node in A B; do
            f="$TMP/convene.$n/$node/client.out"
            echo "  convene N=$n node $node: join latency p50 $(f1 "$(val "$f" joinlat_p50_ms)") / p99 $(f1 "$(val "$f" joinlat_p99_ms)") / max $(f1 "$(val "$f" joinlat_max_ms)") ms (connect to the response headers, as an EventSource opens; $INFLIGHT joining at a time on each node);" \
                 "server CPU $(val "$f" server_cpu_join_ms) ms for the joins, $(val "$f" server_cpu_deliver_ms) ms for the delivery"
            echo "    pending question ({\"status\":\"removed\"} event, from the ask POST to node A): received $(val "$f" pending_n), p50 $(f1 "$(val "$f" pending_p50_ms)") / p99 $(f1 "$(val "$f" pending_p99_ms)") / max $(f1 "$(val "$f" pending_max_ms)") ms"
            echo "    approval: first stream after $(f1 "$(val "$f" deliver_min_ms)") ms, p50 $(f1 "$(val "$f" deliver_p50_ms)") / p99 $(f1 "$(val "$f" deliver_p99_ms)") / last $(f1 "$(val "$f" deliver_max_ms)") ms (the first: the way to the node's feed; from there to the last: its fan-out)"
            if [ "$node" = A ]; then
                echo "    approval reply HTTP $(val "$f" trigger_status) after $(f1 "$(val "$f" trigger_reply_ms)") ms; RSS after delivery $(mib "$(val "$f" after_rss_kb)") MiB; threads $(val "$f" before_threads) idle, $(val "$f" joined_threads) with N; fds $(val "$f" joined_fds) with N"
            else
                echo "    RSS after delivery $(mib "$(val "$f" after_rss_kb)") MiB; threads $(val "$f" before_threads) idle, $(val "$f" joined_threads) with N; fds $(val "$f" joined_fds) with N"
            fi
            echo "    failures: join $(val "$f" join_failed) (never started: $(val "$f" not_started)), dropped after join $(val "$f" dropped_after_join) (eof $(val "$f" eof), reset $(val "$f" reset), refused $(val "$f" refused), timeout $(val "$f" timeout), bad status $(val "$f" bad_status)$( [ -n "$(val "$f" bad_status_example)" ] && echo ": $(val "$f" bad_status_example)"), other $(val "$f" other_err)$( [ -n "$(val "$f" other_err_example)" ] && echo ": $(val "$f" other_err_example)"))"
            echo "    after the client closed its $(val "$f" connected) sockets: convene held $(val "$f" fds_1s_after_close) fds 1 s later (idle: $(val "$f" before_fds)); SIGTERM to exit $(val "$f" stop_s) s"
        done
        read -r m p50 p99 mx <<<"$(merged pending "$TMP/convene.$n/A/samples" "$TMP/convene.$n/B/samples")"
        echo "  convene N=$n both nodes: pending question received $m, p50 $(f1 "$p50") / p99 $(f1 "$p99") / max $(f1 "$mx") ms"
    done
    if [ -s "$TMP/notes" ]; then
        echo
        echo "notes:"
        cat "$TMP/notes"
    fi
    exit 0
fi

echo "convene live Q&A: server-sent events, one public stream, one approved question"
echo "machine: $(nproc) cores shared by the server and the load generator (one-thread epoll client); $(uname -r)"
echo "load average: $LOAD0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo "latency: trigger = just before the approval POST is written (its own socket); arrival = the marker read on a stream"
echo
printf '%-8s %6s %9s %7s %8s %9s %9s %9s %9s %9s %9s %8s %8s %7s\n' \
    server N connected "join s" "joins/s" "p50 ms" "p99 ms" "max ms" received "RSS0 MiB" "RSSn MiB" "KiB/sub" "PSS KiB" threads
row() {  # name n file
    local f="$3"
    printf '%-8s %6s %9s %7s %8s %9s %9s %9s %9s %9s %9s %8s %8s %7s\n' "$1" "$2" \
        "$(val "$f" connected)" "$(awk -v v="$(val "$f" join_s)" 'BEGIN { printf "%.2f", v }')" \
        "$(f0 "$(val "$f" join_rate)")" \
        "$(f1 "$(val "$f" deliver_p50_ms)")" "$(f1 "$(val "$f" deliver_p99_ms)")" "$(f1 "$(val "$f" deliver_max_ms)")" \
        "$(val "$f" received)" \
        "$(awk -v v="$(val "$f" before_rss_kb)" 'BEGIN { printf "%.1f", v / 1024 }')" \
        "$(awk -v v="$(val "$f" joined_rss_kb)" 'BEGIN { printf "%.1f", v / 1024 }')" \
        "$(kib "$(val "$f" before_rss_kb)" "$(val "$f" joined_rss_kb)" "$(val "$f" connected)")" \
        "$(kib "$(val "$f" before_pss_kb)" "$(val "$f" joined_pss_kb)" "$(val "$f" connected)")" \
        "$(val "$f" joined_threads)"
}
for n in $NS; do
    row convene "$n" "$TMP/convene.$n/client.out"
    [ "$NCHAN_OK" = 1 ] && row nchan "$n" "$TMP/nchan.$n/client.out"
done
[ "$NCHAN_OK" = 1 ] && echo "(nchan: nginx 2 workers; RSS and threads summed over master and workers, shared memory counted in each; PSS KiB/sub: the same delta in proportional set size, a shared page counted once)"
[ "$NCHAN_OK" = 1 ] || echo "nchan reference: $NCHAN_WHY"
echo

# Aims, judged on the largest convene run.
F="$TMP/convene.$MAXN/client.out"
conn="$(val "$F" connected)"; recv="$(val "$F" received)"; p99="$(val "$F" deliver_p99_ms)"
per="$(kib "$(val "$F" before_rss_kb)" "$(val "$F" joined_rss_kb)" "$conn")"
verdict() { if [ "$1" = 1 ]; then echo met; else echo "NOT met"; fi; }
echo "aims (convene, N=$MAXN):"
printf '  %-44s %-28s %s\n' "$AIM_SUBS subscribers on one node" "connected $conn, received $recv" \
    "$(verdict "$(awk -v c="$conn" -v r="$recv" -v n="$MAXN" -v a="$AIM_SUBS" 'BEGIN { print (n >= a && c == n && r == n) ? 1 : 0 }')")$( [ "$MAXN" -lt "$AIM_SUBS" ] && echo " (N < $AIM_SUBS: not tested)")"
printf '  %-44s %-28s %s\n' "delivery p99 under $AIM_P99_MS ms" "p99 $(f1 "$p99") ms" \
    "$(verdict "$(awk -v p="$p99" -v a="$AIM_P99_MS" -v r="$recv" -v c="$conn" 'BEGIN { print (p != "" && p < a && r == c) ? 1 : 0 }')")"
printf '  %-44s %-28s %s\n' "memory under $AIM_KIB KiB per subscriber" "$per KiB (VmRSS delta / N)" \
    "$(verdict "$(awk -v k="$per" -v a="$AIM_KIB" 'BEGIN { print (k != "-" && k < a) ? 1 : 0 }')")"
echo

echo "details:"
for n in $NS; do
    f="$TMP/convene.$n/client.out"
    echo "  convene N=$n: join latency p50 $(f1 "$(val "$f" joinlat_p50_ms)") / p99 $(f1 "$(val "$f" joinlat_p99_ms)") / max $(f1 "$(val "$f" joinlat_max_ms)") ms (connect to the response headers, as an EventSource opens; $INFLIGHT joining at a time);" \
         "server CPU $(val "$f" server_cpu_join_ms) ms for the joins, $(val "$f" server_cpu_deliver_ms) ms for the delivery"
    echo "    pending question ({\"status\":\"removed\"} event, from the ask POST): received $(val "$f" pending_n), p50 $(f1 "$(val "$f" pending_p50_ms)") / p99 $(f1 "$(val "$f" pending_p99_ms)") / max $(f1 "$(val "$f" pending_max_ms)") ms"
    echo "    approval reply HTTP $(val "$f" trigger_status) after $(f1 "$(val "$f" trigger_reply_ms)") ms; RSS after delivery $(awk -v v="$(val "$f" after_rss_kb)" 'BEGIN { printf "%.1f", v / 1024 }') MiB; threads $(val "$f" before_threads) idle, $(val "$f" joined_threads) with N; fds $(val "$f" joined_fds) with N"
    echo "    failures: join $(val "$f" join_failed) (never started: $(val "$f" not_started)), dropped after join $(val "$f" dropped_after_join) (eof $(val "$f" eof), reset $(val "$f" reset), refused $(val "$f" refused), timeout $(val "$f" timeout), bad status $(val "$f" bad_status)$( [ -n "$(val "$f" bad_status_example)" ] && echo ": $(val "$f" bad_status_example)"), other $(val "$f" other_err)$( [ -n "$(val "$f" other_err_example)" ] && echo ": $(val "$f" other_err_example)"))"
    echo "    after the client closed its $(val "$f" connected) sockets: convene held $(val "$f" fds_1s_after_close) fds 1 s later (idle: $(val "$f" before_fds)); SIGTERM to exit $(val "$f" stop_s) s"
    if [ "$NCHAN_OK" = 1 ]; then
        f="$TMP/nchan.$n/client.out"
        echo "  nchan   N=$n: join latency p50 $(f1 "$(val "$f" joinlat_p50_ms)") / p99 $(f1 "$(val "$f" joinlat_p99_ms)") / max $(f1 "$(val "$f" joinlat_max_ms)") ms; publish reply HTTP $(val "$f" trigger_status) after $(f1 "$(val "$f" trigger_reply_ms)") ms; CPU $(val "$f" server_cpu_join_ms) ms joins, $(val "$f" server_cpu_deliver_ms) ms delivery; failures: join $(val "$f" join_failed), dropped $(val "$f" dropped_after_join)"
    fi
done
if [ -s "$TMP/notes" ]; then
    echo
    echo "notes:"
    cat "$TMP/notes"
fi
exit 0

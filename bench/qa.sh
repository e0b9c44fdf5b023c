#!/usr/bin/env bash
# bench/qa.sh - the live Q&A's server-sent events at scale: N subscribers on
# one public stream, one approved question, the time until every subscriber
# has it, and convene's memory per subscriber.
#
# Usage: bench/qa.sh              (from anywhere)
# Env:   NS="1000 10000"   subscriber counts, one fresh convene each
#        N=10000           the largest count when NS is not given (NS="1000 N")
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
# Prints a table, the project's aims next to the figures and notes on the
# server's behaviour. Exits 0 whether or not the aims are met; nonzero on
# setup failure.
set -euo pipefail

N="${N:-10000}"
if [ -z "${NS:-}" ]; then
    if [ "$N" -gt 1000 ] 2>/dev/null; then NS="1000 $N"; else NS="$N"; fi
fi
INFLIGHT="${INFLIGHT:-256}"
NCHAN="${NCHAN:-1}"
JOIN_TIMEOUT="${JOIN_TIMEOUT:-180}"
DELIVERY_TIMEOUT="${DELIVERY_TIMEOUT:-60}"
AIM_SUBS=10000
AIM_P99_MS=250
AIM_KIB=8
SERVE_ARGS="${SERVE_ARGS:-}"

die() { echo "qa.sh: $*" >&2; exit 1; }
say() { echo "qa.sh: $*" >&2; }

MAXN=0
for n in $NS; do
    case "$n" in ''|*[!0-9]*|0) die "NS must list positive integers (got '$n')" ;; esac
    [ "$n" -gt "$MAXN" ] && MAXN="$n"
done
case "$INFLIGHT" in ''|*[!0-9]*|0) die "INFLIGHT must be a positive integer" ;; esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CONVENE="${CONVENE:-./convene}"

# --- descriptors: both convene and the client inherit this -----------------------
HARD="$(ulimit -Hn)"
if [ "$HARD" = unlimited ]; then HARD=1048576; fi
ulimit -n "$HARD" || die "cannot raise ulimit -n to $HARD"
NEED=$((MAXN + 256))
[ "$(ulimit -n)" -ge "$NEED" ] || die "ulimit -n is $(ulimit -n) (hard $HARD); N=$MAXN needs about $NEED per process"

# --- tools -------------------------------------------------------------------------
need_pkgs=()
command -v cc >/dev/null 2>&1 || need_pkgs+=(gcc libc6-dev)
command -v curl >/dev/null 2>&1 || need_pkgs+=(curl)
command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3)
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
run_convene() {  # n
    local n="$1" d="$TMP/convene.$1" url pid code token out rc t0 t1 fds_after
    mkdir -p "$d"
    "$CONVENE" demo --load-only --db "$d/demo.db" >"$d/demo.out" 2>&1 \
        || { cat "$d/demo.out" >&2; die "convene demo failed"; }
    # shellcheck disable=SC2086  # SERVE_ARGS is a list of options
    "$CONVENE" serve --db "$d/demo.db" --listen 127.0.0.1:0 $SERVE_ARGS >"$d/convene.out" 2>"$d/convene.err" &
    pid=$!
    PIDS="$PIDS $pid"
    url=""
    for _ in $(seq 200); do   # 20 s
        url="$(grep -oE 'listening on http://[0-9.]+:[0-9]+' "$d/convene.err" 2>/dev/null \
               | head -n1 | sed 's/^listening on //' || true)"
        [ -n "$url" ] && break
        kill -0 "$pid" 2>/dev/null || { cat "$d/convene.err" >&2; die "convene exited before listening"; }
        sleep 0.1
    done
    [ -n "$url" ] || { cat "$d/convene.err" >&2; die "convene did not print its URL within 20 s"; }
    [ "$(awk '/^Max open files/ {print $4}' "/proc/$pid/limits")" -ge "$NEED" ] \
        || die "convene's descriptor limit is $(awk '/^Max open files/ {print $4}' "/proc/$pid/limits")"

    curl -sS -f "$url/api/v1/events" -o "$d/events.json" || die "GET $url/api/v1/events failed"
    code="$(python3 - "$d/events.json" <<'PY'
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
)" || die "no public session with a join_code in /api/v1/events"
    token="$("$CONVENE" user token kat --db "$d/demo.db" 2>"$d/token.err" | tail -n1)" \
        || { cat "$d/token.err" >&2; die "convene user token kat failed"; }
    [ -n "$token" ] || die "convene user token kat printed nothing"
    curl -sS -f -o /dev/null -m 5 "$url/api/v1/qa/$code" || die "GET /api/v1/qa/$code failed"

    say "convene N=$n: $url, join code $code, pid $pid"
    out="$d/client.out"
    rc=0
    "$TMP/sse_clients" -p "${url##*:}" -n "$n" -s "/api/v1/qa/$code/stream" -r "retry:" \
        -m "qa-marker-$$-$n-$RANDOM$RANDOM" -w "$INFLIGHT" -P "$pid" \
        -T "$JOIN_TIMEOUT" -D "$DELIVERY_TIMEOUT" -c "$code" -k "$token" \
        >"$out" 2>"$d/client.err" &
    run_client $!
    cat "$d/client.err" >&2
    [ "$rc" -eq 0 ] || die "sse_clients failed against convene (exit $rc)"
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$d/convene.err" >&2; die "convene died during the run (N=$n)"; }
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
        note "convene N=$n stderr (during the run and the stop, grouped; a stream whose client left is only found out by a write: the 20 s heartbeat, or the stop):"
        head -n 5 "$d/complaints" | sed 's/^/    /' >>"$TMP/notes"
    fi
    [ -n "${VERBOSE:-}" ] && { echo "--- convene N=$n"; cat "$out"; } >&2
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
say "2 cores shared by server and client; load average $(cut -d' ' -f1-3 /proc/loadavg); ulimit -n $(ulimit -n)"
for n in $NS; do
    run_convene "$n"
    [ "$NCHAN_OK" = 1 ] && run_nchan "$n"
done

# --- report -----------------------------------------------------------------------------------
f1() { awk -v v="$1" 'BEGIN { if (v == "" || v < 0) print "-"; else printf "%.1f", v }'; }
f0() { awk -v v="$1" 'BEGIN { if (v == "" || v < 0) print "-"; else printf "%.0f", v }'; }
kib() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (a == "" || b == "" || a < 0 || b < 0 || n <= 0) print "-"; else printf "%.1f", (b - a) / n }'; }

echo "convene live Q&A: server-sent events, one public stream, one approved question"
echo "machine: $(nproc) cores shared by the server and the load generator (one-thread epoll client); $(uname -r)"
echo "latency: trigger = just before the approval POST is written (its own socket); arrival = the marker read on a stream"
echo
printf '%-8s %6s %9s %7s %8s %9s %9s %9s %9s %9s %9s %8s %7s\n' \
    server N connected "join s" "joins/s" "p50 ms" "p99 ms" "max ms" received "RSS0 MiB" "RSSn MiB" "KiB/sub" threads
row() {  # name n file
    local f="$3"
    printf '%-8s %6s %9s %7s %8s %9s %9s %9s %9s %9s %9s %8s %7s\n' "$1" "$2" \
        "$(val "$f" connected)" "$(awk -v v="$(val "$f" join_s)" 'BEGIN { printf "%.2f", v }')" \
        "$(f0 "$(val "$f" join_rate)")" \
        "$(f1 "$(val "$f" deliver_p50_ms)")" "$(f1 "$(val "$f" deliver_p99_ms)")" "$(f1 "$(val "$f" deliver_max_ms)")" \
        "$(val "$f" received)" \
        "$(awk -v v="$(val "$f" before_rss_kb)" 'BEGIN { printf "%.1f", v / 1024 }')" \
        "$(awk -v v="$(val "$f" joined_rss_kb)" 'BEGIN { printf "%.1f", v / 1024 }')" \
        "$(kib "$(val "$f" before_rss_kb)" "$(val "$f" joined_rss_kb)" "$(val "$f" connected)")" \
        "$(val "$f" joined_threads)"
}
for n in $NS; do
    row convene "$n" "$TMP/convene.$n/client.out"
    [ "$NCHAN_OK" = 1 ] && row nchan "$n" "$TMP/nchan.$n/client.out"
done
[ "$NCHAN_OK" = 1 ] && echo "(nchan: nginx 2 workers; RSS and threads summed over master and workers, shared memory counted in each)"
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
    echo "  convene N=$n: join latency p50 $(f1 "$(val "$f" joinlat_p50_ms)") / p99 $(f1 "$(val "$f" joinlat_p99_ms)") / max $(f1 "$(val "$f" joinlat_max_ms)") ms (connect to 'retry:', $INFLIGHT joining at a time);" \
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

#!/usr/bin/env bash
# bench/page.sh - compare convene's event page against nginx serving the
# same bytes as a static file, with wrk.
#
# Usage: bench/page.sh            (from anywhere)
# Env:   CONNS=50 DURATION=10s    wrk connections / duration (threads fixed at 2)
#        WARMUP=2s                warm-up run length for each server
#        RUNS=1                   rounds (convene then nginx); medians are reported
#        CONVENE=./convene        binary to measure (relative to the repo root)
#        VERBOSE=1                also print wrk's full reports (on stderr)
#
# Prints a table of req/s and p99 latency, the convene/nginx ratios against
# the targets (rate >= 0.50, p99 <= 2.00), non-2xx counts and convene's idle
# RSS. Exits 0 whether or not the targets are met; nonzero on setup failure.
set -euo pipefail

CONNS="${CONNS:-50}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
RUNS="${RUNS:-1}"
THREADS=2
case "$RUNS" in ''|*[!0-9]*|0) echo "page.sh: RUNS must be a positive integer" >&2; exit 2 ;; esac

die() { echo "page.sh: $*" >&2; exit 1; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CONVENE="${CONVENE:-./convene}"

# --- tools -----------------------------------------------------------------
need_pkgs=()
command -v wrk >/dev/null 2>&1 || need_pkgs+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_pkgs+=(nginx-light)
command -v curl >/dev/null 2>&1 || need_pkgs+=(curl)
command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3)
if [ "${#need_pkgs[@]}" -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || die "missing ${need_pkgs[*]} (install them, or run as root)"
    echo "page.sh: installing ${need_pkgs[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi
NGINX="$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)"

if [ ! -x "$CONVENE" ]; then
    make >/dev/null || die "make failed"
    [ -x "$CONVENE" ] || die "make did not produce $CONVENE"
fi

# --- temp dir and cleanup ----------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/convene-bench.XXXXXX")"
CONVENE_PID=""
NGINX_PID=""
cleanup() {
    for pid in $CONVENE_PID $NGINX_PID; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $CONVENE_PID $NGINX_PID; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- convene -------------------------------------------------------------------
"$CONVENE" demo --db "$TMP/demo.db" --listen 127.0.0.1:0 >"$TMP/convene.out" 2>"$TMP/convene.err" &
CONVENE_PID=$!

URL=""
for _ in $(seq 200); do   # 200 x 0.1 s = 20 s
    URL="$(grep -oE 'listening on http://[0-9.]+:[0-9]+' "$TMP/convene.err" 2>/dev/null \
           | head -n1 | sed 's/^listening on //' || true)"
    [ -n "$URL" ] && break
    if ! kill -0 "$CONVENE_PID" 2>/dev/null; then
        cat "$TMP/convene.err" >&2
        die "convene exited before listening"
    fi
    sleep 0.1
done
if [ -z "$URL" ]; then
    cat "$TMP/convene.err" >&2
    die "convene did not print 'convene: listening on http://...' within 20 s"
fi

# --- pick an upcoming event ------------------------------------------------------
curl -sS -f "$URL/api/v1/events" -o "$TMP/events.json" || die "GET $URL/api/v1/events failed"
EVENT_ID="$(python3 - "$TMP/events.json" <<'PY'
import json, sys, time, datetime
with open(sys.argv[1]) as f:
    doc = json.load(f)
if isinstance(doc, dict):
    evs = doc.get("events")
    if evs is None:   # tolerate other wrappers: first list-valued member
        evs = next((v for v in doc.values() if isinstance(v, list)), [])
else:
    evs = doc
evs = [e for e in evs if isinstance(e, dict) and "id" in e]
if not evs:
    sys.exit("no events in /api/v1/events")
now = time.time()

def when(e):
    for k in ("starts_at", "start_at", "start", "starts", "start_time",
              "begins_at", "date", "when", "time"):
        v = e.get(k)
        if v is None:
            continue
        if isinstance(v, (int, float)):
            return v / 1000 if v > 1e11 else v
        if isinstance(v, str):
            s = v.strip().replace("Z", "+00:00")
            for fn in (datetime.datetime.fromisoformat,):
                try:
                    d = fn(s)
                    if d.tzinfo is None:
                        d = d.replace(tzinfo=datetime.timezone.utc)
                    return d.timestamp()
                except ValueError:
                    pass
            try:
                return float(s)
            except ValueError:
                pass
    return None

def upcoming(e):
    for k in ("upcoming", "is_upcoming"):
        if isinstance(e.get(k), bool):
            return e[k]
    for k in ("past", "is_past", "ended", "cancelled", "canceled"):
        if isinstance(e.get(k), bool) and e[k]:
            return False
    if e.get("status") in ("past", "ended", "cancelled", "canceled"):
        return False
    t = when(e)
    return None if t is None else t >= now

for e in evs:
    if upcoming(e):
        print(e["id"]); break
else:
    print(evs[0]["id"])   # nothing recognisably upcoming: take the first
PY
)" || die "could not pick an event from /api/v1/events"
EVENT_PATH="/events/$EVENT_ID"

mkdir -p "$TMP/www"
code="$(curl -sS -o "$TMP/www/event.html" -D "$TMP/event.headers" -w '%{http_code}' "$URL$EVENT_PATH")" \
    || die "GET $URL$EVENT_PATH failed"
[ "$code" = 200 ] || die "GET $URL$EVENT_PATH returned HTTP $code"
PAGE_BYTES="$(wc -c <"$TMP/www/event.html")"
[ "$PAGE_BYTES" -gt 0 ] || die "empty event page"

# Idle RSS, before any load.
RSS_KB="$(awk '/^VmRSS:/ {print $2}' "/proc/$CONVENE_PID/status" 2>/dev/null || echo "?")"

# --- nginx ----------------------------------------------------------------------
NGINX_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp"
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"   # workers must read the 0700 temp dir
cat >"$TMP/nginx/nginx.conf" <<EOF
$user_line
worker_processes 2;
daemon off;
master_process on;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path $TMP/nginx/tmp/body;
    proxy_temp_path $TMP/nginx/tmp/proxy;
    fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
    uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
    scgi_temp_path $TMP/nginx/tmp/scgi;
    open_file_cache max=16 inactive=60s;
    open_file_cache_valid 60s;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = $EVENT_PATH {
            types { }
            default_type "text/html; charset=utf-8";
            alias $TMP/www/event.html;
        }
    }
}
EOF
"$NGINX" -p "$TMP/nginx" -e "$TMP/nginx/logs/error.log" -c "$TMP/nginx/nginx.conf" \
    >"$TMP/nginx/logs/stdout" 2>&1 &
NGINX_PID=$!
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
for _ in $(seq 100); do
    curl -s -o /dev/null "$NGINX_URL$EVENT_PATH" && break
    if ! kill -0 "$NGINX_PID" 2>/dev/null; then
        cat "$TMP/nginx/logs/stdout" "$TMP/nginx/logs/error.log" >&2 2>/dev/null || true
        die "nginx exited on start"
    fi
    sleep 0.1
done
curl -sS -f -o "$TMP/nginx.html" -D "$TMP/nginx.headers" "$NGINX_URL$EVENT_PATH" || die "nginx does not serve $EVENT_PATH"
cmp -s "$TMP/nginx.html" "$TMP/www/event.html" || die "nginx body differs from convene's"

# --- load -------------------------------------------------------------------------
run_wrk() {  # name url run
    local name="$1" url="$2" out="$TMP/wrk.$1.$3"
    wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$url" >/dev/null 2>&1 || die "wrk warm-up against $name failed"
    wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url" >"$out" 2>&1 \
        || { cat "$out" >&2; die "wrk against $name failed"; }
}

# Parse one wrk report: prints "rps p99_ms non2xx socket_errors".
parse_wrk() {
    awk '
        function ms(v,   n, u) {
            n = v; sub(/[a-z]+$/, "", n); u = v; sub(/^[0-9.]+/, "", u)
            if (u == "us") return n / 1000
            if (u == "ms") return n + 0
            if (u == "s")  return n * 1000
            if (u == "m")  return n * 60000
            if (u == "h")  return n * 3600000
            return -1
        }
        $1 == "Requests/sec:"           { rps = $2 }
        $1 == "99%"                     { p99 = ms($2) }
        /Non-2xx or 3xx responses:/     { non2xx = $NF }
        /Socket errors:/                { sub(/.*Socket errors: /, ""); gsub(/,/, ""); sock = $0; gsub(/ /, "_", sock) }
        END {
            if (rps == "" || p99 == "") exit 1
            printf "%s %.3f %d %s\n", rps, p99, non2xx + 0, (sock == "" ? "-" : sock)
        }' "$1"
}

echo "page.sh: convene $URL$EVENT_PATH ($PAGE_BYTES bytes), nginx $NGINX_URL$EVENT_PATH" >&2
ctype() { grep -i '^content-type:' "$1" | head -n1 | sed 's/^[^:]*: *//' | tr -d '\r'; }
echo "page.sh: Content-Type convene '$(ctype "$TMP/event.headers")', nginx '$(ctype "$TMP/nginx.headers")'" >&2
echo "page.sh: wrk -t$THREADS -c$CONNS -d$DURATION --latency (each after a $WARMUP warm-up), one server at a time, $RUNS round(s); load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for r in $(seq "$RUNS"); do
    run_wrk convene "$URL$EVENT_PATH" "$r"
    run_wrk nginx "$NGINX_URL$EVENT_PATH" "$r"
done

# Per server: median req/s and p99 over the runs, summed non-2xx counts,
# and any socket errors (wrk prints that line only when some occurred).
summarize() {  # name -> "rps p99 non2xx"
    local name="$1" r line
    : >"$TMP/parsed.$name"
    for r in $(seq "$RUNS"); do
        [ -n "${VERBOSE:-}" ] && { echo "--- wrk report: $name, run $r"; cat "$TMP/wrk.$name.$r"; } >&2
        line="$(parse_wrk "$TMP/wrk.$name.$r")" || die "cannot parse wrk output for $name (run $r)"
        echo "$line" >>"$TMP/parsed.$name"
        [ "$RUNS" -gt 1 ] && echo "page.sh: $name run $r: $line" >&2
        [ "${line##* }" != "-" ] && echo "$name socket errors (run $r): $(echo "${line##* }" | tr _ ' ')" >>"$TMP/notes"
    done
    python3 - "$TMP/parsed.$name" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
print("%s %s %d" % (statistics.median(float(r[0]) for r in rows),
                    statistics.median(float(r[1]) for r in rows),
                    sum(int(r[2]) for r in rows)))
PY
}
: >"$TMP/notes"
read -r c_rps c_p99 c_non2xx < <(summarize convene) || die "cannot summarize convene's runs"
read -r n_rps n_p99 n_non2xx < <(summarize nginx) || die "cannot summarize nginx's runs"

printf '%-8s %12s %10s\n' server "req/s" "p99 ms"
printf '%-8s %12.0f %10.2f\n' convene "$c_rps" "$c_p99"
printf '%-8s %12.0f %10.2f\n' nginx "$n_rps" "$n_p99"
[ "$RUNS" -gt 1 ] && echo "(medians of $RUNS rounds)"
awk -v a="$c_rps" -v b="$n_rps" 'BEGIN { printf "ratio rate convene/nginx = %.2f (target >= 0.50)\n", (b > 0 ? a / b : 0) }'
awk -v a="$c_p99" -v b="$n_p99" 'BEGIN { printf "ratio p99 convene/nginx = %.2f (target <= 2.00)\n", (b > 0 ? a / b : 0) }'
[ "$c_non2xx" -gt 0 ] && echo "convene non-2xx responses: $c_non2xx (expected 0)"
[ "$n_non2xx" -gt 0 ] && echo "nginx non-2xx responses: $n_non2xx"
cat "$TMP/notes"
echo "convene idle RSS: ${RSS_KB} kB (page $EVENT_PATH, $PAGE_BYTES bytes)"
exit 0

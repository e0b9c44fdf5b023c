#!/usr/bin/env bash
# bench/mail.sh - how fast convene's sender empties its outbox into a local
# SMTP server, against python's smtplib sending the same number of messages
# to the same server over one connection, in the same run.
#
# Usage: bench/mail.sh            (from anywhere)
# Env:   N=500        messages (made by registering N people with addresses)
#        CONVENE=./convene
#
# Prints messages/s for both and the ratio, with the aim of at least 50
# messages/s for convene. Exits 0 whether or not the aim is met; nonzero on
# setup failure.
set -euo pipefail

N="${N:-500}"
# Debian's python3 has the aiosmtpd package; another on PATH may not.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
die() { echo "mail.sh: $*" >&2; exit 1; }
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CONVENE="${CONVENE:-./convene}"
[ -x "$CONVENE" ] || make >/dev/null || die "make failed"
command -v sqlite3 >/dev/null || die "needs sqlite3"
"$PY" -c 'import aiosmtpd' 2>/dev/null || die "needs python3-aiosmtpd"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/convene-mail.XXXXXX")"
PIDS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    for p in $PIDS; do wait "$p" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT

port="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$PY" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Sink \
    >"$TMP/smtp.log" 2>&1 &
PIDS="$PIDS $!"
for _ in $(seq 50); do
    "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" 2>/dev/null && break
    sleep 0.1
done

# The reference: smtplib, one connection, N messages of the same size.
ref="$("$PY" - "$port" "$N" <<'PY'
import smtplib, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
body = "Subject: Registered: Training\r\n\r\n" + ("x" * 900) + "\r\n"
s = smtplib.SMTP("127.0.0.1", port)
t0 = time.monotonic()
for i in range(n):
    s.sendmail("convene@example.org", ["p%d@example.org" % i], body)
dt = time.monotonic() - t0
s.quit()
print("%.1f" % (n / dt))
PY
)"

# convene: N registrations queue N messages; time until the outbox is empty.
"$CONVENE" init --db "$TMP/m.db" >/dev/null
sqlite3 "$TMP/m.db" "INSERT INTO outbox (created_at, recipient, template, lang, params) \
    WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $N) \
    SELECT strftime('%s','now'), 'p' || i || '@example.org', 'registered', 'en', \
    '{\"title\":\"Training\",\"event\":\"Stop\",\"venue\":\"Hall\",\"city\":\"Missoula\",\"secret\":\"s' || i || '\"}' FROM k;"
printf '[smtp]\nhost = 127.0.0.1\nport = %s\nsecurity = none\nfrom = convene@example.org\n' \
    "$port" >"$TMP/c.ini"
t0="$(date +%s.%N)"
"$CONVENE" serve --db "$TMP/m.db" --listen 127.0.0.1:0 --config "$TMP/c.ini" \
    >"$TMP/serve.out" 2>"$TMP/serve.err" &
PIDS="$PIDS $!"
left="$N"
for _ in $(seq 1200); do   # up to 120 s
    left="$(sqlite3 "$TMP/m.db" 'SELECT count(*) FROM outbox WHERE sent_at IS NULL' 2>/dev/null || echo "$left")"
    [ "$left" = 0 ] && break
    sleep 0.1
done
t1="$(date +%s.%N)"
[ "$left" = 0 ] || die "$left of $N messages still waiting after 120 s (see $TMP/serve.err)"
rate="$(awk -v n="$N" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }')"

echo "convene outbox to a local SMTP server (aiosmtpd), $N messages, $(nproc) shared cores"
printf '%-44s %10s\n' measure value
printf '%-44s %10s\n' "convene messages/s (start to empty outbox)" "$rate"
printf '%-44s %10s\n' "python smtplib messages/s (one connection)" "$ref"
awk -v c="$rate" -v r="$ref" 'BEGIN { printf "%-44s %10.2f\n", "ratio convene/smtplib", c / r }'
awk -v c="$rate" 'BEGIN { printf "aim: at least 50 messages/s -> %s\n", (c >= 50 ? "met" : "NOT met") }'

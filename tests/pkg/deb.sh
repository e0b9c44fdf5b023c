#!/bin/sh
# deb.sh: the Debian package, end to end, on this machine: builds it from a
# copy of the tree (dpkg-buildpackage -us -uc -b, DEB_BUILD_OPTIONS=nocheck),
# checks what it holds, installs it (the user, /etc/convene/convene.ini,
# /var/lib/convene and its database, the units enabled), runs
# systemd-analyze verify on the units, runs the unit's ExecStart as its user
# (no systemd as PID 1 here) and asks it /healthz, runs the backup unit's
# command, then removes and purges the package. Needs root; ends with
# "N passed, N failed" as scripts/run-tests reads it.
set -u
cd "$(dirname "$0")/../.."
tree=$(pwd)
step() { echo "deb: $*"; }
fail() {
	echo "deb: FAIL: $*"
	[ -n "${log:-}" ] && [ -f "$log" ] && tail -n 30 "$log"
	echo "0 passed, 1 failed"
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	echo "deb: skipped: installing a package needs root"
	echo "0 passed, 0 failed"
	exit 0
fi
for t in dpkg-buildpackage dh systemd-analyze runuser curl sqlite3 flock; do
	command -v $t >/dev/null 2>&1 || fail "$t is missing (scripts/install-deps)"
done
# One package test at a time on this machine, whichever tree runs it.
exec 9>/tmp/convene-deb-test.lock
flock 9
if dpkg-query -W -f='${Status}' convene 2>/dev/null | grep -q installed; then
	fail "a convene package is installed already; remove it first"
fi
user_before=0
getent passwd convene >/dev/null && user_before=1

work=$(mktemp -d /tmp/convene-deb.XXXXXX)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	dpkg -P convene >/dev/null 2>&1
	[ $user_before -eq 0 ] && getent passwd convene >/dev/null &&
	    deluser --system --quiet convene >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

step "copying the tree (what git tracks, and new files it does not ignore)"
mkdir "$work/src"
(cd "$tree" && git ls-files -z --cached --others --exclude-standard |
    tar --null --ignore-failed-read -T - -cf -) | tar -C "$work/src" -xf - ||
    fail "cannot copy the tree"

step "dpkg-buildpackage -us -uc -b"
log=$work/build.log
(cd "$work/src" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
    dpkg-buildpackage -us -uc -b) >"$log" 2>&1 || fail "the package does not build"
deb=$(ls "$work"/convene_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "no .deb was made"
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/convene ./usr/share/man/man1/convene.1.gz \
    ./lib/systemd/system/convene.service \
    ./lib/systemd/system/convene-backup.service \
    ./lib/systemd/system/convene-backup.timer ./etc/convene/convene.ini; do
	echo "$contents" | grep -q " $f\$" || fail "the package lacks $f"
done
dpkg-deb -I "$deb" conffiles | grep -qx /etc/convene/convene.ini ||
    fail "/etc/convene/convene.ini is not a conffile"

step "dpkg -i"
log=$work/install.log
dpkg -i "$deb" >"$log" 2>&1 || fail "dpkg -i failed"
getent passwd convene >/dev/null || fail "no user convene"
[ "$(stat -c '%U %a' /var/lib/convene)" = "convene 750" ] ||
    fail "/var/lib/convene is $(stat -c '%U %a' /var/lib/convene)"
[ "$(stat -c '%U:%G %a' /etc/convene/convene.ini)" = "root:convene 640" ] ||
    fail "convene.ini is $(stat -c '%U:%G %a' /etc/convene/convene.ini)"
grep -Eq '^listen = 127\.0\.0\.1:8080( |$)' /etc/convene/convene.ini ||
    fail "the configuration does not listen on 127.0.0.1:8080"
[ "$(runuser -u convene -- sqlite3 /var/lib/convene/convene.db \
    'PRAGMA integrity_check')" = ok ] || fail "no sound database after install"
[ -L /etc/systemd/system/multi-user.target.wants/convene.service ] ||
    fail "convene.service is not enabled"
[ -L /etc/systemd/system/timers.target.wants/convene-backup.timer ] ||
    fail "convene-backup.timer is not enabled"

step "systemd-analyze verify"
log=$work/verify.log
man=""
command -v man >/dev/null 2>&1 || man=--man=no
# shellcheck disable=SC2086
systemd-analyze verify $man /lib/systemd/system/convene.service \
    /lib/systemd/system/convene-backup.service \
    /lib/systemd/system/convene-backup.timer >"$log" 2>&1 ||
    fail "systemd-analyze verify refuses the units"
grep -q '^ProtectSystem=strict' /lib/systemd/system/convene.service &&
    grep -q '^NoNewPrivileges=yes' /lib/systemd/system/convene.service &&
    grep -q '^StateDirectory=convene' /lib/systemd/system/convene.service ||
    fail "the unit lacks its hardening"

step "the unit's ExecStart as convene"
cmd=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/convene.service)
[ -n "$cmd" ] || fail "no ExecStart"
port=8080
# Another server on this shared machine may hold 8080: then the same
# command on a free port (the command line wins over the file).
extra=""
if curl -s -o /dev/null --max-time 2 http://127.0.0.1:8080/; then
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	extra="--listen 127.0.0.1:$port"
	step "127.0.0.1:8080 is taken here; using $port"
fi
log=$work/serve.log
# shellcheck disable=SC2086
(cd / && exec runuser -u convene -- $cmd $extra) >"$log" 2>&1 &
pid=$!
i=0
until grep -q "listening on http://127.0.0.1:$port" "$log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 100 ] && fail "the service did not start"
	kill -0 $pid 2>/dev/null || fail "the service exited"
	sleep 0.1
done
[ "$(curl -s --max-time 10 http://127.0.0.1:$port/healthz)" = ok ] ||
    fail "/healthz does not answer ok"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 http://127.0.0.1:$port/)
[ "$code" = 200 ] || fail "/ answers $code"
# Spanish from the installed catalog and locale, per request.
curl -s --max-time 10 -H 'Accept-Language: es' http://127.0.0.1:$port/ |
    grep -q 'Próximas capacitaciones' || fail "/ is not in Spanish for Accept-Language: es"
curl -s --max-time 10 http://127.0.0.1:$port/ |
    grep -q 'Upcoming trainings' || fail "/ is not in English without Accept-Language"
ps -o user= -p $(pgrep -P $pid 2>/dev/null || echo $pid) | grep -q convene ||
    fail "the service does not run as convene"

step "the backup unit's command, while it serves"
bcmd=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/convene-backup.service |
    sed -e 's/\$\$/$/g' -e 's/%%/%/g' -e "s/^\/bin\/sh -c '//" -e "s/'\$//")
log=$work/backup.log
(cd / && runuser -u convene -- /bin/sh -c "$bcmd") >"$log" 2>&1 ||
    fail "the backup failed"
b=/var/lib/convene/backups/convene-$(date +%F).db
[ "$(sqlite3 "$b" 'PRAGMA integrity_check')" = ok ] || fail "no sound $b"
kill $pid
wait $pid 2>/dev/null
pid=""

step "dpkg -r, then dpkg -P"
log=$work/remove.log
dpkg -r convene >"$log" 2>&1 || fail "dpkg -r failed"
[ ! -e /usr/bin/convene ] || fail "/usr/bin/convene is still there"
[ -e /etc/convene/convene.ini ] || fail "removing (not purging) took the configuration"
[ -e /var/lib/convene/convene.db ] || fail "removing (not purging) took the database"
dpkg -P convene >"$log" 2>&1 || fail "dpkg -P failed"
[ ! -e /etc/convene ] || fail "/etc/convene is still there after purge"
[ ! -e /var/lib/convene ] || fail "/var/lib/convene is still there after purge"
[ ! -e /etc/systemd/system/multi-user.target.wants/convene.service ] ||
    fail "the service is still enabled after purge"

echo "deb: the package builds, installs, serves, backs up, removes and purges"
echo "1 passed, 0 failed"

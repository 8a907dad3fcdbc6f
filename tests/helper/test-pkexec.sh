#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The pkexec round trip with a real system bus and polkitd (CI runs as root), once per polkit
# action:
#  1. install the built policy into /usr/share/polkit-1/actions and the built helper at the
#     policy's exec.path (the configured libexecdir), remembering what was there;
#  2. pkaction shows both actions: manage-slices auth_admin_keep, configure-host auth_admin,
#     each with exec.path and its own exec.argv1;
#  3. as root, `pkexec <exec.path> slices remove <uuid of no slice>` exits NO_SLICE and
#     `pkexec <exec.path> configure-host load-kvmgt extra` exits USAGE: pkexec ran our helper
#     with its arguments, which changed nothing;
#  4. as user nobody both exit 127 (not authorized); with a rules file that grants only
#     manage-slices to nobody, slices runs (NO_SLICE) and configure-host is still refused
#     (127), and with one that grants only configure-host the other way round: the first
#     argument maps each command to its own action;
#  5. pkexec hands the helper neither LD_PRELOAD nor UMOCKDEV_DIR (a stand-in at exec.path
#     records its environment), so the umockdev test path can never be reached through it.
# Starts its own system bus and polkitd when none is running, and stops them by PID. Everything
# installed is removed again (trap), and what was there before is put back.
# Usage: test-pkexec.sh BUILT-POLICY BUILT-HELPER. Exit 77 (skip) when not root or when
# dbus-daemon, polkitd, pkexec and friends are missing.

set -u

policy=$1
built_helper=$2
action=io.github.gpuslices.GpuSlices.manage-slices
host_action=io.github.gpuslices.GpuSlices.configure-host
uuid=11111111-2222-3333-4444-555555555555
exit_usage=2               # SLICES_HELPER_EXIT_USAGE
exit_no_slice=12           # SLICES_HELPER_EXIT_NO_SLICE
polkitd=/usr/lib/polkit-1/polkitd
actions_dir=/usr/share/polkit-1/actions
rules_dir=/etc/polkit-1/rules.d
rules=$rules_dir/00-gpu-slices-test-pkexec.rules

skip () { echo "SKIP: $*"; exit 77; }
fail () { echo "FAIL: $*"; exit 1; }
ok () { echo "ok: $*"; }

[ "$(id -u)" = 0 ] ||
  skip "needs root: it installs a polkit policy and the helper, and runs its own system bus"
for tool in dbus-daemon gdbus pkexec pkaction runuser xmllint flock install; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done
[ -x "$polkitd" ] || skip "$polkitd is not installed (package polkitd)"
[ -u "$(command -v pkexec)" ] || skip "pkexec is not setuid root here"
id nobody >/dev/null 2>&1 || skip "there is no user nobody"
grep -Eq '^NoNewPrivs:[[:space:]]+1' /proc/self/status &&
  skip "this process runs with no_new_privs, so setuid pkexec cannot work for nobody"

exec_path=$(xmllint --nonet --xpath \
  "string(//action[@id='$action']/annotate[@key='org.freedesktop.policykit.exec.path'])" \
  "$policy")
case "$exec_path" in
  /*) ;;
  *) fail "the policy's exec.path '$exec_path' is not an absolute path" ;;
esac
installed_policy=$actions_dir/$(basename "$policy")

unset DBUS_SYSTEM_BUS_ADDRESS

# One round trip at a time on this machine, whichever build directory runs it.
mkdir -p /run/lock
exec 9>/run/lock/gpu-slices-test-pkexec.lock
flock -w 300 9 ||
  fail "another test-pkexec.sh has held /run/lock/gpu-slices-test-pkexec.lock for 5 minutes"

state=$(mktemp -d)
dbus_pid=
polkit_pid=
made_dirs=

backup () {
  # $1: a path we are about to replace
  name=$(echo "$1" | tr / _)
  if [ -e "$1" ] || [ -L "$1" ]; then
    mv "$1" "$state/backup$name" || fail "could not move $1 aside"
  fi
  echo "$1" >> "$state/replaced"
}

restore () {
  [ -f "$state/replaced" ] || return 0
  while read -r path; do
    name=$(echo "$path" | tr / _)
    rm -f "$path"
    if [ -e "$state/backup$name" ] || [ -L "$state/backup$name" ]; then
      mv "$state/backup$name" "$path"
    fi
  done < "$state/replaced"
}

make_dir () {
  # mkdir -p that remembers each folder it made, to remove them again
  [ -d "$1" ] && return 0
  make_dir "$(dirname "$1")"
  mkdir "$1" || fail "could not make $1"
  made_dirs="$1 $made_dirs"
}

stop_pid () {
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null
  i=0
  while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
  done
  kill -9 "$1" 2>/dev/null
  return 0
}

cleanup () {
  set +e
  rm -f "$rules"
  restore
  stop_pid "$polkit_pid"
  stop_pid "$dbus_pid"
  [ -n "$dbus_pid" ] && rm -f /run/dbus/pid /run/dbus/system_bus_socket
  for dir in $made_dirs; do
    rmdir "$dir"
  done
  rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

bus_call () {
  method=$1
  shift
  gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method "org.freedesktop.DBus.$method" "$@" 2>/dev/null
}

# 1. Install.
make_dir "$actions_dir"
make_dir "$(dirname "$exec_path")"
make_dir "$rules_dir"
backup "$installed_policy"
backup "$exec_path"
backup "$rules"
install -m 0644 "$policy" "$installed_policy" || fail "could not install $installed_policy"
install -m 0755 "$built_helper" "$exec_path" || fail "could not install $exec_path"
ok "installed $installed_policy and $exec_path"

# The system bus and polkitd: ours unless they already run.
if [ -S /run/dbus/system_bus_socket ] && bus_call GetId >/dev/null; then
  echo "# using the system bus that is already running"
else
  make_dir /run/dbus
  rm -f /run/dbus/pid
  dbus_pid=$(dbus-daemon --system --fork --print-pid 9>&-) || fail "could not start a system bus"
  ok "started a system bus (pid $dbus_pid)"
fi
if bus_call NameHasOwner org.freedesktop.PolicyKit1 | grep -q true; then
  echo "# using the polkitd that is already running"
else
  "$polkitd" --no-debug > "$state/polkitd.log" 2>&1 9>&- &
  polkit_pid=$!
  gdbus wait --system --timeout 30 org.freedesktop.PolicyKit1 ||
    fail "polkitd did not come up: $(cat "$state/polkitd.log")"
  ok "started polkitd (pid $polkit_pid)"
fi

# Waits for polkitd to (re)load its files: runs "$@" up to 50 times, 0.1 s apart, until it
# succeeds. A polkitd that was already running picks changes up through file monitors.
retry () {
  i=0
  until "$@"; do
    i=$((i + 1))
    [ $i -lt 50 ] || return 1
    sleep 0.1
  done
}

# 2. The actions as polkit sees them.
action_loaded () {
  pkaction --action-id "$1" --verbose > "$state/pkaction" 2>&1
}
check_action () {
  # $1: action id, $2: implicit active, $3: exec.argv1
  retry action_loaded "$1" || fail "pkaction does not know $1: $(cat "$state/pkaction")"
  grep -Eq "implicit active: +$2\$" "$state/pkaction" ||
    fail "$1: implicit active is not $2: $(cat "$state/pkaction")"
  grep -Eq "implicit any: +no" "$state/pkaction" || fail "$1: implicit any is not no"
  grep -Eq "implicit inactive: +no" "$state/pkaction" || fail "$1: implicit inactive is not no"
  grep -Fq "org.freedesktop.policykit.exec.path -> $exec_path" "$state/pkaction" ||
    fail "$1: the exec.path annotation is not $exec_path: $(cat "$state/pkaction")"
  grep -Fq "org.freedesktop.policykit.exec.argv1 -> $3" "$state/pkaction" ||
    fail "$1: the exec.argv1 annotation is not $3: $(cat "$state/pkaction")"
  ok "pkaction shows $1 with $2, exec.path $exec_path and exec.argv1 $3"
}
check_action "$action" auth_admin_keep slices
check_action "$host_action" auth_admin configure-host

# Runs pkexec on the helper as root, or (with $1 = nobody) as nobody; the rest are arguments.
run_pkexec () {
  who=$1
  shift
  if [ "$who" = nobody ]; then
    runuser -u nobody -- pkexec "$exec_path" "$@" < /dev/null > "$state/out" 2> "$state/err"
  else
    pkexec "$exec_path" "$@" < /dev/null > "$state/out" 2> "$state/err"
  fi
}

# 3. As root: pkexec runs the helper with its arguments; nothing changes.
run_pkexec root slices remove "$uuid"
code=$?
[ "$code" = "$exit_no_slice" ] ||
  fail "pkexec as root: exit $code, expected $exit_no_slice (NO_SLICE): $(cat "$state/err")"
[ "$(wc -l < "$state/err")" = 1 ] || fail "expected one line on stderr: $(cat "$state/err")"
[ -s "$state/out" ] && fail "expected nothing on stdout: $(cat "$state/out")"
grep -q "$uuid" "$state/err" || fail "the message does not name the UUID: $(cat "$state/err")"
ok "pkexec as root ran slices remove: exit $code, $(cat "$state/err")"
run_pkexec root configure-host load-kvmgt extra
code=$?
[ "$code" = "$exit_usage" ] ||
  fail "pkexec as root: exit $code, expected $exit_usage (USAGE): $(cat "$state/err")"
ok "pkexec as root ran configure-host load-kvmgt extra: exit $code, $(cat "$state/err")"

# 4. As nobody: refused without a rule; a rule for one action allows that one only.
slices_as_nobody () {
  run_pkexec nobody slices remove "$uuid"
  code=$?
  [ "$code" = "$1" ]
}
host_as_nobody () {
  run_pkexec nobody configure-host load-kvmgt extra
  code=$?
  [ "$code" = "$1" ]
}
slices_as_nobody 127 ||
  fail "pkexec as nobody without a rule: exit $code, expected 127: $(cat "$state/err")"
host_as_nobody 127 ||
  fail "pkexec as nobody without a rule: exit $code, expected 127: $(cat "$state/err")"
ok "pkexec as nobody without a rule: both actions refused with 127"

grant_nobody () {
  cat > "$rules" <<EOF
// Written by GPU Slices' test-pkexec.sh; removed when it ends.
polkit.addRule(function(action, subject) {
  if (action.id == "$1" && subject.user == "nobody")
    return polkit.Result.YES;
});
EOF
  chmod 0644 "$rules"
}

grant_nobody "$action"
retry slices_as_nobody "$exit_no_slice" ||
  fail "nobody with a rule for $action: slices exit $code: $(cat "$state/err")"
host_as_nobody 127 ||
  fail "nobody with a rule for $action only: configure-host exit $code, expected 127"
ok "nobody with a rule for $action: slices runs (exit $exit_no_slice), configure-host refused"

grant_nobody "$host_action"
retry host_as_nobody "$exit_usage" ||
  fail "nobody with a rule for $host_action: configure-host exit $code: $(cat "$state/err")"
slices_as_nobody 127 ||
  fail "nobody with a rule for $host_action only: slices exit $code, expected 127"
ok "nobody with a rule for $host_action: configure-host runs (exit $exit_usage), slices refused"
rm -f "$rules"

# 5. What pkexec hands the helper: never the umockdev variables the test build reads.
cat > "$exec_path" <<EOF
#!/bin/sh
env > "$state/helper-env"
exit 0
EOF
chmod 0755 "$exec_path"
LD_PRELOAD=libumockdev-preload.so.0 UMOCKDEV_DIR="$state" \
  pkexec "$exec_path" slices remove "$uuid" < /dev/null > /dev/null 2> "$state/err" ||
  fail "pkexec of the stand-in failed: $(cat "$state/err")"
[ -s "$state/helper-env" ] || fail "the stand-in at $exec_path did not run"
grep -Eq '^(LD_PRELOAD|UMOCKDEV_DIR)=' "$state/helper-env" &&
  fail "pkexec passed on: $(grep -E '^(LD_PRELOAD|UMOCKDEV_DIR)=' "$state/helper-env")"
ok "pkexec passes neither LD_PRELOAD nor UMOCKDEV_DIR to the helper"

exit 0

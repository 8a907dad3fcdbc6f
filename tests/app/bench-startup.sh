#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Startup benchmark (not a test): time from launch to the first mapped window, median of 7
# runs after a warm-up, for `gpu-slices --demo`, for a minimal AdwApplicationWindow program
# (the floor on this stack) and for `virt-manager --connect test:///default` when installed;
# with the default renderer and with GDK_DEBUG=gl-disable (software OpenGL under Xvfb
# dominates memory). Prints each median, the ratios and peak memory (VmHWM of the process,
# read when its window maps and again after it settles).
#
# Usage: bench-startup.sh GPU-SLICES MINIMAL-WINDOW   (meson: meson test --benchmark)
# Runs itself under one Xvfb when DISPLAY is unset. Window maps are seen with
# `xev -root -event substructure` (there is no window manager under Xvfb, so top-level
# windows are children of the root window).
set -eu

if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s '-screen 0 1280x800x24' "$0" "$@"
fi

export GTK_A11Y=none
export DBUS_SESSION_BUS_ADDRESS=disabled:
export GSETTINGS_BACKEND=memory
export NO_AT_BRIDGE=1
unset GSK_RENDERER 2>/dev/null || true

exec /usr/bin/python3 - "$@" <<'PY'
import os, select, shutil, signal, statistics, subprocess, sys, time

RUNS = 7
TIMEOUT = 30.0

def peak_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

class MapWatcher:
    def __init__(self):
        self.xev = subprocess.Popen(["xev", "-root", "-event", "substructure"],
                                    stdout=subprocess.PIPE, bufsize=0)
        self.buffer = b""
        self.drain(0.3)

    def drain(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.xev.stdout], [], [], max(0.0, end - time.monotonic()))
            if ready:
                os.read(self.xev.stdout.fileno(), 65536)
        self.buffer = b""

    def wait_map(self, deadline):
        fd = self.xev.stdout.fileno()
        while time.monotonic() < deadline:
            if b"MapNotify" in self.buffer:
                self.buffer = b""
                return time.monotonic()
            ready, _, _ = select.select([fd], [], [], deadline - time.monotonic())
            if ready:
                self.buffer += os.read(fd, 65536)
        return None

    def stop(self):
        self.xev.terminate()
        self.xev.wait()

def run_once(watcher, argv, env):
    watcher.drain(0.05)
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    mapped = watcher.wait_map(start + TIMEOUT)
    mem_at_map = peak_kb(proc.pid)
    # Let it settle (first frames drawn) before reading the peak again.
    time.sleep(0.5)
    mem = max(mem_at_map, peak_kb(proc.pid))
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    watcher.drain(0.2)
    if mapped is None:
        return None, mem
    return (mapped - start) * 1000.0, mem

def measure(watcher, name, argv, extra_env):
    env = dict(os.environ)
    env.update(extra_env)
    run_once(watcher, argv, env)  # warm-up: caches, fontconfig, shaders
    times, mems = [], []
    for _ in range(RUNS):
        ms, kb = run_once(watcher, argv, env)
        if ms is None:
            print(f"  {name}: no window within {TIMEOUT:.0f} s", flush=True)
            return None
        times.append(ms)
        mems.append(kb)
    result = (statistics.median(times), max(mems) / 1024.0)
    print(f"  {name:<34} median {result[0]:7.1f} ms   (min {min(times):.1f}, max {max(times):.1f})"
          f"   peak RSS {result[1]:6.1f} MB", flush=True)
    return result

gpu_slices, minimal = sys.argv[1], sys.argv[2]
programs = [("gpu-slices --demo", [gpu_slices, "--demo"]),
            ("minimal AdwApplicationWindow", [minimal])]
virt_manager = shutil.which("virt-manager")
if virt_manager:
    programs.append(("virt-manager (test:///default)",
                     [virt_manager, "--no-fork", "--connect", "test:///default"]))
else:
    print("virt-manager is not installed: not measured")

watcher = MapWatcher()
try:
    for label, extra in (("default renderer", {}),
                         ("GDK_DEBUG=gl-disable", {"GDK_DEBUG": "gl-disable"})):
        print(f"Startup to first mapped window, {label}, median of {RUNS} after a warm-up:")
        results = {}
        for name, argv in programs:
            results[name] = measure(watcher, name, argv, extra)
        app, floor = results.get("gpu-slices --demo"), results.get("minimal AdwApplicationWindow")
        if app and floor:
            print(f"  ratio gpu-slices / minimal window: time {app[0] / floor[0]:.2f}x "
                  f"(target <= 1.3x), memory {app[1] / floor[1]:.2f}x")
        vm = results.get("virt-manager (test:///default)")
        if app and vm:
            print(f"  ratio gpu-slices / virt-manager: time {app[0] / vm[0]:.2f}x "
                  f"(target < 1x), memory {app[1] / vm[1]:.2f}x")
finally:
    watcher.stop()
PY

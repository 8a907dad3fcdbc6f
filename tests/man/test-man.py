#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The man pages against the programs they describe, as TAP.

  test-man.py slicectl SLICECTL PAGE.scd   every command of `slicectl --help` has a "## COMMAND"
                                           section, every option of `slicectl COMMAND --help` is
                                           in it as *--OPTION*, the global options are under
                                           GLOBAL OPTIONS, and the page names no command or
                                           option that does not exist
  test-man.py app GPU_SLICES PAGE.scd      every option of `gpu-slices --help-all` is in OPTIONS
  test-man.py helper PROTOCOL.h VALIDATE.c PAGE.scd  every command of the helper's table has a section,
                                           every exit code is under EXIT STATUS
  test-man.py groff PAGE...                `groff -ww -z -man` prints nothing and `man -l`
                                           renders each built page

A command or option added without its documentation fails here.
"""
import os
import re
import subprocess
import sys

results = []


def check(ok, name, detail=""):
    results.append((ok, name, detail))


def finish():
    print(f"1..{len(results)}")
    for i, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok and detail:
            for line in detail.splitlines():
                print(f"# {line}")
    sys.exit(0 if all(ok for ok, _, _ in results) else 1)


def run(argv):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="")
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    if done.returncode != 0:
        raise SystemExit(f"Bail out! {' '.join(argv)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def sections(text, level):
    """{heading: body} for the headings of one level ("#" or "##")."""
    found = {}
    current = None
    prefix = level + " "
    for line in text.splitlines():
        if line.startswith("#") and not line.startswith(level + "#"):
            current = line[len(prefix):].strip() if line.startswith(prefix) else None
            if current is not None:
                found[current] = ""
            continue
        if current is not None:
            found[current] += line + "\n"
    return found


def help_options(text):
    """The long options a GLib --help lists ("  -c, --connect=URI  …")."""
    return set(re.findall(r"^\s+(?:-\w, )?(--[\w-]+)", text, re.M))


def page_options(text):
    """The options a page section names anywhere: *--OPTION* (bold)."""
    return set(re.findall(r"\*(--[\w-]+)\*", text))


def described_options(text):
    """The options a page section describes: those on a definition line ("*--OPTION*=_ARG_",
    "*-c*, *--OPTION*") whose text is indented below it."""
    found = set()
    lines = text.splitlines() + [""]
    for line, below in zip(lines, lines[1:]):
        if line.startswith("*-") and below.startswith("\t"):
            found |= page_options(line)
    return found


def check_slicectl(slicectl, page):
    text = open(page, encoding="utf-8").read()
    top = sections(text, "#")
    commands_section = top.get("COMMANDS", "")
    subs = {}
    for heading, body in sections(commands_section, "##").items():
        subs[heading.split()[0]] = body

    main_help = run([slicectl, "--help"])
    listing = main_help.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    commands = [line.split()[0] for line in listing.splitlines() if line.strip()]
    check(len(commands) > 5, "slicectl --help lists the commands", main_help)

    global_options = help_options(main_help)
    documented_globals = described_options(top.get("GLOBAL OPTIONS", ""))
    missing = sorted(global_options - documented_globals)
    check(not missing, "GLOBAL OPTIONS has every global option", f"missing: {missing}")

    for command in commands:
        body = subs.get(command)
        check(body is not None, f"{command}: has a “## {command}” section",
              f"add a “## {command}” section under COMMANDS to {page}")
        if body is None:
            continue
        options = help_options(run([slicectl, command, "--help"]))
        own = options - global_options
        missing = sorted(own - described_options(body))
        check(not missing, f"{command}: every option of “slicectl {command} --help”",
              f"not in the “## {command}” section: {missing}")
        stale = sorted(page_options(body) - options - global_options)
        check(not stale, f"{command}: names only options it has",
              f"“slicectl {command} --help” has no {stale}")

    stale = sorted(set(subs) - set(commands))
    check(not stale, "COMMANDS has no section for a command slicectl lacks", f"{stale}")
    for name in ("EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES", "JSON OUTPUT"):
        check(top.get(name, "").strip() != "", f"has {name}")
    for code in re.findall(r"^\s+(\d)\s\s", main_help.split("Exit status:", 1)[1], re.M):
        check(f"*{code}*" in top.get("EXIT STATUS", ""), f"EXIT STATUS has {code}")


def check_app(app, page):
    text = open(page, encoding="utf-8").read()
    options = help_options(run([app, "--help-all"]))
    check("--demo" in options, "gpu-slices --help-all lists --demo", f"{options}")
    missing = sorted(options - described_options(sections(text, "#").get("OPTIONS", "")))
    check(not missing, "OPTIONS has every option of gpu-slices --help-all", f"missing: {missing}")


def check_helper(protocol, grammar_file, page):
    header = open(protocol, encoding="utf-8").read()
    text = open(page, encoding="utf-8").read()
    # The grammar is the command table of slices-helper-validate.c.
    grammar = open(grammar_file, encoding="utf-8").read()
    commands = {f"{first} {name}" for first, name in
                re.findall(r'\{ "(slices|configure-host)", "([a-z-]+)"', grammar)}
    check(len(commands) >= 10, "the grammar in the helper's command table is read", f"{commands}")
    headings = {" ".join(h.split()[:2]) for h in sections(sections(text, "#").get(
        "COMMANDS", ""), "##")}
    for command in sorted(commands):
        check(command in headings, f"has a section for “{command}”")
    check(not sorted(headings - commands), "no section for a command the helper lacks",
          f"{sorted(headings - commands)}")
    codes = re.findall(r"SLICES_HELPER_EXIT_(\w+) = (\d+)", header)
    check(len(codes) > 10, "the exit codes in the protocol header are read")
    status = sections(text, "#").get("EXIT STATUS", "")
    for name, code in codes:
        check(f"*{code}*" in status, f"EXIT STATUS has {code} ({name})")


def check_groff(pages):
    env = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="80")
    for page in pages:
        name = os.path.basename(page)
        done = subprocess.run(["groff", "-ww", "-z", "-man", page],
                              capture_output=True, text=True, env=env, timeout=60)
        check(done.returncode == 0 and done.stdout + done.stderr == "",
              f"{name}: groff -ww -z -man warns of nothing", done.stdout + done.stderr)
        done = subprocess.run(["man", "-l", page], capture_output=True, text=True,
                              env=env, timeout=60)
        title = name.rsplit(".", 1)[0]
        check(done.returncode == 0 and done.stderr == "" and "NAME" in done.stdout
              and title in done.stdout, f"{name}: man -l renders it", done.stderr)


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    {"slicectl": lambda: check_slicectl(*args),
     "app": lambda: check_app(*args),
     "helper": lambda: check_helper(*args),
     "groff": lambda: check_groff(args)}[mode]()
    finish()


main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge one guest console log: the KTAP block the guest printed, and splats.

usage: ktap-check.py CONSOLE_LOG

The guest init prints the test's KTAP output between the lines
'<<<KRPC-KTAP' and 'KRPC-KTAP>>>' once the test is over. The log fails when
  - the KTAP block is missing or not terminated (the guest died or hung),
  - 'KTAP version 1' or the plan line '1..N' is missing,
  - the number of top-level results differs from the plan,
  - any result at any nesting level is 'not ok' (unless marked # SKIP),
  - the console shows a kernel splat anywhere (BUG:, WARNING:, Oops, ...).
Exit status 0 for a pass, 1 for a fail; the reasons go to stdout.
"""
import re
import sys

SPLATS = [
    r"BUG:", r"WARNING:", r"\bOops\b", r"general protection", r"KASAN",
    r"UBSAN", r"lockdep", r"possible circular locking", r"Call Trace:",
    r"Kernel panic", r"kmemleak: \d+ new suspected", r"rcu: INFO:",
    r"self-detected stall", r"blocked for more than", r"scheduling while atomic",
    r"sleeping function called from invalid context",
]
SPLAT_RE = re.compile("|".join(SPLATS))
TS_RE = re.compile(r"^\[\s*\d+\.\d+\]\s?")
RESULT_RE = re.compile(r"^(\s*)(ok|not ok) (\d+)\b(.*)$")


def judge(lines):
    """Return a list of failure reasons (empty on success) and a summary."""
    reasons = []
    for n, line in enumerate(lines, 1):
        if SPLAT_RE.search(line):
            reasons.append(f"kernel splat on console line {n}: {line.strip()}")
            break
    try:
        start = lines.index("<<<KRPC-KTAP")
    except ValueError:
        reasons.append("no KTAP block: the guest test never finished "
                       "(crash, hang or timeout)")
        return reasons, "0/0"
    try:
        end = lines.index("KRPC-KTAP>>>", start)
    except ValueError:
        reasons.append("KTAP block not terminated")
        end = len(lines)
    block = [TS_RE.sub("", l) for l in lines[start + 1:end]]
    if not block or block[0].strip() != "KTAP version 1":
        reasons.append("first KTAP line is not 'KTAP version 1'")
    plan = None
    top = ok = 0
    for line in block:
        m = re.match(r"^1\.\.(\d+)$", line)
        if m and plan is None:
            plan = int(m.group(1))
            continue
        m = RESULT_RE.match(line)
        if not m:
            continue
        indent, verdict, rest = m.group(1), m.group(2), m.group(4)
        skipped = re.search(r"#\s*SKIP", rest, re.I) is not None
        if verdict == "not ok" and not skipped:
            reasons.append(f"failed: {line.strip()}")
        if indent == "":
            top += 1
            ok += verdict == "ok"
    if plan is None:
        reasons.append("no plan line '1..N' in the KTAP block")
    elif top != plan:
        reasons.append(f"plan says {plan} results, the guest printed {top}")
    return reasons, f"{ok}/{plan if plan is not None else top}"


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(sys.argv[1], errors="replace") as f:
        lines = [l.rstrip("\r\n") for l in f]
    reasons, summary = judge(lines)
    for r in reasons:
        print(r)
    print(f"ktap: {summary} ok")
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())

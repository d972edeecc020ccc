#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The census of tools/migrate.sh's report: no silent miss.

A plain text scan (no spatch) of every C source and header under DIR that
counts the uses of the kretprobe API, in every preprocessor branch, but not
in comments or ordinary strings (section names are strings, and are
counted), and checks that each one is in the report: a site line of the
rules (file:line:...: class: ...) in its span, or a line this script adds
with the reason the rules did not see it.

What is counted, and the unit (one census entry each; what the report
lists one line for):
  kernel API   one per source line that has any of: struct kretprobe,
               kretprobe_instance, register_/unregister_kretprobe(s),
               enable_/disable_kretprobe, get_kretprobe.  The audit lists
               one site per such line (a definition, a handler, a call).
  BPF section  one per SEC("kretprobe...") or SEC("kretsyscall...") (which
               includes kretprobe.multi): the program; its span runs from
               the SEC to the '{' or ';' ending the program's header, and
               a BPF_KRETPROBE() in that span is the same entry.  A
               BPF_KRETPROBE() outside any such span is an entry of its
               own.  A section a macro makes counts once, at the macro's
               definition, however many times the macro is used.
  BPF loader   one per bpf_program__attach_kprobe(prog, true or 1, ...)
               call: a return probe attached by hand.
The prefilter is migrate.sh's own token list (its kp_re and krp_re, given
with --re): a census entry on a line neither matches is a tool error too
(those lines are the ones spatch is shown).

The reasons, first that applies:
  timed out          the file has a "timed out in <rule>" line;
  macro              the entry is in a #define, or the section name is
                     pasted with a macro (SEC("kretprobe/" NAME(x)));
  parse              spatch --parse-c reports lines N-M it could not
                     parse around the entry;
  #if                spatch --parse-c passed over the entry's line: a
                     #if/#else branch the parser did not take;
  directive          a #if/#else/#endif between a SEC() and its program's
                     header (the rules match SEC(s) T f(...) { ... } whole);
  not a use          the API's own definition, prototype or export
                     (int register_kretprobe(...), EXPORT_SYMBOL(...)),
                     or any line of a file that defines it (the kprobes
                     core: its implementation, not a user).
An entry with none of these is not reported: the counts line then shows
census != reported, the missing ones go to stderr and the exit status is 3.

usage: census.py --dir DIR --re ERE [--re ERE]... [--spatch CMD]
                 [--python PY] REPORT...
  REPORT  files of report lines (paths relative to DIR), e.g. the audit's
          and kretprobe_report.cocci's output
Prints the reason lines, then the counts line:
  census: N use(s) in M file(s): census=N reported=R (S by the rules, X with a reason)
Exit status: 0 when census = reported, 3 when not (a tool error: the
rules missed a use), 1 on bad input.
"""

import argparse
import os
import re
import subprocess
import sys

KERNEL = re.compile(r"struct\s+kretprobe\b|\bkretprobe_instance\b|"
                    r"\b(?:un)?register_kretprobes?\b|"
                    r"\b(?:en|dis)able_kretprobe\b|\bget_kretprobe\b")
SEC = re.compile(r"\bSEC\s*\(")
SEC_KRET = re.compile(r'^"(?:kretprobe|kretsyscall)')
BPF_KRET = re.compile(r"\bBPF_KRETPROBE\b")
ATTACH = re.compile(r"\bbpf_program__attach_kprobe\s*\(")
# Cheap: a file without one of these has no census entry.
QUICK = (b"kretprobe", b"KRETPROBE", b"kretsyscall", b"attach_kprobe")


def ere_to_py(ere):
    """migrate.sh's grep -E expressions, for Python's re."""
    for cls, py in (("[[:space:]]", r"\s"), ("[[:alnum:]_]", r"\w"),
                    ("[[:alpha:]]", "[A-Za-z]")):
        ere = ere.replace(cls, py)
    return re.compile(ere)


def scan_tree(top):
    """The files migrate.sh scans, but every one of them: *.c and *.h
    (symbolic links to files too), not *.mod.c, not under .git."""
    out = []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        for f in sorted(files):
            if not f.endswith((".c", ".h")) or f.endswith(".mod.c"):
                continue
            p = os.path.join(root, f)
            if os.path.isfile(p):
                out.append(os.path.relpath(p, top))
    return out


def blank(text):
    """TEXT with comments and character constants turned into spaces and
    string literals marked; newlines kept, so line numbers stay. Returns
    (code, strings): strings is a list of (start, end) of each literal."""
    out = list(text)
    strings = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if out[k] != "\n":
                    out[k] = " "
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            # a // comment ends at a newline not escaped by a backslash
            while j < n and text[j - 1] == "\\":
                j2 = text.find("\n", j + 1)
                j = n if j2 < 0 else j2
            for k in range(i, j):
                if out[k] != "\n":
                    out[k] = " "
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            if c == '"':
                strings.append((i, j))
            else:
                for k in range(i, j):
                    out[k] = " "
            i = j
        else:
            i += 1
    return "".join(out), strings


def close_paren(code, i):
    """Index after the ')' matching the '(' at code[i], or len(code)."""
    depth = 0
    for j in range(i, len(code)):
        if code[j] == "(":
            depth += 1
        elif code[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(code)


def open_paren(code, i):
    """Index of the unmatched '(' before code[i] within its statement
    (none past a ';', '{' or '}'), or i."""
    depth = 0
    for j in range(i - 1, -1, -1):
        c = code[j]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                return j
            depth -= 1
        elif c in ";{}":
            return i
    return i


def header_end(code, i):
    """Index of the '{' or ';' that ends a program's header from i."""
    depth = 0
    for j in range(i, len(code)):
        if code[j] == "(":
            depth += 1
        elif code[j] == ")":
            depth -= 1
        elif depth <= 0 and code[j] in "{;":
            return j
    return len(code)


def conditionals(lines):
    """For each line number (1-based), the line of the innermost #if it is
    in, or 0; an include guard (#ifndef X / #define X as the first two
    directives, its #endif the last) does not count."""
    directives = [no for no, l in enumerate(lines, 1)
                  if re.match(r"\s*#\s*\w", l)]
    guard = 0
    if len(directives) > 2:
        m = re.match(r"\s*#\s*ifndef\s+(\w+)", lines[directives[0] - 1])
        if (m and re.match(r"\s*#\s*define\s+%s\b" % m.group(1),
                           lines[directives[1] - 1]) and
                re.match(r"\s*#\s*endif\b", lines[directives[-1] - 1])):
            guard = directives[0]
    stack, out = [], {}
    for no, line in enumerate(lines, 1):
        m = re.match(r"\s*#\s*(if|ifdef|ifndef|endif)\b", line)
        if m and m.group(1).startswith("if"):
            if no != guard:
                stack.append(no)
        elif m and stack:
            stack.pop()
        out[no] = stack[-1] if stack else 0
    return out


def macro_of(lines, no):
    """The name of the #define line NO is part of (with its backslash
    continuations), or None."""
    k = no
    while k > 1 and lines[k - 2].rstrip().endswith("\\"):
        k -= 1
    m = re.match(r"\s*#\s*define\s+(\w+)", lines[k - 1])
    return m.group(1) if m else None


def census_file(path, rel, prefilter):
    """The census entries of one file: dicts with line span, token, the
    SEC argument, and whether the prefilter sees the line."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    code, strings = blank(text)
    nocomment = code.split("\n")
    keep = []  # string literals inside SEC(...): section names
    secs = []
    for m in SEC.finditer(code):
        a = m.end() - 1
        b = close_paren(code, a)
        secs.append((m.start(), a, b))
        keep.append((a, b))
    chars = list(code)
    for s, e in strings:
        if not any(a <= s and e <= b for a, b in keep):
            for k in range(s, e):
                chars[k] = " "
    code = "".join(chars)
    starts = [0]
    for k, c in enumerate(code):
        if c == "\n":
            starts.append(k + 1)

    def line_of(pos):
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    clines = code.split("\n")
    entries = []
    spans = []
    api = re.compile(r"\b((?:un)?register_kretprobes?|(?:en|dis)able_kretprobe|get_kretprobe)\b")
    for s, a, b in secs:
        arg = code[a + 1:b - 1].strip()
        if not SEC_KRET.match(arg):
            continue
        end = header_end(code, b)
        spans.append((s, end))
        pasted = re.sub(r'"(?:[^"\\]|\\.)*"', "", arg).strip()
        first, last = line_of(s), line_of(end)
        cpp = [k for k in range(first + 1, last + 1)
               if re.match(r"\s*#\s*\w", clines[k - 1])]
        entries.append({"first": first, "last": last, "cpp": cpp,
                        "what": "SEC(%s)" % " ".join(arg.split()),
                        "pasted": re.match(r"\w+", pasted).group(0)
                        if re.match(r"\w+", pasted) else None})
    for m in BPF_KRET.finditer(code):
        if any(s <= m.start() <= e for s, e in spans):
            continue
        end = header_end(code, m.start())
        entries.append({"first": line_of(m.start()), "last": line_of(end),
                        "what": "BPF_KRETPROBE()", "pasted": None})
    for m in ATTACH.finditer(code):
        a = m.end() - 1
        b = close_paren(code, a)
        args = code[a + 1:b - 1].split(",")
        if len(args) >= 2 and args[1].strip() in ("true", "1"):
            entries.append({"first": line_of(m.start()), "last": line_of(b),
                            "what": "bpf_program__attach_kprobe(..., %s, ...)"
                            % args[1].strip(), "pasted": None})
    for no, line in enumerate(clines, 1):
        m = KERNEL.search(line)
        if m:
            # The API itself: its definition, prototype or export
            # (int register_kretprobe(struct kretprobe *rp) {, ...;,
            # EXPORT_SYMBOL_GPL(register_kretprobe);), not a use.
            d = api.search(line)
            own = None
            if d and (re.match(r"\s*EXPORT_SYMBOL\w*\s*\(\s*%s\s*\)" % d.group(1), line) or
                      re.match(r"(?:[A-Za-z_]\w*[\s*]+)+%s\s*\(" % d.group(1), line) and
                      not re.match(r"\s*(?:return|if|else|while|for)\b", line) and
                      "=" not in line[:d.start()]):
                own = d.group(1)
            # In a parameter list or call split over lines, the entry
            # starts at the line of its '(' (the function's name, where
            # the audit puts a handler).
            first = line_of(open_paren(code, starts[no - 1] + m.start()))
            entries.append({"first": first, "last": no, "own": own,
                            "what": " ".join(m.group(0).split()),
                            "pasted": None})
    raw = text.split("\n")
    for e in entries:
        e["file"] = rel
        e["seen"] = any(r.search(raw[k - 1])
                        for k in range(e["first"], e["last"] + 1)
                        for r in prefilter)
    return entries, raw, nocomment


def parse_errors(spatch, python, top, rel, nocomment):
    """What spatch --parse-c says of REL: [(first, last)] line ranges it
    could not parse, and the set of lines it passed over (a #if branch it
    did not take: its "passed:" lines, the tokens of each, found in order
    in NOCOMMENT, the file's lines without comments)."""
    cmd = [spatch, "--parse-c", "--no-includes", rel]
    if python:
        cmd[1:1] = ["--python", python]
    try:
        out = subprocess.run(cmd, cwd=top, capture_output=True, text=True,
                             timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return [], set()
    ranges = []
    passed, at = set(), 0
    flat = ["".join(l.split()) for l in nocomment]
    line, before, after, bad = None, 0, 0, False
    for l in (out.stdout + out.stderr).split("\n"):
        if l.startswith("passed:"):
            want = "".join(l[7:].split())
            for k in range(at, len(flat)):
                if want and flat[k] == want:
                    passed.add(k + 1)
                    at = k + 1
                    break
            continue
        m = re.match(r'\s*= File "(.*)", line (\d+),', l)
        if m:
            if line is not None:
                ranges.append((line - before, line + after))
            line, before, after, bad = None, 0, 0, False
            # (errors of an included header are not this file's)
            if os.path.normpath(m.group(1)) == os.path.normpath(rel):
                line = int(m.group(2))
        elif line is not None and l.startswith("BAD:!!!!!"):
            bad = True
        elif line is not None and l.startswith("bad:"):
            if bad:
                after += 1
            else:
                before += 1
    if line is not None:
        ranges.append((line - before, line + after))
    return ranges, passed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--re", action="append", default=[])
    ap.add_argument("--spatch", default="spatch")
    ap.add_argument("--python", default="")
    ap.add_argument("reports", nargs="*")
    a = ap.parse_args()
    if not os.path.isdir(a.dir):
        print("census: error: '%s' is not a directory" % a.dir, file=sys.stderr)
        return 1
    if not a.re:
        print("census: error: no --re (migrate.sh's token list)", file=sys.stderr)
        return 1
    prefilter = [ere_to_py(r) for r in a.re]

    sites = {}   # file -> [line, ...] of report lines
    whole = set()  # files the report gives up on as a whole
    for rep in a.reports:
        try:
            with open(rep, encoding="utf-8", errors="replace") as f:
                for l in f:
                    m = re.match(r"(?:\./)?([^:]+):(\d+):[0-9-]+: ", l)
                    if not m:
                        continue
                    sites.setdefault(m.group(1), []).append(int(m.group(2)))
                    if " timed out in " in l:
                        whole.add(m.group(1))
        except OSError as e:
            print("census: error: %s" % e, file=sys.stderr)
            return 1

    total, by_rules, reasons, missing, nfiles = 0, 0, [], [], 0
    for rel in scan_tree(a.dir):
        path = os.path.join(a.dir, rel)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue
        if not any(q in data for q in QUICK):
            continue
        entries, raw, nocomment = census_file(path, rel, prefilter)
        if not entries:
            continue
        nfiles += 1
        total += len(entries)
        conds = None
        perr = None
        # A file that defines the API (register_kretprobe() with a body)
        # is its implementation, the kprobes core, not a user.
        impl = next((e["own"] for e in entries if e.get("own") and
                     re.search(r"\)\s*\{?\s*$", raw[e["last"] - 1]) and
                     not raw[e["last"] - 1].rstrip().endswith(";") and
                     not raw[e["last"] - 1].lstrip().startswith("EXPORT")), None)
        for e in sorted(entries, key=lambda e: e["first"]):
            lines = sites.get(rel, [])
            where = "%s:%d:0-0: census: %s" % (rel, e["first"], e["what"])
            if any(e["first"] <= l <= e["last"] for l in lines):
                by_rules += 1
                continue
            if rel in whole:
                by_rules += 1
                continue
            mac = macro_of(raw, e["first"])
            if mac:
                reasons.append("%s: not seen by the rules: section built by macro %s"
                               " (defined here; its uses are not scanned)" % (where, mac)
                               if e["what"].startswith("SEC") else
                               "%s: not seen by the rules: inside macro %s" % (where, mac))
                continue
            if e["pasted"]:
                reasons.append("%s: not seen by the rules: section name built by macro %s"
                               % (where, e["pasted"]))
                continue
            if not e["seen"]:
                missing.append("%s: not in the report, and not in migrate.sh's"
                               " token list (spatch is never shown it)" % where)
                continue
            if e.get("own"):
                reasons.append("%s: not a use: the API's own definition, prototype or"
                               " export (%s)" % (where, e["own"]))
                continue
            if perr is None:
                perr, passed = parse_errors(a.spatch, a.python, a.dir, rel, nocomment)
            bad = [r for r in perr if r[0] <= e["last"] and e["first"] <= r[1]]
            if bad:
                reasons.append("%s: not seen by the rules: spatch could not parse lines %d-%d"
                               % (where, bad[0][0], bad[0][1]))
                continue
            if e["first"] in passed:
                if conds is None:
                    conds = conditionals(raw)
                reasons.append("%s: not seen by the rules: inside a #if branch the parser"
                               " did not take (#if at line %d)" % (where, conds.get(e["first"], 0)))
                continue
            if e.get("cpp"):
                reasons.append("%s: not seen by the rules: a preprocessor directive"
                               " between the SEC() and its program (line %d)"
                               % (where, e["cpp"][0]))
                continue
            if impl:
                reasons.append("%s: not a use: in the API's implementation (this file"
                               " defines %s())" % (where, impl))
                continue
            missing.append("%s: not in the report, no reason known" % where)
    for r in reasons:
        print(r)
    reported = by_rules + len(reasons)
    print("census: %d use(s) in %d file(s): census=%d reported=%d (%d by the rules, %d with a reason)"
          % (total, nfiles, total, reported, by_rules, len(reasons)))
    if missing:
        print("migrate: error: census: %d use(s) of the kretprobe API missing from the report"
              " (a tool error):" % len(missing), file=sys.stderr)
        for m in missing:
            print("  " + m, file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())

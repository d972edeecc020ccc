# SPDX-License-Identifier: GPL-2.0-only
"""What the kretprobe-to-fprobe rules share (cocci/*.cocci import it from
their @initialize:python@). spatch 1.1.1 looks for it on PYTHONPATH only:
tools/migrate.sh and tests/cocci/run.sh set PYTHONPATH to cocci/; a run
of your own needs PYTHONPATH=<this tree>/cocci.

The helpers read the C file itself (once, cached) where SmPL cannot say
what they need: whether a name is declared at file scope, and the
elements of an array's initialiser.

Run as a program, "python3 kretprobe_fprobe.py pipeline" prints PIPELINE,
one "rule [era]" a line, for tools/migrate.sh and tests/cocci/run.sh."""
import re
import sys

# The conversion to native fprobe, one rule after the other, in this order.
# The verdict comes first (kretprobe_to_fprobe.cocci -D report -D audit:
# each file judged whole); these rules get only the files with use sites
# and without a blocker, so a file is converted as a whole or not at all. A rule with an
# era runs only when that era is asked for (--ftrace-regs); a rule that
# declares "virtual ftrace_regs" is given -D ftrace_regs then.
PIPELINE = [
    ("kretprobe_arrays", None),         # register_kretprobes() arrays
    ("kretprobe_to_fprobe", None),      # registration, fields, types
    ("kretprobe_handlers", None),       # handler signatures and bodies
    ("fprobe_kp_addr", None),           # kp.addr read: a variable beside
    ("fprobe_helpers", None),           # register_fprobe_sym() & co., once
    ("fprobe_ftrace_regs", "ftrace_regs"),  # 6.14+: struct ftrace_regs
]

SRC = {}        # file -> its text, read once


def forget(f):
    """Drop the cached text of f (a new run on it)."""
    SRC.pop(f, None)


def src_of(f):
    if f not in SRC:
        try:
            with open(f, encoding='utf-8', errors='replace') as fd:
                SRC[f] = fd.read()
        except OSError:
            SRC[f] = ''
    return SRC[f]


def lines_of(f):
    return src_of(f).split('\n')


def norm(e):
    return re.sub(r'\s+', '', e)


def tok_at(p):
    """The identifier at position p (for metavariables that have a
    constraint, which spatch 1.1.1 does not let other rules inherit)."""
    try:
        line = lines_of(p.file)[int(p.line) - 1]
    except IndexError:
        return '?'
    m = re.match(r'[A-Za-z_]\w*', line[int(p.column):])
    return m.group(0) if m else '?'


def stable(f, e):
    """e names the same object wherever it is read in file f."""
    e = e.strip()
    if re.match(r'^"([^"\\]|\\.)*"$', e):
        return True
    if re.match(r'^\(?[A-Za-z_]\w*\)?$', e) or \
       re.match(r'^\(\s*[\w\s\*]+\)\s*&?\s*[A-Za-z_]\w*$', e):
        name = re.findall(r'[A-Za-z_]\w*', e)[-1]
        # a file-scope object or function: declared at column 0
        return re.search(r'(?m)^[A-Za-z_][\w \t\*]*\b' + re.escape(name) +
                         r'\s*(\[|=|;|\()', src_of(f)) is not None
    return False


def filescope_probe(f, x):
    """Line of the file-scope declaration of struct kretprobe x, or 0."""
    if not re.match(r'^[A-Za-z_]\w*$', x):
        return 0
    m = re.search(r'(?m)^(?:static\s+)?struct\s+kretprobe\s+' + re.escape(x) +
                  r'\s*(=|;)', src_of(f))
    return src_of(f).count('\n', 0, m.start()) + 1 if m else 0


def array_elems(f, a, line):
    """Elements of the array a (struct kretprobe *a[] = { &x, ... }, the
    last such declaration before line) as a list of probe names, or a
    string saying why not."""
    src = src_of(f)
    pre = '\n'.join(src.split('\n')[:line])
    ms = list(re.finditer(r'struct\s+kretprobe\s*\*\s*' + re.escape(a) +
                          r'\s*\[[^]]*\]\s*=\s*\{([^}]*)\}\s*;', pre))
    if not ms:
        return "the array %s is not declared with an initialiser in view" % a
    for w in re.finditer(r'\b' + re.escape(a) + r'\s*\[[^]]*\]\s*=(?!=)', src):
        if not re.search(r'\*\s*$', src[:w.start()]):
            return "the array %s is written after its initialiser" % a
    names = []
    for e in [e.strip() for e in ms[-1].group(1).split(',') if e.strip()]:
        m = re.match(r'^&\s*([A-Za-z_]\w*)$', e)
        if not m:
            return "element %s of %s is not the address of a probe" % (e, a)
        names.append(m.group(1))
    return names


def array_check(f, a, line, tsym):
    """The probes of the array a that register_kretprobes() or
    unregister_kretprobes() gets at line of file f, and their symbols, as
    (names, symbols); or a string saying why the call cannot become a loop.
    tsym: probe -> symbol, from the probes' static initialisers."""
    a = a.strip()
    if not re.match(r'^[A-Za-z_]\w*$', a):
        return "%s is not an array name" % a
    el = array_elems(f, a, line)
    if isinstance(el, str):
        return el
    for x in el:
        if x not in tsym or not filescope_probe(f, x) or not stable(f, tsym[x]):
            return "element %s of %s: no file-scope probe with its symbol in a static initialiser" % (x, a)
    return el, [tsym[x] for x in el]


if __name__ == "__main__":
    if sys.argv[1:] != ["pipeline"]:
        sys.exit("usage: %s pipeline" % sys.argv[0])
    for rule, era in PIPELINE:
        print(rule, era or "")

// SPDX-License-Identifier: GPL-2.0-only
/// Convert register_kretprobes()/unregister_kretprobes() on an array of
/// probes to register_fprobe_array()/unregister_fprobe_array().
///
/// The array must be declared with an initialiser in view,
/// struct kretprobe *a[] = { &x, &y, ... }, not written afterwards, and each
/// element be a file-scope probe with its symbol in its static initialiser:
/// register_kretprobes(a, n) becomes
/// register_fprobe_array(a, (const char *[]){ Sx, Sy, ... }, n), and
/// unregister_kretprobes(a, n) unregister_fprobe_array(a, n). The helpers
/// (all or nothing, -EINVAL for n <= 0, as the kernel's) are added by
/// fprobe_helpers.cocci. Other arrays are reported and left alone.
///
/// It is a step of the kretprobe pipeline (PIPELINE in kretprobe_fprobe.py,
/// run by tools/migrate.sh), which gives it only the files that
/// kretprobe_to_fprobe.cocci judged convertible as a whole. Run alone, it
/// converts the arrays it can see through and nothing else: the probes stay
/// struct kretprobe until kretprobe_to_fprobe.cocci converts the file.
//
// Confidence: Moderate
// Copyright: (C) 2025 kretprobe-compat contributors.
// URL: see cocci/README.md
// Comments: imports kretprobe_fprobe.py: needs PYTHONPATH=<tree>/cocci
// Comments: (tools/migrate.sh sets it).
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: kretprobe, fprobe, register_kretprobes, unregister_kretprobes

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import sys
try:
    from kretprobe_fprobe import *
except ImportError:
    sys.stderr.write("kretprobe_arrays.cocci: set PYTHONPATH to the cocci/ directory (the rule imports kretprobe_fprobe.py)\n")
    raise

TSYM = {}       # file -> {probe: symbol}, from static initialisers
ARR = {}        # (file, line, col) -> symbols of the array registered there
MODES = set()

def msg(p, why, sev):
    if "org" in MODES:
        coccilib.org.print_todo(p[0], why)
    elif "report" in MODES:
        coccilib.report.print_report(p[0], sev + ": " + why)

@script:python depends on report@
@@
MODES.add("report")

@script:python depends on org@
@@
MODES.add("org")

// The probes and their symbols.
@tsym@
identifier x;
expression S;
position p;
@@
(
 struct kretprobe x@p = { ..., .kp.symbol_name = S, ... };
|
 struct kretprobe x@p = { ..., .kp = { ..., .symbol_name = S, ... }, ... };
)

@script:python@
x << tsym.x;
S << tsym.S;
p << tsym.p;
@@
TSYM.setdefault(p[0].file, {})[x] = S

// The calls, and what their array holds.
@arr@
expression A, N;
position p;
@@
(
 register_kretprobes@p(A, N)
|
 unregister_kretprobes@p(A, N)
)

@script:python@
A << arr.A;
p << arr.p;
@@
f = p[0].file
r = array_check(f, A, int(p[0].line), TSYM.get(f, {}))
if isinstance(r, str):
    msg(p, "%s() on %s: %s; convert by hand to a loop" % (tok_at(p[0]), A, r), "ERROR")
else:
    ARR[(f, int(p[0].line), int(p[0].column))] = r[1]
    msg(p, "%s() of %s becomes %s() (run with -D patch)" % (tok_at(p[0]), A, tok_at(p[0]).replace("kretprobes", "fprobe_array")), "INFO")

// The symbols go in a compound literal; spatch 1.1.1 cannot build one with
// make_expr() (the [] is lost), so it is handed over as an identifier.
@script:python parr depends on patch@
p << arr.p;
C;
@@
syms = ARR.get((p[0].file, int(p[0].line), int(p[0].column)))
if syms is None:
    cocci.include_match(False)
else:
    coccinelle.C = cocci.make_ident("(const char *[]){ %s }" % ", ".join(syms))

@depends on patch@
expression arr.A, arr.N;
position arr.p;
identifier parr.C;
@@
(
- register_kretprobes@p(A, N)
+ register_fprobe_array(A, C, N)
|
- unregister_kretprobes@p(A, N)
+ unregister_fprobe_array(A, N)
)

@depends on context@
expression arr.A, arr.N;
position arr.p;
@@
(
* register_kretprobes@p(A, N)
|
* unregister_kretprobes@p(A, N)
)

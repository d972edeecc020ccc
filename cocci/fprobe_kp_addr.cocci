// SPDX-License-Identifier: GPL-2.0-only
/// Keep kp.addr where code converted from kretprobe to fprobe reads it.
///
/// A kretprobe registered by symbol has its address in kp.addr afterwards,
/// and some callers print or compare it; struct fprobe has no kp. After
/// kretprobe_to_fprobe.cocci, such a probe x is a struct fprobe registered
/// by register_fprobe_sym(&x, sym) whose x.kp.addr is still read (the
/// verdict let the file through: x is a file-scope probe, and the names
/// below are free). This rule gives x a variable next to it,
/// "static kprobe_opcode_t *x_kp_addr;", registers x with
/// register_fprobe_kp_addr(&x, sym, &x_kp_addr) (fprobe_helpers.cocci adds
/// it: it resolves the address the way register_kretprobe() did) and reads
/// (or resets) x_kp_addr where x.kp.addr was.
///
/// Run alone it changes only such intermediate code: valid code has no
/// kp in a struct fprobe, and kretprobe code no register_fprobe_sym().
//
// Confidence: High
// Copyright: (C) 2025 kretprobe-compat contributors.
// URL: see cocci/README.md
// Comments: a step of tools/migrate.sh --mode patch, after
// Comments: kretprobe_to_fprobe.cocci and before fprobe_helpers.cocci
// Comments: (PIPELINE in kretprobe_fprobe.py).
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: fprobe, register_fprobe, register_kretprobe, kp.addr

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
SEEN = set()    # (file, probe): its variable is planned once

// A probe registered by symbol, and a read of its kp.addr.
@reg@
identifier x;
expression S;
position p;
@@
register_fprobe_sym@p(&x, S)

@read@
identifier reg.x;
position q;
@@
x.kp.addr@q

@script:python var@
x << reg.x;
p << reg.p;
q << read.q;
v;
@@
if (p[0].file, x) in SEEN:
    cocci.include_match(False)
else:
    SEEN.add((p[0].file, x))
    coccinelle.v = cocci.make_ident(x + "_kp_addr")

@script:python depends on report@
x << reg.x;
q << read.q;
@@
coccilib.report.print_report(q[0], "INFO: kp.addr of %s read: kept in %s_kp_addr, set by register_fprobe_kp_addr()" % (x, x))

@script:python depends on org@
x << reg.x;
q << read.q;
@@
coccilib.org.print_todo(q[0], "kp.addr of %s read: kept in %s_kp_addr" % (x, x))

@depends on context@
identifier reg.x;
position read.q;
@@
* x.kp.addr@q

@depends on patch@
identifier reg.x, var.v;
@@
 struct fprobe x;
+
+static kprobe_opcode_t *v;

@depends on patch@
identifier reg.x, var.v;
expression S;
@@
- register_fprobe_sym(&x, S)
+ register_fprobe_kp_addr(&x, S, &v)

@depends on patch@
identifier reg.x, var.v;
@@
- x.kp.addr
+ v

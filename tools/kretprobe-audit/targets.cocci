// SPDX-License-Identifier: GPL-2.0-only
/// The kretprobe targets of a source file, one per line, for
/// kretprobe-audit --targets: the symbol_name of every struct kretprobe
/// set in an initialiser or by assignment, when it is a string literal or a
/// file-scope char array initialised with one (the kernel sample's
/// func_name). Other targets are named on stderr as unknown.
//
// Confidence: High
// Copyright: (C) 2025 kretprobe-compat contributors.
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: kretprobe, audit

virtual report

@r1 depends on report@
identifier x, fld;
expression S;
position p;
@@
(
struct kretprobe x = { ..., .kp.symbol_name = S@p, ... };
|
struct kretprobe x = { ..., .kp = { ..., .symbol_name = S@p, ... }, ... };
|
struct kretprobe x[...] = { ..., { ..., .kp.symbol_name = S@p, ... }, ... };
|
struct kretprobe x[...] = { ..., { ..., .kp = { ..., .symbol_name = S@p, ... }, ... }, ... };
|
struct fld { ... } x = { ..., .kp.symbol_name = S@p, ... };
)

@r2 depends on report@
expression e, S;
position p;
@@
(
e.kp.symbol_name = S@p
|
e->kp.symbol_name = S@p
)

@arr depends on report@
identifier a;
constant char[] c;
@@
char a[...] = c;

@script:python depends on report@
S << r1.S;
p << r1.p;
@@
print("T " + S + " " + p[0].file + ":" + p[0].line)

@script:python depends on report@
S << r2.S;
p << r2.p;
@@
print("T " + S + " " + p[0].file + ":" + p[0].line)

@script:python depends on report@
a << arr.a;
c << arr.c;
@@
print("A " + a + " " + c)

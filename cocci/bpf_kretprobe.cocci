// SPDX-License-Identifier: GPL-2.0-only
/// BPF kretprobe programs to fprobe-based attachment (libbpf).
///
/// BPF side: SEC("kretprobe/f") and SEC("kretprobe") programs become
/// SEC("kretprobe.multi/f") and SEC("kretprobe.multi"): the same program
/// type and the same struct pt_regs context (PT_REGS_RC(), BPF_KRETPROBE()
/// unchanged), attached through fprobe instead of a kretprobe.
///
/// With -D fexit, a BPF_KRETPROBE(name, ret) program on f becomes
/// SEC("fexit/f") + BPF_PROG(name, <f's parameters>, ret). The prototype of
/// f must be visible to spatch: declared in the file, or in a header given
/// with --include FILE (tools/kretprobe-audit --protos
/// writes one from the kernel's BTF). No prototype, unnamed or by-value
/// struct parameters, or a body that uses ctx (a pt_regs in a kretprobe, a
/// u64 array in fexit): the program is left alone and reported.
///
/// Loader side: bpf_program__attach_kprobe(prog, true, func) becomes
/// bpf_program__attach_kprobe_multi_opts(prog, func, &opts) with .retprobe
/// set (a compound literal, no declaration to insert). Run the rule on the
/// BPF and the loader sources together: a program attached by the multi call
/// must be SEC("kretprobe.multi"). With -D fexit the loader side is only
/// reported (fexit targets are fixed at load time).
//
// Confidence: High (kretprobe.multi); Moderate (fexit: needs f's prototype)
// Copyright: (C) 2025 kretprobe-compat contributors.
// URL: see cocci/README.md
// Options: --no-includes --include-headers; for -D fexit add
//          --include PROTOS.h (it works with --no-includes)
// Requires: 1.1.1
// Keywords: bpf, libbpf, kretprobe, kretprobe.multi, fexit, fprobe

virtual patch
virtual context
virtual org
virtual report
virtual fexit

@initialize:python@
@@
import re

def kret_target(s):
    """'"kretprobe/f"' -> 'f', '"kretprobe"' -> '', else None."""
    m = re.match(r'^"kretprobe(?:/([A-Za-z_][A-Za-z0-9_.]*))?"$', s)
    if not m:
        return None
    return m.group(1) or ""

def bad_params(ps):
    """Why a prototype's parameters cannot become BPF_PROG arguments (the
    unnamed and by-value cases are found by SmPL rules)."""
    ps = str(ps)
    if re.search(r"(^|,)\s*\.\.\.\s*$", ps):
        return "is variadic"
    if "(" in ps:
        return "has a function-pointer parameter"
    return None

def tidy(ps):
    """Coccinelle's text of a parameter list, in kernel spacing."""
    ps = str(ps)
    ps = re.sub(r"\s+,", ",", ps)
    ps = re.sub(r"\*\s+", "*", ps)
    return re.sub(r"\s+", " ", ps).strip()

def where(p):
    return "%s:%s:%s" % (p[0].file, p[0].line, p[0].column)

def prog_name(p, f):
    """The program's name: f, or the first argument of BPF_KRETPROBE()."""
    if f != "BPF_KRETPROBE":
        return f
    try:
        with open(p[0].file) as src:
            line = src.read().splitlines()[int(p[0].line) - 1]
        m = re.search(r"BPF_KRETPROBE\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)", line)
        return m.group(1) if m else f
    except (OSError, IndexError):
        return f

def say(p, msg):
    print("%s: %s" % (where(p), msg))

// ---------------------------------------------------------------------
// BPF side: every program in a kretprobe section.

@k@
attribute name SEC;
constant char[] s;
identifier f;
type T;
position p;
@@
 SEC(s) T f@p(...) { ... }

@script:python ks@
s << k.s;
fn;
@@
t = kret_target(s)
if t is None:
    cocci.include_match(False)
else:
    coccinelle.fn = cocci.make_ident(t if t else "__krpc_no_target")

// kretprobe.multi: the section name is all that changes.

@script:python km depends on !fexit@
s << k.s;
s2;
@@
coccinelle.s2 = cocci.make_expr('"kretprobe.multi' + s[len('"kretprobe'):])

@depends on patch && !fexit@
attribute name SEC;
constant char[] k.s;
expression km.s2;
identifier k.f;
type k.T;
position k.p;
@@
 SEC(
-s
+s2
 ) T f@p(...) { ... }

@script:python depends on (report || org) && !fexit@
s << k.s;
s2 << km.s2;
p << k.p;
f << k.f;
@@
say(p, "kretprobe program %s: SEC(%s) -> SEC(%s), same pt_regs context" % (prog_name(p, f), s, s2))

@depends on context && !fexit@
attribute name SEC;
constant char[] k.s;
identifier k.f;
type k.T;
position k.p;
@@
*SEC(s) T f@p(...) { ... }

// fexit: BPF_KRETPROBE(name[, ret]) programs with a known prototype.

@kx depends on fexit@
attribute name SEC;
constant char[] k.s;
parameter p0;
parameter list[n] pr;
position k.p;
@@
 SEC(s) int BPF_KRETPROBE@p(p0, pr) { ... }

@script:python depends on fexit && !kx && (report || org)@
s << k.s;
p << k.p;
f << k.f;
@@
if kret_target(s) == "":
    say(p, "kretprobe program %s: left: the loader chooses its target (SEC(\"kretprobe\")); fexit needs it at load time" % prog_name(p, f))
else:
    say(p, "kretprobe program %s: left: not a BPF_KRETPROBE() program (plain pt_regs handler); convert it by hand or without -D fexit" % prog_name(p, f))

@ctxuse depends on fexit@
position k.p;
position q;
@@
 int BPF_KRETPROBE@p(...) { <+... ctx@q ...+> }

@proto depends on fexit && kx && !ctxuse@
identifier ks.fn;
parameter list ps;
type R;
@@
R fn(ps);

@protovoid depends on fexit && kx && !ctxuse@
identifier ks.fn;
type R;
@@
R fn(void);

@unnamed depends on fexit && proto && !protovoid@
identifier ks.fn;
type R, T;
@@
R fn(..., T, ...);

@byval depends on fexit && proto && !protovoid@
identifier ks.fn, S, x;
type R;
@@
(
R fn(..., struct S x, ...);
|
R fn(..., union S x, ...);
)

@script:python depends on fexit && (report || org) && proto && !protovoid@
p << k.p;
f << k.f;
fn << ks.fn;
ps << proto.ps;
@@
if bad_params(ps) is not None:
    say(p, "kretprobe program %s: left: %s() %s" % (prog_name(p, f), fn, bad_params(ps)))

@script:python depends on fexit && (report || org) && unnamed@
p << k.p;
f << k.f;
fn << ks.fn;
@@
say(p, "kretprobe program %s: left: the prototype of %s() has an unnamed parameter" % (prog_name(p, f), fn))

@script:python depends on fexit && (report || org) && byval && !unnamed@
p << k.p;
f << k.f;
fn << ks.fn;
@@
say(p, "kretprobe program %s: left: %s() takes a struct or union by value (needs BPF_PROG2)" % (prog_name(p, f), fn))

@script:python pv depends on fexit && proto && !protovoid && !unnamed && !byval@
ps << proto.ps;
@@
if bad_params(ps) is not None:
    cocci.include_match(False)

@script:python fx depends on fexit && kx && !ctxuse@
fn << ks.fn;
s2;
@@
coccinelle.s2 = cocci.make_expr('"fexit/%s"' % fn)

@depends on patch && fexit && pv@
attribute name SEC;
constant char[] k.s;
expression fx.s2;
parameter kx.p0;
parameter list kx.pr;
parameter list proto.ps;
@@
 SEC(
-s
+s2
 )
-int BPF_KRETPROBE(p0, pr)
+int BPF_PROG(p0, ps, pr)
 { ... }

@depends on patch && fexit && protovoid@
attribute name SEC;
constant char[] k.s;
expression fx.s2;
parameter kx.p0;
parameter list kx.pr;
@@
 SEC(
-s
+s2
 )
-int BPF_KRETPROBE(p0, pr)
+int BPF_PROG(p0, pr)
 { ... }

@script:python depends on fexit && (report || org) && pv@
s << k.s;
s2 << fx.s2;
p << k.p;
f << k.f;
ps << proto.ps;
@@
say(p, "kretprobe program %s: SEC(%s) -> SEC(%s), BPF_KRETPROBE -> BPF_PROG with the parameters (%s)" % (prog_name(p, f), s, s2, tidy(ps)))

@script:python depends on fexit && (report || org) && protovoid@
s << k.s;
s2 << fx.s2;
p << k.p;
f << k.f;
@@
say(p, "kretprobe program %s: SEC(%s) -> SEC(%s), BPF_KRETPROBE -> BPF_PROG (no parameters)" % (prog_name(p, f), s, s2))

@script:python depends on fexit && (report || org) && kx && ctxuse@
p << k.p;
f << k.f;
@@
say(p, "kretprobe program %s: left: the body uses ctx (struct pt_regs * here, u64 * in fexit)" % prog_name(p, f))

@script:python depends on fexit && (report || org) && kx && !ctxuse && !proto && !protovoid@
p << k.p;
f << k.f;
fn << ks.fn;
@@
if fn != "__krpc_no_target":
    say(p, "kretprobe program %s: left: no prototype of %s() (declare it, or --include the output of kretprobe-audit --protos)" % (prog_name(p, f), fn))
else:
    say(p, "kretprobe program %s: left: the loader chooses its target (SEC(\"kretprobe\")); fexit needs it at load time" % prog_name(p, f))

// ---------------------------------------------------------------------
// Loader side: attaching a return probe by hand.

@la@
expression prog, func;
position p;
@@
 bpf_program__attach_kprobe@p(prog, \(true\|1\), func)

@depends on patch && !fexit@
expression la.prog, la.func;
position la.p;
@@
-bpf_program__attach_kprobe@p(prog, \(true\|1\), func)
+bpf_program__attach_kprobe_multi_opts(prog, func,
+	&(struct bpf_kprobe_multi_opts){ .sz = sizeof(struct bpf_kprobe_multi_opts), .retprobe = true })

@depends on context && !fexit@
expression la.prog, la.func;
position la.p;
@@
*bpf_program__attach_kprobe@p(prog, \(true\|1\), func)

@script:python depends on (report || org) && !fexit@
p << la.p;
@@
say(p, "bpf_program__attach_kprobe(..., true, ...) -> bpf_program__attach_kprobe_multi_opts(..., .retprobe = true); its program must be SEC(\"kretprobe.multi\")")

@script:python depends on (report || org) && fexit@
p << la.p;
@@
say(p, "bpf_program__attach_kprobe(..., true, ...): left: fexit fixes the target at load time (bpf_program__set_attach_target() before load, then bpf_program__attach())")

@lv@
expression prog, func, rp;
position p;
@@
 bpf_program__attach_kprobe@p(prog, rp, func)

@script:python depends on report || org@
p << lv.p;
rp << lv.rp;
@@
if rp not in ("true", "false", "0", "1"):
    say(p, "bpf_program__attach_kprobe(..., %s, ...): left: retprobe is not a constant" % rp)

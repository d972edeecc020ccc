// SPDX-License-Identifier: GPL-2.0-only
/// Move fprobe code of the pt_regs era (6.5 to 6.13) to 6.14 and later.
///
/// fprobe handlers take struct ftrace_regs *fregs instead of
/// struct pt_regs *regs since 6.14, and struct fprobe has no nr_maxactive
/// any more. In a handler with the fprobe signature,
/// regs_return_value(regs) becomes ftrace_regs_get_return_value(fregs) and
/// regs_get_kernel_argument(regs, n) becomes ftrace_regs_get_argument(fregs,
/// n); prototypes follow. nr_maxactive is dropped: initialiser fields,
/// assignments (also under an if that only tests nr_maxactive), and a local
/// variable that only kept its value for such an assignment.
///
/// A handler that uses regs for anything else (ftrace_get_regs() may give
/// it a pt_regs, or not) and reads of nr_maxactive are left alone and
/// reported: they need a person.
///
/// It is the last step of the kretprobe pipeline (tools/migrate.sh
/// --ftrace-regs, after kretprobe_to_fprobe.cocci and fprobe_helpers.cocci),
/// and works on its own on any native fprobe code.
//
// Confidence: High
// Copyright: (C) 2025 kretprobe-compat contributors.
// URL: see cocci/README.md
// Comments: the handler's regs parameter becomes fregs whatever its name;
// Comments: a handler whose body already uses the name fregs is reported.
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: fprobe, ftrace_regs, nr_maxactive, regs_return_value

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
KEEP = set()    # (file, handler): handlers left alone (pt_regs beyond the accessors)

MODES = set()

def msg(p, why, sev):
    """Say why at p, in report or org mode."""
    if "org" in MODES:
        coccilib.org.print_todo(p[0], why)
    elif "report" in MODES:
        coccilib.report.print_report(p[0], sev + ": " + why)

@script:python depends on org@
@@
MODES.add("org")

@script:python depends on report@
@@
MODES.add("report")

// Handlers with the fprobe signature of the pt_regs era.
@h@
type T;
identifier fn, fp, ip, rip, regs, data;
position p;
@@
T fn@p(struct fprobe *fp, unsigned long ip, unsigned long rip,
       struct pt_regs *regs, void *data) { ... }

// What regs is used for in them: only the two accessors have an
// ftrace_regs counterpart.
@other@
identifier h.fn, h.fp, h.ip, h.rip, h.regs, h.data;
type h.T;
expression N;
symbol fregs;
position q;
@@
T fn(struct fprobe *fp, unsigned long ip, unsigned long rip,
     struct pt_regs *regs, void *data) {
<...
(
 regs_return_value(regs)
|
 regs_get_kernel_argument(regs, N)
|
 regs@q
|
 fregs@q
)
...>
}

@script:python@
fn << h.fn;
q << other.q;
@@
KEEP.add((q[0].file, fn))
msg(q, "handler %s uses its pt_regs for more than regs_return_value()/regs_get_kernel_argument() (or the name fregs): not converted; ftrace_get_regs() may help" % fn, "ERROR")

@script:python depends on report || org@
fn << h.fn;
p << h.p;
@@
if (p[0].file, fn) not in KEEP:
    msg(p, "fprobe handler %s takes struct ftrace_regs on 6.14+ (run with -D patch)" % fn, "INFO")

// The handlers to convert, as a name later rules inherit (a script that
// drops a match drops it for them too).
@script:python ok@
fn << h.fn;
p << h.p;
hh;
@@
if (p[0].file, fn) in KEEP:
    cocci.include_match(False)
coccinelle.hh = cocci.make_ident(fn)

@depends on patch@
identifier ok.hh;
identifier fp, ip, rip, regs, data;
expression N;
type T;
@@
T hh(struct fprobe *fp, unsigned long ip, unsigned long rip,
     struct pt_regs *regs, void *data) {
<...
(
- regs_return_value(regs)
+ ftrace_regs_get_return_value(fregs)
|
- regs_get_kernel_argument(regs, N)
+ ftrace_regs_get_argument(fregs, N)
)
...>
}

@depends on patch@
identifier ok.hh;
identifier fp, ip, rip, regs, data;
type T;
@@
T hh(struct fprobe *fp, unsigned long ip, unsigned long rip,
-    struct pt_regs *regs
+    struct ftrace_regs *fregs
     , void *data) { ... }

@depends on patch@
identifier ok.hh;
identifier fp, ip, rip, regs, data;
type T;
@@
T hh(struct fprobe *fp, unsigned long ip, unsigned long rip,
-    struct pt_regs *regs
+    struct ftrace_regs *fregs
     , void *data);

@depends on context@
identifier h.fn, fp, ip, rip, regs, data;
type T;
@@
T fn(struct fprobe *fp, unsigned long ip, unsigned long rip,
*    struct pt_regs *regs
     , void *data) { ... }

// nr_maxactive: dropped from initialisers and assignments. An if whose
// condition is about nr_maxactive and whose body only sets it goes too.
@mi depends on report || org@
identifier x, W, m;
expression V;
position p;
@@
(
 struct fprobe x = { ..., .nr_maxactive = V@p, ... };
|
 struct W x = { ..., .m = { ..., .nr_maxactive = V@p, ... }, ... };
)

@script:python depends on report || org@
p << mi.p;
@@
msg(p, "nr_maxactive: fprobe on 6.14+ has none; the field goes (run with -D patch)", "INFO")

@depends on patch@
identifier x;
expression V;
@@
struct fprobe x = {
  ...,
- .nr_maxactive = V,
  ...
};

// A struct fprobe member in a wrapper struct's initialiser (no other
// struct has a field of that name).
@depends on patch@
identifier W, x, m;
expression V;
@@
struct W x = { ..., .m = {
  ...,
- .nr_maxactive = V,
  ...
}, ... };

@ma depends on report || org@
struct fprobe F;
struct fprobe *P;
expression C : script:python() { "nr_maxactive" in C };
expression V;
position p;
@@
(
 if (C) F.nr_maxactive@p = V;
|
 if (C) P->nr_maxactive@p = V;
|
 F.nr_maxactive@p = V;
|
 P->nr_maxactive@p = V;
)

@script:python depends on report || org@
p << ma.p;
@@
msg(p, "nr_maxactive set: fprobe on 6.14+ has none; the statement goes (run with -D patch)", "INFO")

@depends on patch@
struct fprobe F;
struct fprobe *P;
expression C : script:python() { "nr_maxactive" in C };
expression V;
@@
(
- if (C) F.nr_maxactive = V;
|
- if (C) P->nr_maxactive = V;
)

@depends on patch@
struct fprobe F;
struct fprobe *P;
expression V;
@@
(
- F.nr_maxactive = V;
|
- P->nr_maxactive = V;
)

// A local that only kept nr_maxactive for an assignment dropped above.
@depends on patch@
type T;
identifier v;
struct fprobe F;
struct fprobe *P;
@@
(
- T v = F.nr_maxactive;
|
- T v = P->nr_maxactive;
)
  ... when != v

// A local copy: it goes with the assignments it serves.
@md depends on report || org@
type T;
identifier v;
struct fprobe F;
struct fprobe *P;
position p;
@@
(
 T v = F.nr_maxactive@p;
|
 T v = P->nr_maxactive@p;
)

@script:python@
p << md.p;
@@
msg(p, "nr_maxactive kept in a local: it goes if it only serves nr_maxactive assignments, else by hand", "INFO")

// Any other read: by hand.
@mr depends on report || org@
struct fprobe F;
struct fprobe *P;
expression C : script:python() { "nr_maxactive" in C };
expression V;
type T;
identifier v;
position p;
@@
(
 if (C) F.nr_maxactive = V;
|
 if (C) P->nr_maxactive = V;
|
 F.nr_maxactive = V
|
 P->nr_maxactive = V
|
 T v = F.nr_maxactive;
|
 T v = P->nr_maxactive;
|
 F.nr_maxactive@p
|
 P->nr_maxactive@p
)

@script:python@
p << mr.p;
@@
msg(p, "nr_maxactive read: fprobe on 6.14+ has none; by hand", "ERROR")

// SPDX-License-Identifier: GPL-2.0-only
/// Judge kretprobe users for the move to native fprobe exit handlers, and
/// convert them.
///
/// The verdict: every kretprobe use of a file is looked at, and one that
/// cannot be converted is a blocker (below). The conversion, for a file
/// without a blocker: struct kretprobe becomes struct fprobe, .handler
/// becomes .exit_handler, .data_size becomes .entry_data_size, .maxactive
/// becomes .nr_maxactive, register_kretprobe(&x) becomes register_fprobe_sym(&x,
/// sym) (or register_fprobe_ips() for a kp.addr target), and unregister,
/// enable, disable, nmissed and the disabled flag follow. The handlers
/// (kretprobe_handlers.cocci: the fprobe signature, ri->data is
/// entry_data, get_kretprobe(ri) is fp, ...), arrays
/// (kretprobe_arrays.cocci), kp.addr read after registering by symbol
/// (fprobe_kp_addr.cocci: kept the way register_kretprobe() resolved it;
/// this rule judges whether it can be) and the helpers the converted code
/// calls (fprobe_helpers.cocci) are rules of their own: tools/migrate.sh
/// runs them all (PIPELINE in kretprobe_fprobe.py) on the files this rule
/// finds no blocker in.
///
/// The output is for the pt_regs era of fprobe (6.5 to 6.13; the handler
/// shape with ret_ip and struct pt_regs). fprobe_ftrace_regs.cocci takes it
/// on to 6.14 and later (tools/migrate.sh --ftrace-regs runs both). With
/// -D ftrace_regs this rule only adds the verdict of that era: a maxactive
/// read is a blocker (6.14+ fprobe has no nr_maxactive).
///
/// A file is converted as a whole or not at all. If any kretprobe use in it
/// cannot be converted without changing behaviour (a non-zero kp.offset, a
/// return handler that reads pt_regs beyond the return value, a kretprobe in
/// a union, &x.kp used as a plain kprobe, names built by macros, a probe
/// whose target the rule cannot see, ...), patch mode leaves the file alone
/// and report/org mode say where and why. Such files still run unchanged on
/// the kretprobe-compat shim.
///
/// With -D report -D audit (or -D org -D audit) it prints instead every
/// kretprobe use site with its class, from its own verdict on the file:
/// auto (converted), compat (the file has blockers, listed first; it runs
/// on the shim) or person (kretprobe internals, writes to removed fields).
/// tools/migrate.sh --mode report runs it so, once over the tree.
//
// Confidence: Moderate
// Copyright: (C) 2025 kretprobe-compat contributors.
// URL: see cocci/README.md
// Comments: run kretprobe_legacy.cocci first on pre-5.18 code.
// Comments: imports kretprobe_fprobe.py: needs PYTHONPATH=<tree>/cocci
// Comments: (tools/migrate.sh sets it).
// Comments: the converted code still has kretprobe-shaped handlers,
// Comments: reads a kept kp.addr and calls register_fprobe_sym() and
// Comments: register_fprobe_array()/unregister_fprobe_array():
// Comments: kretprobe_handlers.cocci, fprobe_kp_addr.cocci and
// Comments: fprobe_helpers.cocci finish it (tools/migrate.sh runs the
// Comments: rules of PIPELINE in kretprobe_fprobe.py in order).
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: kretprobe, fprobe, rethook, register_kretprobe, register_fprobe, audit

virtual patch
virtual context
virtual org
virtual report
virtual ftrace_regs
virtual audit

@initialize:python@
@@
import re
import sys
try:
    from kretprobe_fprobe import *
except ImportError:
    sys.stderr.write("kretprobe_to_fprobe.cocci: set PYTHONPATH to the cocci/ directory (the rule imports kretprobe_fprobe.py)\n")
    raise

# Per-file state; spatch may be given a directory, so everything is keyed
# by file name.
BAD = {}        # file -> list of (line, col, reason)
NOTE = {}       # file -> list of (line, col, note)  (converted, but say so)
KSIG = {}       # file -> set of functions with the kretprobe handler shape
RET = {}        # file -> set of return handler names
ENT = {}        # file -> set of entry handler names
SYM = {}        # file -> {probe text: symbol expression}
ADDR = {}       # file -> {probe text: address expression}
ANCHOR = {}     # file -> a function name called in the file
TSYM = {}       # file -> {probe: symbol} from static initialisers only
KPADDR = {}     # file -> {probe: line of its declaration}: kp.addr is read
KPROTO = {}     # file -> handler-shaped prototypes
WRAP = {}       # file -> {"x.m"}: probes in the initialiser of a wrapper struct
NOTKRP = {}     # file -> {E}: E of an E.kp (or P of P->kp) whose type spatch
                # knows and is not struct kretprobe (a kprobe in a struct
                # of its own)
SCANNED = set()
CUR = [None]

RESERVED = ("fp", "entry_ip", "ret_ip", "entry_data", "fregs")

def d(tab, f):
    if f not in tab:
        if any(tab is t for t in (KSIG, RET, ENT, WRAP)):
            tab[f] = set()
        elif any(tab is t for t in (SYM, ADDR, TSYM, KPADDR)):
            tab[f] = {}
        else:
            tab[f] = []
    return tab[f]

def krp_kp(e, f=None):
    """E.kp (or E->kp) may be a kretprobe's inner kprobe: E is a struct
    kretprobe, or of a type spatch does not know, in file f (the current
    one by default). By name: a name of another type in another function
    of the same file counts as that type too."""
    return norm(str(e)) not in NOTKRP.get(f or CUR[0], ())

def wrapped(x, m):
    # x.m is a probe in the static initialiser of a wrapper struct, set up
    # by symbol (the wrap rule saw it in this file)
    return "%s.%s" % (x, m) in WRAP.get(CUR[0], ())

def allnames():
    return RET.get(CUR[0], set()) | ENT.get(CUR[0], set())

def isret(h):
    return h in RET.get(CUR[0], set())

def isent(h):
    return h in ENT.get(CUR[0], set())

def bad(p, why):
    f = p[0].file
    d(BAD, f).append((int(p[0].line), int(p[0].column), why))
    return why

def note(p, why):
    """Say why at p in report/org mode, if the file is converted."""
    d(NOTE, p[0].file).append((p[0], why))

def say(p, why, sev):
    if "audit" in VMODES:
        return          # the audit section prints the blockers itself
    if "report" in VMODES:
        coccilib.report.print_report(p[0], sev + ": " + why)
    elif "org" in VMODES:
        coccilib.org.print_todo(p[0], why)

def scan_macros(f):
    """#define bodies that declare or use kretprobes: the rule cannot see
    into them. Named, with the line of the #define."""
    out = []
    lines = lines_of(f)
    i = 0
    while i < len(lines):
        if re.match(r'\s*#\s*define\b', lines[i]):
            start = i
            body = lines[i]
            while body.endswith('\\') and i + 1 < len(lines):
                i += 1
                body += '\n' + lines[i]
            m = re.match(r'\s*#\s*define\s+(\w+)', body)
            name = m.group(1) if m else '?'
            why = None
            if re.search(r'kretprobe', body):
                why = "kretprobe use inside the macro %s" % name
                if '##' in body:
                    why = "kretprobe names built by token pasting (##) in the macro %s" % name
            elif re.search(r'\.kp\s*(\.\s*(symbol_name|addr)\b|=)', body):
                why = "kretprobe initialiser in the macro %s (probes declared with it are out of the rule's sight)" % name
            if why:
                out.append((start + 1, why))
        i += 1
    return out

VMODES = set()
ANCHORD = {}    # file -> a function taking a kretprobe_instance (veto)

def start_file(fl):
    SCANNED.add(fl)
    forget(fl)
    for t in (BAD, NOTE, KSIG, RET, ENT, SYM, ADDR, TSYM, KPADDR,
              WRAP, KPROTO, ANCHOR, ANCHORD, NOTKRP):
        t.pop(fl, None)
    CUR[0] = fl
    for line, why in scan_macros(fl):
        why += "; not converted"
        d(BAD, fl).append((line, 0, why))
        if "audit" in VMODES:
            pass
        elif "report" in VMODES:
            print("%s:%d:0-0: ERROR: %s" % (fl, line, why))
        elif "org" in VMODES:
            print("* TODO [[view:%s::face=ovl-face1::linb=%d::colb=0::cole=0][%s]]" % (fl, line, why))

def ips_call(target, a):
    """register_fprobe_ips() on a one-element compound literal."""
    target = re.sub(r'^&\((\w+)\)$', r'&\1', target)
    return "register_fprobe_ips(%s, (unsigned long []){ (unsigned long)(%s) }, 1)" % (target, a)

def small_size(e):
    """e is a data_size register_kretprobe() takes (an integer literal up to
    KRETPROBE_MAX_DATA_SIZE)."""
    e = e.strip()
    m = re.match(r'^\(?\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*\)?$', e)
    if m:
        return int(m.group(1), 0) <= 4096
    # sizeof a scalar type or of a pointer: at most 16 bytes
    m = re.match(r'^sizeof\s*\(\s*([A-Za-z_0-9 ]+?)\s*(\*\s*)?\)$', e)
    scalar = set("unsigned signed char short int long u8 u16 u32 u64 s8 s16 s32 s64 "
                 "size_t ssize_t loff_t ktime_t void __u32 __u64 __s64 bool pid_t uid_t gid_t".split())
    return m is not None and (m.group(2) is not None or
                              set(m.group(1).split()) <= scalar)

def kpaddr_var(x):
    return x + "_kp_addr"

@script:python depends on report@
@@
VMODES.add("report")

@script:python depends on org@
@@
VMODES.add("org")

@script:python depends on audit@
@@
VMODES.add("audit")

// ---------------------------------------------------------------------
// Phase A: look at the whole file; nothing is changed here.
// ---------------------------------------------------------------------

// The start of a file: its state reset, its macros scanned, and a name
// the veto rule below can match. Anchored on the calls of the kprobes API
// and of the handler helpers, and on functions that take a
// kretprobe_instance, not on every call: a script run per call of a large
// file was most of the time of this rule.
@anchor@
identifier f =~ "kretprobe|kprobe|^regs_return_value$|^regs_get_kernel_argument$";
position p;
@@
f@p(...)

@script:python@
f << anchor.f;
p << anchor.p;
@@
if p[0].file not in SCANNED:
    start_file(p[0].file)
ANCHOR.setdefault(p[0].file, f)

@anchord@
identifier fn, ri;
type T;
position p;
@@
T fn@p(..., struct kretprobe_instance *ri, ...) { ... }

@script:python@
fn << anchord.fn;
p << anchord.p;
@@
if p[0].file not in SCANNED:
    start_file(p[0].file)
ANCHORD.setdefault(p[0].file, fn)

@ksig@
identifier h, ri, regs;
position p;
@@
int h@p(struct kretprobe_instance *ri, struct pt_regs *regs) { ... }

@script:python@
h << ksig.h;
p << ksig.p;
@@
d(KSIG, p[0].file).add(h)

// Prototypes with the handler shape (a handler defined in another file).
@kproto@
identifier h, ri, regs;
position p;
@@
(
 int h@p(struct kretprobe_instance *ri, struct pt_regs *regs);
|
 int h@p(struct kretprobe_instance *, struct pt_regs *);
)

@script:python@
h << kproto.h;
p << kproto.p;
@@
KPROTO.setdefault(p[0].file, set()).add(h)

// Which handler is which: initialisers and assignments of struct kretprobe.
@hinit@
identifier x, h;
position p;
@@
struct kretprobe x@p = { ..., .handler = h, ... };

@script:python@
h << hinit.h;
p << hinit.p;
@@
if h != "NULL":
    d(RET, p[0].file).add(h)

@einit@
identifier x, h;
position p;
@@
struct kretprobe x@p = { ..., .entry_handler = h, ... };

@script:python@
h << einit.h;
p << einit.p;
@@
if h != "NULL":
    d(ENT, p[0].file).add(h)

// Probes in a wrapper struct, set up by a nested designated initialiser:
//   struct W x = { ..., .m = { .kp.symbol_name = S, .handler = h, ... } };
// x.m is the probe (registered as register_kretprobe(&x.m)). A nested
// initialiser is taken for a kretprobe when it sets .kp.symbol_name or
// .kp = { .symbol_name }; by address (.kp.addr) it is a blocker.
@wrap@
identifier W, x, m;
expression S;
position p;
@@
(
 struct W x@p = { ..., .m = { ..., .kp.symbol_name = S, ... }, ... };
|
 struct W x@p = { ..., .m = { ..., .kp = { ..., .symbol_name = S, ... }, ... }, ... };
)

@script:python@
x << wrap.x;
m << wrap.m;
S << wrap.S;
p << wrap.p;
@@
f = p[0].file
k = "%s.%s" % (x, m)
d(WRAP, f).add(k)
d(SYM, f)[k] = S
d(TSYM, f)[k] = S

@wrapaddr@
identifier W, x, m;
expression A;
position p;
@@
(
 struct W x = { ..., .m = { ..., .kp.addr = A@p, ... }, ... };
|
 struct W x = { ..., .m = { ..., .kp = { ..., .addr = A@p, ... }, ... }, ... };
)

@script:python@
x << wrapaddr.x;
m << wrapaddr.m;
p << wrapaddr.p;
@@
say(p, bad(p, "probe %s.%s in a wrapper struct registered by address (kp.addr): only wrapped probes registered by symbol are converted" % (x, m)), "ERROR")

@hinitw@
identifier W, x, h;
identifier m : script:python(x) { wrapped(x, m) };
position p;
@@
struct W x@p = { ..., .m = { ..., .handler = h, ... }, ... };

@script:python@
h << hinitw.h;
p << hinitw.p;
@@
if h != "NULL":
    d(RET, p[0].file).add(h)

@einitw@
identifier W, x, h;
identifier m : script:python(x) { wrapped(x, m) };
position p;
@@
struct W x@p = { ..., .m = { ..., .entry_handler = h, ... }, ... };

@script:python@
h << einitw.h;
p << einitw.p;
@@
if h != "NULL":
    d(ENT, p[0].file).add(h)

@hassign@
struct kretprobe E;
struct kretprobe *P;
identifier h;
position p;
@@
(
 E.handler@p = h
|
 P->handler@p = h
)

@script:python@
h << hassign.h;
p << hassign.p;
@@
if h != "NULL":
    d(RET, p[0].file).add(h)

@eassign@
struct kretprobe E;
struct kretprobe *P;
identifier h;
position p;
@@
(
 E.entry_handler@p = h
|
 P->entry_handler@p = h
)

@script:python@
h << eassign.h;
p << eassign.p;
@@
if h != "NULL":
    d(ENT, p[0].file).add(h)

@hcheck@
identifier h, x;
position p;
@@
(
 struct kretprobe x = { ..., .handler = h@p, ... };
|
 struct kretprobe x = { ..., .entry_handler = h@p, ... };
)

@script:python@
h << hcheck.h;
p << hcheck.p;
@@
f = p[0].file
if h != "NULL" and h not in d(KSIG, f) and h in KPROTO.get(f, ()):
    say(p, bad(p, "handler %s is defined in another file (only its prototype is here): the rule converts one file at a time, so this file and the one that defines %s stay on the shim" % (h, h)), "ERROR")
elif h != "NULL" and h not in d(KSIG, f):
    say(p, bad(p, "handler %s is not defined in this file with the kretprobe handler signature" % h), "ERROR")
elif h in d(RET, f) and h in d(ENT, f):
    say(p, bad(p, "%s is both an entry and a return handler" % h), "ERROR")

@hcheck2@
struct kretprobe E;
struct kretprobe *P;
identifier h;
position p;
@@
(
 E.handler = h@p
|
 P->handler = h@p
|
 E.entry_handler = h@p
|
 P->entry_handler = h@p
)

@script:python@
h << hcheck2.h;
p << hcheck2.p;
@@
f = p[0].file
if h != "NULL" and h not in d(KSIG, f) and h in KPROTO.get(f, ()):
    say(p, bad(p, "handler %s is defined in another file (only its prototype is here): the rule converts one file at a time, so this file and the one that defines %s stay on the shim" % (h, h)), "ERROR")
elif h != "NULL" and h not in d(KSIG, f):
    say(p, bad(p, "handler %s is not defined in this file with the kretprobe handler signature" % h), "ERROR")
elif h in d(RET, f) and h in d(ENT, f):
    say(p, bad(p, "%s is both an entry and a return handler" % h), "ERROR")

@hcheckw@
identifier W, x, h;
identifier m : script:python(x) { wrapped(x, m) };
position p;
@@
(
 struct W x = { ..., .m = { ..., .handler = h@p, ... }, ... };
|
 struct W x = { ..., .m = { ..., .entry_handler = h@p, ... }, ... };
)

@script:python@
h << hcheckw.h;
p << hcheckw.p;
@@
f = p[0].file
if h != "NULL" and h not in d(KSIG, f) and h in KPROTO.get(f, ()):
    say(p, bad(p, "handler %s is defined in another file (only its prototype is here): the rule converts one file at a time, so this file and the one that defines %s stay on the shim" % (h, h)), "ERROR")
elif h != "NULL" and h not in d(KSIG, f):
    say(p, bad(p, "handler %s is not defined in this file with the kretprobe handler signature" % h), "ERROR")
elif h in d(RET, f) and h in d(ENT, f):
    say(p, bad(p, "%s is both an entry and a return handler" % h), "ERROR")

// Handler names used for anything but their definition, a prototype,
// NOKPROBE_SYMBOL() or the handler fields: the signature change would break
// those uses.
@huse@
identifier hh : script:python() { hh in allnames() };
struct kretprobe E;
struct kretprobe *P;
identifier x, W;
identifier m : script:python(x) { wrapped(x, m) };
position p;
@@
(
 struct kretprobe x = { ..., .handler = hh, ... };
|
 struct kretprobe x = { ..., .entry_handler = hh, ... };
|
 struct W x = { ..., .m = { ..., .handler = hh, ... }, ... };
|
 struct W x = { ..., .m = { ..., .entry_handler = hh, ... }, ... };
|
 E.handler = hh
|
 P->handler = hh
|
 E.entry_handler = hh
|
 P->entry_handler = hh
|
 NOKPROBE_SYMBOL(hh);
|
 hh@p
)

@script:python@
p << huse.p;
@@
try:
    ln = lines_of(p[0].file)[int(p[0].line) - 1]
except IndexError:
    ln = ''
if not re.match(r'\s*NOKPROBE_SYMBOL\s*\(\s*\w+\s*\)', ln):
  say(p, bad(p, "handler %s is also used elsewhere; its signature cannot change" % tok_at(p[0])), "ERROR")

// Handler bodies: what ri and regs may be used for.
@rbody@
identifier h;
identifier ri, regs;
position p1, p2;
@@
int h(struct kretprobe_instance *ri, struct pt_regs *regs) {
<...
(
 ri->data
|
 get_kretprobe(ri)
|
 get_kretprobe_retaddr(ri)
|
 ri->rp
|
 ri->ret_addr
|
 ri->task
|
 ri@p1
|
 regs_return_value(regs)
|
 regs@p2
)
...>
}

@script:python@
h << rbody.h;
p1 << rbody.p1 = [];
p2 << rbody.p2 = [];
@@
if h in allnames():
    for p in p1:
        say([p], bad([p], "handler %s uses its kretprobe_instance for something fprobe has no counterpart for" % h), "ERROR")
    for p in p2:
        if h in ENT.get(p.file, set()):
            pass   # entry handlers are checked below
        else:
            say([p], bad([p], "return handler %s reads or writes pt_regs beyond regs_return_value()" % h), "ERROR")

@ebody@
identifier h;
identifier ri, regs;
expression N;
position p2;
@@
int h(struct kretprobe_instance *ri, struct pt_regs *regs) {
<...
(
 regs_get_kernel_argument(regs, N)
|
 regs@p2
)
...>
}

@script:python@
h << ebody.h;
p2 << ebody.p2;
@@
f = p2[0].file
if h in d(ENT, f) and h not in d(RET, f):
    say(p2, bad(p2, "entry handler %s uses pt_regs beyond regs_get_kernel_argument()" % h), "ERROR")

// v is one of the names the fprobe signature adds (RESERVED): an
// unconstrained v bound every identifier of a large handler, one
// environment each, and took minutes on LKRG's database hooks.
@clash@
identifier h, ri, regs;
identifier v = {fp, entry_ip, ret_ip, entry_data, fregs};
position p;
@@
int h(struct kretprobe_instance *ri, struct pt_regs *regs) {
<...
 v@p
...>
}

@script:python@
h << clash.h;
v << clash.v;
p << clash.p;
@@
if h in allnames() and v in RESERVED:
    say(p, bad(p, "handler %s already uses the name %s, which the fprobe signature needs" % (h, v)), "ERROR")

// Code that takes a kretprobe_instance outside a handler, or that defines
// the kretprobe API itself (compat wrappers such as SystemTap's fallback
// get_kretprobe()): converting around it would break it.
@nonhandler@
type T;
identifier fn, ri;
position p;
@@
T fn@p(..., struct kretprobe_instance *ri, ...) { ... }

@script:python@
fn << nonhandler.fn;
p << nonhandler.p;
@@
if fn in ("get_kretprobe", "get_kretprobe_retaddr", "register_kretprobe",
          "unregister_kretprobe", "register_kretprobes", "unregister_kretprobes",
          "enable_kretprobe", "disable_kretprobe"):
    say(p, bad(p, "defines the kretprobe API function %s() itself (a compat wrapper)" % fn), "ERROR")
elif fn not in allnames():
    say(p, bad(p, "%s() takes a struct kretprobe_instance but is not a handler of a probe in this file" % fn), "ERROR")

// Probes in a union with a kprobe (or anything else).
@uni@
identifier U, f;
position p;
@@
union U { ... struct kretprobe f@p; ... };

@script:python@
p << uni.p;
@@
say(p, bad(p, "struct kretprobe in a union; the fprobe layout differs"), "ERROR")

// An anonymous union member (LKRG-style: a kprobe or a kretprobe, chosen
// at run time).
@auni@
identifier S, f;
position p;
@@
struct S { ... union { ... struct kretprobe f@p; ... }; ... };

@script:python@
p << auni.p;
@@
say(p, bad(p, "struct kretprobe in an anonymous union (with a kprobe, the kind chosen at run time); the fprobe layout differs"), "ERROR")

// Only a struct kretprobe has the inner kprobe kp: E.kp where spatch knows
// E is of another type (a struct of its own with a struct kprobe kp
// member) is none of this rule's business.
@kptype@
type T;
T E;
position q;
@@
 E.kp@q

@script:python@
T << kptype.T;
E << kptype.E;
q << kptype.q;
@@
if T.replace(" ", "") != "structkretprobe":
    NOTKRP.setdefault(q[0].file, set()).add(norm(E))

@kptypep@
type T;
T *P;
position q;
@@
 P->kp@q

@script:python@
T << kptypep.T;
P << kptypep.P;
q << kptypep.q;
@@
if T.replace(" ", "") != "structkretprobe":
    NOTKRP.setdefault(q[0].file, set()).add(norm(P))

// kp.offset other than 0.
@off@
identifier x;
expression E;
expression O : script:python() { O.strip() != "0" };
position p;
@@
(
 struct kretprobe x = { ..., .kp.offset = O@p, ... };
|
 struct kretprobe x = { ..., .kp = { ..., .offset = O@p, ... }, ... };
|
 E.kp.offset@p = O
|
 E->kp.offset@p = O
)

@script:python@
p << off.p;
E << off.E = "";
@@
if krp_kp(E, p[0].file):
    say(p, bad(p, "non-zero kp.offset: fprobe only probes function entry"), "ERROR")

@offw@
identifier W, x, m;
expression O : script:python() { O.strip() != "0" };
position p;
@@
(
 struct W x = { ..., .m = { ..., .kp.offset = O@p, ... }, ... };
|
 struct W x = { ..., .m = { ..., .kp = { ..., .offset = O@p, ... }, ... }, ... };
)

@script:python@
p << offw.p;
@@
say(p, bad(p, "non-zero kp.offset: fprobe only probes function entry"), "ERROR")

// The struct kprobe inside: only the fields this rule knows may be used.
@kpuse@
expression E, O;
identifier fld : script:python() { fld not in ("symbol_name", "addr", "nmissed", "flags", "offset") };
position p;
@@
(
 kprobe_disabled(&E.kp)
|
 kprobe_disabled(&E->kp)
|
 E.kp.fld@p
|
 E->kp.fld@p
|
 E.kp.symbol_name
|
 E->kp.symbol_name
|
 E.kp.addr
|
 E->kp.addr
|
 E.kp.offset = O
|
 E->kp.offset = O
|
 E.kp.nmissed
|
 E->kp.nmissed
|
 E.kp.flags
|
 E->kp.flags
|
 E.kp@p
|
 E->kp@p
)

@script:python@
p << kpuse.p;
E << kpuse.E = "";
@@
if krp_kp(E, p[0].file):
    say(p, bad(p, "the kprobe inside a kretprobe is used directly (as a plain kprobe or through its internals)"), "ERROR")

// kp.nmissed is only understood as "x.nmissed + x.kp.nmissed".
@kpnm@
expression E;
position p;
@@
(
 E.nmissed + E.kp.nmissed
|
 E->nmissed + E->kp.nmissed
|
 E.kp.nmissed@p
|
 E->kp.nmissed@p
)

@script:python@
p << kpnm.p;
E << kpnm.E = "";
@@
if krp_kp(E, p[0].file):
    say(p, bad(p, "kp.nmissed read on its own (fprobe counts all misses in nmissed)"), "ERROR")

// kp.flags: only the disabled flag and the reset to 0.
@kpfl@
expression E;
position p;
@@
(
 E.kp.flags |= KPROBE_FLAG_DISABLED
|
 E->kp.flags |= KPROBE_FLAG_DISABLED
|
 E.kp.flags = 0
|
 E->kp.flags = 0
|
 E.kp.flags@p
|
 E->kp.flags@p
)

@script:python@
p << kpfl.p;
E << kpfl.E = "";
@@
if krp_kp(E, p[0].file):
    say(p, bad(p, "kp.flags used beyond KPROBE_FLAG_DISABLED and the reset to 0"), "ERROR")

// Registration targets.  Static initialisers first.
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
d(SYM, p[0].file)[x] = S
d(TSYM, p[0].file)[x] = S

@taddr@
identifier x;
expression A;
position p;
@@
(
 struct kretprobe x@p = { ..., .kp.addr = A, ... };
|
 struct kretprobe x@p = { ..., .kp = { ..., .addr = A, ... }, ... };
)

@script:python@
x << taddr.x;
A << taddr.A;
p << taddr.p;
@@
d(ADDR, p[0].file)[x] = A

// Assignments followed by the registration.
@asym@
expression E, S;
position p;
@@
(
 E.kp.symbol_name = S;
 ...
 register_kretprobe@p(&E)
|
 E->kp.symbol_name = S;
 ...
 register_kretprobe@p(E)
)

@script:python@
E << asym.E;
S << asym.S;
p << asym.p;
@@
f = p[0].file
k = norm(E)
if k in d(SYM, f) and norm(d(SYM, f)[k]) != norm(S):
    say(p, bad(p, "%s is registered for more than one symbol" % E), "ERROR")
d(SYM, f)[k] = S

@aaddr@
expression E, A;
position p;
@@
(
 E.kp.addr = A;
 ...
 register_kretprobe@p(&E)
|
 E->kp.addr = A;
 ...
 register_kretprobe@p(E)
)

@script:python@
E << aaddr.E;
A << aaddr.A;
p << aaddr.p;
@@
d(ADDR, p[0].file)[norm(E)] = A

@regs_all@
expression X;
position p;
@@
register_kretprobe@p(X)

@script:python@
X << regs_all.X;
p << regs_all.p;
@@
f = p[0].file
k = norm(X)
k = k[1:] if k.startswith('&') else k
known = k in d(SYM, f) or k in d(ADDR, f)
if not known:
    say(p, bad(p, "cannot see what %s probes (no kp.symbol_name or kp.addr set in view)" % X), "ERROR")
elif k in d(SYM, f) and k in d(ADDR, f):
    say(p, bad(p, "%s has both kp.symbol_name and kp.addr" % X), "ERROR")
elif k in d(SYM, f) and re.search(r':', d(SYM, f)[k]):
    say(p, bad(p, "module-qualified symbol %s: register_fprobe() takes a plain glob" % d(SYM, f)[k]), "ERROR")
elif k in d(SYM, f) and re.search(r'\bregister_fprobe_sym\b', src_of(f)):
    say(p, bad(p, "register_fprobe_sym(), which the conversion adds, already exists"), "ERROR")

// Reads of kp.symbol_name / kp.addr after the conversion must be expressible.
@rdsym@
expression E, S;
position p;
@@
(
 E.kp.symbol_name = S
|
 E->kp.symbol_name = S
|
 E.kp.symbol_name@p
|
 E->kp.symbol_name@p
)

@script:python@
E << rdsym.E;
p << rdsym.p;
@@
f = p[0].file
s = d(SYM, f).get(norm(E))
if not krp_kp(E, f):
    pass
elif s is None or not stable(f, s):
    say(p, bad(p, "kp.symbol_name of %s read where the symbol is not a constant or file-scope name" % E), "ERROR")

// kp.addr read after registration: native has the address the kprobe core
// resolved there. Kept for a file-scope probe registered by symbol (a
// variable next to it, filled by register_fprobe_kp_addr()); refused
// otherwise.
@rdaddr@
expression E, A;
position p;
@@
(
 E.kp.addr = A
|
 E->kp.addr = A
|
 E.kp.addr@p
|
 E->kp.addr@p
)

@script:python@
E << rdaddr.E;
p << rdaddr.p;
@@
f = p[0].file
e = norm(E)
if not krp_kp(E, f):
    pass
elif e in d(ADDR, f):
    say(p, bad(p, "kp.addr of %s read after registering by address: native kp.addr is the probe point the kprobe core chose (past ENDBR64 on IBT kernels), which fprobe keeps nowhere" % E), "ERROR")
elif e not in d(SYM, f) or not filescope_probe(f, e):
    say(p, bad(p, "kp.addr of %s read: the resolved address can only be kept for a file-scope struct kretprobe registered by symbol" % E), "ERROR")
elif re.search(r'\b(%s|register_fprobe_kp_addr)\b' % kpaddr_var(e), src_of(f)):
    say(p, bad(p, "kp.addr of %s read, and the names %s or register_fprobe_kp_addr() the conversion needs are taken" % (E, kpaddr_var(e))), "ERROR")
else:
    d(KPADDR, f)[e] = filescope_probe(f, e)
    note(p, "kp.addr of %s read: kept in %s, resolved at registration the way register_kretprobe() did (register_fprobe_kp_addr())" % (E, kpaddr_var(e)))

// register_kretprobes()/unregister_kretprobes(): converted to a loop (a
// helper added to the file) when the array is declared with an initialiser
// of &probe elements whose symbols are in their static initialisers.
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
why = None
r = array_check(f, A, int(p[0].line), d(TSYM, f))
if isinstance(r, str):
    why = r
else:
    for x in r[0]:
        if x in d(ADDR, f) or x in d(KPADDR, f):
            why = "element %s of %s is registered by address or has its kp.addr read" % (x, A)
            break
    else:
        note(p, "%s() of %s becomes a loop over register_fprobe()/unregister_fprobe() (a helper added to the file)" % (tok_at(p[0]), A.strip()))
if why:
    say(p, bad(p, "register_kretprobes()/unregister_kretprobes(): %s; convert by hand to a loop" % why), "ERROR")
elif re.search(r'\b(register_fprobe_array|unregister_fprobe_array)\b', src_of(f)):
    say(p, bad(p, "register_fprobe_array()/unregister_fprobe_array(), which the conversion adds, already exist"), "ERROR")

@mxr depends on ftrace_regs@
expression E, V;
position p;
@@
(
 E.maxactive = V
|
 E->maxactive = V
|
 E.maxactive@p
|
 E->maxactive@p
)

@script:python@
p << mxr.p;
@@
say(p, bad(p, "maxactive read; fprobe on 6.14+ has no nr_maxactive"), "ERROR")

// maxactive read back (pt_regs era): register_kretprobe() writes its
// default, max(10, 2 * CPUs), back into a maxactive <= 0 and register_fprobe()
// leaves nr_maxactive alone; register_fprobe_sym() writes the same default.
// Probes registered otherwise (by address) would read 0.
@mxr2 depends on !ftrace_regs@
expression E, V;
position p;
@@
(
 E.maxactive = V
|
 E->maxactive = V
|
 E.maxactive@p
|
 E->maxactive@p
)

@script:python@
E << mxr2.E;
p << mxr2.p;
@@
f = p[0].file
e = norm(E)
e = e[1:] if e.startswith('&') else e
if e in d(ADDR, f):
    say(p, bad(p, "maxactive of %s read after registering by address: register_kretprobe() writes its default back there, register_fprobe_ips() does not" % E), "ERROR")
elif e not in d(SYM, f):
    say(p, bad(p, "maxactive of %s read, and the rule cannot see how %s is registered (register_kretprobe() writes its default back there)" % (E, E)), "ERROR")
else:
    note(p, "maxactive of %s read: register_fprobe_sym() writes register_kretprobe()'s default back into nr_maxactive" % E)

// data_size above KRETPROBE_MAX_DATA_SIZE: register_kretprobe() says
// -E2BIG, register_fprobe() registers. register_fprobe_sym() checks it;
// a probe registered by address needs a data_size known to be small.
@dsz@
identifier x;
expression E, V;
position p;
@@
(
 struct kretprobe x = { ..., .data_size = V@p, ... };
|
 E.data_size@p = V
|
 E->data_size@p = V
)

@script:python@
x << dsz.x = "";
E << dsz.E = "";
V << dsz.V;
p << dsz.p;
@@
f = p[0].file
e = norm(x or E)
if e in d(ADDR, f) and not small_size(V):
    say(p, bad(p, "data_size %s of %s, registered by address: register_kretprobe() refuses more than KRETPROBE_MAX_DATA_SIZE (-E2BIG), register_fprobe_ips() does not check" % (V, x or E)), "ERROR")

// Run alone (not after kretprobe_arrays.cocci, as in the pipeline), a file
// whose register_kretprobes()/unregister_kretprobes() are still there is
// left alone in patch mode: converting the rest would leave those calls on
// fprobes. (In the pipeline every such call of a file without a blocker is
// gone by now, so this never fires there; report mode judges the arrays
// themselves, above.)
@leftarr depends on patch@
position p;
@@
(
 register_kretprobes@p(...)
|
 unregister_kretprobes@p(...)
)

@script:python@
p << leftarr.p;
@@
bad(p, "register_kretprobes()/unregister_kretprobes() left: run kretprobe_arrays.cocci first (tools/migrate.sh runs the pipeline)")

// The verdict for this file.
// One binding only: "depends on !veto" is judged per inherited
// environment, so the gate inherits nothing (it runs once per file, after
// the anchor script has set CUR).  include_match(False) is not used either:
// it would drop bindings that later rules inherit.
@script:python gate@
tok;
tokd;
@@
fl = CUR[0]
bad_file = fl is not None and BAD.get(fl)
coccinelle.tok = cocci.make_ident(ANCHOR[fl] if bad_file and ANCHOR.get(fl) else "krp_no_such_function_")
coccinelle.tokd = cocci.make_ident(ANCHORD[fl] if bad_file and ANCHORD.get(fl) else "krp_no_such_function_")

@veto@
identifier gate.tok;
@@
tok(...)

@vetod@
identifier gate.tokd;
type T;
@@
T tokd(...) { ... }

@script:python depends on report && !audit && !veto && !vetod@
p << regs_all.p;
@@
coccilib.report.print_report(p[0], "INFO: kretprobe registration can be converted to fprobe (run with -D patch)")

@script:python depends on (report || org) && !audit && !veto && !vetod@
@@
for pos, why in NOTE.pop(CUR[0], []):
    say([pos], why, "INFO")

@script:python depends on org && !audit && !veto && !vetod@
p << regs_all.p;
@@
coccilib.org.print_todo(p[0], "kretprobe registration can be converted to fprobe (run with -D patch)")

@depends on context && !veto && !vetod@
expression X;
@@
* register_kretprobe(X)

// ---------------------------------------------------------------------
// Phase B: the conversion (patch mode, files without a blocker only).
// ---------------------------------------------------------------------

@hasfp depends on patch && !veto && !vetod@
@@
#include <linux/fprobe.h>

@usesapi depends on patch && !veto && !vetod@
@@
(
 register_kretprobe(...)
|
 unregister_kretprobe(...)
|
 register_kretprobes(...)
|
 unregister_kretprobes(...)
|
 register_fprobe_array(...)
|
 unregister_fprobe_array(...)
)

@depends on patch && !veto && !vetod && !hasfp && usesapi@
@@
#include <linux/kprobes.h>
+ #include <linux/fprobe.h>

// The handlers' signatures and bodies: kretprobe_handlers.cocci, next in
// PIPELINE (a function of the handler shape is a handler once this
// verdict let the file through).

// Registration: symbol or address set right before, in the same function.
@depends on patch && !veto && !vetod@
expression E, S;
@@
(
- E.kp.symbol_name = S;
  ...
- register_kretprobe(&E)
+ register_fprobe_sym(&E, S)
|
- E->kp.symbol_name = S;
  ...
- register_kretprobe(E)
+ register_fprobe_sym(E, S)
)

@aflow depends on patch && !veto && !vetod@
expression E, A;
position p;
@@
 E.kp.addr = A;
 ...
 register_kretprobe@p(&E)

@script:python aflow2@
E << aflow.E;
A << aflow.A;
C;
@@
E = re.sub(r"\s*(\.|->)\s*", r"\1", str(E))
coccinelle.C = cocci.make_expr(ips_call(("&" + E) if re.match(r"^[\w.>-]+$", E) else "&(%s)" % E, A))

@depends on patch && !veto && !vetod@
expression aflow.E, aflow.A;
position aflow.p;
expression aflow2.C;
@@
- E.kp.addr = A;
  ...
- register_kretprobe@p(&E)
+ C

@aflowp depends on patch && !veto && !vetod@
expression E, A;
position p;
@@
 E->kp.addr = A;
 ...
 register_kretprobe@p(E)

@script:python aflowp2@
E << aflowp.E;
A << aflowp.A;
C;
@@
coccinelle.C = cocci.make_expr(ips_call(E, A))

@depends on patch && !veto && !vetod@
expression aflowp.E, aflowp.A;
position aflowp.p;
expression aflowp2.C;
@@
- E->kp.addr = A;
  ...
- register_kretprobe@p(E)
+ C

// ... or in a static initialiser.
@depends on patch && !veto && !vetod@
identifier tsym.x;
expression tsym.S;
@@
- register_kretprobe(&x)
+ register_fprobe_sym(&x, S)

@depends on patch && !veto && !vetod@
identifier wrap.x, wrap.m;
expression wrap.S;
@@
- register_kretprobe(&x.m)
+ register_fprobe_sym(&x.m, S)

@taddr2 depends on patch && !veto && !vetod@
identifier taddr.x;
position p;
@@
register_kretprobe@p(&x)

@script:python taddr3@
x << taddr.x;
A << taddr.A;
C;
@@
coccinelle.C = cocci.make_expr(ips_call("&" + x, A))

@depends on patch && !veto && !vetod@
identifier taddr.x;
position taddr2.p;
expression taddr3.C;
@@
- register_kretprobe@p(&x)
+ C

// kp.addr read after registration (file-scope probes registered by
// symbol, KPADDR): left as it is here, for fprobe_kp_addr.cocci (next in
// PIPELINE): a variable next to the probe, set by register_fprobe_kp_addr().

// register_kretprobes()/unregister_kretprobes(): kretprobe_arrays.cocci,
// before this rule in PIPELINE (kretprobe_fprobe.py).

// Reads of the target, now that struct fprobe has no kp.
@rsym depends on patch && !veto && !vetod@
expression E;
position p;
@@
(
 E.kp.symbol_name@p
|
 E->kp.symbol_name@p
)

@script:python rsym2@
E << rsym.E;
p << rsym.p;
S;
@@
if not krp_kp(E):
    cocci.include_match(False)
else:
    coccinelle.S = cocci.make_expr(d(SYM, CUR[0])[norm(E)])

@depends on patch && !veto && !vetod@
expression rsym.E;
position rsym.p;
expression rsym2.S;
@@
(
- E.kp.symbol_name@p
+ S
|
- E->kp.symbol_name@p
+ S
)

// Initialiser fields.
@depends on patch && !veto && !vetod@
identifier x;
expression E;
@@
struct kretprobe x = {
  ...,
- .kp.symbol_name = E,
  ...
};

@depends on patch && !veto && !vetod@
identifier x;
expression E;
@@
struct kretprobe x = {
  ...,
- .kp = { ..., .symbol_name = E, ... },
  ...
};

@depends on patch && !veto && !vetod@
identifier x;
expression E;
@@
struct kretprobe x = {
  ...,
- .kp.addr = E,
  ...
};

@depends on patch && !veto && !vetod@
identifier x;
expression E;
@@
struct kretprobe x = {
  ...,
- .kp = { ..., .addr = E, ... },
  ...
};

@depends on patch && !veto && !vetod@
identifier x;
@@
struct kretprobe x = {
  ...,
- .kp.offset = 0,
  ...
};

@depends on patch && !veto && !vetod@
identifier x;
expression E;
@@
struct kretprobe x = {
  ...,
- .handler = E,
+ .exit_handler = E,
  ...
};

@depends on patch && !veto && !vetod@
identifier x;
expression E;
@@
struct kretprobe x = {
  ...,
- .data_size = E,
+ .entry_data_size = E,
  ...
};

@depends on patch && !veto && !vetod@
identifier x;
expression E;
@@
struct kretprobe x = {
  ...,
- .maxactive = E,
+ .nr_maxactive = E,
  ...
};

// The same fields in a wrapper struct's nested initialiser.
@depends on patch && !veto && !vetod@
identifier W, x;
identifier m : script:python(x) { wrapped(x, m) };
expression E;
@@
struct W x = { ..., .m = {
  ...,
- .kp.symbol_name = E,
  ...
}, ... };

@depends on patch && !veto && !vetod@
identifier W, x;
identifier m : script:python(x) { wrapped(x, m) };
expression E;
@@
struct W x = { ..., .m = {
  ...,
- .kp = { ..., .symbol_name = E, ... },
  ...
}, ... };

@depends on patch && !veto && !vetod@
identifier W, x;
identifier m : script:python(x) { wrapped(x, m) };
@@
struct W x = { ..., .m = {
  ...,
- .kp.offset = 0,
  ...
}, ... };

@depends on patch && !veto && !vetod@
identifier W, x;
identifier m : script:python(x) { wrapped(x, m) };
expression E;
@@
struct W x = { ..., .m = {
  ...,
- .handler = E,
+ .exit_handler = E,
  ...
}, ... };

@depends on patch && !veto && !vetod@
identifier W, x;
identifier m : script:python(x) { wrapped(x, m) };
expression E;
@@
struct W x = { ..., .m = {
  ...,
- .data_size = E,
+ .entry_data_size = E,
  ...
}, ... };

@depends on patch && !veto && !vetod@
identifier W, x;
identifier m : script:python(x) { wrapped(x, m) };
expression E;
@@
struct W x = { ..., .m = {
  ...,
- .maxactive = E,
+ .nr_maxactive = E,
  ...
}, ... };

// Field accesses.
@depends on patch && !veto && !vetod@
struct kretprobe E;
struct kretprobe *P;
@@
(
- E.handler
+ E.exit_handler
|
- P->handler
+ P->exit_handler
|
- E.data_size
+ E.entry_data_size
|
- P->data_size
+ P->entry_data_size
)

@depends on patch && !veto && !vetod@
struct kretprobe E;
struct kretprobe *P;
@@
(
- E.maxactive
+ E.nr_maxactive
|
- P->maxactive
+ P->nr_maxactive
)

@depends on patch && !veto && !vetod@
struct kretprobe E;
struct kretprobe *P;
@@
(
- E.nmissed + E.kp.nmissed
+ E.nmissed
|
- P->nmissed + P->kp.nmissed
+ P->nmissed
)

// nmissed was an int and is an unsigned long now: keep printk formats right.
@depends on patch && !veto && !vetod@
struct kretprobe E;
identifier pf =~ "^(printk|pr_[a-z_]+|dev_[a-z_]+|trace_printk|seq_printf|snprintf|scnprintf|sprintf)$";
@@
 pf(...,
- E.nmissed
+ (int)E.nmissed
 ,...)

@depends on patch && !veto && !vetod@
struct kretprobe *P;
identifier pf =~ "^(printk|pr_[a-z_]+|dev_[a-z_]+|trace_printk|seq_printf|snprintf|scnprintf|sprintf)$";
@@
 pf(...,
- P->nmissed
+ (int)P->nmissed
 ,...)

@depends on patch && !veto && !vetod@
expression E : script:python() { krp_kp(E) };
@@
(
- E.kp.flags |= KPROBE_FLAG_DISABLED
+ E.flags |= FPROBE_FL_DISABLED
|
- E->kp.flags |= KPROBE_FLAG_DISABLED
+ E->flags |= FPROBE_FL_DISABLED
|
- E.kp.flags = 0
+ E.flags = 0
|
- E->kp.flags = 0
+ E->flags = 0
|
- kprobe_disabled(&E.kp)
+ fprobe_disabled(&E)
|
- kprobe_disabled(&E->kp)
+ fprobe_disabled(E)
)

// Resetting the resolved address before re-registering: nothing to reset
// (a kept kp.addr is fprobe_kp_addr.cocci's: reset in its variable).
@depends on patch && !veto && !vetod@
expression E : script:python() { krp_kp(E) and norm(str(E)) not in KPADDR.get(CUR[0], ()) };
@@
(
- E.kp.addr = NULL;
|
- E->kp.addr = NULL;
)

// Calls.
@depends on patch && !veto && !vetod@
expression X;
@@
(
- unregister_kretprobe(X);
+ unregister_fprobe(X);
|
- enable_kretprobe(X);
+ enable_fprobe(X);
|
- disable_kretprobe(X);
+ disable_fprobe(X);
|
- enable_kretprobe(X)
+ (enable_fprobe(X), 0)
|
- disable_kretprobe(X)
+ (disable_fprobe(X), 0)
)

// Last, the type itself (sizeof, casts, declarations, struct members).
@depends on patch && !veto && !vetod@
@@
- struct kretprobe
+ struct fprobe

// ---------------------------------------------------------------------
// Audit (-D report -D audit, or -D org -D audit): every kretprobe use
// site with its class, from this run's own verdict (phase A above):
//   auto    this rule (after kretprobe_legacy.cocci) converts it: the file
//           has no blocker;
//   compat  the file has blockers (listed first, "compat: blocker: ..."):
//           the code runs unchanged on the kretprobe-compat shim;
//   person  neither: kretprobe internals, or writes to removed fields.
// tools/migrate.sh --mode report prints these lines and counts them.
// ---------------------------------------------------------------------

@initialize:python@
@@
AUDIT_SEEN = set()

def audit_blockers_once(p):
    """Print the blockers of a file once, before its first site."""
    f = p[0].file
    if f in AUDIT_SEEN:
        return
    AUDIT_SEEN.add(f)
    for line, col, why in BAD.get(f, []):
        if "org" in VMODES:
            print("* TODO [[view:%s::face=ovl-face1::linb=%d::colb=%d::cole=%d][compat: blocker: %s]]" % (f, line, col, col, why))
        else:
            print("%s:%d:%d-%d: compat: blocker: %s" % (f, line, col, col, why))

def site(p, what, person=None):
    audit_blockers_once(p)
    n = len(BAD.get(p[0].file, []))
    if person:
        cls, why = "person", person
    elif n:
        cls, why = "compat", "file has %d fprobe-conversion blocker(s)" % n
    else:
        cls, why = "auto", "converted by the semantic patches"
    msg = "%s: %s (%s)" % (cls, what, why)
    if "org" in VMODES:
        coccilib.org.print_todo(p[0], msg)
    else:
        coccilib.report.print_report(p[0], msg)

// Declarations of probe objects.
@adecl depends on audit && (report || org)@
identifier x;
position p;
@@
(
 struct kretprobe x@p;
|
 struct kretprobe x@p = ...;
|
 struct kretprobe *x@p;
|
 struct kretprobe *x@p = ...;
)

@script:python@
x << adecl.x;
p << adecl.p;
@@
site(p, "struct kretprobe %s" % x)

@amember depends on audit && (report || org)@
identifier S, x;
position p;
@@
struct S { ... struct kretprobe x@p; ... };

@script:python@
x << amember.x;
p << amember.p;
@@
site(p, "struct kretprobe member %s" % x)

// Handlers.
@ahdl depends on audit && (report || org)@
identifier h, ri, regs;
position p;
@@
int h@p(struct kretprobe_instance *ri, struct pt_regs *regs) { ... }

@script:python@
h << ahdl.h;
p << ahdl.p;
@@
site(p, "kretprobe handler %s()" % h)

// API calls.
@acall depends on audit && (report || org)@
identifier fn =~ "^(register_kretprobes?|unregister_kretprobes?|enable_kretprobe|disable_kretprobe|get_kretprobe|get_kretprobe_retaddr)$";
position p;
@@
fn@p(...)

@script:python@
fn << acall.fn;
p << acall.p;
@@
site(p, "%s()" % fn)

// Removed instance fields: kretprobe_legacy.cocci converts reads, not
// writes.
@awr depends on audit && (report || org)@
struct kretprobe_instance *ri;
identifier rfield =~ "^(rp|ret_addr|task)$";
expression E;
position p;
@@
ri->rfield@p = E

@script:python@
rfield << awr.rfield;
p << awr.p;
@@
site(p, "write to removed field ri->%s" % rfield, "no accessor can express a write")

@ard depends on audit && (report || org)@
struct kretprobe_instance *ri;
identifier rfield =~ "^(rp|ret_addr|task)$";
position p != awr.p;
@@
ri->rfield@p

@script:python@
rfield << ard.rfield;
p << ard.p;
@@
site(p, "removed field ri->%s (kretprobe_legacy.cocci rewrites it)" % rfield)

// kretprobe internals: the shim does not provide them and fprobe has none.
@ainternal depends on audit && (report || org)@
struct kretprobe_instance *ri;
struct kretprobe *rp;
identifier rfield =~ "^(node|fp|rph|llist|freelist|hlist|rcu)$";
identifier rfld =~ "^(rh|rph|freelist|free_instances|lock)$";
identifier fn =~ "^(kretprobe_find_ret_addr|is_kretprobe_trampoline|kretprobe_trampoline_handler|kretprobe_trampoline|__kretprobe_trampoline)$";
position p;
@@
(
 ri->rfield@p
|
 rp->rfld@p
|
 fn@p
)

@script:python@
p << ainternal.p;
@@
site(p, "kretprobe internals", "internal state that neither fprobe nor the shim provides")

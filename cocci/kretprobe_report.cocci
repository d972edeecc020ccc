// SPDX-License-Identifier: GPL-2.0-only
/// Audit of kretprobe use: every use site is listed with one of three
/// classes.
///   auto    kretprobe_legacy.cocci and kretprobe_to_fprobe.cocci convert it
///           (the file has no blocker for the fprobe conversion);
///   compat  the fprobe conversion refuses this file (the blockers are
///           listed with their reasons), but the code runs unchanged on the
///           kretprobe-compat shim through the compat headers;
///   person  neither: kretprobe internals, or writes to removed fields.
/// The per-file blockers come from running kretprobe_to_fprobe.cocci in
/// report mode on the same file, so both rules always agree.
//
// Confidence: High
// Copyright: (C) 2025 kretprobe-compat contributors.
// URL: see cocci/README.md
// Comments: needs kretprobe_to_fprobe.cocci next to this file.
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: kretprobe, fprobe, audit

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import os, re, subprocess

BLOCK = {}      # file -> list of (line, col, reason) from kretprobe_to_fprobe
SITES = []      # (file, line, col, col2, class, what)

def cocci_dir():
    """The directory of this rule, from spatch's own command line."""
    if os.environ.get("KRP_COCCI_DIR"):
        return os.environ["KRP_COCCI_DIR"]
    try:
        argv = open("/proc/self/cmdline", "rb").read().split(b"\0")
        argv = [a.decode(errors="replace") for a in argv]
        for i, a in enumerate(argv):
            if a in ("--sp-file", "-sp_file", "--cocci-file") and i + 1 < len(argv):
                return os.path.dirname(os.path.abspath(argv[i + 1]))
            if a.endswith("kretprobe_report.cocci"):
                return os.path.dirname(os.path.abspath(a))
    except OSError:
        pass
    return "cocci"

def blockers(f):
    if f not in BLOCK:
        rule = os.path.join(cocci_dir(), "kretprobe_to_fprobe.cocci")
        res = []
        try:
            out = subprocess.run(["spatch", "-D", "report", "--very-quiet",
                                  "--no-show-diff", "--no-includes",
                                  "--include-headers", "--sp-file", rule, f],
                                 capture_output=True, text=True,
                                 timeout=600).stdout
        except (OSError, subprocess.SubprocessError) as e:
            out = "%s:0:0-0: ERROR: could not run %s: %s\n" % (f, rule, e)
        for l in out.splitlines():
            m = re.match(r'^(.*?):(\d+):(\d+)-\d+: ERROR: (.*)$', l)
            if m:
                res.append((int(m.group(2)), int(m.group(3)), m.group(4)))
        BLOCK[f] = res
    return BLOCK[f]

def site(p, what, person=None):
    f = p[0].file
    if person:
        cls, why = "person", person
    elif blockers(f):
        cls, why = "compat", "file has %d fprobe-conversion blocker(s)" % len(blockers(f))
    else:
        cls, why = "auto", "converted by the semantic patches"
    msg = "%s: %s (%s)" % (cls, what, why)
    if "org" in MODES:
        coccilib.org.print_todo(p[0], msg)
    else:
        coccilib.report.print_report(p[0], msg)

MODES = set()
SEEN = set()

def blockers_once(p):
    """Print the blockers of a file once, as compat sites of their own."""
    f = p[0].file
    if f in SEEN:
        return
    SEEN.add(f)
    for line, col, why in blockers(f):
        if "org" in MODES:
            print("* TODO [[view:%s::face=ovl-face1::linb=%d::colb=%d::cole=%d][compat: blocker: %s]]" % (f, line, col, col, why))
        else:
            print("%s:%d:%d-%d: compat: blocker: %s" % (f, line, col, col, why))

@script:python depends on org@
@@
MODES.add("org")

// Declarations of probe objects.
@decl depends on report || org@
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
x << decl.x;
p << decl.p;
@@
blockers_once(p)
site(p, "struct kretprobe %s" % x)

@member depends on report || org@
identifier S, x;
position p;
@@
struct S { ... struct kretprobe x@p; ... };

@script:python@
x << member.x;
p << member.p;
@@
blockers_once(p)
site(p, "struct kretprobe member %s" % x)

// Handlers.
@hdl depends on report || org@
identifier h, ri, regs;
position p;
@@
int h@p(struct kretprobe_instance *ri, struct pt_regs *regs) { ... }

@script:python@
h << hdl.h;
p << hdl.p;
@@
blockers_once(p)
site(p, "kretprobe handler %s()" % h)

// API calls.
@call depends on report || org@
identifier fn =~ "^(register_kretprobes?|unregister_kretprobes?|enable_kretprobe|disable_kretprobe|get_kretprobe|get_kretprobe_retaddr)$";
position p;
@@
fn@p(...)

@script:python@
fn << call.fn;
p << call.p;
@@
blockers_once(p)
site(p, "%s()" % fn)

// Removed instance fields: the legacy rule converts reads, not writes.
@wr depends on report || org@
struct kretprobe_instance *ri;
identifier fld =~ "^(rp|ret_addr|task)$";
expression E;
position p;
@@
ri->fld@p = E

@script:python@
fld << wr.fld;
p << wr.p;
@@
blockers_once(p)
site(p, "write to removed field ri->%s" % fld, "no accessor can express a write")

@rd depends on report || org@
struct kretprobe_instance *ri;
identifier fld =~ "^(rp|ret_addr|task)$";
position p != wr.p;
@@
ri->fld@p

@script:python@
fld << rd.fld;
p << rd.p;
@@
blockers_once(p)
site(p, "removed field ri->%s (kretprobe_legacy.cocci rewrites it)" % fld)

// kretprobe internals: the shim does not provide them and fprobe has none.
@internal depends on report || org@
struct kretprobe_instance *ri;
struct kretprobe *rp;
identifier fld =~ "^(node|fp|rph|llist|freelist|hlist|rcu)$";
identifier rfld =~ "^(rh|rph|freelist|free_instances|lock)$";
identifier fn =~ "^(kretprobe_find_ret_addr|is_kretprobe_trampoline|kretprobe_trampoline_handler|kretprobe_trampoline|__kretprobe_trampoline)$";
position p;
@@
(
 ri->fld@p
|
 rp->rfld@p
|
 fn@p
)

@script:python@
p << internal.p;
@@
blockers_once(p)
site(p, "kretprobe internals", "internal state that neither fprobe nor the shim provides")

// Context mode marks the API calls; patch mode has nothing to change (this
// is an audit), the rule below only keeps spatch from refusing -D patch.
@depends on context@
identifier fn =~ "^(register_kretprobes?|unregister_kretprobes?|enable_kretprobe|disable_kretprobe|get_kretprobe|get_kretprobe_retaddr)$";
@@
* fn(...)

@depends on patch@
expression E;
@@
- kretprobe_report_matches_nothing_(E);

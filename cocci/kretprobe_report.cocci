// SPDX-License-Identifier: GPL-2.0-only
/// What else needs kprobes: the uses of the kprobes core that are not
/// kretprobes, so that a module author testing a kernel without
/// CONFIG_KPROBES learns in one run what stops working, not only which
/// kretprobes do. One line per site, class "kprobe":
///   plain kprobes   struct kprobe objects, register_kprobe(s)(),
///                   unregister_kprobe(s)(), enable_kprobe(), disable_kprobe()
///                   (no kretprobe_to_fprobe.cocci rewrite: an fprobe entry
///                   handler covers only a probe at function entry);
///   BPF             programs in SEC("kprobe...") and SEC("kretprobe...")
///                   sections, kprobe.multi and kretprobe.multi included,
///                   and in SEC("ksyscall...") / SEC("kretsyscall..."):
///                   kprobe.multi attaches through fprobe, but the program
///                   type is the kprobe one, which needs CONFIG_BPF_EVENTS
///                   (KPROBE_EVENTS or UPROBE_EVENTS);
///   loaders         bpf_program__attach_kprobe*() calls.
/// The kretprobe sites and their classes (auto / compat / person) are
/// kretprobe_to_fprobe.cocci's own report: run it with -D report -D audit
/// (tools/migrate.sh --mode report runs both).
//
// Confidence: High
// Copyright: (C) 2025 kretprobe-compat contributors.
// URL: see cocci/README.md
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: kprobe, kprobe.multi, CONFIG_KPROBES, deprecation

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import re

def kp_say(p, what, why):
    msg = "kprobe: %s (%s)" % (what, why)
    if "org" in KP_MODES:
        coccilib.org.print_todo(p[0], msg)
    else:
        coccilib.report.print_report(p[0], msg)

def kp_sec(s):
    """'"kprobe/f"', '"kprobe.multi/f"', '"kretprobe"', '"kretsyscall/f"',
    ... -> the section kind, else None."""
    m = re.match(r'^"(k(?:ret)?(?:probe(?:\.multi)?|syscall))(?:/[^"]*)?"$', s)
    return m.group(1) if m else None

def kp_prog_name(p, f):
    """The program's name: f, or the first argument of a BPF_KPROBE()-style
    macro."""
    if not f.startswith("BPF_"):
        return f
    try:
        with open(p[0].file, encoding="utf-8", errors="replace") as src:
            line = src.read().split("\n")[int(p[0].line) - 1]
    except (OSError, IndexError):
        return f
    m = re.search(r"\bBPF_\w+\s*\(\s*([A-Za-z_]\w*)", line)
    return m.group(1) if m else f

KP_MODES = set()

@script:python depends on org@
@@
KP_MODES.add("org")

// Plain kprobe objects.
@kdecl depends on report || org@
identifier x;
position p;
@@
(
 struct kprobe x@p;
|
 struct kprobe x@p = ...;
|
 struct kprobe *x@p;
|
 struct kprobe *x@p = ...;
)

@script:python@
x << kdecl.x;
p << kdecl.p;
@@
kp_say(p, "struct kprobe %s" % x, "needs CONFIG_KPROBES")

@kmember depends on report || org@
identifier S, x;
position p;
@@
struct S { ... struct kprobe x@p; ... };

@script:python@
x << kmember.x;
p << kmember.p;
@@
kp_say(p, "struct kprobe member %s" % x, "needs CONFIG_KPROBES")

// The kprobe API (kretprobe calls are kretprobe_to_fprobe.cocci's).
@kcall depends on report || org@
identifier fn =~ "^(register_kprobes?|unregister_kprobes?|enable_kprobe|disable_kprobe)$";
position p;
@@
fn@p(...)

@script:python@
fn << kcall.fn;
p << kcall.p;
@@
kp_say(p, "%s()" % fn, "needs CONFIG_KPROBES; an fprobe entry handler replaces it only for a probe at function entry")

// BPF programs in kprobe sections.
@ksec depends on report || org@
attribute name SEC;
constant char[] s;
identifier f;
type T;
position p;
@@
 SEC(s) T f@p(...) { ... }

@script:python@
s << ksec.s;
f << ksec.f;
p << ksec.p;
@@
k = kp_sec(s)
f = kp_prog_name(p, f)
if k in ("kprobe.multi", "kretprobe.multi"):
    kp_say(p, "BPF program %s in SEC(%s)" % (f, s),
           "attaches through fprobe, but its program type needs CONFIG_BPF_EVENTS (KPROBE_EVENTS or UPROBE_EVENTS)")
elif k in ("ksyscall", "kretsyscall"):
    kp_say(p, "BPF program %s in SEC(%s)" % (f, s),
           "needs CONFIG_KPROBES: libbpf attaches it as a kprobe on the syscall's wrapper; bpf_kretprobe.cocci does not move it")
elif k:
    kp_say(p, "BPF program %s in SEC(%s)" % (f, s),
           "needs CONFIG_KPROBES; bpf_kretprobe.cocci moves kretprobe sections to kretprobe.multi")

// Loaders attaching kprobe programs.
@kattach depends on report || org@
identifier fn =~ "^bpf_program__attach_kprobe";
position p;
@@
fn@p(...)

@script:python@
fn << kattach.fn;
p << kattach.p;
@@
if fn.startswith("bpf_program__attach_kprobe_multi"):
    kp_say(p, "%s()" % fn, "a kprobe.multi link: needs CONFIG_FPROBE and CONFIG_BPF_EVENTS")
else:
    kp_say(p, "%s()" % fn, "a kprobe link: needs CONFIG_KPROBES")

@depends on context@
attribute name SEC;
constant char[] ksec.s;
identifier ksec.f;
type ksec.T;
@@
* SEC(s) T f(...) { ... }

// Context mode marks the API calls; patch mode has nothing to change (this
// is an audit), the rule below only keeps spatch from refusing -D patch.
@depends on context@
identifier fn =~ "^(register_kprobes?|unregister_kprobes?|enable_kprobe|disable_kprobe)$";
@@
* fn(...)

@depends on patch@
expression E;
@@
- kretprobe_report_matches_nothing_(E);

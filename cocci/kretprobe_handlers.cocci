// SPDX-License-Identifier: GPL-2.0-only
/// Give kretprobe handlers the fprobe handler shape.
///
/// After kretprobe_to_fprobe.cocci a probe is a struct fprobe, but its
/// handlers are still int h(struct kretprobe_instance *ri, struct pt_regs
/// *regs). This rule converts them: a return handler (named as an
/// .exit_handler) becomes void h(struct fprobe *fp, unsigned long entry_ip,
/// unsigned long ret_ip, struct pt_regs *regs, void *entry_data) and its
/// return values go; an entry handler (named as an .entry_handler) keeps
/// int (non-zero still skips the exit handler); in both, ri->data is
/// entry_data, get_kretprobe(ri) is fp, get_kretprobe_retaddr(ri) is
/// ret_ip and ri->task is current. Prototypes follow.
///
/// A function of that shape is a handler here because the verdict of
/// kretprobe_to_fprobe.cocci let the file through (one that takes a
/// kretprobe_instance and is not a handler of a probe in the file is a
/// blocker there), and it is named as an .entry_handler or an
/// .exit_handler (not both) of a struct fprobe in the file. Run alone, on a
/// file that still has a struct kretprobe anywhere (kretprobe_to_fprobe.cocci
/// has not run), it changes nothing; report mode says what it leaves and
/// why.
//
// Confidence: High
// Copyright: (C) 2025 kretprobe-compat contributors.
// URL: see cocci/README.md
// Comments: a step of tools/migrate.sh --mode patch, after
// Comments: kretprobe_to_fprobe.cocci (PIPELINE in kretprobe_fprobe.py).
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: kretprobe, fprobe, handler, entry_handler, exit_handler

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import re

SRC = {}        # file -> its lines, read once
HND = {}        # file -> functions with the kretprobe handler shape
ENT = {}        # file -> names set as an .entry_handler
EXT = {}        # file -> names set as an .exit_handler
CUR = [None]    # the file at hand

def lines_of(f):
    if f not in SRC:
        with open(f, errors="replace") as fh:
            SRC[f] = fh.read().split("\n")
    return SRC[f]

STALE = {}      # file -> it still has a struct kretprobe

def stale(f):
    """The file still has a struct kretprobe in its code (a declaration, a
    member, a parameter, a cast...; comments aside): kretprobe_to_fprobe.cocci
    has not run."""
    if f not in STALE:
        code = re.sub(r"/\*.*?\*/|//[^\n]*", " ", "\n".join(lines_of(f)), flags=re.S)
        STALE[f] = re.search(r"\bstruct\s+kretprobe\b", code) is not None
    return STALE[f]

def why(h):
    """None for a handler this rule converts, else why it is left alone."""
    f = CUR[0]
    if stale(f):
        return "this file still has a struct kretprobe: run kretprobe_to_fprobe.cocci first (tools/migrate.sh runs the pipeline)"
    e, x = h in ENT.get(f, ()), h in EXT.get(f, ())
    if e and x:
        return "named as both an .entry_handler and an .exit_handler"
    if not e and not x:
        return "not named as an .entry_handler or .exit_handler in this file"
    return None

def isent(h):
    return h in HND.get(CUR[0], ()) and why(h) is None and h in ENT.get(CUR[0], ())

def isret(h):
    return h in HND.get(CUR[0], ()) and why(h) is None and h in EXT.get(CUR[0], ())

def ishandler(h):
    return isent(h) or isret(h)

def islast(p):
    """The statement at p is the last one of its function body (the next
    non-blank line is the closing brace in column 0)."""
    lines = lines_of(p[0].file)
    nxt = [l for l in lines[int(p[0].line):] if l.strip()][:1]
    return nxt == ['}']

// Functions of the handler shape, and the file they are in.
@shape@
identifier hh, ri, regs;
position p;
@@
int hh@p(struct kretprobe_instance *ri, struct pt_regs *regs) { ... }

@script:python@
hh << shape.hh;
p << shape.p;
@@
CUR[0] = p[0].file
HND.setdefault(p[0].file, set()).add(hh)

// Which is which: set as the .entry_handler or .exit_handler of a struct
// fprobe (also in a wrapper struct's nested initialiser), or assigned.
@ent depends on shape@
identifier x, h, W, m;
expression E;
@@
(
 struct fprobe x = { ..., .entry_handler = h, ... };
|
 struct W x = { ..., .m = { ..., .entry_handler = h, ... }, ... };
|
 E.entry_handler = h
|
 E->entry_handler = h
)

@script:python@
h << ent.h;
@@
ENT.setdefault(CUR[0], set()).add(h)

@ext depends on shape@
identifier x, h, W, m;
expression E;
@@
(
 struct fprobe x = { ..., .exit_handler = h, ... };
|
 struct W x = { ..., .m = { ..., .exit_handler = h, ... }, ... };
|
 E.exit_handler = h
|
 E->exit_handler = h
)

@script:python@
h << ext.h;
@@
EXT.setdefault(CUR[0], set()).add(h)

@script:python depends on report@
hh << shape.hh;
p << shape.p;
@@
w = why(hh)
if w:
    coccilib.report.print_report(p[0], "INFO: %s has the kretprobe handler shape, left alone: %s" % (hh, w))
else:
    coccilib.report.print_report(p[0], "INFO: %s %s handler: fprobe signature (run with -D patch)" % (hh, "entry" if isent(hh) else "return"))

@script:python depends on org@
hh << shape.hh;
p << shape.p;
@@
w = why(hh)
coccilib.org.print_todo(p[0], "%s: %s" % (hh, w or "fprobe signature"))

@depends on context@
identifier hh : script:python() { ishandler(hh) };
identifier ri, regs;
@@
* int hh(struct kretprobe_instance *ri, struct pt_regs *regs) { ... }

// Handler bodies.
@depends on patch@
identifier hh : script:python() { ishandler(hh) };
identifier ri, regs;
typedef kprobe_opcode_t;
type T;
@@
int hh(struct kretprobe_instance *ri, struct pt_regs *regs) {
<...
(
- (T)ri->data
+ (T)entry_data
|
- ri->data
+ entry_data
|
- get_kretprobe(ri)
+ fp
|
- ri->rp
+ fp
|
- get_kretprobe_retaddr(ri)
+ ret_ip
|
- (unsigned long)ri->ret_addr
+ ret_ip
|
- (T)ri->ret_addr
+ (T)ret_ip
|
- ri->ret_addr
+ (kprobe_opcode_t *)ret_ip
|
- ri->task
+ current
)
...>
}

// Return handlers return void.
@depends on patch@
identifier hh : script:python() { isret(hh) };
identifier ri, regs, I;
constant C;
expression E;
@@
int hh(struct kretprobe_instance *ri, struct pt_regs *regs) {
<...
(
- return C;
+ return;
|
- return I;
+ return;
|
- return E;
+ E;
+ return;
)
...>
}

@depends on patch@
identifier hh : script:python() { isret(hh) };
identifier ri, regs;
position p : script:python() { islast(p) };
@@
int hh(struct kretprobe_instance *ri, struct pt_regs *regs) {
...
- return@p;
}

// Signatures.
@depends on patch@
identifier hh : script:python() { isret(hh) };
identifier ri, regs;
@@
- int
+ void
  hh(
- struct kretprobe_instance *ri, struct pt_regs *regs
+ struct fprobe *fp, unsigned long entry_ip, unsigned long ret_ip,
+ struct pt_regs *regs, void *entry_data
  ) { ... }

@depends on patch@
identifier hh : script:python() { isent(hh) };
identifier ri, regs;
@@
  int hh(
- struct kretprobe_instance *ri, struct pt_regs *regs
+ struct fprobe *fp, unsigned long entry_ip, unsigned long ret_ip,
+ struct pt_regs *regs, void *entry_data
  ) { ... }

@depends on patch@
identifier hh : script:python() { isret(hh) };
identifier ri, regs;
@@
(
- int hh(struct kretprobe_instance *ri, struct pt_regs *regs);
+ void hh(struct fprobe *fp, unsigned long entry_ip, unsigned long ret_ip,
+	 struct pt_regs *regs, void *entry_data);
|
- int hh(struct kretprobe_instance *, struct pt_regs *);
+ void hh(struct fprobe *fp, unsigned long entry_ip, unsigned long ret_ip,
+	 struct pt_regs *regs, void *entry_data);
)

@depends on patch@
identifier hh : script:python() { isent(hh) };
identifier ri, regs;
@@
(
- int hh(struct kretprobe_instance *ri, struct pt_regs *regs);
+ int hh(struct fprobe *fp, unsigned long entry_ip, unsigned long ret_ip,
+	struct pt_regs *regs, void *entry_data);
|
- int hh(struct kretprobe_instance *, struct pt_regs *);
+ int hh(struct fprobe *fp, unsigned long entry_ip, unsigned long ret_ip,
+	struct pt_regs *regs, void *entry_data);
)

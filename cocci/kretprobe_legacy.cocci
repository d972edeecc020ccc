// SPDX-License-Identifier: GPL-2.0-only
/// Replace struct kretprobe_instance fields that no longer exist with the
/// accessors that do: ri->rp becomes get_kretprobe(ri) (the field went away
/// in 5.11), ri->ret_addr becomes get_kretprobe_retaddr(ri) (the field went
/// away in 5.18 on rethook architectures such as x86), and ri->task becomes
/// current (removed in 5.11; kretprobe handlers always run in the context of
/// the task whose function returns, so the two are the same task).
///
/// The result compiles on every kernel from 5.18 on (the floor of this rule:
/// get_kretprobe_retaddr() first appeared in 5.18). Writes to these fields
/// cannot be expressed with the accessors; they are left alone and reported.
///
/// SmPL in spatch 1.1.1 cannot match #if lines, so the LINUX_VERSION_CODE
/// conditionals around these accessors that become redundant are collapsed
/// by cocci/lvc_collapse.py (tools/migrate.sh runs it after this rule);
/// report mode lists the accessor uses that such a conditional guards.
//
// Confidence: High
// Copyright: (C) 2025 kretprobe-compat contributors.
// URL: see cocci/README.md
// Comments: run before kretprobe_to_fprobe.cocci on pre-5.18 code.
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: kretprobe, get_kretprobe, get_kretprobe_retaddr, rethook

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
# The fallback definitions of the accessors themselves (SystemTap's
# compatdefs.h, lttng's wrappers) must keep reading the fields: rewriting
# "return inst->rp;" inside get_kretprobe() would make it call itself.
ACCESSORS = ("get_kretprobe", "get_kretprobe_retaddr", "_stp_ret_addr_r")
WRITES = set()

def ok(p):
    return p[0].current_element not in ACCESSORS and \
        (p[0].file, p[0].line, p[0].column) not in WRITES

// Writes to the removed fields: no accessor can express them.
@w@
struct kretprobe_instance *ri;
expression E;
position p;
@@
(
 ri->rp@p = E
|
 ri->ret_addr@p = E
|
 ri->task@p = E
)

@script:python@
p << w.p;
@@
WRITES.add((p[0].file, p[0].line, p[0].column))

@depends on patch@
struct kretprobe_instance *ri;
position p : script:python() { ok(p) };
@@
- ri->rp@p
+ get_kretprobe(ri)

@depends on patch@
struct kretprobe_instance *ri;
position p : script:python() { ok(p) };
@@
- ri->task@p
+ current

@depends on patch@
struct kretprobe_instance *ri;
typedef kprobe_opcode_t;
type T;
position p : script:python() { ok(p) };
@@
(
- (unsigned long)ri->ret_addr@p
+ get_kretprobe_retaddr(ri)
|
- (T)ri->ret_addr@p
+ (T)get_kretprobe_retaddr(ri)
|
- ri->ret_addr@p
+ (kprobe_opcode_t *)get_kretprobe_retaddr(ri)
)

// Everything else is for context, report and org modes.
@depends on context@
struct kretprobe_instance *ri;
position p : script:python() { ok(p) };
@@
(
* ri->rp@p
|
* ri->task@p
|
* ri->ret_addr@p
)

@r depends on org || report@
struct kretprobe_instance *ri;
position p : script:python() { ok(p) };
@@
(
 ri->rp@p
|
 ri->task@p
|
 ri->ret_addr@p
)

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0],
	"WARNING: removed struct kretprobe_instance field; use get_kretprobe(), get_kretprobe_retaddr() or current")

@script:python depends on org@
p << r.p;
@@
coccilib.org.print_todo(p[0],
	"removed struct kretprobe_instance field; use get_kretprobe(), get_kretprobe_retaddr() or current")

@script:python depends on report@
p << w.p;
@@
coccilib.report.print_report(p[0],
	"ERROR: write to a removed struct kretprobe_instance field; needs a person")

@script:python depends on org@
p << w.p;
@@
coccilib.org.print_todo(p[0],
	"write to a removed struct kretprobe_instance field; needs a person")

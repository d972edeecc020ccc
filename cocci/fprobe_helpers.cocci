// SPDX-License-Identifier: GPL-2.0-only
/// Add the helpers that code converted from kretprobe to fprobe calls.
///
/// kretprobe_to_fprobe.cocci turns registrations into calls of
/// register_fprobe_sym() (register_fprobe() with what register_kretprobe()
/// did around it: -E2BIG above KRETPROBE_MAX_DATA_SIZE, -ENOENT for an
/// unknown symbol, the default maxactive of native before 6.14),
/// register_fprobe_kp_addr() (the same, keeping the address a kprobe
/// resolves, as kp.addr was), and register_fprobe_array() /
/// unregister_fprobe_array() (register_kretprobes() and
/// unregister_kretprobes(), all or nothing). This rule adds each of them to
/// a file that calls it and neither defines nor declares it, once, before
/// the first function that calls it (the array pair before the first that
/// calls either). The bodies are written here only, for the pt_regs era;
/// fprobe_ftrace_regs.cocci takes them to 6.14+ with the rest of the code.
///
/// Run alone it does the same on any file: it only adds definitions of
/// these names where they are called and missing.
//
// Confidence: High
// Copyright: (C) 2025 kretprobe-compat contributors.
// URL: see cocci/README.md
// Comments: a step of tools/migrate.sh --mode patch (PIPELINE in
// Comments: kretprobe_fprobe.py).
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: fprobe, register_fprobe, register_kretprobe, kretprobe

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
FIRST = {}      # (file, helper) -> (line, function, position): first caller
DEF = set()     # (file, helper): defined or declared in the file
CUR = [None]    # the file at hand (set by the script of the call rule)
ORG = []

def first(f, names):
    """(line, function, position) of the first function in f that calls
    one of names, or None."""
    got = [FIRST[(f, n)] for n in names if (f, n) in FIRST]
    return min(got, key=lambda x: x[0]) if got else None

def needed(f, h):
    return (f, h) in FIRST and (f, h) not in DEF

def plan(f):
    """helper -> (line, function, position) of the function it goes
    before, for the helpers file f needs. The array pair goes before the
    first function that calls either; register_fprobe_sym() before the
    first of its callers, counting the helpers added here that call it."""
    arr = first(f, ["register_fprobe_array", "unregister_fprobe_array"])
    out = {}
    for h in ("register_fprobe_array", "unregister_fprobe_array"):
        if needed(f, h):
            out[h] = arr
    if needed(f, "register_fprobe_kp_addr"):
        out["register_fprobe_kp_addr"] = first(f, ["register_fprobe_kp_addr"])
    users = [x for x in (first(f, ["register_fprobe_sym"]),
                         out.get("register_fprobe_kp_addr"),
                         out.get("register_fprobe_array")) if x]
    if users and (f, "register_fprobe_sym") not in DEF:
        out["register_fprobe_sym"] = min(users, key=lambda x: x[0])
    return out

def ident(f, h):
    x = plan(f).get(h)
    return cocci.make_ident(x[1] if x else "krp_no_such_function_")

@script:python depends on org@
@@
ORG.append(1)

// Calls, and in which function.
@call@
identifier fn;
identifier h =~ "^(register_fprobe_sym|register_fprobe_kp_addr|register_fprobe_array|unregister_fprobe_array)$";
position p, q;
@@
fn@q(...) { <+... h@p(...) ...+> }

@script:python@
fn << call.fn;
h << call.h;
q << call.q;
@@
f = q[0].file
CUR[0] = f
k = (f, h)
if k not in FIRST or int(q[0].line) < FIRST[k][0]:
    FIRST[k] = (int(q[0].line), fn, q)

// Already there: defined, or declared (so defined elsewhere).
@has depends on call@
type T;
identifier h =~ "^(register_fprobe_sym|register_fprobe_kp_addr|register_fprobe_array|unregister_fprobe_array)$";
@@
T h(...) { ... }

@script:python@
h << has.h;
@@
DEF.add((CUR[0], h))

@hasp depends on call@
type T;
identifier h =~ "^(register_fprobe_sym|register_fprobe_kp_addr|register_fprobe_array|unregister_fprobe_array)$";
@@
T h(...);

@script:python@
h << hasp.h;
@@
DEF.add((CUR[0], h))

@script:python depends on call && (report || org)@
@@
f = CUR[0]
for h, (line, fn, q) in sorted(plan(f).items(), key=lambda x: x[1][0]):
    why = "%s() is needed and not defined in this file: it goes before %s() (run with -D patch)" % (h, fn)
    if ORG:
        coccilib.org.print_todo(q[0], why)
    else:
        coccilib.report.print_report(q[0], "INFO: " + why)

// Where each goes: plan() above. An insertion before a function another
// one already went before lands after it, so register_fprobe_sym() is
// added first.
@script:python place depends on call && patch@
hsym;
harr;
huarr;
hkpa;
@@
f = CUR[0]
coccinelle.hsym = ident(f, "register_fprobe_sym")
coccinelle.harr = ident(f, "register_fprobe_array")
coccinelle.huarr = ident(f, "unregister_fprobe_array")
coccinelle.hkpa = ident(f, "register_fprobe_kp_addr")

@depends on patch@
identifier place.hsym;
@@
+
+static int register_fprobe_sym(struct fprobe *fp, const char *sym)
+{
+	struct kprobe kp = {};
+	int maxactive = fp->nr_maxactive;
+	int ret = -E2BIG;
+	int err;
+
+	/*
+	 * register_fprobe() with what register_kretprobe() did around it:
+	 * -E2BIG above KRETPROBE_MAX_DATA_SIZE, -ENOENT (where ftrace says
+	 * -EINVAL) for an unknown symbol, and (before 6.14, where fprobe
+	 * has nr_maxactive) the default maxactive written back.
+	 */
+	if (fp->entry_data_size <= KRETPROBE_MAX_DATA_SIZE) {
+		if (fp->nr_maxactive <= 0)
+			fp->nr_maxactive = max(10U, 2 * num_possible_cpus());
+		ret = register_fprobe(fp, sym, NULL);
+		if (ret != -EINVAL)
+			return ret;
+		fp->nr_maxactive = maxactive;
+	}
+	kp.symbol_name = sym;
+	kp.flags = KPROBE_FLAG_DISABLED;
+	err = register_kprobe(&kp);
+	if (!err)
+		unregister_kprobe(&kp);
+	if (err == -ENOENT)
+		return -ENOENT;
+	return ret;
+}
+
 hsym(...) { ... }

// (spatch 1.1.1 prints the brace of an added function on its signature
// line when a top-level comment follows it, and cannot place added code
// that starts with a comment before a function: hence the comments inside.
// Its
// lexer also takes an apostrophe in added code for a character constant
// that runs on into the next rule: none in these.)
@depends on patch@
identifier place.harr;
@@
+
+static int register_fprobe_array(struct fprobe **fps, const char **sym, int n)
+{
+	int ret = 0;
+	int i = 0;
+
+	/*
+	 * register_kretprobes(), on fprobes: all or nothing; when one fails,
+	 * the ones before it are unregistered again and its error is returned.
+	 */
+	if (n <= 0)
+		return -EINVAL;
+	while (i < n) {
+		ret = register_fprobe_sym(fps[i], sym[i]);
+		if (ret < 0)
+			break;
+		i++;
+	}
+	while (ret < 0 && i > 0)
+		unregister_fprobe(fps[--i]);
+	return ret;
+}
+
 harr(...) { ... }

@depends on patch@
identifier place.huarr;
@@
+
+static void unregister_fprobe_array(struct fprobe **fps, int num)
+{
+	/* unregister_kretprobes(), on fprobes */
+	while (num-- > 0)
+		unregister_fprobe(*fps++);
+}
+
 huarr(...) { ... }

@depends on patch@
identifier place.hkpa;
@@
+
+static int register_fprobe_kp_addr(struct fprobe *fp, const char *sym,
+				   kprobe_opcode_t **addr)
+{
+	struct kprobe kp = {};
+	int ret;
+
+	/*
+	 * register_fprobe_sym(), and in *addr what register_kretprobe() left
+	 * in kp.addr: fprobe keeps no address, so a disabled kprobe (never
+	 * armed) resolves the symbol the same way and is removed again.
+	 * *addr is NULL if no kprobe can be placed there; an unknown symbol
+	 * is -ENOENT.
+	 */
+	kp.symbol_name = sym;
+	kp.flags = KPROBE_FLAG_DISABLED;
+	*addr = NULL;
+	ret = register_kprobe(&kp);
+	if (ret == -ENOENT)
+		return ret;
+	if (!ret) {
+		*addr = kp.addr;
+		unregister_kprobe(&kp);
+	}
+	return register_fprobe_sym(fp, sym);
+}
+
 hkpa(...) { ... }

@depends on context@
identifier call.h;
position call.p;
@@
* h@p(...)

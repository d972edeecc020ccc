#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge tools/deprecation-test.sh's boots: one table and one sentence per
kernel, optionally JSON. Input: one meta file per kernel (lines 'KEY
VALUE...': kernel, arch, console, na VARIANT REASON, nobuild VARIANT
ERROR, died VARIANT REASON, handler ROLE NAME, kprobe-site TEXT); the
console holds the guest's '# dt ...' lines (tools/deprecation-test/guest.sh),
of every boot of the kernel, in order.

usage: judge.py [--json FILE] META...
       judge.py --death CONSOLE   the variant a boot died in, and why
Exit 0: every counted variant matches the reference on every kernel;
1: one does not; 2: nothing could be judged (a console without results).
"""
import collections
import json
import re
import sys

ORDER = ["native-on", "native-off", "shim-on", "shim-off", "shim-nofallback",
         "migrated-off"]
LABEL = {"native-on": "native, kprobes on (reference)",
         "native-off": "native, kprobes off",
         "shim-on": "shim, kprobes on",
         "shim-off": "shim, kprobes off",
         "shim-nofallback": "shim, fallback=N",
         "migrated-off": "migrated, kprobes off"}
# Not counted in the exit status: native kretprobes are expected to stop
# with kprobes off; that row shows what the module loses without the shim.
UNCOUNTED = {"native-on", "native-off"}
OFF = ("shim-off", "migrated-off")
SPLAT = re.compile(r"WARNING:|BUG:|Oops|general protection|Call trace:|Call Trace:|"
                   r"Kernel panic|kernel BUG|UBSAN|KASAN")
NOISE = re.compile(r"^(kretprobe_compat: |krpc-mark-|krpc-dt: |.*: loading out-of-tree module taints kernel|"
                   r".*module verification failed|.*: module license .* taints kernel|"
                   r"Disabling lock debugging)")


def normalise(line):
    line = re.sub(r"0x[0-9a-fA-F]+|\b[0-9a-fA-F]{8,16}\b", "N", line)
    return re.sub(r"\d+", "N", line)


def read_meta(path):
    meta = {"na": {}, "nobuild": {}, "died": {}, "handlers": [], "kprobe": []}
    with open(path) as f:
        for line in f:
            key, _, val = line.rstrip("\n").partition(" ")
            if key in ("na", "nobuild", "died"):
                v, _, why = val.partition(" ")
                meta[key][v] = why
            elif key == "handler":
                meta["handlers"].append(val.split(" ", 1))
            elif key == "kprobe-site":
                meta["kprobe"].append(val)
            else:
                meta[key] = val
    return meta


def parse_console(path):
    runs, cur = {}, None
    try:
        text = open(path, errors="replace").read()
    except OSError:
        return runs
    for raw in text.splitlines():
        m = re.match(r"^\s*# dt (\S+) ?(.*)$", raw)
        if not m:
            continue
        key, val = m.groups()
        if key == "variant":
            name, what = val.split()
            if what == "begin":
                cur = runs[name] = collections.defaultdict(list)
            else:
                cur["end"] = True
                cur = None
            continue
        if cur is not None:
            cur[key].append(val)
    return runs


DEATH = re.compile(r"Kernel panic|BUG:|Oops|general protection|WARNING:|watchdog: |"
                   r"rcu: INFO|hung_task|Unable to handle|Internal error")


def death(path):
    """Where the guest's console says it died: the variant the guest had
    begun last ('krpc-dt: variant NAME begin', written to /dev/kmsg, so on
    the console even when the guest never reached the end of its run) if
    its results never came, and the first report after that, else the
    console's last line. (None, None) when no variant was cut short."""
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError:
        return None, "no console log"
    name, start = None, 0
    for i, line in enumerate(lines):
        m = re.search(r"krpc-dt: variant (\S+) begin", line)
        if m:
            name, start = m.group(1), i
    # It ended (guest.sh printed its results): the guest did not die in it.
    if name and any(re.match(r"\s*# dt variant %s end" % re.escape(name), line)
                    for line in lines[start:]):
        return None, None
    for line in lines[start:]:
        if DEATH.search(line):
            return name, re.sub(r"^\[ *[0-9.]+\] ", "", line).strip()
    last = [line for line in lines if line.strip()]
    return name, "console ends: " + (last[-1].strip() if last else "(empty)")


def facts(run, meta, ref_probes=()):
    """What one variant did, from its '# dt' lines."""
    ret = {h for r, h in meta["handlers"] if r == "return"}
    ent = {h for r, h in meta["handlers"] if r == "entry"}
    calls = {}
    for c in run["calls"]:
        f, n = c.rsplit(" ", 1)
        calls[f.split(":")[0]] = int(n)
    shim = run["shim"] and "shim" in run["name"]
    probes = [p.split()[1] for p in run["probe"]]
    if shim:
        # The shim's kretprobes, and what stays native beside them: the
        # module's plain kprobes, kretprobes it serves by falling back.
        probes += [s.split()[0].split(":")[-1] for s in run["shim"]]
    if not probes:
        # Native fprobes (migrated): the reference's functions that ftrace
        # now has callbacks on.
        enabled = {e.split()[0] for e in run["enabled"]}
        probes = [p for p in ref_probes if p in enabled]
    before = {s.split()[0]: s.split() for s in run["shim"]}
    hits, missed = {}, None
    for s in run["shimafter"]:
        w = s.split()
        b = before.get(w[0], w)
        sym = w[0].split(":")[-1]
        if w[2] != "-" and b[2] != "-":
            hits[sym] = int(w[2]) - int(b[2])
        missed = (missed or 0) + int(w[3]) - int(b[3])
    untraceable = {u.split(":")[0] for u in run["untraceable"]}
    known = probes and not run["noprofiler"] and not set(probes) & untraceable
    called = sum(calls.get(p, 0) for p in set(probes)) if known else None
    fired_ret = sum(calls.get(h, 0) for h in ret)
    fired_ent = sum(calls.get(h, 0) for h in ent)
    log = [normalise(line) for line in run["log"] if not NOISE.match(line)]
    splats = [line for line in log if SPLAT.search(line)]
    return {
        "ran": bool(run.get("end")),
        "loaded": run["load"][0] if run["load"] else "no result",
        "probes": sorted(set(probes)),
        "called": called,
        "fired": fired_ent if ent else fired_ret,
        "return_handler_runs": fired_ret,
        "entry_handler_runs": fired_ent if ent else None,
        "missed": missed,
        "probe_hits": hits,
        "counter": run["counter"][0] if run["counter"] else None,
        "overrun": bool(run["overrun"]),
        "workload": int(run["workload"][0]) if run["workload"] else None,
        "workout": run["workout"][0].strip() if run["workout"] else "",
        "log": log,
        "splats": splats,
        "unload": run["unload"][0] if run["unload"] else "no result",
    }


def compare(v, ref):
    why = []
    if v["loaded"] != "ok":
        return ["init failed: " + v["loaded"].strip()]
    if v["splats"]:
        why.append("splat: " + v["splats"][0])
    if ref and v["workload"] and not ref["workload"]:
        why.append("the workload failed (exit %d%s), not with the reference"
                   % (v["workload"], ": " + v["workout"] if v["workout"] else ""))
    if ref and len(v["probes"]) != len(ref["probes"]):
        why.append("%d probes, reference %d" % (len(v["probes"]), len(ref["probes"])))
    if v.get("overrun"):
        why.append("trace buffer overrun: counts unknown")
    if v["called"] is not None and v["fired"] + (v["missed"] or 0) != v["called"]:
        why.append("handlers %d + missed %d != %d calls"
                   % (v["fired"], v["missed"] or 0, v["called"]))
    if ref and ref["fired"] > 0 and v["fired"] == 0:
        why.append("handlers never run")
    if ref and collections.Counter(v["log"]) != collections.Counter(ref["log"]):
        why.append("log differs")
    if v["unload"] != "ok":
        why.append("unload: " + v["unload"].strip())
    return why


def never_fires(v, ref):
    dead = [p for p, n in sorted(v["probe_hits"].items()) if n == 0]
    if dead and (v["fired"] == 0 or v["called"]):
        return dead
    if ref and ref["fired"] > 0 and v["fired"] == 0:
        return v["probes"] or ref["probes"]
    return []


def judge_kernel(meta):
    runs = parse_console(meta.get("console", ""))
    for name, run in runs.items():
        run["name"] = name
    rows, bad, sentence, lost = {}, False, [], None
    ref = None
    if "native-on" in runs:
        ref = facts(runs["native-on"], meta)
        if ref["loaded"] != "ok":
            ref = None
    for name in ORDER:
        if name in runs and runs[name].get("workload") and runs[name]["workload"][0] != "0":
            meta.setdefault("workload_failed", name)
        row = {"variant": name, "label": LABEL[name]}
        if name in meta["nobuild"]:
            row.update(status="nobuild", verdict="does not build: " + meta["nobuild"][name])
            if name not in UNCOUNTED:
                bad = True
        elif name in meta["na"]:
            row.update(status="n/a", verdict="n/a: " + meta["na"][name])
        elif name in meta["died"]:
            row.update(status="lost", verdict="no result: the guest died in this variant (%s)"
                       % meta["died"][name])
            bad = True
        elif name not in runs or not runs[name].get("end"):
            if lost is None:
                lost = death(meta.get("console", ""))
            died, why = lost
            if died is None and why is None:
                verdict = "no result: none in the guest's output"
            elif died is None:
                verdict = "no result: the guest died before any variant began (%s)" % why
            elif died == name:
                verdict = "no result: the guest died in this variant (%s)" % why
            else:
                verdict = "no result: not run, the guest died in %s" % LABEL.get(died, died)
            row.update(status="lost", verdict=verdict)
            bad = True
        else:
            f = facts(runs[name], meta, ref["probes"] if ref else ())
            row.update(f)
            row["status"] = "run"
            # The user's script is at fault where it fails with the module
            # as built (or with no reference); where only another variant
            # makes it fail, that variant differs.
            if f["workload"] and (name == "native-on" or ref is None):
                row["workload_failed"] = True
            if name == "native-on":
                why = compare(f, None)
                row["verdict"] = "reference" if not why else "reference broken: " + "; ".join(why)
            else:
                why = compare(f, ref)
                row["why"] = why
                row["log_same"] = ref is not None and collections.Counter(f["log"]) == collections.Counter(ref["log"])
                if name in UNCOUNTED:
                    row["verdict"] = "same" if not why else "differs (not counted): " + why[0]
                else:
                    row["verdict"] = "same" if not why else "DIFFERS: " + "; ".join(why)
                    bad = bad or bool(why)
        rows[name] = row
    if "native-on" in meta["nobuild"]:
        sentence.append("does not build natively: " + meta["nobuild"]["native-on"])
    elif ref is None and "native-on" not in meta["na"]:
        loaded = rows["native-on"].get("loaded", "no result")
        sentence.append("does not load natively: " + loaded.strip())
        bad = True
    for site in meta["kprobe"]:
        sentence.append("needs CONFIG_KPROBES: " + site)
    off = [rows[n] for n in OFF if rows[n]["status"] == "run"]
    for r in off:
        dead = never_fires(r, ref)
        if dead:
            sentence.append("stops working without kprobes: %s never fires (%s)"
                            % (", ".join(dead), r["label"]))
    if not off and not sentence:
        sentence.append("cannot be tested without kprobes here: "
                        + "; ".join(rows[n]["verdict"] for n in OFF))
    counted = [rows[n] for n in ORDER if n not in UNCOUNTED and rows[n]["status"] != "n/a"]
    differs = [r for r in counted if r["verdict"] != "same"]
    if differs and not any(s.startswith("stops") for s in sentence):
        sentence.append("differs from native: " + "; ".join(
            "%s: %s" % (r["label"], r["verdict"].replace("DIFFERS: ", "")) for r in differs))
    if off and not differs and not sentence:
        sentence.append("works without kprobes")
    elif not differs and not any(s.startswith(("does not", "stops")) for s in sentence):
        sentence.append("works through the shim" + (" and without kprobes" if off else ""))
    for r in rows.values():
        r.pop("log", None)
    return {"kernel": meta.get("kernel"), "arch": meta.get("arch"),
            "console": meta.get("console"), "rows": [rows[n] for n in ORDER],
            "sentence": "; ".join(sentence), "ok": not bad}, bad, runs


def cell(v):
    return "-" if v is None else str(v)


def print_table(k):
    print("\n%s (%s)" % (k["kernel"], k["arch"]))
    hdr = ("variant", "loaded", "probes", "fired/called", "missed", "log", "unload", "verdict")
    lines = [hdr]
    for r in k["rows"]:
        if r["status"] != "run":
            lines.append((r["label"], "-", "-", "-", "-", "-", "-", r["verdict"]))
            continue
        loaded = "yes" if r["loaded"] == "ok" else "no"
        log = "ref" if r["variant"] == "native-on" else ("same" if r.get("log_same") else "differs")
        lines.append((r["label"], loaded, str(len(r["probes"])),
                      "%d/%s" % (r["fired"], cell(r["called"])), cell(r["missed"]),
                      log, "ok" if r["unload"] == "ok" else "FAILED", r["verdict"]))
    w = [max(len(line[i]) for line in lines) for i in range(len(hdr) - 1)]
    for line in lines:
        print("  " + "  ".join(c.ljust(w[i]) for i, c in enumerate(line[:-1])) + "  " + line[-1])
    print("  => " + k["sentence"])


def main(argv):
    if len(argv) == 2 and argv[0] == "--death":
        # For the tool's re-boot: 'NAME REASON' of a guest that died in a
        # variant, nothing if it died before any or did not die.
        name, why = death(argv[1])
        if name:
            print(name, why)
        return 0
    out = None
    if len(argv) > 1 and argv[0] == "--json":
        out, argv = argv[1], argv[2:]
    kernels, bad, workload_failed = [], False, []
    for path in argv:
        k, b, runs = judge_kernel(read_meta(path))
        kernels.append(k)
        bad = bad or b
        if any(r.get("workload_failed") for r in k["rows"]):
            workload_failed.append(k["kernel"])
        print_table(k)
    if out:
        with open(out, "w") as f:
            json.dump({"kernels": kernels, "ok": not bad}, f, indent=1)
    if workload_failed:
        print("error: the workload script failed (non-zero exit) on %s: fix it "
              "(it runs in the guest's busybox sh)" % ", ".join(workload_failed), file=sys.stderr)
        return 2
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

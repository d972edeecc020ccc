#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the '# bench ...' lines of a bench.sh guest console log into a table,
JSON and a PNG plot.

usage: bench-report.py CONSOLE_LOG [--ns "1 10 100 1000"] [--json FILE]
                       [--png FILE] [--plot-data DIR] [--no-bpf]

--no-bpf: the BPF variants were not built for this kernel (no BTF, or
another architecture than this machine's); they are left out of the table.

Exits non-zero, saying why, when a per-hit variant or a registration row is
missing, or when a field that should be a number is not one: the smoke run
of 'make check' relies on that, never on how fast anything was.
"""
import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys

VARIANTS = ["none", "kretprobe", "fprobe", "shim", "shim_fake", "bpf_fexit", "bpf_kmulti"]
LABELS = {
    "none": "none (bare loop)",
    "kretprobe": "native kretprobe",
    "fprobe": "native fprobe exit",
    "shim": "shim (default)",
    "shim_fake": "shim fake_regs=Y",
    "bpf_fexit": "BPF fexit",
    "bpf_kmulti": "BPF kretprobe.multi",
}
BUILDS = ["native", "compat"]
INST_CFGS = [(4, 0), (260, 0), (260, 256)]
HIT_NUM = ["threads", "iters", "reps", "ns_per_call", "min", "max", "bare_ns",
           "bare_min_ns", "overhead_ns", "overhead_min_ns", "hits"]
# The floors of the native build (tests/bench/krp_bench_reg.c): register_kprobe()
# of disabled kprobes and their unregister_kprobes(), then one fprobe on the
# same addresses (where the kernel has fprobe).
FLOORS = ["check_ns", "check_unreg_ns", "fprobe_ns", "fprobe_unreg_ns"]
REG_NUM = ["n", "maxactive", "data_size", "reg_ns", "unreg_ns"] + [
    f"{p}_{f}_kb" for p in ("reg", "struct", "unreg")
    for f in ("slab", "sunreclaim", "percpu", "vmallocused", "memfree")]
LINE_RE = re.compile(r"^\s*# bench (.*)$")
NUM_RE = re.compile(r"^-?\d+(\.\d+)?$")


class Bad(Exception):
    """The log does not hold a complete, well-formed set of results."""


def fields(text):
    out = {}
    for tok in text.split():
        if "=" in tok:
            k, v = tok.split("=", 1)
            out[k] = v
    return out


def numbers(rec, keys, what):
    for k in keys:
        v = rec.get(k)
        if v is None:
            raise Bad(f"{what}: field '{k}' missing")
        if not NUM_RE.match(v):
            raise Bad(f"{what}: field '{k}' is not a number: '{v}'")
        rec[k] = float(v) if "." in v else int(v)
    return rec


def parse(path):
    header, hits, regs = {}, [], []
    with open(path, errors="replace") as f:
        lines = [re.sub(r"^\[\s*\d+\.\d+\]\s?", "", l.rstrip("\r\n")) for l in f]
    try:
        start = lines.index("<<<KRPC-KTAP")
    except ValueError:
        start = 0          # the block markers are the harness's; be lenient
    for line in lines[start:]:
        m = LINE_RE.match(line)
        if not m:
            continue
        rec = fields(m.group(1))
        if m.group(1).startswith("reg "):
            what = f"reg line '{line.strip()}'"
            regs.append(numbers(rec, REG_NUM + [k for k in FLOORS if k in rec], what))
        elif "variant" in rec:
            hits.append(numbers(rec, HIT_NUM, f"per-hit line '{line.strip()}'"))
        elif "kernel" in rec:
            header = numbers(rec, ["cpus", "iters", "reps", "warmup"], "header")
    if not header:
        raise Bad("no '# bench kernel=...' header line")
    return header, hits, regs


def acct(rec, step):
    """Memory a step took that the kernel accounts exactly, in kB: slab,
    vmalloc and percpu. (MemFree is kept in the JSON but is blind to
    changes smaller than the per-cpu page lists hold.)"""
    return sum(rec[f"{step}_{f}_kb"] for f in ("slab", "vmallocused", "percpu"))


def ratio(a, b):
    return round(a / b, 3) if b else None


def analyse(header, hits, regs, ns, inst_n, variants):
    threads = [1, 2] if header["cpus"] >= 2 else [1]
    per_hit = []
    for t in threads:
        row = {}
        for v in variants:
            got = [h for h in hits if h["variant"] == v and h["threads"] == t]
            if not got:
                raise Bad(f"per-hit variant '{v}' with {t} thread(s) missing")
            row[v] = got[-1]
        for v in variants:
            h = row[v]
            base = row["fprobe"], row["kretprobe"]
            spread = (h["max"] - h["min"]) / h["ns_per_call"] * 100 if h["ns_per_call"] else 0
            per_hit.append({
                "variant": v, "threads": t, "ns_per_call": h["ns_per_call"],
                "min_ns": h["min"], "max_ns": h["max"], "spread_pct": round(spread, 1),
                "bare_ns": h["bare_ns"],
                "bare_min_ns": h["bare_min_ns"],
                "overhead_ns": h["overhead_ns"] if v != "none" else 0.0,
                "overhead_min_ns": h["overhead_min_ns"] if v != "none" else 0.0,
                "min_vs_fprobe": ratio(h["overhead_min_ns"], base[0]["overhead_min_ns"]) if v != "none" else None,
                "min_vs_kretprobe": ratio(h["overhead_min_ns"], base[1]["overhead_min_ns"]) if v != "none" else None,
                "vs_fprobe": ratio(h["overhead_ns"], row["fprobe"]["overhead_ns"]) if v != "none" else None,
                "vs_kretprobe": ratio(h["overhead_ns"], row["kretprobe"]["overhead_ns"]) if v != "none" else None,
                "hits": h["hits"], "iters": h["iters"], "reps": h["reps"],
            })
    registration = []
    for n in ns:
        row = {"n": n}
        for b in BUILDS:
            got = [r for r in regs if r.get("kind") == "n" and r["build"] == b and r["n"] == n]
            if not got:
                raise Bad(f"registration of {n} probes, {b} build, missing")
            r = got[-1]
            row[b] = {
                "reg_ms": r["reg_ns"] / 1e6, "unreg_ms": r["unreg_ns"] / 1e6,
                "reg_us_per_probe": r["reg_ns"] / 1e3 / n,
                "mem_bytes_per_probe": acct(r, "reg") * 1024 / n,
                "memfree_bytes_per_probe": r["reg_memfree_kb"] * 1024 / n,
                "slab_bytes_per_probe": r["reg_slab_kb"] * 1024 / n,
                "vmalloc_bytes_per_probe": r["reg_vmallocused_kb"] * 1024 / n,
                "percpu_bytes_per_probe": r["reg_percpu_kb"] * 1024 / n,
                "struct_slab_bytes_per_probe": r["struct_slab_kb"] * 1024 / n,
                "raw": r,
            }
        row["reg_speedup_vs_native"] = ratio(row["native"]["reg_ms"], row["compat"]["reg_ms"])
        # The kprobes core's checks of the N functions alone (register_kprobes
        # of disabled kprobes, native build): what any registration that
        # answers as native does pays, and the speed-up it would allow.
        raw = row["native"]["raw"]
        for k in FLOORS:
            row[k.replace("_ns", "_ms")] = raw[k] / 1e6 if k in raw else None
        check = raw.get("check_ns")
        row["check_speedup_bound"] = ratio(row["native"]["reg_ms"], row["check_ms"]) if check else None
        # the shim against the bare fprobe floor (one fprobe, one ftrace update)
        row["shim_vs_fprobe_floor"] = ratio(row["compat"]["reg_ms"], row["fprobe_ms"]) \
            if row["fprobe_ms"] else None
        registration.append(row)
    per_instance = {}
    for b in BUILDS:
        cfg = {}
        for ma, ds in INST_CFGS:
            got = [r for r in regs if r.get("kind") == "inst" and r["build"] == b
                   and r["maxactive"] == ma and r["data_size"] == ds and r["n"] == inst_n]
            if not got:
                raise Bad(f"per-instance run {b} n={inst_n} maxactive={ma} data_size={ds} missing")
            cfg[(ma, ds)] = got[-1]
        (ma0, ds0), (ma1, _), (_, ds2) = INST_CFGS
        base, more, data = cfg[INST_CFGS[0]], cfg[INST_CFGS[1]], cfg[INST_CFGS[2]]
        extra_inst = inst_n * (ma1 - ma0)
        extra_data = inst_n * ma1
        per_instance[b] = {
            "n": inst_n,
            "bytes_per_instance": (acct(more, "reg") - acct(base, "reg")) * 1024 / extra_inst,
            "slab_bytes_per_instance": (more["reg_slab_kb"] - base["reg_slab_kb"]) * 1024 / extra_inst,
            "vmalloc_bytes_per_instance": (more["reg_vmallocused_kb"] - base["reg_vmallocused_kb"]) * 1024 / extra_inst,
            f"bytes_per_instance_for_{ds2}_data_bytes":
                (acct(data, "reg") - acct(more, "reg")) * 1024 / extra_data,
            "runs": [{"maxactive": ma, "data_size": ds, **{k: v for k, v in cfg[(ma, ds)].items()}}
                     for ma, ds in INST_CFGS],
        }
    return per_hit, registration, per_instance


ICOUNT = [""]   # ", -icount shift=0" when the guest clock counted instructions


def fmt(x, nd=1):
    return "-" if x is None else f"{x:.{nd}f}"


def table(header, per_hit, registration, per_instance, host):
    out = [f"kretprobe-compat benchmarks on {header.get('kernel')} "
           f"({header['cpus']} vCPUs, QEMU TCG{ICOUNT[0]}; {header['iters']} calls x "
           f"{header['reps']} repetitions after {header['warmup']} warm-up calls)"]
    if ICOUNT[0]:
        out.append("clock: -icount shift=0: 1 ns = 1 instruction of the emulated CPU; "
                   "repeatable, the host's load does not enter")
    elif host:
        out.append(f"host: {host} (a loaded host inflates and scatters every time)")
    out.append("")
    out.append("Per-hit cost, ns per call. med = median over repetitions, min = fastest repetition,")
    out.append("spread = (max-min)/median; overhead = probed - bare loop; x = overhead / that of native")
    out.append(f"{'variant':<20} {'thr':>3} {'med':>8} {'min':>8} {'spread%':>8} "
               f"{'ovh med':>8} {'x fprobe':>8} {'x kretp':>8} {'ovh min':>8} {'x fprobe':>8} {'x kretp':>8}")
    for h in per_hit:
        out.append(f"{LABELS[h['variant']]:<20} {h['threads']:>3} {fmt(h['ns_per_call']):>8} "
                   f"{fmt(h['min_ns']):>8} {fmt(h['spread_pct']):>8} {fmt(h['overhead_ns']):>8} "
                   f"{fmt(h['vs_fprobe'], 2):>8} {fmt(h['vs_kretprobe'], 2):>8} "
                   f"{fmt(h['overhead_min_ns']):>8} {fmt(h['min_vs_fprobe'], 2):>8} "
                   f"{fmt(h['min_vs_kretprobe'], 2):>8}")
    out.append("")
    out.append("Registration of N kretprobes (register_kretprobes / unregister_kretprobes), "
               "memory per probe from /proc/meminfo\n(B/probe = slab + vmalloc + percpu growth / N; "
               "meaningful at large N, page-granular below)")
    out.append(f"{'N':>5} {'build':<7} {'reg ms':>10} {'unreg ms':>10} {'us/probe':>9} "
               f"{'B/probe':>8} {'slab B':>8} {'vmalloc B':>9} {'percpu B':>8}")
    for r in registration:
        for b in BUILDS:
            x = r[b]
            out.append(f"{r['n']:>5} {'shim' if b == 'compat' else b:<7} {fmt(x['reg_ms'], 2):>10} "
                       f"{fmt(x['unreg_ms'], 2):>10} {fmt(x['reg_us_per_probe']):>9} "
                       f"{fmt(x['mem_bytes_per_probe'], 0):>8} {fmt(x['slab_bytes_per_probe'], 0):>8} "
                       f"{fmt(x['vmalloc_bytes_per_probe'], 0):>9} {fmt(x['percpu_bytes_per_probe'], 0):>8}")
        out.append(f"{'':>5} shim registration speed-up over native: {fmt(r['reg_speedup_vs_native'], 2)}x")
        if r["check_ms"] is not None:
            out.append(f"{'':>5} floor: kprobes-core checks alone (register_kprobe disabled, per probe): "
                       f"{fmt(r['check_ms'], 2)} ms, unregister {fmt(r['check_unreg_ms'], 2)} ms; "
                       f"native / that = {fmt(r['check_speedup_bound'], 2)}x")
        if r["fprobe_ms"] is not None:
            out.append(f"{'':>5} floor: one bare fprobe on the N addresses (register_fprobe_ips): "
                       f"{fmt(r['fprobe_ms'], 2)} ms, unregister_fprobe {fmt(r['fprobe_unreg_ms'], 2)} ms; "
                       f"shim / that = {fmt(r['shim_vs_fprobe_floor'], 2)}x")
    out.append("")
    out.append("Per in-flight instance (maxactive 4 -> 260, then data_size 0 -> 256)")
    for b in BUILDS:
        p = per_instance[b]
        dk = [k for k in p if k.startswith("bytes_per_instance_for_")][0]
        out.append(f"  {'shim' if b == 'compat' else b:<7} N={p['n']}: {fmt(p['bytes_per_instance'], 0)} B "
                   f"per instance (slab {fmt(p['slab_bytes_per_instance'], 0)}, vmalloc "
                   f"{fmt(p['vmalloc_bytes_per_instance'], 0)}); with 256 B data: "
                   f"{fmt(p[dk], 0)} B more per instance")
    return "\n".join(out)


def plot(png, per_hit, registration, workdir):
    gp = shutil.which("gnuplot")
    if not gp:
        raise Bad("gnuplot not found (apt-get install gnuplot-nox)")
    os.makedirs(workdir, exist_ok=True)
    hit_dat = os.path.join(workdir, "per-hit.dat")
    reg_dat = os.path.join(workdir, "registration.dat")
    by = {(h["variant"], h["threads"]): h for h in per_hit}
    with open(hit_dat, "w") as f:
        f.write("# variant overhead_1thread overhead_2threads (median, min)\n")
        for v in VARIANTS[1:]:
            if (v, 1) not in by:
                continue
            two = by.get((v, 2))
            f.write(f"\"{LABELS[v]}\" {by[(v, 1)]['overhead_ns']} "
                    f"{two['overhead_ns'] if two else 'NaN'} {by[(v, 1)]['overhead_min_ns']} "
                    f"{two['overhead_min_ns'] if two else 'NaN'}\n")
    with open(reg_dat, "w") as f:
        f.write("# n native_reg_ms native_unreg_ms shim_reg_ms shim_unreg_ms check_ms fprobe_ms\n")
        for r in registration:
            vals = [max(r[b][k], 1e-3) for b in BUILDS for k in ("reg_ms", "unreg_ms")]
            vals += [max(r[k], 1e-3) if r[k] is not None else float("nan")
                     for k in ("check_ms", "fprobe_ms")]
            f.write(f"{r['n']} " + " ".join(f"{v:.4f}" for v in vals) + "\n")
    script = f"""
set terminal pngcairo size 1400,600 font 'DejaVu Sans,11' noenhanced
set output '{png}'
set multiplot layout 1,2
set title 'Per-hit overhead over the bare loop (ns per call)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set yrange [0:*]
set grid ytics
set key below
set xtics rotate by -20
plot '{hit_dat}' using 2:xtic(1) title '1 thread, median', '' using 4 title '1 thread, fastest rep', \\
     '' using 3 title '2 threads (CPUs 0,1), median', '' using 5 title '2 threads, fastest rep'
unset style
set style data linespoints
set title 'Registration time against N'
set logscale xy
set xlabel 'N probes'
set ylabel 'ms'
set xtics norotate
set key top left
set grid xtics ytics
set xrange [0.7:*]
plot '{reg_dat}' using 1:2 title 'native register_kretprobes' lw 2 pt 7, \\
     '' using 1:4 title 'shim register_kretprobes' lw 2 pt 5, \\
     '' using 1:6 title 'floor: kprobes-core checks alone (disabled kprobes)' dt 3 lw 2 pt 2, \\
     '' using 1:7 title 'floor: one bare fprobe' dt 3 lw 2 pt 3, \\
     '' using 1:3 title 'native unregister' dt 2 lw 2 pt 6, \\
     '' using 1:5 title 'shim unregister' dt 2 lw 2 pt 4
unset multiplot
"""
    res = subprocess.run([gp], input=script, text=True, capture_output=True)
    if res.returncode != 0 or not os.path.getsize(png):
        raise Bad(f"gnuplot failed: {res.stderr.strip()}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log")
    ap.add_argument("--ns", default="1 10 100 1000")
    ap.add_argument("--inst-n", type=int, default=100)
    ap.add_argument("--host", default="", help="host description for the record")
    ap.add_argument("--icount", action="store_true",
                    help="the guest clock counted instructions (vm-run.sh -I)")
    ap.add_argument("--no-bpf", action="store_true",
                    help="the BPF variants were not built for this kernel")
    ap.add_argument("--json")
    ap.add_argument("--png")
    a = ap.parse_args()
    ns = [int(x) for x in a.ns.split()]
    if a.icount:
        ICOUNT[0] = ", -icount shift=0"
    try:
        header, hits, regs = parse(a.log)
        per_hit, registration, per_instance = analyse(header, hits, regs, ns, a.inst_n,
                                                   [v for v in VARIANTS if not (a.no_bpf and v.startswith("bpf_"))])
        for v in (h["ns_per_call"] for h in per_hit):
            if not math.isfinite(v) or v <= 0:
                raise Bad(f"per-hit time {v} is not a positive number")
        print(table(header, per_hit, registration, per_instance, a.host))
        if a.json:
            os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
            with open(a.json, "w") as f:
                json.dump({"kernel": header.get("kernel"), "cpus": header["cpus"],
                           "iters": header["iters"], "reps": header["reps"],
                           "warmup": header["warmup"],
                           "accel": "tcg,icount=shift=0" if a.icount else "tcg", "host": a.host,
                           "per_hit": per_hit, "registration": registration,
                           "per_instance": per_instance}, f, indent=1)
        if a.png:
            plot(os.path.abspath(a.png), per_hit, registration,
                 os.path.dirname(os.path.abspath(a.png)))
    except Bad as e:
        print(f"bench-report: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

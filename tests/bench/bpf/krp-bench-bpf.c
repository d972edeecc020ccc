// SPDX-License-Identifier: GPL-2.0
/*
 * krp-bench-bpf - the BPF variants of the per-hit benchmark (run in the
 * guest by tests/vm/guest/bench.sh).
 *
 *   krp-bench-bpf fexit|kretprobe.multi PARAMDIR
 *
 * krp_bench_bpf.ko must be loaded (it has timed the bare loop at init);
 * PARAMDIR is its /sys/module/krp_bench_bpf/parameters. Attaches
 * bench.bpf.c's program of that kind to the module's krpb_target(), then
 * for each thread count T = 1..maxthreads writes T to PARAMDIR/run (the
 * module times the probed loop) and the number of times the program ran
 * meanwhile to PARAMDIR/report (the module prints the result line).
 * Prints "link <kind> <link type>". Exit status 1 on any failure.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.skel.h"

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !getenv("KRPC_BPF_VERBOSE"))
		return 0;
	return vfprintf(stderr, fmt, args);
}

static const char *link_type(struct bpf_link *link)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(bpf_link__fd(link), &info, &len))
		return "unknown";
	switch (info.type) {
	case BPF_LINK_TYPE_KPROBE_MULTI:
		return "kprobe_multi";
	case BPF_LINK_TYPE_TRACING:
		return "tracing";
	default:
		return "other";
	}
}

static int param_write(const char *dir, const char *name, unsigned long val)
{
	char path[512];
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f, "%lu\n", val);
	err = fclose(f);
	if (err)
		fprintf(stderr, "writing %lu to %s: %s\n", val, path, strerror(errno));
	return err ? -1 : 0;
}

static long param_read(const char *dir, const char *name)
{
	char path[512];
	long val = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%ld", &val) != 1)
		fprintf(stderr, "reading %s failed\n", path);
	if (f)
		fclose(f);
	return val;
}

/* The program's runs so far: the per-CPU counters summed. */
static long count_hits(struct bench_bpf *skel, int ncpus)
{
	unsigned long long v[ncpus];
	__u32 zero = 0;
	long sum = 0;
	int i;

	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.hits), &zero, v))
		return -1;
	for (i = 0; i < ncpus; i++)
		sum += v[i];
	return sum;
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_kprobe_multi_opts, kopts, .retprobe = true);
	struct bench_bpf *skel;
	struct bpf_link *link = NULL;
	struct bpf_program *prog;
	int fexit, ncpus, err = 1;
	long t, maxthreads, before, after;
	const char *dir;

	if (argc != 3 || (strcmp(argv[1], "fexit") && strcmp(argv[1], "kretprobe.multi"))) {
		fprintf(stderr, "usage: %s fexit|kretprobe.multi PARAMDIR\n", argv[0]);
		return 2;
	}
	fexit = !strcmp(argv[1], "fexit");
	dir = argv[2];
	libbpf_set_print(print_fn);
	setvbuf(stdout, NULL, _IOLBF, 0);
	ncpus = libbpf_num_possible_cpus();
	maxthreads = param_read(dir, "maxthreads");
	if (ncpus <= 0 || maxthreads <= 0)
		return 1;

	skel = bench_bpf__open();
	if (!skel) {
		fprintf(stderr, "opening bench.bpf.o failed\n");
		return 1;
	}
	bpf_program__set_autoload(fexit ? skel->progs.bench_kmulti : skel->progs.bench_fexit, false);
	if (bench_bpf__load(skel)) {
		fprintf(stderr, "loading bench.bpf.o failed\n");
		goto out;
	}
	prog = fexit ? skel->progs.bench_fexit : skel->progs.bench_kmulti;
	if (fexit)
		link = bpf_program__attach(prog);
	else
		link = bpf_program__attach_kprobe_multi_opts(prog, "krpb_target", &kopts);
	if (!link) {
		fprintf(stderr, "attaching %s failed: %s\n", argv[1], strerror(errno));
		goto out;
	}
	printf("link %s %s\n", argv[1], link_type(link));
	for (t = 1; t <= maxthreads; t++) {
		before = count_hits(skel, ncpus);
		if (before < 0 || param_write(dir, "run", t))
			goto out;
		after = count_hits(skel, ncpus);
		if (after < 0 || param_write(dir, "report", after - before))
			goto out;
	}
	err = 0;
out:
	bpf_link__destroy(link);
	bench_bpf__destroy(skel);
	return err;
}

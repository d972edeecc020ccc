// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * krpc-bpf - loader for the kretprobe-compat BPF tests (run in the guest).
 *
 *   krpc-bpf retval
 *	Loads retval.bpf.c three times: as written (kretprobe), as rewritten
 *	by cocci/bpf_kretprobe.cocci (kretprobe.multi) and with -D fexit
 *	(fexit), all recording this process only. Makes open, unlink and
 *	rmdir calls whose results it knows, and prints, per target, the
 *	values each variant recorded next to the expected ones:
 *	    link <variant> <program> <link type>
 *	    <variant|expected> <function> <value>...
 *	Exit status 1 when a variant fails to load or attach.
 *
 *   krpc-bpf oracle READY-FILE
 *	fexit on kernel_clone(): records every return value until SIGINT or
 *	SIGTERM, then prints "kernel_clone <value>" lines. READY-FILE is
 *	created once the program is attached.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "retval.h"
#include "retval.skel.h"
#include "retval_multi.skel.h"
#include "retval_fexit.skel.h"
#include "oracle.skel.h"

struct bpf_link *retval_attach_rmdir(struct bpf_program *prog);
struct bpf_link *retval_attach_rmdir_multi(struct bpf_program *prog);

static int verbose;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

#define MAX_LINKS 8
struct variant {
	const char *name;
	struct bpf_link *links[MAX_LINKS];
	int nlinks;
	struct retval_log *logs[3];	/* openat2, unlinkat, rmdir */
};

static const char *const funcs[3] = { "do_sys_openat2", "do_unlinkat", "do_rmdir" };

static const char *link_type(struct bpf_link *link)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(bpf_link__fd(link), &info, &len))
		return "unknown";
	switch (info.type) {
	case BPF_LINK_TYPE_PERF_EVENT:
		return "perf_event";
	case BPF_LINK_TYPE_KPROBE_MULTI:
		return "kprobe_multi";
	case BPF_LINK_TYPE_TRACING:
		return "tracing";
	default:
		return "other";
	}
}

/* Attach every auto-attachable program of @obj but @manual. */
static int attach_auto(struct variant *v, struct bpf_object *obj, struct bpf_program *manual)
{
	struct bpf_program *prog;
	struct bpf_link *link;

	bpf_object__for_each_program(prog, obj) {
		if (prog == manual || !bpf_program__autoload(prog))
			continue;
		link = bpf_program__attach(prog);
		if (!link) {
			fprintf(stderr, "%s: attaching %s failed: %s\n", v->name,
				bpf_program__name(prog), strerror(errno));
			return -1;
		}
		printf("link %s %s %s\n", v->name, bpf_program__name(prog), link_type(link));
		v->links[v->nlinks++] = link;
	}
	return 0;
}

static int attach_manual(struct variant *v, struct bpf_program *prog,
			 struct bpf_link *(*fn)(struct bpf_program *))
{
	struct bpf_link *link = fn(prog);

	if (!link) {
		fprintf(stderr, "%s: attaching %s by hand failed: %s\n", v->name,
			bpf_program__name(prog), strerror(errno));
		return -1;
	}
	printf("link %s %s %s\n", v->name, bpf_program__name(prog), link_type(link));
	v->links[v->nlinks++] = link;
	return 0;
}

static void detach(struct variant *v)
{
	while (v->nlinks)
		bpf_link__destroy(v->links[--v->nlinks]);
}

/* The calls under test; their results go to @exp (values as the kernel
 * function returns them: the fd, or -errno).
 */
static long RES(long r)
{
	return r < 0 ? -(long)errno : r;
}
static void run_calls(struct retval_log exp[3])
{
	int fd, dfd;

	memset(exp, 0, 3 * sizeof(*exp));
#define ADD(i, val) (exp[i].v[exp[i].n++] = (val))
	fd = open("/proc/self/stat", O_RDONLY);
	ADD(0, RES(fd));
	if (fd >= 0)
		close(fd);
	fd = open("/krpc-no-such-file", O_RDONLY);		/* -ENOENT */
	ADD(0, RES(fd));
	fd = open("/tmp/krpc-bpf-file", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	ADD(0, RES(fd));
	if (fd >= 0)
		close(fd);
	dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
	ADD(0, RES(dfd));
	fd = openat(dfd, "krpc-bpf-file", O_RDONLY);	/* the next fd */
	ADD(0, RES(fd));
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	fd = open("/proc", O_WRONLY);				/* -EISDIR */
	ADD(0, RES(fd));

	ADD(1, RES(unlink("/krpc-no-such-file")));		/* -ENOENT */
	ADD(1, RES(unlink("/tmp")));				/* -EISDIR */
	ADD(1, RES(unlink("/tmp/krpc-bpf-file")));		/* 0 */

	ADD(2, RES(rmdir("/krpc-no-such-dir")));		/* -ENOENT */
	if (mkdir("/tmp/krpc-bpf-dir", 0700))
		perror("mkdir /tmp/krpc-bpf-dir");
	ADD(2, RES(rmdir("/tmp/krpc-bpf-dir")));		/* 0 */
	ADD(2, RES(rmdir("/proc/self/stat")));			/* procfs: -EPERM */
#undef ADD
}

static void print_log(const char *variant, int i, const struct retval_log *log)
{
	unsigned int j;

	printf("%s %s", variant, funcs[i]);
	for (j = 0; j < log->n && j < RETVAL_MAX; j++)
		printf(" %ld", log->v[j]);
	printf("\n");
}

static int cmd_retval(void)
{
	struct retval_bpf *k = NULL;
	struct retval_multi_bpf *m = NULL;
	struct retval_fexit_bpf *f = NULL;
	struct variant vk = { .name = "kretprobe" }, vm = { .name = "kretprobe.multi" },
		       vf = { .name = "fexit" };
	struct retval_log exp[3];
	int err = 1, i;

	k = retval_bpf__open();
	m = retval_multi_bpf__open();
	f = retval_fexit_bpf__open();
	if (!k || !m || !f) {
		fprintf(stderr, "opening the BPF objects failed\n");
		goto cleanup;
	}
	/* -D fexit leaves the loader-attached program a kretprobe: skip it */
	bpf_program__set_autoload(f->progs.rmdir_exit, false);
	if (retval_bpf__load(k) || retval_multi_bpf__load(m) || retval_fexit_bpf__load(f)) {
		fprintf(stderr, "loading the BPF objects failed\n");
		goto cleanup;
	}
	if (attach_auto(&vk, k->obj, k->progs.rmdir_exit) ||
	    attach_manual(&vk, k->progs.rmdir_exit, retval_attach_rmdir) ||
	    attach_auto(&vm, m->obj, m->progs.rmdir_exit) ||
	    attach_manual(&vm, m->progs.rmdir_exit, retval_attach_rmdir_multi) ||
	    attach_auto(&vf, f->obj, NULL))
		goto cleanup;
	fflush(stdout);

	/* record this process from here on: not libbpf's own opens above */
	k->bss->target_tgid = getpid();
	m->bss->target_tgid = getpid();
	f->bss->target_tgid = getpid();
	run_calls(exp);
	k->bss->target_tgid = 0;
	m->bss->target_tgid = 0;
	f->bss->target_tgid = 0;
	detach(&vk);
	detach(&vm);
	detach(&vf);

	vk.logs[0] = &k->bss->openat2_log;
	vk.logs[1] = &k->bss->unlinkat_log;
	vk.logs[2] = &k->bss->rmdir_log;
	vm.logs[0] = &m->bss->openat2_log;
	vm.logs[1] = &m->bss->unlinkat_log;
	vm.logs[2] = &m->bss->rmdir_log;
	vf.logs[0] = &f->bss->openat2_log;
	vf.logs[1] = &f->bss->unlinkat_log;
	for (i = 0; i < 3; i++) {
		print_log("expected", i, &exp[i]);
		print_log(vk.name, i, vk.logs[i]);
		print_log(vm.name, i, vm.logs[i]);
		if (vf.logs[i])
			print_log(vf.name, i, vf.logs[i]);
	}
	err = 0;
cleanup:
	detach(&vk);
	detach(&vm);
	detach(&vf);
	retval_bpf__destroy(k);
	retval_multi_bpf__destroy(m);
	retval_fexit_bpf__destroy(f);
	return err;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static int cmd_oracle(const char *ready)
{
	struct oracle_bpf *o;
	unsigned int i, n;
	int fd, err = 1;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	o = oracle_bpf__open_and_load();
	if (!o) {
		fprintf(stderr, "loading oracle.bpf.o failed\n");
		return 1;
	}
	if (oracle_bpf__attach(o)) {
		fprintf(stderr, "attaching fexit/kernel_clone failed: %s\n", strerror(errno));
		goto cleanup;
	}
	fd = open(ready, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0) {
		fprintf(stderr, "creating %s: %s\n", ready, strerror(errno));
		goto cleanup;
	}
	close(fd);
	while (!stop)
		pause();
	oracle_bpf__detach(o);
	n = o->bss->clone_n;
	printf("calls %u\n", n);
	for (i = 0; i < n && i < ORACLE_MAX; i++)
		printf("kernel_clone %ld%s\n", o->bss->clone_ret[i],
		       o->bss->clone_kthread[i] ? " kthread" : "");
	err = n > ORACLE_MAX;
	if (err)
		fprintf(stderr, "more than %d calls; raise ORACLE_MAX\n", ORACLE_MAX);
cleanup:
	oracle_bpf__destroy(o);
	return err;
}

int main(int argc, char **argv)
{
	if (getenv("KRPC_BPF_VERBOSE"))
		verbose = 1;
	libbpf_set_print(print_fn);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "retval"))
		return cmd_retval();
	if (argc == 3 && !strcmp(argv[1], "oracle"))
		return cmd_oracle(argv[2]);
	fprintf(stderr, "usage: %s retval | oracle READY-FILE\n", argv[0]);
	return 2;
}

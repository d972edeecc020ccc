// SPDX-License-Identifier: GPL-2.0
/*
 * kretprobe-audit - can a module's kretprobe targets move to fprobe on a
 * given kernel?
 *
 * For every target function it reports: whether the kernel has it; whether
 * fprobe can reach it (it is ftrace-able: listed in
 * available_filter_functions); whether it is on the kprobe blacklist; its
 * BTF prototype and return type (so a converted handler, or a BPF fexit
 * program, can use a typed return value); and a verdict:
 *
 *   migrates          fprobe attaches to it (native fprobe, kretprobe.multi,
 *                     fexit, or the shim's fprobe backend)
 *   compat fallback   fprobe cannot reach it (notrace, not ftrace-able) but
 *                     a kretprobe can: the shim serves it with fallback=1
 *   cannot migrate    the kernel does not have it, or neither fprobe nor
 *                     kretprobe can attach to it
 *
 * Exit status: 0 when every target migrates or has the compat fallback,
 * 1 when any target cannot migrate, 2 on bad usage or unreadable input.
 *
 * usage: see usage() below, or kretprobe-audit --help.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define DEF_BTF		"/sys/kernel/btf/vmlinux"
#define DEF_FILTER	"/sys/kernel/tracing/available_filter_functions"
#define DEF_FILTER_OLD	"/sys/kernel/debug/tracing/available_filter_functions"
#define DEF_BLACKLIST	"/sys/kernel/debug/kprobes/blacklist"
#define DEF_KALLSYMS	"/proc/kallsyms"

static const char *prog = "kretprobe-audit";

/* A sorted set of names: "func" for vmlinux, "mod:func" for modules. */
struct nameset {
	char **v;
	size_t n, cap;
	bool loaded;		/* false: not given and no default readable */
	const char *path;
};

enum tri { NO, YES, UNKNOWN };

enum verdict { MIGRATES, FALLBACK, CANNOT };

static const char *const verdict_str[] = {
	[MIGRATES] = "migrates",
	[FALLBACK] = "compat fallback",
	[CANNOT] = "cannot migrate",
};

static const char *const verdict_key[] = {
	[MIGRATES] = "migrates",
	[FALLBACK] = "needs_compat_fallback",
	[CANNOT] = "cannot_migrate",
};

struct target {
	char *name;		/* as given: "func" or "mod:func" */
	const char *func;	/* the function part of name */
	enum tri exists, ftrace, blacklisted;
	bool in_btf;
	char *ret_type;		/* NULL when the prototype is unknown */
	char *proto;
	enum verdict verdict;
	const char *reason;
};

static void __attribute__((format(printf, 1, 2), noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: error: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xrealloc(void *p, size_t sz)
{
	p = realloc(p, sz);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

static void set_add(struct nameset *s, const char *name)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4096;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = xstrdup(name);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool set_has(const struct nameset *s, const char *name)
{
	return s->n && bsearch(&name, s->v, s->n, sizeof(*s->v), cmp_str);
}

/*
 * Name of the function on one line of a symbol list, as "func" or
 * "mod:func". @field is the 0-based field holding the name; a "[mod]"
 * field right after it names the module. Returns false for lines to skip.
 */
static bool line_name(char *line, int field, char *out, size_t outsz)
{
	char *tok[8];
	int n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(line, " \t\n", &save); t && n < 8; t = strtok_r(NULL, " \t\n", &save))
		tok[n++] = t;
	/* the name, then at most "[mod]" */
	if (n <= field || n > field + 2)
		return false;
	if (n == field + 2) {
		size_t l = strlen(tok[field + 1]);

		if (l < 3 || tok[field + 1][0] != '[' || tok[field + 1][l - 1] != ']')
			return false;
		tok[field + 1][l - 1] = '\0';
		snprintf(out, outsz, "%s:%s", tok[field + 1] + 1, tok[field]);
	} else {
		snprintf(out, outsz, "%s", tok[field]);
	}
	return true;
}

enum list_kind { L_FILTER, L_BLACKLIST, L_KALLSYMS };

/*
 * Load a symbol list. @required: a missing file is an error (the user named
 * it); otherwise a missing default leaves the set unloaded.
 */
static void load_list(struct nameset *s, const char *path, enum list_kind kind, bool required)
{
	static const char *const what[] = {
		[L_FILTER] = "available_filter_functions",
		[L_BLACKLIST] = "kprobe blacklist",
		[L_KALLSYMS] = "kallsyms/System.map",
	};
	char *line = NULL, name[512];
	size_t cap = 0, lineno = 0, bad = 0;
	FILE *f;

	s->path = path;
	f = fopen(path, "r");
	if (!f) {
		if (required)
			die("cannot read %s '%s': %s", what[kind], path, strerror(errno));
		return;
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		switch (kind) {
		case L_FILTER:	/* "func" or "func [mod]" */
			if (!line_name(line, 0, name, sizeof(name)))
				goto bad;
			break;
		case L_BLACKLIST: /* "0xstart-0xend\tfunc [mod]" */
			if (strncmp(line, "0x", 2) || !strchr(line, '-') ||
			    !line_name(line, 1, name, sizeof(name)))
				goto bad;
			break;
		case L_KALLSYMS: { /* "addr type func [mod]": text symbols only */
			char type = 0;

			if (sscanf(line, "%*x %c", &type) != 1)
				goto bad;
			if (type != 't' && type != 'T')
				continue;
			if (!line_name(line, 2, name, sizeof(name)))
				goto bad;
			break;
		}
		}
		/* "func" must look like a C identifier (or mod:ident). */
		if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:$") !=
		    strlen(name))
			goto bad;
		set_add(s, name);
		continue;
bad:
		if (++bad <= 3)
			fprintf(stderr, "%s: warning: %s:%zu: malformed %s line\n", prog, path,
				lineno, what[kind]);
	}
	if (ferror(f))
		die("reading %s '%s': %s", what[kind], path, strerror(errno));
	fclose(f);
	free(line);
	if (kind != L_BLACKLIST && s->n == 0)
		die("%s '%s' lists no functions (%zu lines, %zu malformed)", what[kind], path,
		    lineno, bad);
	if (bad > lineno / 2)
		die("%s '%s' does not look like a %s file (%zu of %zu lines malformed)",
		    what[kind], path, what[kind], bad, lineno);
	qsort(s->v, s->n, sizeof(*s->v), cmp_str);
	s->loaded = true;
}

/* btf_dump into a growing string. */
struct strbuf {
	char *s;
	size_t len, cap;
};

static void sb_vprintf(void *ctx, const char *fmt, va_list ap)
{
	struct strbuf *b = ctx;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	vsnprintf(b->s + b->len, n + 1, fmt, ap);
	b->len += n;
}

static char *type_decl(struct btf_dump *d, struct strbuf *b, __u32 id, const char *name)
{
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .field_name = name ? name : "");
	int err;

	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
	err = btf_dump__emit_type_decl(d, id, &o);
	if (err)
		return xstrdup("?");
	return xstrdup(b->s ? b->s : "");
}

/* Fill in ret_type and proto from BTF. Returns false if @func has no BTF. */
static bool btf_proto(const struct btf *btf, struct btf_dump *d, struct strbuf *b,
		      const char *func, char **ret, char **proto)
{
	const struct btf_type *fn, *fp;
	const struct btf_param *p;
	char *s, *a, *arg;
	size_t rl;
	__s32 id;
	int i, n;

	id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	if (id < 0)
		return false;
	fn = btf__type_by_id(btf, id);
	fp = btf__type_by_id(btf, fn->type);
	if (!fp || !btf_is_func_proto(fp))
		return false;
	*ret = type_decl(d, b, fp->type, NULL);
	n = btf_vlen(fp);
	p = btf_params(fp);
	/* "ret func(args)"; a pointer return type takes no space: "char *f(" */
	rl = strlen(*ret);
	if (asprintf(&s, "%s%s%s(", *ret, rl && (*ret)[rl - 1] == '*' ? "" : " ", func) < 0)
		die("out of memory");
	for (i = 0; i < n; i++) {
		if (i == n - 1 && p[i].type == 0)	/* variadic */
			arg = xstrdup("...");
		else
			arg = type_decl(d, b, p[i].type, btf__name_by_offset(btf, p[i].name_off));
		a = s;
		if (asprintf(&s, "%s%s%s", a, i ? ", " : "", arg) < 0)
			die("out of memory");
		free(a);
		free(arg);
	}
	a = s;
	if (asprintf(&s, "%s%s)", a, n ? "" : "void") < 0)
		die("out of memory");
	free(a);
	*proto = s;
	return true;
}

static void judge(struct target *t, bool have_blacklist)
{
	if (t->exists == NO) {
		t->verdict = CANNOT;
		t->reason = "the kernel has no such function";
	} else if (t->ftrace == YES) {
		t->verdict = MIGRATES;
		t->reason = t->blacklisted == YES ?
			"ftrace-able, fprobe attaches (native kretprobe refused it: blacklisted)" :
			"ftrace-able, fprobe attaches";
	} else if (t->blacklisted == YES) {
		t->verdict = CANNOT;
		t->reason = "not ftrace-able and on the kprobe blacklist: neither fprobe nor kretprobe attaches";
	} else {
		t->verdict = FALLBACK;
		t->reason = have_blacklist ?
			"not ftrace-able (notrace or inlined): fprobe cannot attach, a kretprobe can (shim fallback=1)" :
			"not ftrace-able (notrace or inlined): fprobe cannot attach; kprobe blacklist unknown";
	}
}

static void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static const char *tri_str(enum tri v)
{
	return v == YES ? "yes" : v == NO ? "no" : "unknown";
}

static const char *tri_json(enum tri v)
{
	return v == YES ? "true" : v == NO ? "false" : "null";
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [options] [TARGET...]\n"
"\n"
"For each kretprobe target (a kernel function, or \"module:function\"), say\n"
"whether it exists, whether fprobe can reach it, whether it is on the kprobe\n"
"blacklist, its BTF prototype, and whether the probe migrates to fprobe.\n"
"\n"
"  -b, --btf FILE        kernel BTF: a vmlinux ELF, a raw BTF file, or\n"
"                        " DEF_BTF " (the default)\n"
"  -f, --filter FILE     available_filter_functions of that kernel (default:\n"
"                        " DEF_FILTER ")\n"
"  -B, --blacklist FILE  kprobe blacklist (default: " DEF_BLACKLIST "\n"
"                        if readable; otherwise the blacklist is unknown)\n"
"  -k, --kallsyms FILE   /proc/kallsyms or System.map, to find functions BTF\n"
"                        does not describe (default: " DEF_KALLSYMS "\n"
"                        when --btf is the default)\n"
"  -t, --targets FILE    read targets from FILE, one per line ('-': stdin;\n"
"                        '#' starts a comment); e.g. the output of\n"
"                        tools/kretprobe-audit/targets.sh SOURCE-DIR\n"
"  -j, --json            JSON instead of the table\n"
"  -p, --protos          only print the targets' C prototypes from BTF, one\n"
"                        declaration a line (a header for spatch --include\n"
"                        with cocci/bpf_kretprobe.cocci -D fexit); needs only\n"
"                        --btf; exit 1 if a target has no BTF prototype\n"
"  -h, --help            this text\n"
"\n"
"Exit status: 0 every target migrates or has the compat fallback; 1 some\n"
"target cannot migrate; 2 bad usage or input.\n", prog);
}

static void add_target(struct target **v, size_t *n, size_t *cap, const char *name)
{
	const char *colon;
	size_t i;

	if (!*name)
		return;
	if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:") !=
	    strlen(name) || strchr(name, ':') != strrchr(name, ':') ||
	    name[strlen(name) - 1] == ':' || (name[0] >= '0' && name[0] <= '9'))
		die("'%s' is not a function name (want 'func' or 'module:func')", name);
	for (i = 0; i < *n; i++)
		if (!strcmp((*v)[i].name, name))
			return;		/* same target twice: report it once */
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].name = xstrdup(name);
	colon = strchr((*v)[*n].name, ':');
	(*v)[*n].func = colon ? colon + 1 : (*v)[*n].name;
	(*n)++;
}

static void read_targets(const char *path, struct target **v, size_t *n, size_t *cap)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL, *s, *e;
	size_t lcap = 0;

	if (!f)
		die("cannot read target list '%s': %s", path, strerror(errno));
	while (getline(&line, &lcap, f) > 0) {
		s = line;
		e = strchr(s, '#');
		if (e)
			*e = '\0';
		s += strspn(s, " \t\n");
		e = s + strcspn(s, " \t\n");
		if (*(e + strspn(e, " \t\n")))
			die("%s: '%s': one target per line", path, strtok(line, "\n"));
		*e = '\0';
		add_target(v, n, cap, s);
	}
	if (f != stdin)
		fclose(f);
	free(line);
}

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "btf", required_argument, NULL, 'b' },
		{ "filter", required_argument, NULL, 'f' },
		{ "blacklist", required_argument, NULL, 'B' },
		{ "kallsyms", required_argument, NULL, 'k' },
		{ "targets", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "protos", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *btf_path = DEF_BTF, *filter_path = NULL, *bl_path = NULL, *ks_path = NULL;
	struct nameset filter = { 0 }, blacklist = { 0 }, kallsyms = { 0 };
	struct target *tg = NULL;
	size_t ntg = 0, captg = 0, i;
	bool json = false, protos = false, btf_default = true;
	struct strbuf sb = { 0 };
	struct btf_dump *d;
	struct btf *btf;
	int c, worst = 0, w;

	while ((c = getopt_long(argc, argv, "b:f:B:k:t:jph", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			btf_path = optarg;
			btf_default = false;
			break;
		case 'f':
			filter_path = optarg;
			break;
		case 'B':
			bl_path = optarg;
			break;
		case 'k':
			ks_path = optarg;
			break;
		case 't':
			read_targets(optarg, &tg, &ntg, &captg);
			break;
		case 'j':
			json = true;
			break;
		case 'p':
			protos = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	for (; optind < argc; optind++)
		add_target(&tg, &ntg, &captg, argv[optind]);
	if (!ntg)
		die("no targets (give function names, or --targets FILE); see --help");

	libbpf_set_print(silent_print);
	if (access(btf_path, R_OK))
		die("cannot read BTF '%s': %s%s", btf_path, strerror(errno),
		    btf_default ? " (kernel without CONFIG_DEBUG_INFO_BTF? use --btf)" : "");
	btf = btf__parse(btf_path, NULL);
	if (!btf) {
		char msg[128];

		libbpf_strerror(errno, msg, sizeof(msg));
		die("'%s' holds no usable BTF (%s): want a vmlinux with a .BTF section, "
		    "a raw BTF file or /sys/kernel/btf/vmlinux", btf_path, msg);
	}
	d = btf_dump__new(btf, sb_vprintf, &sb, NULL);
	if (!d)
		die("btf_dump__new: %s", strerror(errno));

	if (protos) {
		for (i = 0; i < ntg; i++) {
			char *ret, *proto;

			if (tg[i].func == tg[i].name &&
			    btf_proto(btf, d, &sb, tg[i].func, &ret, &proto)) {
				printf("%s;\n", proto);
			} else {
				fprintf(stderr, "%s: %s: no BTF prototype in '%s'\n", prog,
					tg[i].name, btf_path);
				worst = 1;
			}
		}
		return worst;
	}

	if (filter_path) {
		load_list(&filter, filter_path, L_FILTER, true);
	} else {
		load_list(&filter, DEF_FILTER, L_FILTER, false);
		if (!filter.loaded)
			load_list(&filter, DEF_FILTER_OLD, L_FILTER, false);
		if (!filter.loaded)
			die("cannot read " DEF_FILTER " (is tracefs mounted? are you root?); "
			    "give the kernel's list with --filter FILE");
	}
	load_list(&blacklist, bl_path ? bl_path : DEF_BLACKLIST, L_BLACKLIST, bl_path != NULL);
	if (ks_path)
		load_list(&kallsyms, ks_path, L_KALLSYMS, true);
	else if (btf_default)
		load_list(&kallsyms, DEF_KALLSYMS, L_KALLSYMS, false);

	for (i = 0; i < ntg; i++) {
		struct target *t = &tg[i];
		bool module = t->func != t->name;

		t->in_btf = !module && btf_proto(btf, d, &sb, t->func, &t->ret_type, &t->proto);
		t->ftrace = set_has(&filter, t->name) ? YES : NO;
		if (t->in_btf || t->ftrace == YES || (kallsyms.loaded && set_has(&kallsyms, t->name)))
			t->exists = YES;
		else
			t->exists = kallsyms.loaded || !module ? NO : UNKNOWN;
		/* The blacklist holds the real symbol, even for a notrace one. */
		t->blacklisted = blacklist.loaded ? (set_has(&blacklist, t->name) ? YES : NO) : UNKNOWN;
		if (t->blacklisted == YES)
			t->exists = YES;
		judge(t, blacklist.loaded);
		w = t->verdict == CANNOT ? 1 : 0;
		if (w > worst)
			worst = w;
	}

	if (json) {
		printf("{\n  \"btf\": ");
		json_str(stdout, btf_path);
		printf(",\n  \"filter_functions\": ");
		json_str(stdout, filter.path);
		printf(",\n  \"blacklist\": ");
		json_str(stdout, blacklist.loaded ? blacklist.path : NULL);
		printf(",\n  \"targets\": [\n");
		for (i = 0; i < ntg; i++) {
			struct target *t = &tg[i];

			printf("    {\"target\": ");
			json_str(stdout, t->name);
			printf(", \"exists\": %s, \"ftrace\": %s, \"blacklisted\": %s, \"btf\": %s",
			       tri_json(t->exists), tri_json(t->ftrace), tri_json(t->blacklisted),
			       t->in_btf ? "true" : "false");
			printf(", \"return_type\": ");
			json_str(stdout, t->ret_type);
			printf(", \"prototype\": ");
			json_str(stdout, t->proto);
			printf(", \"verdict\": \"%s\", \"reason\": ", verdict_key[t->verdict]);
			json_str(stdout, t->reason);
			printf("}%s\n", i + 1 < ntg ? "," : "");
		}
		printf("  ]\n}\n");
	} else {
		int wn = 6;

		for (i = 0; i < ntg; i++)
			if ((int)strlen(tg[i].name) > wn)
				wn = strlen(tg[i].name);
		printf("%-*s  %-6s  %-6s  %-9s  %-15s  %s\n", wn, "TARGET", "EXISTS", "FPROBE",
		       "BLACKLIST", "VERDICT", "PROTOTYPE");
		for (i = 0; i < ntg; i++) {
			struct target *t = &tg[i];

			printf("%-*s  %-6s  %-6s  %-9s  %-15s  %s\n", wn, t->name, tri_str(t->exists),
			       tri_str(t->ftrace), tri_str(t->blacklisted), verdict_str[t->verdict],
			       t->proto ? t->proto : "(no BTF)");
		}
		for (i = 0; i < ntg; i++)
			if (tg[i].verdict != MIGRATES)
				printf("# %s: %s: %s\n", tg[i].name, verdict_str[tg[i].verdict],
				       tg[i].reason);
		if (!blacklist.loaded)
			printf("# kprobe blacklist not read (give --blacklist FILE)\n");
	}
	btf_dump__free(d);
	btf__free(btf);
	return worst;
}

# SPDX-License-Identifier: GPL-2.0
#
# kretprobe-compat: user entry point. Kbuild reads ./Kbuild for the object
# lists; this file only holds the targets a person types. See 'make help'.

# The kernel build tree to build against; the running kernel's by default.
KDIR ?= /lib/modules/$(shell uname -r)/build

# One check of tests/vm/checks on one kernel: make vmtest T=smoke K=6.1.0-56-amd64
K ?= 6.12.117+deb12-amd64
T ?= smoke

PREFIX ?= /usr/local

.PHONY: all modules clean deps check check-debug check-fprobe61 kernels demo vmtest bench bench-icount bench-cocci migrate help
.PHONY: install uninstall dkms-install dkms-remove deb

all: modules

# Needs only a kernel build tree and its compiler: never 'deps' (apt-get).
modules:
	@test -f '$(KDIR)/Makefile' || { echo "error: no kernel build tree at KDIR=$(KDIR): install that kernel's headers (Debian: linux-headers-<release>) or pass KDIR=<kernel build dir>" >&2; exit 1; }
	$(MAKE) -C '$(KDIR)' M='$(CURDIR)' modules

clean:
	@if [ -f $(KDIR)/Makefile ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	rm -rf out

deps:
	@scripts/deps.sh

check: deps
	@scripts/check.sh

check-debug: deps
	@scripts/check-debug.sh

# The 6.1 kernel with fprobe (built when missing, ~15 min): the guest suite,
# SystemTap included, on the 6.1-stable fprobe API (docs/kernel-eras.md).
check-fprobe61: deps
	@scripts/kernel-build.sh tests/vm/fprobe-6.1.config >/dev/null
	@scripts/check.sh -g -k 6.1.192-krpc-fprobe

# The kernels of tests/vm/kernels built here from linux-source (cached);
# 'make check' then runs its guest suite on them too.
kernels: deps
	@set -e; for f in $$(awk '!/^#/ && $$2 ~ /^build:/ { sub("build:", "", $$2); print $$2 }' tests/vm/kernels); do \
		scripts/kernel-build.sh $$f; done

demo: deps
	@scripts/demo.sh

vmtest: deps
	@scripts/check.sh -k '$(K)' -t '$(T)'

# K=<release> of tests/vm/kernels (default 6.12), built with its own toolchain.
bench: deps
	@scripts/bench.sh $(if $(K),-k '$(K)')

# Semantic patches over a tree (tools/migrate.sh): report, or a diff.
migrate:
	@test -n '$(DIR)' || { echo 'usage: make migrate DIR=<tree> [MODE=report|patch] [FTRACE_REGS=1]' >&2; exit 1; }
	@tools/migrate.sh --mode '$(or $(MODE),report)' $(if $(FTRACE_REGS),--ftrace-regs) '$(DIR)'

# migrate.sh's time, old rules (BASE, default: before issue 15) against these, same inputs.
bench-cocci: deps
	@scripts/bench-cocci.sh $(if $(BASE),-b '$(BASE)')

# The same with the guest's clock counting instructions (repeatable figures).
bench-icount: deps
	@scripts/bench.sh --icount $(if $(K),-k '$(K)')

# Install, DKMS and Debian packages (tools/install.sh). No 'deps': these
# need only a kernel's headers (and dkms / debhelper for their targets).
install:
	@KDIR='$(KDIR)' DESTDIR='$(DESTDIR)' PREFIX='$(PREFIX)' tools/install.sh install

uninstall:
	@KDIR='$(KDIR)' DESTDIR='$(DESTDIR)' PREFIX='$(PREFIX)' tools/install.sh uninstall

dkms-install:
	@KDIR='$(KDIR)' tools/install.sh dkms-install

dkms-remove:
	@tools/install.sh dkms-remove

deb:
	@tools/install.sh deb $(CURDIR)/out/deb

help:
	@echo 'kretprobe-compat targets:'
	@echo '  make [KDIR=<kernel build dir>] [V=1]  build shim/ and samples/ (default KDIR: the running'
	@echo '                                        kernel'"'"'s build tree; V=1 shows the feature probes)'
	@echo '  make clean                            remove build output and out/'
	@echo '  make deps                             apt-get what the tests, demo and bench need (idempotent;'
	@echo '                                        never needed to build or install)'
	@echo '  make demo                             boot 6.12 in QEMU and show the shim working'
	@echo '  make check                            the whole test matrix; ends with "N passed, N failed"'
	@echo '  make vmtest T=<tag> K=<kernel>        one line of tests/vm/checks on one kernel (after building)'
	@echo '  make bench [K=<kernel>]               per-hit and registration benchmarks (default 6.12; out/bench/)'
	@echo '  make migrate DIR=<tree> [MODE=patch]   kretprobe use sites of a tree, or a diff to native fprobe'
	@echo '  make bench-cocci [BASE=<rev>]         migrate.sh report/patch time, old rules vs these (out/bench-cocci/)'
	@echo '  make bench-icount [K=<kernel>]        the same, guest clock counting instructions (out/bench/icount/)'
	@echo '  make check-debug                      the guest suite and reliability checks on a KASAN/lockdep'
	@echo '                                        kernel (builds it once, ~40 min)'
	@echo '  make check-fprobe61                   the guest suite and SystemTap on a 6.1 kernel with fprobe'
	@echo '                                        (builds it once, ~15 min)'
	@echo '  make kernels                          build the kernels of tests/vm/kernels not from Debian (6.1 with'
	@echo '                                        fprobe, the debug kernel; cached); make check then uses them'
	@echo '  make install [DESTDIR=] [PREFIX=/usr/local]  shim for KDIR (extra/, depmod) + PREFIX/share/kretprobe-compat'
	@echo '  make uninstall [DESTDIR=] [PREFIX=]   remove them'
	@echo '  make dkms-install | dkms-remove       the shim under DKMS (/usr/src/kretprobe-compat-<version>)'
	@echo '  make deb                              Debian packages into out/deb'
	@echo 'Kernels under test: tests/vm/kernels. Cache: $${XDG_CACHE_HOME:-~/.cache}/kretprobe-compat'

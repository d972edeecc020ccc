# SPDX-License-Identifier: GPL-2.0
#
# kretprobe-compat: user entry point. Kbuild reads ./Kbuild for the object
# lists; this file only holds the targets a person types. See 'make help'.

KRPC_DEFAULT_KDIR := /usr/src/linux-headers-6.12.117+deb12-amd64
KDIR ?= /lib/modules/$(shell uname -r)/build
ifeq ($(wildcard $(KDIR)/Makefile),)
  ifneq ($(origin KDIR),command line)
    $(info note: $(KDIR) does not exist; building against $(KRPC_DEFAULT_KDIR))
    KDIR := $(KRPC_DEFAULT_KDIR)
  endif
endif

# Kernel to boot for single tests: make vmtest T=smoke K=6.1.0-56-amd64
K ?= 6.12.117+deb12-amd64
T ?= smoke

.PHONY: all modules clean deps check demo vmtest help

all: modules

modules: deps
	@test -f $(KDIR)/Makefile || { echo "error: no kernel build tree at KDIR=$(KDIR); install its linux-headers package or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	@if [ -f $(KDIR)/Makefile ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	rm -rf out

deps:
	@scripts/deps.sh

check: deps
	@scripts/check.sh

demo: deps
	@scripts/demo.sh

vmtest: deps
	@scripts/build-for.sh $(K) >/dev/null
	@scripts/vm-run.sh -k $(K) $(T).sh out/build/$(K)/shim/kretprobe_compat.ko

help:
	@echo 'kretprobe-compat targets:'
	@echo '  make [KDIR=<kernel build dir>] [V=1]  build shim/ and samples/ (default KDIR:'
	@echo '                                        the running kernel, else Debian 6.12 headers)'
	@echo '  make clean                            remove build output and out/'
	@echo '  make deps                             apt-get what is missing (idempotent)'
	@echo '  make demo                             boot 6.12 in QEMU and show the shim working'
	@echo '  make check                            the whole test matrix; ends with "N passed, N failed"'
	@echo '  make vmtest T=<guest test> K=<kernel> one guest test (tests/vm/guest/T.sh) on one kernel'
	@echo 'Kernels under test: tests/vm/kernels. Cache: $${XDG_CACHE_HOME:-~/.cache}/kretprobe-compat'

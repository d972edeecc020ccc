# SPDX-License-Identifier: GPL-2.0
#
# kretprobe-compat.mk - route a module's kretprobes to kretprobe-compat.
#
# In the module's Kbuild (or Makefile), one line:
#
#	include $(KRETPROBE_COMPAT)/kretprobe-compat.mk
#
# with KRETPROBE_COMPAT the path of this tree (or of its installed copy).
# Then insmod kretprobe_compat.ko before the module. Options, set before the
# include line:
#
#	KRETPROBE_COMPAT_EMBED := y	link the shim into the module itself
#	KRETPROBE_COMPAT_STRICT := y	any reference to a native kretprobe
#					function is a build error
#	KRETPROBE_COMPAT_LEGACY := y	ri->rp, ri->ret_addr, ri->task

KRETPROBE_COMPAT := $(abspath $(or $(KRETPROBE_COMPAT),$(dir $(lastword $(MAKEFILE_LIST)))))

# Ahead of the kernel's include path: ccflags-y would come after it.
NOSTDINC_FLAGS += -I$(KRETPROBE_COMPAT)/compat-headers -I$(KRETPROBE_COMPAT)/include

ifeq ($(KRETPROBE_COMPAT_EMBED),y)
include $(KRETPROBE_COMPAT)/shim/probes.mk
NOSTDINC_FLAGS += -DKRETPROBE_COMPAT_EMBED $(KRPC_PROBE_FLAGS)
else ifneq ($(abspath $(KBUILD_EXTMOD)),$(KRETPROBE_COMPAT))
# The shim's exports, unless this is the shim's own tree being built.
ifeq ($(wildcard $(KRETPROBE_COMPAT)/Module.symvers),)
$(error kretprobe-compat: $(KRETPROBE_COMPAT)/Module.symvers is missing: build the shim first (make -C $(KRETPROBE_COMPAT) KDIR=<this kernel>), or set KRETPROBE_COMPAT_EMBED := y)
endif
KBUILD_EXTRA_SYMBOLS += $(KRETPROBE_COMPAT)/Module.symvers
endif

ifeq ($(KRETPROBE_COMPAT_STRICT),y)
NOSTDINC_FLAGS += -DKRETPROBE_COMPAT_STRICT
endif
ifeq ($(KRETPROBE_COMPAT_LEGACY),y)
NOSTDINC_FLAGS += -DKRETPROBE_COMPAT_LEGACY
endif

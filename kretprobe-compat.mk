# SPDX-License-Identifier: GPL-2.0
#
# kretprobe-compat.mk - route a module's kretprobes to kretprobe-compat.
#
# In the module's Kbuild (or Makefile), after its obj-m lines, one line:
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
#
# KRETPROBE_COMPAT_EMBED := y adds the shim's objects, $(KRETPROBE_COMPAT_OBJ),
# to the module of obj-m (one per directory) at the include line: one copy
# of the shim, linked as the module's other objects are, nothing exported.
# The module must be made of objects ('obj-m := mymod.o' with 'mymod-y :=
# mymod_main.o'): Kbuild cannot add an object to a module built from the
# one source file of its own name.

KRETPROBE_COMPAT := $(abspath $(or $(KRETPROBE_COMPAT),$(dir $(lastword $(MAKEFILE_LIST)))))

# Ahead of the kernel's include path: ccflags-y would come after it.
NOSTDINC_FLAGS += -I$(KRETPROBE_COMPAT)/compat-headers -I$(KRETPROBE_COMPAT)/include

ifeq ($(KRETPROBE_COMPAT_EMBED),y)
# The shim's files, linked (symbolic links) into a directory of the module
# so that Kbuild compiles them as the module's own objects.
include $(KRETPROBE_COMPAT)/shim/probes.mk
krpc_embed_dir := .kretprobe-compat
KRETPROBE_COMPAT_OBJ := $(addprefix $(krpc_embed_dir)/,$(KRPC_OBJS))
ifneq ($(src),)
krpc_embed_err := $(shell mkdir -p '$(src)/$(krpc_embed_dir)' && \
	ln -sf $(filter-out %.mod.c,$(wildcard $(KRETPROBE_COMPAT)/shim/*.[ch])) '$(src)/$(krpc_embed_dir)/' 2>&1)
ifneq ($(krpc_embed_err),)
$(error kretprobe-compat: cannot link the shim's sources into $(src)/$(krpc_embed_dir): $(krpc_embed_err))
endif
endif
$(foreach o,$(KRETPROBE_COMPAT_OBJ),$(eval CFLAGS_$(o) += -DKRPC_EMBED $(KRPC_PROBE_FLAGS)))
clean-files += $(krpc_embed_dir)

krpc_embed_mods := $(filter-out $(KRETPROBE_COMPAT_OBJ),$(obj-m))
ifeq ($(strip $(krpc_embed_mods)),)
$(error kretprobe-compat: KRETPROBE_COMPAT_EMBED := y: no module in obj-m yet; put the include line after the obj-m and <module>-y lines)
endif
# The shim's objects live in the directory: one module of it can have them.
ifneq ($(word 2,$(krpc_embed_mods)),)
$(error kretprobe-compat: KRETPROBE_COMPAT_EMBED := y: obj-m lists $(strip $(krpc_embed_mods)); one module per directory can embed the shim: give each its own directory)
endif
# krpc_embed_into(module.o): add the shim to a module made of objects.
define krpc_embed_into
ifeq ($$(strip $$($(1:.o=-y)) $$($(1:.o=-objs))),)
$$(error kretprobe-compat: KRETPROBE_COMPAT_EMBED := y: $(1) is built from $(1:.o=.c) alone, to which Kbuild cannot add the shim; name the module apart from its source: 'obj-m := $(1:.o=)_mod.o' and '$(1:.o=)_mod-y := $(1)')
endif
ifeq ($$(filter $(KRETPROBE_COMPAT_OBJ),$$($(1:.o=-y)) $$($(1:.o=-objs))),)
$(1:.o=-y) += $$(KRETPROBE_COMPAT_OBJ)
endif
endef
$(foreach m,$(krpc_embed_mods),$(eval $(call krpc_embed_into,$(m))))
else ifneq ($(abspath $(KBUILD_EXTMOD)),$(KRETPROBE_COMPAT))
# The shim's exports, unless this is the shim's own tree being built: from
# this tree's build of the shim, else from the shim DKMS built for this
# kernel (tools/dkms-post-build.sh keeps them in the DKMS tree).
# DKMS names the kernel as uname -r does: UTS_RELEASE (Debian's 6.1 headers
# have another release in include/config/kernel.release).
KRETPROBE_COMPAT_DKMS_TREE ?= /var/lib/dkms
krpc_release := $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' $(objtree)/include/generated/utsrelease.h 2>/dev/null)
krpc_dkms := $(KRETPROBE_COMPAT_DKMS_TREE)/kretprobe-compat/$(shell cat $(KRETPROBE_COMPAT)/VERSION 2>/dev/null)/$(krpc_release)
krpc_symvers := $(firstword $(wildcard $(KRETPROBE_COMPAT)/Module.symvers $(krpc_dkms)/*/Module.symvers))
ifeq ($(krpc_symvers),)
$(error kretprobe-compat: $(KRETPROBE_COMPAT)/Module.symvers is missing: build the shim first (make -C $(KRETPROBE_COMPAT) KDIR=<this kernel>), or install it with DKMS for this kernel (make dkms-install; looked in $(krpc_dkms)/), or set KRETPROBE_COMPAT_EMBED := y)
endif
KBUILD_EXTRA_SYMBOLS += $(krpc_symvers)
endif

ifeq ($(KRETPROBE_COMPAT_STRICT),y)
NOSTDINC_FLAGS += -DKRETPROBE_COMPAT_STRICT
endif
ifeq ($(KRETPROBE_COMPAT_LEGACY),y)
NOSTDINC_FLAGS += -DKRETPROBE_COMPAT_LEGACY
endif

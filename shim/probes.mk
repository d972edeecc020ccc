# SPDX-License-Identifier: GPL-2.0
#
# Feature probes of the kernel being built against, read from its headers
# (never from its version number: stable and distribution kernels carry
# backports, see docs). Each probe names the change it detects; the result
# is a -DKRPC_HAVE_* flag in KRPC_PROBE_FLAGS.
#
# Then the shim's objects for that kernel, the way backports picks its
# compat files: KRPC_OBJS, the core, one resolver (with or without
# kprobes) and the backends the kernel can serve (one fprobe object per
# era), with a -DKRPC_HAVE_*_BACKEND flag for each backend. Read by
# shim/Kbuild, by kretprobe-compat.mk for an embedded shim
# (KRETPROBE_COMPAT_EMBED, KRETPROBE_COMPAT_STRICT) and by tests/unit.

krpc_fprobe_h := $(firstword $(wildcard $(srctree)/include/linux/fprobe.h \
					 $(objtree)/include/linux/fprobe.h))
# krpc_probe(regex, flag): flag when the fprobe header matches regex.
krpc_probe = $(if $(krpc_fprobe_h),$(shell grep -qsE '$(1)' $(krpc_fprobe_h) && echo -D$(2)))

# 76d0de5729c0 "fprobe: Pass entry_data to handlers" (6.4; 6.1.60 stable)
KRPC_PROBE_FLAGS := $(call krpc_probe,entry_data_size,KRPC_HAVE_FPROBE_ENTRY_DATA)
# 39d954200bf6 "fprobe: Skip exit_handler if entry_handler returns !0" (6.4)
KRPC_PROBE_FLAGS += $(call krpc_probe,int \(\*entry_handler\)|typedef int \(\*fprobe_entry_cb\),KRPC_HAVE_FPROBE_INT_ENTRY)
# "fprobe: Pass return address to the handlers" (6.5)
KRPC_PROBE_FLAGS += $(call krpc_probe,unsigned long ret_ip,KRPC_HAVE_FPROBE_RET_IP)
# 46bc08238856 "fprobe: Use ftrace_regs in fprobe entry handler" (6.14)
KRPC_PROBE_FLAGS += $(call krpc_probe,struct ftrace_regs \*,KRPC_HAVE_FPROBE_FTRACE_REGS)

krpc_have = $(filter -DKRPC_HAVE_FPROBE_$(1),$(KRPC_PROBE_FLAGS))

KRPC_OBJS := core.o call.o pool.o params.o resolve.o

# The resolver of probe points: the kprobes core judges them where there is
# one; without kprobes, kallsyms and ftrace do (docs/semantics.md).
KRPC_OBJS += $(if $(filter y,$(CONFIG_KPROBES)),resolve_kprobes.o,resolve_ftrace.o)

# fprobe serves kretprobes where it hands per-call entry data to both
# handlers (76d0de5729c0): on rethook with pt_regs handlers (6.4-6.13,
# 6.1.60+ stable), or on fgraph with ftrace_regs handlers (6.14+).
ifeq ($(CONFIG_FPROBE)$(if $(call krpc_have,ENTRY_DATA),y),yy)
KRPC_OBJS += group.o $(if $(call krpc_have,FTRACE_REGS),fprobe_fgraph.o,fprobe_rethook.o)
KRPC_PROBE_FLAGS += -DKRPC_HAVE_FPROBE_BACKEND
endif

# The native-kretprobe backend, unless kprobes are not built, or the shim is
# embedded in a strict-mode module (which must reference no native kretprobe).
ifeq ($(CONFIG_KRETPROBES),y)
ifneq ($(KRETPROBE_COMPAT_EMBED)$(KRETPROBE_COMPAT_STRICT),yy)
KRPC_OBJS += kretprobe_native.o
KRPC_PROBE_FLAGS += -DKRPC_HAVE_KRETPROBE_BACKEND
endif
endif

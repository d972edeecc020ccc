# SPDX-License-Identifier: GPL-2.0
#
# Feature probes of the kernel being built against, read from its headers
# (never from its version number: stable and distribution kernels carry
# backports, see docs). Each probe names the change it detects; the result
# is a -DKRPC_HAVE_* flag in KRPC_PROBE_FLAGS.

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
# a2224559cbba "tracing/fprobe: Remove nr_maxactive from fprobe" (6.14)
KRPC_PROBE_FLAGS += $(call krpc_probe,nr_maxactive,KRPC_HAVE_FPROBE_NR_MAXACTIVE)

/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* Shared between the BPF programs and the loader. */
#ifndef __KRPC_RETVAL_H
#define __KRPC_RETVAL_H

#define RETVAL_MAX	64	/* calls recorded per target (a power of two) */
#define ORACLE_MAX	4096	/* kernel_clone returns recorded by the oracle */

struct retval_log {
	unsigned int n;
	long v[RETVAL_MAX];
};

#endif /* __KRPC_RETVAL_H */

/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub: sprint_symbol() answers from fake_kprobes.c's symbol table. */
#ifndef _STUB_LINUX_KALLSYMS_H
#define _STUB_LINUX_KALLSYMS_H

#include <linux/kernel.h>

#define KSYM_SYMBOL_LEN 512

/* "name+0xoff/0xsize", or the bare hex address outside every symbol. */
int sprint_symbol(char *buffer, unsigned long address);

#endif

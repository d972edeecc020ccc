/* SPDX-License-Identifier: GPL-2.0 */
/*
 * krp_multi.h - what the files of krp_embed_multi share: each of
 * krp_multi_a.c and krp_multi_b.c owns one kretprobe on a function of its
 * own, registered, fired and unregistered through the calls below.
 */
#ifndef _KRP_MULTI_H
#define _KRP_MULTI_H

#include <linux/kprobes.h>

int krp_multi_a_register(void);
int krp_multi_a_fire(int n);
int krp_multi_a_returns(void);
void krp_multi_a_unregister(void);

int krp_multi_b_register(void);
int krp_multi_b_fire(int n);
int krp_multi_b_returns(void);
void krp_multi_b_unregister(void);

#endif /* _KRP_MULTI_H */

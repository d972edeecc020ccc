/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stub: min/max. */
#ifndef _STUB_LINUX_MINMAX_H
#define _STUB_LINUX_MINMAX_H

#define max_t(type, a, b) ({ type __a = (a), __b = (b); __a > __b ? __a : __b; })
#define min_t(type, a, b) ({ type __a = (a), __b = (b); __a < __b ? __a : __b; })

#define max(a, b) ({ __typeof__(a) __ma = (a); __typeof__(b) __mb = (b); __ma > __mb ? __ma : __mb; })
#define min(a, b) ({ __typeof__(a) __ma = (a); __typeof__(b) __mb = (b); __ma < __mb ? __ma : __mb; })

#endif

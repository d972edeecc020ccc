/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stub: IS_ENABLED() for options given as -DCONFIG_FOO (value 1).
 * Force-included (-include linux/kconfig.h), as Kbuild does with the real one.
 */
#ifndef _STUB_LINUX_KCONFIG_H
#define _STUB_LINUX_KCONFIG_H

#define __stub_cfg_on_1 0,
#define __stub_cfg_second(ignored, val, ...) val
#define __stub_cfg_test(x) __stub_cfg_second(x 1, 0, 0)
#define __stub_cfg_paste(x) __stub_cfg_test(__stub_cfg_on_##x)
#define IS_ENABLED(option) __stub_cfg_paste(option)

#endif

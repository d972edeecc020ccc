// SPDX-License-Identifier: GPL-2.0
#error krp_dt_nobuild does not build, on purpose

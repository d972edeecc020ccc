// SPDX-License-Identifier: GPL-2.0
/*
 * resolve_kprobes.c - the probe point resolved by the kprobes core, on a
 * kernel with CONFIG_KPROBES (shim/probes.mk): native's answer, native's
 * error codes.
 */
#include <linux/errno.h>
#include <linux/kprobes.h>
#include <linux/slab.h>

#include "resolve.h"

/* The offset of @addr in its function, as kallsyms sees it ("sym+0x9/0x20"). */
static unsigned long krpc_sym_offset(unsigned long addr)
{
	struct krpc_sym *s = kmalloc(sizeof(*s), GFP_KERNEL);
	unsigned long off = 0;

	if (s && krpc_sym_at(addr, s))
		off = s->off;
	kfree(s);
	return off;
}

/**
 * krpc_resolve() - resolve a kretprobe's probe point, as native does
 * @rp:             the kretprobe: kp.symbol_name, kp.addr, kp.offset
 * @tmp:            filled in: the resolved kp.addr, and KPROBE_FLAG_FTRACE
 *                  where the kprobes core put it on ftrace
 * @tmp_registered: set when @tmp was left registered
 *
 * The kprobes core is the judge: a kprobe that is registered disabled is
 * never armed, so this works with kprobes turned off too, and yields
 * native's error codes. @tmp stays registered: the caller unregisters a
 * whole batch with one RCU grace period (unregister_kprobes()).
 *
 * Context: process context; may sleep.
 * Return: 0, -ENOENT for an unknown symbol, -EINVAL for both or neither of
 * symbol and address, a blacklisted or non-text address, a point that is
 * not the function's entry, or mid-instruction (native says -EINVAL where
 * the kprobes core says -EILSEQ), or another error of register_kprobe().
 */
int krpc_resolve(struct krpc_kretprobe *rp, struct kprobe *tmp,
		 bool *tmp_registered)
{
	struct kprobe at = {
		.symbol_name = rp->kp.symbol_name,
		.addr = rp->kp.addr,
		.offset = rp->kp.offset,
		.flags = KPROBE_FLAG_DISABLED,
	};
	int ret;

	*tmp = at;
	tmp->offset = 0;
	ret = register_kprobe(tmp);
	*tmp_registered = !ret;
	/* Native checks the function entry first: mid-instruction is -EINVAL. */
	if (ret == -EILSEQ)
		return -EINVAL;
	if (ret)
		return ret;
	if (!rp->kp.offset && rp->kp.addr) {
		/* An address inside a function: the same test as an offset. */
		at.offset = krpc_sym_offset((unsigned long)rp->kp.addr);
		if (!at.offset)
			return 0;
		at.addr = (void *)rp->kp.addr - at.offset;
		at.offset = 0;
		ret = register_kprobe(&at);
		if (!ret)
			unregister_kprobe(&at);
		return ret || at.addr != tmp->addr ? -EINVAL : 0;
	}
	if (!rp->kp.offset)
		return 0;
	/*
	 * A kretprobe must sit on the function entry. With IBT the kprobes
	 * core moves sym+0 past the ENDBR, so sym+4 counts as entry too: the
	 * offset is accepted exactly when it resolves to the same place.
	 */
	ret = register_kprobe(&at);
	if (!ret)
		unregister_kprobe(&at);
	if (ret == -ENOENT)
		return ret;
	if (ret || at.addr != tmp->addr)
		return -EINVAL;
	return 0;
}

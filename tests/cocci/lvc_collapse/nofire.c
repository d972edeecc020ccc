/* Conditionals that must stay: not decidable, not about kretprobes, #elif. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
	fp->entry_handler = h;
#else
	rp = get_kretprobe(ri);
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 4, 0)
	x = timer_setup();
#else
	x = init_timer();
#endif
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
	rp = ri->rp;
#elif LINUX_VERSION_CODE < KERNEL_VERSION(5, 18, 0)
	rp = get_kretprobe(ri);
#else
	rp = get_kretprobe(ri);
#endif
#if defined(CONFIG_X) && LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
	rp = ri->rp;
#endif

/* What 'kretprobe-audit --protos' prints for these targets on 6.12. */
int do_unlinkat(int dfd, struct filename *name);
long int do_sys_openat2(int dfd, const char *filename, struct open_how *how);
void tracing_on(void);

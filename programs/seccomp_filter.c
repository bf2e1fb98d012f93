/*
 * A seccomp BPF filter survives dump and restore: with PR_SET_NO_NEW_PRIVS set, the program
 * installs a filter that makes uname(2) fail with ENOLINK (SECCOMP_RET_ERRNO) and allows
 * everything else (the check protocol needs open/write/rename/sigsuspend...). Users care because
 * sandboxed services (browsers, systemd units, container runtimes) rely on their filters: a
 * restore that drops a filter silently removes the sandbox, one that installs it twice stacks it.
 * The check: uname fails with ENOLINK, /proc/self/status says Seccomp: 2, Seccomp_filters: 1 and
 * NoNewPrivs: 1.
 */
#include "criu_lab.h"
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#else
#error "add this architecture's AUDIT_ARCH"
#endif
#define FILTER_ERRNO ENOLINK

/* The value of a "Name:\t<n>" line of /proc/self/status, or -1. */
static long status_field(const char *name)
{
	char line[256];
	long v = -1;
	size_t n = strlen(name);
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static int check(char *why, size_t len)
{
	struct utsname u;
	long mode = status_field("Seccomp"), filters = status_field("Seccomp_filters"), nnp = status_field("NoNewPrivs");

	errno = 0;
	if (uname(&u) != -1 || errno != FILTER_ERRNO)
		return snprintf(why, len, "uname() is not filtered: returned with errno %d, want %d (ENOLINK)", errno, FILTER_ERRNO), 1;
	if (mode != 2)
		return snprintf(why, len, "/proc/self/status Seccomp: %ld, want 2 (filter)", mode), 1;
	/* Seccomp_filters exists since Linux 5.9; -1 means an older kernel. */
	if (filters != 1 && filters != -1)
		return snprintf(why, len, "/proc/self/status Seccomp_filters: %ld, want 1", filters), 1;
	if (nnp != 1)
		return snprintf(why, len, "/proc/self/status NoNewPrivs: %ld, want 1", nnp), 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_uname, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (FILTER_ERRNO & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };
	struct utsname u;

	cl_init(argc, argv);
	if (uname(&u))
		cl_setup_failed("uname before the filter");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		cl_setup_failed("prctl(PR_SET_NO_NEW_PRIVS)");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		cl_setup_failed("seccomp(SECCOMP_SET_MODE_FILTER)");
	cl_ready();
	return cl_serve_checks(check);
}

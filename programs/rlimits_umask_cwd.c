/*
 * Per-process attributes that are easy to forget: resource limits (RLIMIT_NOFILE soft 200,
 * RLIMIT_STACK soft 6 MiB, RLIMIT_CORE 400 KiB/4 MiB), umask 027, a cwd in a nested directory of the
 * state dir (<state>/sub/dir), a thread name set with prctl(PR_SET_NAME) and nice 7. All of them must
 * come back after restore. Users care: a restored server with the default umask creates world-readable
 * files, with a lost RLIMIT_NOFILE it behaves differently under load, with a lost cwd relative paths
 * break, and a lost name confuses ps/top-based monitoring.
 */
#include "criu_lab.h"
#include <limits.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

static struct rlimit want_nofile, want_stack, want_core;
static char want_cwd[PATH_MAX];

static int same_rlimit(char *why, size_t len, int res, const char *name, const struct rlimit *want)
{
	struct rlimit got;

	if (getrlimit(res, &got) || got.rlim_cur != want->rlim_cur || got.rlim_max != want->rlim_max)
		return snprintf(why, len, "%s is %llu/%llu, want %llu/%llu", name, (unsigned long long)got.rlim_cur,
				(unsigned long long)got.rlim_max, (unsigned long long)want->rlim_cur, (unsigned long long)want->rlim_max), 1;
	return 0;
}

static int check(char *why, size_t len)
{
	char cwd[PATH_MAX] = "", name[17] = "", line[256];
	unsigned int mask = 0777;
	FILE *f;
	int prio;

	if (same_rlimit(why, len, RLIMIT_NOFILE, "RLIMIT_NOFILE", &want_nofile) ||
	    same_rlimit(why, len, RLIMIT_STACK, "RLIMIT_STACK", &want_stack) ||
	    same_rlimit(why, len, RLIMIT_CORE, "RLIMIT_CORE", &want_core))
		return 1;
	/* Read the umask without changing it. */
	if ((f = fopen("/proc/self/status", "r"))) {
		while (fgets(line, sizeof(line), f))
			sscanf(line, "Umask: %o", &mask);
		fclose(f);
	}
	if (mask != 027)
		return snprintf(why, len, "umask is 0%o, want 027", mask), 1;
	if (!getcwd(cwd, sizeof(cwd)) || strcmp(cwd, want_cwd))
		return snprintf(why, len, "cwd is \"%s\", want \"%s\"", cwd, want_cwd), 1;
	if (prctl(PR_GET_NAME, name) || strcmp(name, "cl-renamed"))
		return snprintf(why, len, "PR_GET_NAME says \"%s\", want \"cl-renamed\"", name), 1;
	errno = 0;
	prio = getpriority(PRIO_PROCESS, 0);
	if (prio != 7 || errno)
		return snprintf(why, len, "nice is %d, want 7", prio), 1;
	return 0;
}

static void lower(int res, const char *name, rlim_t cur, rlim_t max, struct rlimit *saved)
{
	struct rlimit r;

	getrlimit(res, &r);
	/* Only lower: without CAP_SYS_RESOURCE no hard limit may be raised. */
	if (max < r.rlim_max)
		r.rlim_max = max;
	r.rlim_cur = cur < r.rlim_max ? cur : r.rlim_max;
	if (setrlimit(res, &r))
		cl_setup_failed("setrlimit %s", name);
	*saved = r;
}

int main(int argc, char **argv)
{
	cl_init(argc, argv);
	lower(RLIMIT_NOFILE, "RLIMIT_NOFILE", 200, RLIM_INFINITY, &want_nofile);
	lower(RLIMIT_STACK, "RLIMIT_STACK", 6 << 20, RLIM_INFINITY, &want_stack);
	lower(RLIMIT_CORE, "RLIMIT_CORE", 400 << 10, 4 << 20, &want_core);
	umask(027);
	if ((mkdir("sub", 0755) && errno != EEXIST) || (mkdir("sub/dir", 0755) && errno != EEXIST) || chdir("sub/dir"))
		cl_setup_failed("mkdir/chdir sub/dir");
	if (!getcwd(want_cwd, sizeof(want_cwd)))
		cl_setup_failed("getcwd");
	/* cl_ready and the verdicts use argv[1] as given; the harness passes an absolute path. */
	if (cl_dir[0] != '/')
		cl_setup_failed("state dir \"%s\" is not absolute: the verdict would follow the chdir", cl_dir);
	if (prctl(PR_SET_NAME, "cl-renamed"))
		cl_setup_failed("PR_SET_NAME");
	errno = 0;
	if (setpriority(PRIO_PROCESS, 0, 7))
		cl_setup_failed("setpriority 7");
	cl_ready();
	return cl_serve_checks(check);
}

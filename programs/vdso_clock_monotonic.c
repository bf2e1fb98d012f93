/*
 * Clocks read through the vDSO across restores: a thread spins on clock_gettime(CLOCK_MONOTONIC) and
 * clock_gettime(CLOCK_BOOTTIME) (glibc takes the vDSO path), recording the largest backwards step and
 * its last values. The tight loop makes it likely that the thread is inside the vDSO when it is seized.
 * Check: no clock ever went backwards (in the thread, and between checks, i.e. across restores); the
 * thread still runs and its clocks advance; and the vDSO agrees with the kernel: vdso <= syscall <= vdso
 * for three reads in a row (a vvar page restored as a stale copy would freeze or skew vDSO time).
 * Users care because CRIU remaps (or proxies) the vDSO and vvar on restore; if that goes wrong,
 * timeouts and rate limiters of the restored program break.
 */
#include "criu_lab.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

static const clockid_t clocks[2] = { CLOCK_MONOTONIC, CLOCK_BOOTTIME };
static const char *names[2] = { "CLOCK_MONOTONIC", "CLOCK_BOOTTIME" };
static volatile int64_t last[2], back[2], prev_check[2];
static volatile uint64_t iters;

static int64_t vdso_ns(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int64_t sys_ns(clockid_t c)
{
	struct timespec t;
	syscall(SYS_clock_gettime, c, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *spin(void *arg)
{
	(void)arg;
	for (;;) {
		for (int i = 0; i < 2; i++) {
			int64_t now = vdso_ns(clocks[i]);
			if (now < last[i] && last[i] - now > back[i])
				back[i] = last[i] - now;
			last[i] = now;
		}
		iters++;
	}
	return NULL;
}

static int check(char *why, size_t len)
{
	struct timespec pause = { 0, 200000000 };
	int64_t seen[2];
	uint64_t it = iters;

	for (int i = 0; i < 2; i++) {
		int64_t l = last[i], v1 = vdso_ns(clocks[i]), s = sys_ns(clocks[i]), v2 = vdso_ns(clocks[i]);
		if (back[i])
			return snprintf(why, len, "%s went back by %lld ns in the spinning thread", names[i], (long long)back[i]), 1;
		if (v1 < l)
			return snprintf(why, len, "%s: main reads %lld, behind the thread's %lld", names[i], (long long)v1, (long long)l), 1;
		if (v1 < prev_check[i])
			return snprintf(why, len, "%s went back by %lld ns since the last check", names[i], (long long)(prev_check[i] - v1)), 1;
		if (!(v1 <= s && s <= v2))
			return snprintf(why, len, "%s: vDSO %lld, syscall %lld, vDSO %lld are out of order", names[i],
					(long long)v1, (long long)s, (long long)v2), 1;
		prev_check[i] = v2;
		seen[i] = last[i];
	}
	while (nanosleep(&pause, &pause) && errno == EINTR)
		;
	if (iters == it)
		return snprintf(why, len, "the spinning thread does not run (%llu iterations)", (unsigned long long)it), 1;
	for (int i = 0; i < 2; i++)
		if (last[i] <= seen[i])
			return snprintf(why, len, "%s does not advance in the thread (%lld)", names[i], (long long)last[i]), 1;
	return 0;
}

int main(int argc, char **argv)
{
	pthread_t t;
	sigset_t all, old;

	cl_init(argc, argv);
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old); /* the spinning thread takes no signals */
	if (pthread_create(&t, NULL, spin, NULL))
		cl_setup_failed("pthread_create");
	sigprocmask(SIG_SETMASK, &old, NULL);
	while (!iters)
		usleep(1000);
	cl_ready();
	return cl_serve_checks(check);
}

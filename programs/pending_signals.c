/*
 * Pending signals and handlers: with SIGUSR2, SIGRTMIN+2 and SIGRTMIN+4 blocked, the process has
 *   - SIGUSR2 pending process-wide (kill),
 *   - SIGRTMIN+2 queued 3 times process-wide with sigqueue values 101, 102, 103,
 *   - SIGRTMIN+4 pending on the thread only (pthread_sigqueue, value 201),
 * and an SA_SIGINFO|SA_RESTART handler with a sa_mask for SIGUSR2 and SIGRTMIN+2.
 * A check looks at sigpending() and /proc/self/status (ShdPnd vs SigPnd), takes every signal with
 * sigtimedwait (values, order, count, si_code, si_pid), verifies the handlers, then queues the same
 * signals again so the next check (after a re-dump) sees them too.
 * Users care because a lost or duplicated queued signal breaks programs that use signals as events.
 */
#include "criu_lab.h"
#include <pthread.h>
#include <time.h>

#define RT1 (SIGRTMIN + 2)
#define RT2 (SIGRTMIN + 4)

static void handler(int sig, siginfo_t *si, void *uc) { (void)sig; (void)si; (void)uc; }

static int arm(void)
{
	union sigval v;

	if (kill(getpid(), SIGUSR2))
		return -1;
	for (int i = 0; i < 3; i++) {
		v.sival_int = 101 + i;
		if (sigqueue(getpid(), RT1, v))
			return -1;
	}
	v.sival_int = 201;
	return pthread_sigqueue(pthread_self(), RT2, v) ? -1 : 0;
}

static unsigned long long status_mask(const char *key)
{
	char line[256];
	unsigned long long m = 0;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			m = strtoull(line + strlen(key), NULL, 16);
	if (f)
		fclose(f);
	return m;
}

#define BIT(s) (1ULL << ((s) - 1))

static int take(int sig, int code, int value, char *why, size_t len)
{
	struct timespec zero = { 0, 0 };
	siginfo_t si;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	if (sigtimedwait(&set, &si, &zero) != sig)
		return snprintf(why, len, "signal %d (value %d) is not pending: %s", sig, value, strerror(errno)), 1;
	if (si.si_code != code || si.si_pid != getpid() || (code == SI_QUEUE && si.si_value.sival_int != value))
		return snprintf(why, len, "signal %d: si_code %d si_pid %d value %d, want %d %d %d", sig, si.si_code,
				si.si_pid, si.si_value.sival_int, code, getpid(), value), 1;
	return 0;
}

static int check(char *why, size_t len)
{
	unsigned long long shd = status_mask("ShdPnd:"), prv = status_mask("SigPnd:");
	struct timespec zero = { 0, 0 };
	struct sigaction sa;
	sigset_t pend, set;

	sigpending(&pend);
	if (!sigismember(&pend, SIGUSR2) || !sigismember(&pend, RT1) || !sigismember(&pend, RT2))
		return snprintf(why, len, "sigpending lacks SIGUSR2/RT+2/RT+4 (ShdPnd %llx SigPnd %llx)", shd, prv), 1;
	if ((shd & (BIT(SIGUSR2) | BIT(RT1))) != (BIT(SIGUSR2) | BIT(RT1)) || !(prv & BIT(RT2)) || (shd & BIT(RT2)))
		return snprintf(why, len, "want SIGUSR2,RT+2 shared and RT+4 per-thread: ShdPnd %llx SigPnd %llx", shd, prv), 1;
	for (int i = 0; i < 2; i++) {
		int s = i ? RT1 : SIGUSR2;
		sigaction(s, NULL, &sa);
		if (sa.sa_sigaction != handler || (sa.sa_flags & (SA_SIGINFO | SA_RESTART | SA_NODEFER)) != (SA_SIGINFO | SA_RESTART) ||
		    !sigismember(&sa.sa_mask, SIGWINCH) || !sigismember(&sa.sa_mask, SIGURG))
			return snprintf(why, len, "signal %d: handler %p flags %#x, want %p SA_SIGINFO|SA_RESTART, mask WINCH+URG",
					s, (void *)sa.sa_sigaction, sa.sa_flags, (void *)handler), 1;
	}
	for (int i = 0; i < 3; i++)
		if (take(RT1, SI_QUEUE, 101 + i, why, len))
			return 1;
	sigemptyset(&set);
	sigaddset(&set, RT1);
	if (sigtimedwait(&set, NULL, &zero) == RT1)
		return snprintf(why, len, "SIGRTMIN+2 was queued more than 3 times"), 1;
	if (take(SIGUSR2, SI_USER, 0, why, len) || take(RT2, SI_QUEUE, 201, why, len))
		return 1;
	if (arm())
		return snprintf(why, len, "cannot queue the signals again: %s", strerror(errno)), 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t block;

	cl_init(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGWINCH);
	sigaddset(&sa.sa_mask, SIGURG);
	if (sigaction(SIGUSR2, &sa, NULL) || sigaction(RT1, &sa, NULL))
		cl_setup_failed("sigaction");
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, RT1);
	sigaddset(&block, RT2);
	sigprocmask(SIG_BLOCK, &block, NULL);
	if (arm())
		cl_setup_failed("queue signals");
	cl_ready();
	return cl_serve_checks(check);
}

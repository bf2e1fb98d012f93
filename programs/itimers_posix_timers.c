/*
 * Interval timers and POSIX timers. The process arms ITIMER_REAL (1000 s), ITIMER_VIRTUAL (500 s) and
 * ITIMER_PROF (300 s), each with the same interval, and two POSIX timers after creating and deleting
 * one (so the ids CRIU must recreate are not 0,1): a periodic 100 ms CLOCK_MONOTONIC timer signalling
 * SIGRTMIN+1 with value 42, and a one-shot 1 h CLOCK_BOOTTIME timer with SIGEV_NONE.
 * After restore: the same timer ids answer, every timer is armed with its interval kept and a sane
 * remaining value, and the periodic timer still delivers signals (its count grows between checks,
 * with si_code SI_TIMER and the right value and timer id).
 * Users care because a timer that is lost or not re-armed on restore stalls a program forever.
 */
#include "criu_lab.h"
#include <sys/time.h>
#include <time.h>

#define TICK_NS 100000000L

static timer_t periodic, oneshot;
static volatile long ticks, overruns, bad_info;
static long last_ticks;
static const long itv[3] = { 1000, 500, 300 }; /* ITIMER_REAL, _VIRTUAL, _PROF */

static void on_tick(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	if (si->si_code != SI_TIMER || si->si_value.sival_int != 42)
		bad_info++;
	overruns += si->si_overrun;
	ticks++;
}

static void on_itimer(int sig) { (void)sig; }

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

static int check(char *why, size_t len)
{
	struct itimerspec its;
	struct itimerval iv;
	struct timespec pause = { 0, 10000000 };

	for (int w = 0; w < 3; w++) {
		if (getitimer(w, &iv))
			return snprintf(why, len, "getitimer(%d): %s", w, strerror(errno)), 1;
		if (iv.it_interval.tv_sec != itv[w] || iv.it_interval.tv_usec ||
		    (!iv.it_value.tv_sec && !iv.it_value.tv_usec) || iv.it_value.tv_sec > itv[w])
			return snprintf(why, len, "itimer %d: value %ld.%06ld interval %ld.%06ld, want armed <= %ld, interval %ld",
					w, iv.it_value.tv_sec, iv.it_value.tv_usec, iv.it_interval.tv_sec,
					iv.it_interval.tv_usec, itv[w], itv[w]), 1;
	}
	if (timer_gettime(periodic, &its))
		return snprintf(why, len, "timer_gettime(periodic id %ld): %s", (long)periodic, strerror(errno)), 1;
	if (ns(its.it_interval) != TICK_NS || ns(its.it_value) <= 0 || ns(its.it_value) > TICK_NS)
		return snprintf(why, len, "periodic timer: value %lld ns interval %lld ns, want (0, %ld] and %ld",
				ns(its.it_value), ns(its.it_interval), TICK_NS, TICK_NS), 1;
	if (timer_gettime(oneshot, &its))
		return snprintf(why, len, "timer_gettime(one-shot id %ld): %s", (long)oneshot, strerror(errno)), 1;
	if (ns(its.it_interval) != 0 || ns(its.it_value) <= 0 || ns(its.it_value) > 3600000000000LL)
		return snprintf(why, len, "one-shot timer: value %lld ns interval %lld ns, want (0, 1 h] and 0",
				ns(its.it_value), ns(its.it_interval)), 1;
	for (int i = 0; i < 200 && ticks <= last_ticks; i++)
		nanosleep(&pause, NULL);
	if (ticks <= last_ticks)
		return snprintf(why, len, "the periodic timer stopped: %ld signals, %ld at the last check", ticks, last_ticks), 1;
	if (bad_info)
		return snprintf(why, len, "%ld timer signals with a wrong si_code or value", bad_info), 1;
	last_ticks = ticks;
	return 0;
}

int main(int argc, char **argv)
{
	struct sigevent sev;
	struct sigaction sa;
	struct itimerspec its = { { 0, TICK_NS }, { 0, TICK_NS } }, once = { { 0, 0 }, { 3600, 0 } };
	timer_t gone;

	cl_init(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_tick;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGRTMIN + 1, &sa, NULL);
	signal(SIGALRM, on_itimer);
	signal(SIGVTALRM, on_itimer);
	signal(SIGPROF, on_itimer);
	for (int w = 0; w < 3; w++) {
		struct itimerval iv = { { itv[w], 0 }, { itv[w], 0 } };
		if (setitimer(w, &iv, NULL))
			cl_setup_failed("setitimer(%d)", w);
	}
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_NONE;
	if (timer_create(CLOCK_MONOTONIC, &sev, &gone) || timer_delete(gone))
		cl_setup_failed("timer_create/delete");
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGRTMIN + 1;
	sev.sigev_value.sival_int = 42;
	if (timer_create(CLOCK_MONOTONIC, &sev, &periodic) || timer_settime(periodic, 0, &its, NULL))
		cl_setup_failed("timer_create(CLOCK_MONOTONIC, SIGRTMIN+1)");
	sev.sigev_notify = SIGEV_NONE;
	if (timer_create(CLOCK_BOOTTIME, &sev, &oneshot) || timer_settime(oneshot, 0, &once, NULL))
		cl_setup_failed("timer_create(CLOCK_BOOTTIME, SIGEV_NONE)");
	cl_ready();
	return cl_serve_checks(check);
}

/*
 * The counter-like fds: an eventfd holding 42, a signalfd for SIGUSR2 with one SIGUSR2 pending
 * (blocked, sent to the process), and a periodic 50 ms timerfd. After restore the eventfd must still
 * read 42, the signalfd must be readable and deliver exactly one SIGUSR2, an hourly timerfd must still
 * be armed (interval 3600 s, first expiry ahead), and the 50 ms timer must still be armed with its
 * interval and keep counting expirations. Each check consumes and re-arms
 * (writes 42 back, re-sends SIGUSR2). Users care: event loops (systemd, libuv, nginx) are built on
 * these fds and hang or miss wakeups if their state is lost.
 */
#include "criu_lab.h"
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#define PERIOD_NS 50000000L
static int efd, sfd, tfd, slow;

static int check(char *why, size_t len)
{
	struct pollfd p = { .fd = sfd, .events = POLLIN };
	struct signalfd_siginfo si;
	struct itimerspec its;
	uint64_t v = 0, ticks = 0;
	sigset_t pend;

	if (read(efd, &v, sizeof(v)) != sizeof(v) || v != 42)
		return snprintf(why, len, "eventfd read %llu (%s), want 42", (unsigned long long)v, strerror(errno)), 1;
	v = 42;
	if (write(efd, &v, sizeof(v)) != sizeof(v))
		return snprintf(why, len, "eventfd re-arm: %s", strerror(errno)), 1;

	if (sigpending(&pend) || !sigismember(&pend, SIGUSR2))
		return snprintf(why, len, "SIGUSR2 is not pending"), 1;
	if (poll(&p, 1, 0) != 1 || !(p.revents & POLLIN))
		return snprintf(why, len, "signalfd not readable (revents 0x%x)", p.revents), 1;
	if (read(sfd, &si, sizeof(si)) != sizeof(si) || si.ssi_signo != SIGUSR2)
		return snprintf(why, len, "signalfd read: signo %u (%s)", si.ssi_signo, strerror(errno)), 1;
	if (read(sfd, &si, sizeof(si)) >= 0 || errno != EAGAIN)
		return snprintf(why, len, "signalfd had a second signal pending (signo %u)", si.ssi_signo), 1;
	if (kill(getpid(), SIGUSR2))
		return snprintf(why, len, "re-send SIGUSR2: %s", strerror(errno)), 1;

	/* A periodic timer whose first expiry (in an hour) is still ahead: armed, nothing pending. */
	if (timerfd_gettime(slow, &its) || its.it_interval.tv_sec != 3600 || its.it_interval.tv_nsec != 0 ||
	    its.it_value.tv_sec > 3600 || (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0))
		return snprintf(why, len, "hourly timerfd: value %lld.%09ld interval %lld.%09ld, want 0 < value <= 3600, interval 3600",
				(long long)its.it_value.tv_sec, its.it_value.tv_nsec, (long long)its.it_interval.tv_sec, its.it_interval.tv_nsec), 1;
	/* The 50 ms timer has expired, unread, before every dump (see main). */
	if (timerfd_gettime(tfd, &its) || its.it_interval.tv_sec != 0 || its.it_interval.tv_nsec != PERIOD_NS)
		return snprintf(why, len, "timerfd interval %lld.%09ld, want 0.050000000", (long long)its.it_interval.tv_sec, its.it_interval.tv_nsec), 1;
	if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
		return snprintf(why, len, "timerfd is disarmed"), 1;
	for (int round = 0; round < 2; round++) {
		usleep(120000);
		ticks = 0;
		if (read(tfd, &ticks, sizeof(ticks)) != sizeof(ticks) || ticks < 1)
			return snprintf(why, len, "timerfd round %d: %llu expirations (%s)", round, (unsigned long long)ticks, strerror(errno)), 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct itimerspec its = { .it_interval = { 0, PERIOD_NS }, .it_value = { 0, PERIOD_NS } };
	sigset_t set;

	cl_init(argc, argv);
	efd = eventfd(42, EFD_NONBLOCK);
	if (efd < 0)
		cl_setup_failed("eventfd");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		cl_setup_failed("block SIGUSR2");
	sfd = signalfd(-1, &set, SFD_NONBLOCK);
	if (sfd < 0 || kill(getpid(), SIGUSR2))
		cl_setup_failed("signalfd / kill SIGUSR2");
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	if (tfd < 0 || timerfd_settime(tfd, 0, &its, NULL))
		cl_setup_failed("timerfd");
	slow = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	its.it_interval.tv_sec = its.it_value.tv_sec = 3600;
	its.it_interval.tv_nsec = its.it_value.tv_nsec = 0;
	if (slow < 0 || timerfd_settime(slow, 0, &its, NULL))
		cl_setup_failed("hourly timerfd");
	/*
	 * Let the 50 ms timer expire unread, as it always is at a dump of an idle process: its hrtimer is
	 * then not re-armed until someone reads or calls timerfd_gettime, and fdinfo shows it_value (0, 0).
	 */
	usleep(120000);
	cl_ready();
	return cl_serve_checks(check);
}

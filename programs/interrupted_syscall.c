/*
 * Threads blocked in system calls at dump time, with a SIGUSR2 handler installed WITHOUT SA_RESTART:
 * one in nanosleep (1 h), one in read() on an empty pipe, one in waitpid() on a child of its own.
 * CRIU restarts read/wait4 (-ERESTARTSYS) transparently but cannot restart nanosleep's restart block:
 * it warns "Will restore with interrupted system call" and the thread sees EINTR (with the remaining
 * time, which it sleeps). Users hit this most: a restored program must not crash or hang there.
 * Check, per worker: it is blocked in its syscall (/proc/self/task/TID/syscall); a SIGUSR2 sent to it
 * runs the handler and makes the syscall fail with EINTR (no SA_RESTART kept); it still does its job
 * (the reader gets a byte we write, the waiter reaps its child when we kill it and forks another);
 * and it goes back to blocking in the same syscall. The sleeper's remaining time must stay <= 1 h.
 */
#include "criu_lab.h"
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

enum { SLEEPER, READER, WAITER, NW };
static const char *names[NW] = { "nanosleep", "read", "waitpid" };
static const long calls[NW][2] = { { SYS_clock_nanosleep, SYS_nanosleep }, { SYS_read, SYS_read }, { SYS_wait4, SYS_waitid } };
static struct { pthread_t t; volatile pid_t tid, child; volatile long handled, eintr, done, bad; volatile char last; } w[NW];
static __thread int me = -1;
static int pfd[2];

static void on_usr2(int sig) { (void)sig; if (me >= 0) w[me].handled++; }

static void *worker(void *arg)
{
	struct timespec full = { 3600, 0 }, req = full, rem;
	char c;
	int st;

	me = (int)(long)arg;
	w[me].tid = syscall(SYS_gettid);
	for (;;) {
		long r;
		if (me == SLEEPER) {
			r = nanosleep(&req, &rem);
			if (r && errno == EINTR && rem.tv_sec > full.tv_sec)
				w[me].bad++;
			req = (r && (rem.tv_sec || rem.tv_nsec)) ? rem : full; /* sleep what remains */
		} else if (me == READER) {
			r = read(pfd[0], &c, 1) == 1 ? (w[me].last = c, 0) : -1;
		} else {
			if (!w[me].child && (w[me].child = fork()) == 0) {
				/* Drop fds main may hold right now (its /proc/self/task/TID/syscall). */
				for (int fd = 3; fd < 256; fd++)
					close(fd);
				for (;;)
					pause();
			}
			r = waitpid(w[me].child, &st, 0) == w[me].child ? (w[me].child = 0, 0) : -1;
		}
		if (!r)
			w[me].done++;
		else if (errno == EINTR)
			w[me].eintr++;
		else
			w[me].bad++;
	}
	return NULL;
}

static long in_syscall(int i)
{
	char path[64], buf[64] = "";
	int fd, n;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", w[i].tid);
	if ((fd = open(path, O_RDONLY)) >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = 0;
		close(fd);
	}
	return buf[0] >= '0' && buf[0] <= '9' ? atol(buf) : -1;
}

/* Polls up to 3 s for cond; 1 if it became true. */
#define WAIT_FOR(cond) ({ int _n = 0; while (!(cond) && _n++ < 300) usleep(10000); (cond); })

static int blocked(int i, char *why, size_t len, const char *when)
{
	if (WAIT_FOR(in_syscall(i) == calls[i][0] || in_syscall(i) == calls[i][1]))
		return 0;
	return snprintf(why, len, "%s worker (tid %d) is not blocked in its syscall %s (syscall %ld)",
			names[i], w[i].tid, when, in_syscall(i)), 1;
}

static int check(char *why, size_t len)
{
	static char byte = 'a';

	for (int i = 0; i < NW; i++) {
		long h = w[i].handled, e = w[i].eintr, d = w[i].done;
		pid_t child = w[i].child;

		if (blocked(i, why, len, "before the signal"))
			return 1;
		pthread_kill(w[i].t, SIGUSR2);
		if (!WAIT_FOR(w[i].handled > h && w[i].eintr > e))
			return snprintf(why, len, "%s worker: SIGUSR2 handled %ld->%ld, EINTR %ld->%ld (want both to grow)",
					names[i], h, w[i].handled, e, w[i].eintr), 1;
		if (blocked(i, why, len, "after EINTR"))
			return 1;
		if (i == READER && write(pfd[1], &byte, 1) != 1)
			return snprintf(why, len, "write to the pipe: %s", strerror(errno)), 1;
		if (i == WAITER)
			kill(child, SIGKILL);
		if (i != SLEEPER && !WAIT_FOR(w[i].done > d && (i != READER || w[i].last == byte)))
			return snprintf(why, len, "%s worker did not do its job (done %ld->%ld)", names[i], d, w[i].done), 1;
		if (i != SLEEPER && blocked(i, why, len, "after its job"))
			return 1;
		if (w[i].bad)
			return snprintf(why, len, "%s worker saw %ld unexpected results", names[i], w[i].bad), 1;
	}
	byte = byte == 'z' ? 'a' : byte + 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t block, old;

	cl_init(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr2; /* no SA_RESTART: interrupted calls fail with EINTR */
	sigaction(SIGUSR2, &sa, NULL);
	if (pipe(pfd))
		cl_setup_failed("pipe");
	/* Workers get SIGUSR2 only (sent to each with pthread_kill); the harness's SIGUSR1 goes to main. */
	sigfillset(&block);
	sigdelset(&block, SIGUSR2);
	pthread_sigmask(SIG_SETMASK, &block, &old);
	for (int i = 0; i < NW; i++)
		if (pthread_create(&w[i].t, NULL, worker, (void *)(long)i))
			cl_setup_failed("pthread_create");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, NULL);
	for (int i = 0; i < NW; i++)
		if (!WAIT_FOR(in_syscall(i) == calls[i][0] || in_syscall(i) == calls[i][1]))
			cl_setup_failed("the %s worker did not block in its syscall", names[i]);
	cl_ready();
	int ret = cl_serve_checks(check);
	if (w[WAITER].child > 0)
		kill(w[WAITER].child, SIGKILL);
	return ret;
}

/*
 * Per-thread scheduling survives dump and restore: one thread in SCHED_RR at priority 10, one in
 * SCHED_BATCH with nice 7, one in SCHED_IDLE, one in SCHED_OTHER with nice 5, while the main
 * thread stays SCHED_OTHER nice 0. Users care because latency-critical or background threads of
 * a restored service would otherwise run with the wrong class or weight. CRIU keeps policy,
 * priority and nice per thread; the check reads each thread's values back (by tid).
 * The threads only sleep: the container's realtime budget is small.
 */
#include "criu_lab.h"
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>

struct want { int policy, prio, nice; const char *name; };
static const struct want wants[] = {
	{ SCHED_RR, 10, 0, "SCHED_RR/10" },
	{ SCHED_BATCH, 0, 7, "SCHED_BATCH nice 7" },
	{ SCHED_IDLE, 0, 0, "SCHED_IDLE" },
	{ SCHED_OTHER, 0, 5, "SCHED_OTHER nice 5" },
};
#define N (int)(sizeof(wants) / sizeof(wants[0]))
static volatile pid_t tids[N];
static volatile int errs[N];

static void *thread_fn(void *arg)
{
	int i = (int)(long)arg;
	const struct want *w = &wants[i];
	struct sched_param p = { .sched_priority = w->prio };

	/* nice first: SCHED_IDLE ignores it and an RT thread has no use for it. */
	if (w->nice && setpriority(PRIO_PROCESS, syscall(SYS_gettid), w->nice))
		errs[i] = errno;
	else if (sched_setscheduler(0, w->policy, &p)) /* 0 = this thread */
		errs[i] = errno;
	tids[i] = syscall(SYS_gettid);
	for (;;)
		pause();
	return NULL;
}

static int check_one(pid_t tid, const struct want *w, char *why, size_t len)
{
	struct sched_param p;
	int policy = sched_getscheduler(tid), nice;

	errno = 0;
	nice = getpriority(PRIO_PROCESS, tid);
	if (policy < 0 || sched_getparam(tid, &p) || errno)
		return snprintf(why, len, "thread %d (%s): cannot read its scheduling (errno %d)", tid, w->name, errno), 1;
	if (policy != w->policy || p.sched_priority != w->prio)
		return snprintf(why, len, "thread %d: policy %d priority %d, want %s", tid, policy, p.sched_priority, w->name), 1;
	/* The kernel keeps nice for every policy; RT and IDLE threads were left at 0. */
	if (nice != w->nice)
		return snprintf(why, len, "thread %d (%s): nice %d, want %d", tid, w->name, nice, w->nice), 1;
	return 0;
}

static int check(char *why, size_t len)
{
	static const struct want main_want = { SCHED_OTHER, 0, 0, "main thread SCHED_OTHER nice 0" };

	if (check_one(getpid(), &main_want, why, len))
		return 1;
	for (int i = 0; i < N; i++)
		if (check_one(tids[i], &wants[i], why, len))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	sigset_t all, old;
	pthread_t t;

	cl_init(argc, argv);
	/* Threads block every signal: the harness's SIGUSR1 must reach the main thread's sigsuspend. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (int i = 0; i < N; i++)
		if (pthread_create(&t, NULL, thread_fn, (void *)(long)i))
			cl_setup_failed("pthread_create");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (int i = 0; i < N; i++) {
		while (!tids[i] && !errs[i])
			usleep(1000);
		if (errs[i]) {
			errno = errs[i];
			cl_setup_failed("setting %s", wants[i].name);
		}
	}
	cl_ready();
	return cl_serve_checks(check);
}

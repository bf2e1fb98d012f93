/*
 * Restartable sequences (rseq) as glibc >= 2.35 registers them for every thread survive dump and
 * restore. Four threads (and the main thread) each check their own rseq area (thread pointer +
 * __rseq_offset): cpu_id is valid (>= 0) and agrees with the getcpu syscall, and the kernel still
 * has the area registered (registering it again with glibc's size and RSEQ_SIG fails with EBUSY,
 * which the kernel only says for an identical registration). Users care because glibc's
 * sched_getcpu and allocators like tcmalloc read cpu_id: a restore that drops the registration
 * leaves a stale cpu_id that never changes. The threads spin a little, then sleep on a pipe.
 * With a glibc older than 2.35 (no <sys/rseq.h>: the bullseye images of CRIU v3.14 .. v3.17.1) every
 * thread registers its own area instead, as librseq and tcmalloc did before glibc took it over.
 */
#include "criu_lab.h"
#include <poll.h>
#include <pthread.h>
#include <sys/syscall.h>
#if __has_include(<sys/rseq.h>)
#include <sys/rseq.h>
#define OWN_RSEQ 0
#else
#include <linux/rseq.h>
#define OWN_RSEQ 1
#define RSEQ_SIG 0x53053053
static __thread struct rseq own_rseq __attribute__((aligned(32)));
static const unsigned int __rseq_size = sizeof(struct rseq);
#endif

#define NTHREADS 4
static int wake[NTHREADS][2], done[2];
static char results[NTHREADS][200];

static struct rseq *my_rseq(void)
{
#if OWN_RSEQ
	return &own_rseq;
#else
	return (struct rseq *)((char *)__builtin_thread_pointer() + __rseq_offset);
#endif
}

/* Without glibc's registration, the calling thread registers its area; 0 when rseq is registered. */
static int register_rseq(void)
{
	return OWN_RSEQ ? (int)syscall(SYS_rseq, my_rseq(), __rseq_size, 0, RSEQ_SIG) : 0;
}

/* Checks the calling thread's rseq; "" when fine. */
static void rseq_state(char *why, size_t len)
{
	volatile struct rseq *rs = my_rseq();
	unsigned int sizes[2] = { __rseq_size, 32 }, cpu;
	int consistent = 0;

	why[0] = 0;
	for (int i = 0; i < 1000 && !consistent; i++) {
		int a = (int)rs->cpu_id;
		if (a < 0)
			return (void)snprintf(why, len, "tid %ld: rseq cpu_id is %d (not registered)", syscall(SYS_gettid), a);
		consistent = syscall(SYS_getcpu, &cpu, NULL, NULL) == 0 && (int)cpu == a && (int)rs->cpu_id == a;
	}
	if (!consistent)
		return (void)snprintf(why, len, "tid %ld: rseq cpu_id %d never matches getcpu %u", syscall(SYS_gettid), (int)rs->cpu_id, cpu);
	for (int i = 0; i < 2; i++) {
		long r = syscall(SYS_rseq, rs, sizes[i], 0, RSEQ_SIG);
		if (r == -1 && errno == EBUSY)
			return;
		if (r == 0)
			return (void)snprintf(why, len, "tid %ld: rseq was not registered (registering again succeeded)", syscall(SYS_gettid));
	}
	snprintf(why, len, "tid %ld: rseq area %p is not the registered one (EBUSY for neither size %u nor 32)",
		 syscall(SYS_gettid), (void *)rs, __rseq_size);
}

static void *thread_fn(void *arg)
{
	int i = (int)(long)arg, unregistered = register_rseq() ? errno : 0;
	char c;

	for (;;) {
		/* Spin briefly (migrations and preemptions update cpu_id), then report and sleep. */
		for (volatile unsigned long n = 0; n < 2000000; n++)
			;
		if (unregistered)
			snprintf(results[i], sizeof(results[i]), "registering rseq failed: %s", strerror(unregistered));
		else
			rseq_state(results[i], sizeof(results[i]));
		if (write(done[1], "x", 1) != 1 || read(wake[i][0], &c, 1) != 1)
			break;
	}
	return NULL;
}

/* Each thread checks itself once per round; returns the first problem. */
static int round_trip(int first, char *why, size_t len)
{
	char c;

	for (int i = 0; i < NTHREADS; i++)
		if (!first && write(wake[i][1], "x", 1) != 1)
			return snprintf(why, len, "cannot wake thread %d", i), 1;
	for (int i = 0; i < NTHREADS; i++) {
		struct pollfd p = { .fd = done[0], .events = POLLIN };
		if (poll(&p, 1, 5000) != 1 || read(done[0], &c, 1) != 1)
			return snprintf(why, len, "only %d of %d threads answered", i, NTHREADS), 1;
	}
	for (int i = 0; i < NTHREADS; i++)
		if (results[i][0])
			return snprintf(why, len, "thread %d: %s", i, results[i]), 1;
	rseq_state(why, len);
	return why[0] ? 1 : 0;
}

static int check(char *why, size_t len)
{
	return round_trip(0, why, len);
}

int main(int argc, char **argv)
{
	sigset_t all, old;
	pthread_t t;
	char why[300];

	cl_init(argc, argv);
	if (__rseq_size == 0)
		cl_setup_failed("glibc did not register rseq (__rseq_size is 0)");
	if (register_rseq())
		cl_setup_failed("rseq registration");
	if (pipe(done))
		cl_setup_failed("pipe");
	/* Threads block every signal: the harness's SIGUSR1 must reach the main thread's sigsuspend. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (int i = 0; i < NTHREADS; i++)
		if (pipe(wake[i]) || pthread_create(&t, NULL, thread_fn, (void *)(long)i))
			cl_setup_failed("pthread_create");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (round_trip(1, why, sizeof(why))) {
		errno = 0;
		cl_setup_failed("rseq before the dump: %s", why);
	}
	cl_ready();
	return cl_serve_checks(check);
}

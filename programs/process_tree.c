/*
 * A process tree with threads: root -> 2 children -> 1 grandchild each, plus 3 threads in the root.
 * After restore every process must be alive under the same parent (read from /proc, not trusted
 * from the process itself), each process must still run (its heartbeat advances), each thread must
 * still run (its own counter advances) and keep its own thread-local value (restored FS base/TLS).
 * Users care because every real service is a tree (workers, helpers) with threads: a restore that
 * re-parents a process, loses a thread or mixes up TLS breaks it silently.
 */
#include "criu_lab.h"
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define NTHREADS 3
#define NPROCS 4 /* child0, child1, grandchild0, grandchild1 */

struct shared {
	volatile pid_t pid[NPROCS], parent[NPROCS];
	volatile unsigned long beat[NPROCS];
};

static struct shared *sh;
static pid_t root;
static __thread unsigned long tls_value;
static volatile unsigned long counter[NTHREADS], tls_seen[NTHREADS], tls_bad[NTHREADS];

static unsigned long tls_want(int i) { return 0x7100000000UL + 0x1111UL * (i + 1); }

static void *worker(void *arg)
{
	int i = (int)(long)arg;

	tls_value = tls_want(i);
	for (;;) {
		if (tls_value != tls_want(i))
			tls_bad[i]++;
		tls_seen[i] = tls_value;
		counter[i]++;
		usleep(1000);
	}
	return NULL;
}

/* A process of the tree: publish pid/parent, beat until the parent is gone. */
static void live(int slot, pid_t parent)
{
	sh->pid[slot] = getpid();
	sh->parent[slot] = parent;
	while (getppid() == parent) {
		sh->beat[slot]++;
		usleep(5000);
	}
	_exit(0);
}

static pid_t ppid_of(pid_t pid)
{
	char path[64], buf[512] = "", *p;
	int ppid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((f = fopen(path, "r"))) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = 0;
		fclose(f);
	}
	if ((p = strrchr(buf, ')')))
		sscanf(p + 2, "%*c %d", &ppid);
	return ppid;
}

static int check(char *why, size_t len)
{
	unsigned long c0[NTHREADS], b0[NPROCS];
	int i;

	for (i = 0; i < NPROCS; i++) {
		pid_t want = i < 2 ? root : sh->pid[i - 2];
		if (kill(sh->pid[i], 0))
			return snprintf(why, len, "process %d (slot %d) is gone", sh->pid[i], i), 1;
		if (ppid_of(sh->pid[i]) != want)
			return snprintf(why, len, "process %d: ppid %d, want %d", sh->pid[i], ppid_of(sh->pid[i]), want), 1;
	}
	for (i = 0; i < NTHREADS; i++) {
		c0[i] = counter[i];
		if (tls_bad[i] || tls_seen[i] != tls_want(i))
			return snprintf(why, len, "thread %d: TLS value %#lx, want %#lx (%lu bad reads)",
					i, tls_seen[i], tls_want(i), tls_bad[i]), 1;
	}
	for (i = 0; i < NPROCS; i++)
		b0[i] = sh->beat[i];
	usleep(300000);
	for (i = 0; i < NTHREADS; i++)
		if (counter[i] == c0[i])
			return snprintf(why, len, "thread %d does not run (counter stuck at %lu)", i, c0[i]), 1;
	for (i = 0; i < NPROCS; i++)
		if (sh->beat[i] == b0[i])
			return snprintf(why, len, "process %d does not run (heartbeat stuck)", sh->pid[i]), 1;
	return 0;
}

int main(int argc, char **argv)
{
	pthread_t t;
	sigset_t all, old;
	int i, ret;

	cl_init(argc, argv);
	root = getpid();
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		cl_setup_failed("mmap");
	/* Threads and children start with every signal blocked: the harness's SIGUSR1 goes to main. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < 2; i++) {
		pid_t c = fork();
		if (c < 0)
			cl_setup_failed("fork");
		if (c == 0) {
			pid_t me = getpid(), g = fork();
			if (g < 0)
				_exit(1);
			if (g == 0)
				live(2 + i, me);
			live(i, root);
		}
	}
	for (i = 0; i < NTHREADS; i++)
		if (pthread_create(&t, NULL, worker, (void *)(long)i))
			cl_setup_failed("pthread_create");
	sigprocmask(SIG_SETMASK, &old, NULL);
	for (i = 0; i < NPROCS + NTHREADS; i++) { /* everyone published and beating */
		int n = 0;
		while (!(i < NPROCS ? sh->beat[i] : counter[i - NPROCS]) && n++ < 300)
			usleep(10000);
		if (n > 300)
			cl_setup_failed("process/thread %d of the tree did not come up", i);
	}
	cl_ready();
	ret = cl_serve_checks(check);
	for (i = 0; i < 2; i++)
		kill(sh->pid[i], SIGKILL);
	return ret;
}

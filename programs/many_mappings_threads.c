/*
 * Many mappings and many threads, for measuring what CRIU spends per VMA and per thread (ZDTM's
 * maps04 restore once took 56 s upstream, CRIU issue #3053). NMAPS one-page private anonymous
 * mappings, each with its own pattern, read-write and read-only in turn, each between two PROT_NONE
 * guard pages of one reservation, so no two merge (2 * NMAPS + 1 VMAs in all). NTHREADS threads each keep a pattern on their own stack and wait
 * on a condition variable. A check finds every mapping in /proc/self/maps at its address with its
 * protection, compares every word of it, and has every thread answer with its own tid (CRIU
 * restores tids) and an intact stack.
 */
#include "criu_lab.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

#define NMAPS 4096
#define NTHREADS 64
#define PG 4096UL
#define STACK_WORDS 512

static uint64_t *maps[NMAPS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t asked = PTHREAD_COND_INITIALIZER, answered = PTHREAD_COND_INITIALIZER;
static unsigned long round_no, answers;
static pid_t tids[NTHREADS];
static char problems[NTHREADS][160];

static uint64_t pat(size_t owner, size_t word)
{
	return (owner + 1) * 0x9E3779B97F4A7C15ULL ^ (word + 1) * 0xD1B54A32D192ED03ULL;
}

static int writable(int i)
{
	return i % 2 == 0;
}

static void *thread_fn(void *arg)
{
	int i = (int)(long)arg;
	volatile uint64_t stack[STACK_WORDS];
	unsigned long seen = 0;

	for (size_t k = 0; k < STACK_WORDS; k++)
		stack[k] = pat(NMAPS + i, k);
	tids[i] = (pid_t)syscall(SYS_gettid);
	pthread_mutex_lock(&lock);
	for (;;) {
		answers++;
		pthread_cond_signal(&answered);
		while (round_no == seen)
			pthread_cond_wait(&asked, &lock);
		seen = round_no;
		problems[i][0] = 0;
		if ((pid_t)syscall(SYS_gettid) != tids[i])
			snprintf(problems[i], sizeof(problems[i]), "thread %d: tid %ld, was %d", i, syscall(SYS_gettid), tids[i]);
		for (size_t k = 0; k < STACK_WORDS && !problems[i][0]; k++)
			if (stack[k] != pat(NMAPS + i, k))
				snprintf(problems[i], sizeof(problems[i]), "thread %d: stack word %zu changed", i, k);
	}
	return NULL;
}

/* Asks every thread once; 0 when all answered within 10 s. */
static int ask_threads(char *why, size_t len)
{
	struct timespec until;
	int r = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&lock);
	answers = 0;
	round_no++;
	pthread_cond_broadcast(&asked);
	while (answers < NTHREADS && r == 0)
		r = pthread_cond_timedwait(&answered, &lock, &until);
	pthread_mutex_unlock(&lock);
	if (answers < NTHREADS)
		return snprintf(why, len, "only %lu of %d threads answered within 10 s", answers, NTHREADS), 1;
	for (int i = 0; i < NTHREADS; i++)
		if (problems[i][0])
			return snprintf(why, len, "%s", problems[i]), 1;
	return 0;
}

/* Every mapping is a VMA of its own, where it was, with its protection. */
static int check_layout(char *why, size_t len)
{
	static char text[1 << 22];
	size_t n = 0, found = 0;
	ssize_t r;
	int fd = open("/proc/self/maps", O_RDONLY);

	if (fd < 0)
		return snprintf(why, len, "open /proc/self/maps: %s", strerror(errno)), 1;
	while (n < sizeof(text) - 1 && (r = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
		n += r;
	close(fd);
	text[n] = 0;
	/* Lines are sorted by address and so are the mappings' addresses (sorted below): one pass. */
	for (char *line = text; *line && found < NMAPS; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : line + strlen(line)) {
		unsigned long start, end;
		char perms[5];

		if (sscanf(line, "%lx-%lx %4s", &start, &end, perms) != 3)
			continue;
		if (found < NMAPS && (unsigned long)maps[found] < start)
			return snprintf(why, len, "mapping %zu at %p is not the start of a VMA", found, (void *)maps[found]), 1;
		if (found < NMAPS && (unsigned long)maps[found] == start) {
			const char *want = writable((int)found) ? "rw-p" : "r--p";

			if (end - start != PG || strcmp(perms, want))
				return snprintf(why, len, "mapping %zu: %lx-%lx %s, want one page %s", found, start, end, perms, want), 1;
			found++;
		}
	}
	if (found < NMAPS)
		return snprintf(why, len, "%zu of %d mappings found in /proc/self/maps", found, NMAPS), 1;
	return 0;
}

static int check(char *why, size_t len)
{
	for (int i = 0; i < NMAPS; i++)
		for (size_t k = 0; k < PG / 8; k++)
			if (maps[i][k] != pat(i, k))
				return snprintf(why, len, "mapping %d word %zu: %#llx, want %#llx", i, k,
						(unsigned long long)maps[i][k], (unsigned long long)pat(i, k)), 1;
	return check_layout(why, len) || ask_threads(why, len);
}

int main(int argc, char **argv)
{
	pthread_attr_t attr;
	char why[300], *base;

	cl_init(argc, argv);
	base = mmap(NULL, (2 * NMAPS + 1) * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		cl_setup_failed("mmap %d pages", 2 * NMAPS + 1);
	/* Mappings in address order: the layout check walks them and /proc/self/maps together. */
	for (int i = 0; i < NMAPS; i++) {
		maps[i] = (uint64_t *)(base + (2 * i + 1) * PG);
		if (mprotect(maps[i], PG, PROT_READ | PROT_WRITE))
			cl_setup_failed("mprotect %d of %d", i, NMAPS);
		for (size_t k = 0; k < PG / 8; k++)
			maps[i][k] = pat(i, k);
		if (!writable(i) && mprotect(maps[i], PG, PROT_READ))
			cl_setup_failed("mprotect %d", i);
	}
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 << 10);
	for (int i = 0; i < NTHREADS; i++) {
		pthread_t t;

		if ((errno = pthread_create(&t, &attr, thread_fn, (void *)(long)i)))
			cl_setup_failed("pthread_create %d of %d", i, NTHREADS);
	}
	if (check(why, sizeof(why))) {
		errno = 0;
		cl_setup_failed("before the dump: %s", why);
	}
	cl_ready();
	return cl_serve_checks(check);
}

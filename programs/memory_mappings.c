/*
 * The common kinds of memory mapping, each with its own pattern: private anonymous (copy-on-write
 * shared with a forked child; the parent rewrote one page after the fork, the child did not),
 * shared anonymous (shared with the child), a MAP_SHARED mapping of a file in the state dir (its fd
 * closed) and a memfd mapping (its fd kept). After restore both processes see their patterns, the
 * file and memfd contents match the mappings, and a word the parent writes in the shared anonymous
 * mapping is seen by the child (and the child's answer by the parent).
 * Users care because a restore that splits a shared mapping or loses COW contents corrupts data
 * without crashing.
 */
#include "criu_lab.h"
#include <poll.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096
#define NPG 4
#define SZ (NPG * PG)
enum { PRIV, SHAN, FILEMAP, MEMFD, NREG };
static const char *names[NREG] = { "private anon", "shared anon", "shared file", "memfd" };
static uint64_t *reg[NREG];
static volatile uint64_t *ctl; /* a page after the shared anon pattern: [0] parent's word, [1] child's answer */
static int memfd, req[2], resp[2];
static pid_t child;
static uint64_t gen = 1000;

static uint64_t pat(int seed, size_t k) { return (seed + 1) * 0x9E3779B97F4A7C15ULL ^ k * 0xD1B54A32D192ED03ULL; }

static void fill(uint64_t *p, int seed, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		p[k] = pat(seed, k);
}

/* Seed of region r as seen by `who`: the parent rewrote page 0 of its private copy with seed 9. */
static int bad_region(int r, int parent, char *why, size_t len)
{
	for (size_t k = 0; k < SZ / 8; k++) {
		int seed = (r == PRIV && parent && k < PG / 8) ? 9 : r;
		if (reg[r][k] != pat(seed, k))
			return snprintf(why, len, "%s: %s word %zu is %#llx, want %#llx", parent ? "parent" : "child",
					names[r], k, (unsigned long long)reg[r][k], (unsigned long long)pat(seed, k)), 1;
	}
	return 0;
}

static int bad_view(int parent, char *why, size_t len)
{
	static uint64_t buf[SZ / 8];
	int fd;

	for (int r = 0; r < NREG; r++)
		if (bad_region(r, parent, why, len))
			return 1;
	/* Files and mappings are the same pages. */
	if ((fd = open("mapped-file", O_RDONLY)) < 0 || pread(fd, buf, SZ, 0) != SZ || memcmp(buf, reg[FILEMAP], SZ))
		return snprintf(why, len, "mapped-file contents differ from its mapping"), 1;
	close(fd);
	if (pread(memfd, buf, SZ, 0) != SZ || memcmp(buf, reg[MEMFD], SZ))
		return snprintf(why, len, "memfd contents differ from its mapping"), 1;
	return 0;
}

static void child_loop(void)
{
	uint64_t g;
	char why[200];

	while (read(req[0], &g, sizeof(g)) == sizeof(g)) {
		memset(why, 0, sizeof(why));
		if (!bad_view(0, why, sizeof(why)) && ctl[0] != g)
			snprintf(why, sizeof(why), "child sees shared word %llu, parent wrote %llu",
				 (unsigned long long)ctl[0], (unsigned long long)g);
		if (!why[0])
			ctl[1] = g ^ 0x5a5a;
		if (write(resp[1], why, sizeof(why)) != sizeof(why))
			_exit(1);
	}
	_exit(0);
}

static int check(char *why, size_t len)
{
	char answer[200];
	struct pollfd pfd = { .fd = resp[0], .events = POLLIN };

	if (bad_view(1, why, len))
		return 1;
	ctl[0] = ++gen;
	if (write(req[1], (uint64_t *)&gen, sizeof(gen)) != sizeof(gen))
		return snprintf(why, len, "cannot ask the child: %s", strerror(errno)), 1;
	if (poll(&pfd, 1, 5000) != 1 || read(resp[0], answer, sizeof(answer)) != sizeof(answer))
		return snprintf(why, len, "the child (pid %d) did not answer", child), 1;
	if (answer[0])
		return snprintf(why, len, "%.*s", (int)sizeof(answer), answer), 1;
	if (ctl[1] != (gen ^ 0x5a5a))
		return snprintf(why, len, "parent does not see the child's answer in the shared mapping"), 1;
	return 0;
}

int main(int argc, char **argv)
{
	int fd, ret;

	cl_init(argc, argv);
	reg[PRIV] = mmap(NULL, SZ, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg[SHAN] = mmap(NULL, SZ + PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if ((fd = open("mapped-file", O_RDWR | O_CREAT | O_TRUNC, 0644)) < 0 || ftruncate(fd, SZ))
		cl_setup_failed("create mapped-file");
	reg[FILEMAP] = mmap(NULL, SZ, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if ((memfd = memfd_create("criu-lab-memfd", 0)) < 0 || ftruncate(memfd, SZ))
		cl_setup_failed("memfd_create");
	reg[MEMFD] = mmap(NULL, SZ, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	for (int r = 0; r < NREG; r++) {
		if (reg[r] == MAP_FAILED)
			cl_setup_failed("mmap %s", names[r]);
		fill(reg[r], r, 0, SZ / 8);
	}
	ctl = (volatile uint64_t *)((char *)reg[SHAN] + SZ);
	if (pipe(req) || pipe(resp))
		cl_setup_failed("pipe");
	if ((child = fork()) < 0)
		cl_setup_failed("fork");
	if (child == 0) {
		signal(SIGUSR1, SIG_IGN);
		child_loop();
	}
	fill(reg[PRIV], 9, 0, PG / 8); /* the parent's copy diverges on page 0 only */
	cl_ready();
	ret = cl_serve_checks(check);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return ret;
}

/*
 * Fault program: eats memory, 64 MiB at a time, every page touched, before it says ready. In a
 * container with a memory limit the kernel kills it there. It stops by itself at 4 GiB (well above
 * criu-lab's limit) and says so, so a missing limit fails the test instead of the host.
 */
#include "criu_lab.h"
#include <sys/mman.h>

#define CHUNK (64UL << 20)
#define CAP (4UL << 30)

static int check(char *why, size_t len)
{
	(void)why;
	(void)len;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long eaten = 0;

	cl_init(argc, argv);
	while (eaten < CAP) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			cl_setup_failed("mmap after %lu MiB", eaten >> 20);
		memset(p, 0xa5, CHUNK);
		eaten += CHUNK;
	}
	errno = 0;
	cl_setup_failed("ate %lu MiB and nothing stopped it: no memory limit", eaten >> 20);
	cl_ready();
	return cl_serve_checks(check);
}

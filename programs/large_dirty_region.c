/*
 * A 256 MiB private anonymous region, every page dirtied with a pattern derived from its page index
 * (and the word's offset in the page). After restore every word of every page must be intact.
 * Users care because real workloads (JVMs, databases, caches) dump hundreds of MiB: page-transfer
 * bugs (page-pipe splitting, iovec batching, huge pages, partial writes) only show on large regions,
 * and a single wrong page is silent corruption.
 */
#include "criu_lab.h"
#include <stdint.h>
#include <sys/mman.h>

#define REGION (256UL << 20)
#define PG 4096UL

static uint64_t *region;

static uint64_t pat(size_t page, size_t word)
{
	return (page + 1) * 0x9E3779B97F4A7C15ULL ^ (word << 52) ^ 0x00C0FFEE00000000ULL;
}

static int check(char *why, size_t len)
{
	size_t pages = REGION / PG, bad = 0, first = 0;

	for (size_t p = 0; p < pages; p++) {
		uint64_t *w = region + p * (PG / 8);
		for (size_t k = 0; k < PG / 8; k++)
			if (w[k] != pat(p, k)) {
				if (!bad++)
					first = p;
				break;
			}
	}
	if (bad)
		return snprintf(why, len, "%zu of %zu pages differ, the first is page %zu (word 0 %#llx, want %#llx)",
				bad, pages, first, (unsigned long long)region[first * (PG / 8)],
				(unsigned long long)pat(first, 0)), 1;
	return 0;
}

int main(int argc, char **argv)
{
	cl_init(argc, argv);
	region = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED)
		cl_setup_failed("mmap 256 MiB");
	for (size_t p = 0; p < REGION / PG; p++)
		for (size_t k = 0; k < PG / 8; k++)
			region[p * (PG / 8) + k] = pat(p, k);
	cl_ready();
	return cl_serve_checks(check);
}

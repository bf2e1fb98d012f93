/*
 * A region of DIRTY_MIB MiB of private anonymous memory, every byte written from a pseudo-random
 * stream seeded at start, so no page is zero or like another. A hash of each MiB is kept outside
 * the process (<state-dir>/hashes, written before ready). Each check hashes all of the region again
 * (every word, not a sample) and names the first MiB that differs. A word-wise FNV-1a step is a
 * bijection of the running hash, so one changed word always changes its MiB's hash.
 * Include it from a program that defines DIRTY_MIB (dirty_memory_64m.c, dirty_memory_512m.c).
 */
#ifndef DIRTY_MEMORY_H
#define DIRTY_MEMORY_H

#include "criu_lab.h"
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>

#define DM_MIB (1UL << 20)
#define DM_WORDS_PER_MIB (DM_MIB / 8)

static uint64_t *dm_region;

static uint64_t dm_hash_mib(const uint64_t *w)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t k = 0; k < DM_WORDS_PER_MIB; k++)
		h = (h ^ w[k]) * 0x100000001b3ULL;
	return h;
}

/* xorshift64*: fast, and never gives a zero page. */
static void dm_fill(uint64_t seed)
{
	uint64_t x = seed | 1;

	for (size_t k = 0; k < DIRTY_MIB * DM_WORDS_PER_MIB; k++) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		dm_region[k] = x * 0x2545F4914F6CDD1DULL;
	}
}

static void dm_write_hashes(void)
{
	static char text[DIRTY_MIB * 17 + 1];
	size_t off = 0;

	for (size_t m = 0; m < DIRTY_MIB; m++)
		off += snprintf(text + off, sizeof(text) - off, "%016llx\n",
				(unsigned long long)dm_hash_mib(dm_region + m * DM_WORDS_PER_MIB));
	cl_write_file("hashes", text, 0);
}

static int dm_check(char *why, size_t len)
{
	char path[4096];
	unsigned long long want;
	size_t m = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/hashes", cl_dir);
	f = fopen(path, "r");
	if (!f)
		return snprintf(why, len, "cannot open %s: %s", path, strerror(errno)), 1;
	for (; m < DIRTY_MIB && fscanf(f, "%llx", &want) == 1; m++) {
		uint64_t got = dm_hash_mib(dm_region + m * DM_WORDS_PER_MIB);

		if (got != want) {
			fclose(f);
			return snprintf(why, len, "MiB %zu of %lu differs: hash %016llx, want %016llx", m, (unsigned long)DIRTY_MIB,
					(unsigned long long)got, want), 1;
		}
	}
	fclose(f);
	if (m != DIRTY_MIB)
		return snprintf(why, len, "%s holds %zu hashes, want %lu", path, m, (unsigned long)DIRTY_MIB), 1;
	return 0;
}

static int dm_main(int argc, char **argv)
{
	cl_init(argc, argv);
	dm_region = mmap(NULL, DIRTY_MIB * DM_MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (dm_region == MAP_FAILED)
		cl_setup_failed("mmap %lu MiB", (unsigned long)DIRTY_MIB);
	dm_fill((uint64_t)time(NULL) * 0x9E3779B97F4A7C15ULL ^ (uint64_t)getpid());
	dm_write_hashes();
	cl_ready();
	return cl_serve_checks(dm_check);
}

#endif

/*
 * Files that are open (or mmap'ed) but already unlinked: CRIU saves their content as "ghost files"
 * and recreates them at restore, then unlinks them again. One deleted file is held by an fd at
 * offset 4321; another deleted file is only reachable through a MAP_SHARED mapping (its fd closed).
 * After restore the content must be intact, the fd's st_nlink must be 0, the names must not come
 * back in the state dir, and /proc/self/maps must still show the mapping as "(deleted)". Users care:
 * temp files unlinked right after creation are a common pattern (tmpfile(), databases, caches).
 */
#include "criu_lab.h"
#include <sys/mman.h>
#include <sys/stat.h>

#define SIZE 10000
#define MAPSZ 8192
static int fd;
static unsigned char *map;

static unsigned char pat(long i, int salt) { return (unsigned char)(i * 13 + salt + (i >> 9)); }

static int check(char *why, size_t len)
{
	unsigned char buf[SIZE];
	struct stat st;
	char line[512], want[64];
	int found = 0;
	FILE *f;

	if (fstat(fd, &st) || st.st_nlink != 0 || st.st_size != SIZE)
		return snprintf(why, len, "ghost fd: st_nlink %lu size %lld, want 0 and %d", (unsigned long)st.st_nlink, (long long)st.st_size, SIZE), 1;
	if (lseek(fd, 0, SEEK_CUR) != 4321)
		return snprintf(why, len, "ghost fd offset %lld, want 4321", (long long)lseek(fd, 0, SEEK_CUR)), 1;
	if (pread(fd, buf, SIZE, 0) != SIZE)
		return snprintf(why, len, "pread ghost: %s", strerror(errno)), 1;
	for (long i = 0; i < SIZE; i++)
		if (buf[i] != pat(i, 1))
			return snprintf(why, len, "ghost byte %ld is %u, want %u", i, buf[i], pat(i, 1)), 1;
	for (long i = 0; i < MAPSZ; i++)
		if (map[i] != pat(i, 2))
			return snprintf(why, len, "mapped ghost byte %ld is %u, want %u", i, map[i], pat(i, 2)), 1;
	if (access("ghost.dat", F_OK) == 0 || access("ghost-map.dat", F_OK) == 0)
		return snprintf(why, len, "a deleted file is back in the state dir"), 1;
	snprintf(want, sizeof(want), "%lx-", (unsigned long)map);
	if (!(f = fopen("/proc/self/maps", "r")))
		return snprintf(why, len, "/proc/self/maps: %s", strerror(errno)), 1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, want, strlen(want))) {
			found = 1;
			if (!strstr(line, "ghost-map.dat (deleted)"))
				found = 2, snprintf(why, len, "mapping line: %s", line);
		}
	fclose(f);
	if (found != 1)
		return found ? 1 : (snprintf(why, len, "no mapping at %p in /proc/self/maps", map), 1);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char buf[SIZE];
	int mfd;

	cl_init(argc, argv);
	for (long i = 0; i < SIZE; i++)
		buf[i] = pat(i, 1);
	fd = open("ghost.dat", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, buf, SIZE) != SIZE || lseek(fd, 4321, SEEK_SET) != 4321 || unlink("ghost.dat"))
		cl_setup_failed("ghost.dat");
	mfd = open("ghost-map.dat", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (mfd < 0 || ftruncate(mfd, MAPSZ))
		cl_setup_failed("ghost-map.dat");
	map = mmap(NULL, MAPSZ, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	if (map == MAP_FAILED)
		cl_setup_failed("mmap ghost-map.dat");
	for (long i = 0; i < MAPSZ; i++)
		map[i] = pat(i, 2);
	close(mfd);
	if (unlink("ghost-map.dat"))
		cl_setup_failed("unlink ghost-map.dat");
	cl_ready();
	return cl_serve_checks(check);
}

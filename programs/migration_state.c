/*
 * State that must travel with a process to another container or another CRIU version: a heap
 * pattern, a child connected by a pipe pair that answers requests, a file open at an offset, and a
 * counter. Linked statically so that restoring next to another image's libc tests CRIU, not libc.
 * criu-lab: static
 */
#include "criu_lab.h"
#include <sys/wait.h>

#define HEAP_SIZE (4 << 20)

static unsigned char *heap;
static int to_child, from_child, data_fd, rounds;
static pid_t child;

static void run_child(int in, int out)
{
	int n;

	while (read(in, &n, sizeof(n)) == sizeof(n)) {
		n *= 2;
		if (write(out, &n, sizeof(n)) != sizeof(n))
			_exit(1);
	}
	_exit(0);
}

static int check(char *why, size_t len)
{
	int n = ++rounds, answer = 0;
	char c;

	for (size_t i = 0; i < HEAP_SIZE; i += 4096) {
		if (heap[i] != (unsigned char)(i / 4096 * 7)) {
			snprintf(why, len, "heap page %zu changed", i / 4096);
			return 1;
		}
	}
	if (write(to_child, &n, sizeof(n)) != sizeof(n) || read(from_child, &answer, sizeof(answer)) != sizeof(answer) || answer != 2 * n) {
		snprintf(why, len, "the child answered %d to %d (errno %d)", answer, n, errno);
		return 1;
	}
	if (lseek(data_fd, 0, SEEK_CUR) != 3 || read(data_fd, &c, 1) != 1 || c != 'd' || lseek(data_fd, 3, SEEK_SET) != 3) {
		snprintf(why, len, "the data file is not at offset 3 any more");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int down[2], up[2];

	cl_init(argc, argv);
	heap = malloc(HEAP_SIZE);
	if (!heap || pipe(down) || pipe(up))
		cl_setup_failed("allocating the heap and pipes");
	for (size_t i = 0; i < HEAP_SIZE; i += 4096)
		heap[i] = (unsigned char)(i / 4096 * 7);
	child = fork();
	if (child == 0) {
		close(down[1]);
		close(up[0]);
		run_child(down[0], up[1]);
	}
	close(down[0]);
	close(up[1]);
	to_child = down[1];
	from_child = up[0];
	data_fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (data_fd < 0 || write(data_fd, "abcdefgh", 8) != 8 || lseek(data_fd, 3, SEEK_SET) != 3)
		cl_setup_failed("writing the data file");
	cl_ready();
	return cl_serve_checks(check);
}

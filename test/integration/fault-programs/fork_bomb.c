/*
 * Fault program: a fork bomb. Every process forks for ever; nothing stops the bomb but a fork that
 * fails. The first process whose fork fails tells the launcher, which kills the whole bomb and
 * reports that fork failed. A shared counter stops it at 4096 processes (far above criu-lab's pid
 * limit), so a missing limit fails the test instead of the host.
 */
#include "criu_lab.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define CAP 4096

static int check(char *why, size_t len)
{
	(void)why;
	(void)len;
	return 0;
}

int main(int argc, char **argv)
{
	int told[2], *count, err;
	pid_t bomb;
	char why;

	cl_init(argc, argv);
	count = mmap(NULL, sizeof(*count), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (count == MAP_FAILED || pipe(told))
		cl_setup_failed("mmap or pipe");
	bomb = fork();
	if (bomb < 0)
		cl_setup_failed("fork of the bomb");
	if (bomb == 0) {
		setpgid(0, 0);
		close(told[0]);
		for (;;) {
			pid_t p = __atomic_add_fetch(count, 1, __ATOMIC_SEQ_CST) > CAP ? -2 : fork();
			if (p < 0) {
				char c = p == -2 ? 'c' : (char)('0' + (errno == EAGAIN));
				if (write(told[1], &c, 1) < 0)
					_exit(1);
				pause();
			}
		}
	}
	close(told[1]);
	if (read(told[0], &why, 1) != 1)
		cl_setup_failed("the bomb died");
	kill(-bomb, SIGKILL);
	kill(bomb, SIGKILL);
	while (waitpid(bomb, NULL, 0) < 0 && errno == EINTR)
		;
	if (why == 'c') {
		errno = 0;
		cl_setup_failed("%d processes and nothing stopped the bomb: no pid limit", CAP);
	}
	err = why == '1' ? EAGAIN : 0;
	errno = err;
	cl_setup_failed("fork failed after %d fork calls", *count);
	cl_ready();
	return cl_serve_checks(check);
}

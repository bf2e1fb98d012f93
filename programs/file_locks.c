/*
 * File locks survive dump and restore (needs --file-locks on both dump and restore): a whole-file
 * flock(LOCK_EX) on flock.lck, a POSIX F_SETLK write lock on bytes 10..29 of posix.lck, and an OFD
 * F_OFD_SETLK write lock on bytes 5..14 of ofd.lck. Each check forks a helper that opens the files
 * anew and must be refused each lock (EWOULDBLOCK / EAGAIN), while a free byte range of posix.lck
 * must still be lockable (so the helper itself works). Users care: a restored daemon that lost its
 * pidfile or database lock lets a second instance in and both corrupt the data.
 */
#include "criu_lab.h"
#include <sys/file.h>
#include <sys/wait.h>

static int lockfd(int fd, int cmd, short type, off_t start, off_t n)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = n };

	return fcntl(fd, cmd, &fl);
}

/* Exit codes tell the parent what went wrong. */
static int helper(void)
{
	int a = open("flock.lck", O_RDWR), b = open("posix.lck", O_RDWR), c = open("ofd.lck", O_RDWR);

	if (a < 0 || b < 0 || c < 0)
		return 10;
	if (flock(a, LOCK_EX | LOCK_NB) == 0 || errno != EWOULDBLOCK)
		return 11;
	if (lockfd(b, F_SETLK, F_WRLCK, 20, 1) == 0 || (errno != EAGAIN && errno != EACCES))
		return 12;
	if (lockfd(b, F_SETLK, F_WRLCK, 50, 10))
		return 13;
	if (lockfd(c, F_OFD_SETLK, F_RDLCK, 14, 1) == 0 || errno != EAGAIN)
		return 14;
	if (lockfd(c, F_OFD_SETLK, F_WRLCK, 15, 5))
		return 15;
	return 0;
}

static int check(char *why, size_t len)
{
	static const char *what[] = {
		[10] = "could not open the lock files", [11] = "flock(LOCK_EX) on flock.lck was granted: the flock is lost",
		[12] = "F_SETLK on posix.lck byte 20 was granted: the POSIX lock is lost",
		[13] = "F_SETLK on free bytes 50..59 of posix.lck was refused", [14] = "F_OFD_SETLK on ofd.lck byte 14 was granted: the OFD lock is lost",
		[15] = "F_OFD_SETLK on free bytes 15..19 of ofd.lck was refused",
	};
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return snprintf(why, len, "fork: %s", strerror(errno)), 1;
	if (pid == 0)
		_exit(helper());
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return snprintf(why, len, "helper died (status 0x%x)", status), 1;
	if (WEXITSTATUS(status) == 0)
		return 0;
	if (WEXITSTATUS(status) >= 10 && WEXITSTATUS(status) <= 15)
		return snprintf(why, len, "helper: %s", what[WEXITSTATUS(status)]), 1;
	return snprintf(why, len, "helper exited %d", WEXITSTATUS(status)), 1;
}

int main(int argc, char **argv)
{
	int a, b, c;

	cl_init(argc, argv);
	a = open("flock.lck", O_RDWR | O_CREAT, 0644);
	b = open("posix.lck", O_RDWR | O_CREAT, 0644);
	c = open("ofd.lck", O_RDWR | O_CREAT, 0644);
	if (a < 0 || b < 0 || c < 0 || ftruncate(b, 100) || ftruncate(c, 100))
		cl_setup_failed("create lock files");
	if (flock(a, LOCK_EX | LOCK_NB))
		cl_setup_failed("flock");
	if (lockfd(b, F_SETLK, F_WRLCK, 10, 20))
		cl_setup_failed("F_SETLK");
	if (lockfd(c, F_OFD_SETLK, F_WRLCK, 5, 10))
		cl_setup_failed("F_OFD_SETLK");
	cl_ready();
	return cl_serve_checks(check);
}

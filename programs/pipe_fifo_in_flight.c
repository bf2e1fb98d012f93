/*
 * Data in flight in a pipe and in a FIFO survives dump and restore. The pipe holds 1000 unread bytes,
 * written by a forked child that keeps the write end (the parent holds only the read end); a FIFO in
 * the state dir, opened for reading and writing by the parent, holds 500 bytes. Each check reads back
 * exactly the data (no more), checks the child's write end still belongs to the same pipe (no POLLHUP
 * on the empty pipe, same inode through /proc/<child>/fd), then writes the data back for the next
 * check. Users care: shell pipelines and FIFO-based IPC lose or duplicate data otherwise.
 */
#include "criu_lab.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define PIPE_LEN 1000
#define FIFO_LEN 500
static int prd, child_wfd, frd, fwr;
static pid_t child;

static unsigned char pat(int i, int salt) { return (unsigned char)(i * 31 + salt); }

static int drain(char *why, size_t len, int fd, const char *name, int n, int salt)
{
	unsigned char buf[4096];
	int queued = -1, got;

	if (ioctl(fd, FIONREAD, &queued) || queued != n)
		return snprintf(why, len, "%s: FIONREAD says %d bytes queued, want %d", name, queued, n), 1;
	got = read(fd, buf, sizeof(buf));
	if (got != n)
		return snprintf(why, len, "%s: read %d bytes, want %d (%s)", name, got, n, got < 0 ? strerror(errno) : "short/long"), 1;
	for (int i = 0; i < n; i++)
		if (buf[i] != pat(i, salt))
			return snprintf(why, len, "%s: byte %d is %u, want %u", name, i, buf[i], pat(i, salt)), 1;
	return 0;
}

static int refill(int fd, int n, int salt)
{
	unsigned char buf[4096];

	for (int i = 0; i < n; i++)
		buf[i] = pat(i, salt);
	return write(fd, buf, n) == n ? 0 : -1;
}

static int check(char *why, size_t len)
{
	struct pollfd p = { .fd = prd, .events = POLLIN };
	struct stat mine, theirs;
	char path[64];
	int wfd, bad;

	if (kill(child, 0) || waitpid(child, NULL, WNOHANG) != 0)
		return snprintf(why, len, "writer child %d is gone", child), 1;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", child, child_wfd);
	if (fstat(prd, &mine) || stat(path, &theirs) || mine.st_ino != theirs.st_ino)
		return snprintf(why, len, "child's fd %d is not our pipe (ino %lu vs %lu)", child_wfd,
				(unsigned long)theirs.st_ino, (unsigned long)mine.st_ino), 1;
	if ((bad = drain(why, len, prd, "pipe", PIPE_LEN, 1)) == 0 && poll(&p, 1, 0) != 0)
		bad = snprintf(why, len, "empty pipe polls 0x%x: the child's write end was lost", p.revents);
	/* Re-arm through a new write end of the same pipe (opening the read end's /proc link for writing). */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", prd);
	wfd = open(path, O_WRONLY);
	if (wfd < 0 || refill(wfd, PIPE_LEN, 1))
		return snprintf(why, len, "re-arm pipe: %s", strerror(errno)), 1;
	close(wfd);
	if (bad)
		return 1;
	if (drain(why, len, frd, "fifo", FIFO_LEN, 2))
		return 1;
	if (refill(fwr, FIFO_LEN, 2))
		return snprintf(why, len, "re-arm fifo: %s", strerror(errno)), 1;
	return 0;
}

int main(int argc, char **argv)
{
	int p[2], queued = 0;

	cl_init(argc, argv);
	if (pipe(p))
		cl_setup_failed("pipe");
	child = fork();
	if (child < 0)
		cl_setup_failed("fork");
	if (child == 0) {
		close(p[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (refill(p[1], PIPE_LEN, 1))
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	prd = p[0];
	child_wfd = p[1];
	fcntl(prd, F_SETFL, O_NONBLOCK);
	for (int i = 0; i < 100 && queued < PIPE_LEN; i++) {
		usleep(20000);
		ioctl(prd, FIONREAD, &queued);
	}
	if (queued != PIPE_LEN)
		cl_setup_failed("child did not fill the pipe");
	if (mkfifo("fifo", 0600))
		cl_setup_failed("mkfifo");
	frd = open("fifo", O_RDONLY | O_NONBLOCK);
	fwr = open("fifo", O_WRONLY);
	if (frd < 0 || fwr < 0 || refill(fwr, FIFO_LEN, 2))
		cl_setup_failed("open/write fifo");
	cl_ready();
	return cl_serve_checks(check);
}

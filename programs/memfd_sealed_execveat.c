/*
 * A sealed memfd that a child process runs as its executable. The parent copies its own binary into a
 * memfd, seals it (F_SEAL_SHRINK|F_SEAL_GROW|F_SEAL_WRITE|F_SEAL_SEAL), and forks a child that
 * execveat(memfd, "", AT_EMPTY_PATH)s it in "--child" mode (it only waits). After restore: the seals
 * are all still set (F_GET_SEALS), writes and truncation are still refused, the content is still the
 * binary, the child is alive, /proc/<child>/exe is "/memfd:cl-self (deleted)" and the child's
 inherited fd is the same memfd. (CRIU 4.1.1/4.2.1 cannot restore a memfd exe: see the scenario file.)
 * Users care: runc, systemd and sandboxes re-exec themselves from sealed memfds (CVE-2019-5736
 * mitigation), and such containers must be checkpointable.
 */
#include "criu_lab.h"
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#define SEALS (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL)
static int mfd;
static pid_t child;
static off_t size;

static int same_as_exe(char *why, size_t len)
{
	char a[65536], b[65536];
	int fd = open("/proc/self/exe", O_RDONLY);
	off_t off = 0;
	ssize_t n;

	if (fd < 0)
		return snprintf(why, len, "open /proc/self/exe: %s", strerror(errno)), 1;
	while ((n = read(fd, a, sizeof(a))) > 0) {
		if (pread(mfd, b, n, off) != n || memcmp(a, b, n)) {
			close(fd);
			return snprintf(why, len, "memfd content differs from the binary near offset %lld", (long long)off), 1;
		}
		off += n;
	}
	close(fd);
	if (off != size)
		return snprintf(why, len, "binary is %lld bytes, memfd %lld", (long long)off, (long long)size), 1;
	return 0;
}

static int check(char *why, size_t len)
{
	char path[64], exe[256] = "";
	struct stat mine, theirs;
	int seals = fcntl(mfd, F_GET_SEALS);

	if (seals != SEALS)
		return snprintf(why, len, "F_GET_SEALS is 0x%x, want 0x%x", seals, SEALS), 1;
	if (fstat(mfd, &mine) || mine.st_size != size)
		return snprintf(why, len, "memfd size %lld, want %lld", (long long)mine.st_size, (long long)size), 1;
	if (pwrite(mfd, "x", 1, 0) >= 0 || errno != EPERM)
		return snprintf(why, len, "pwrite into the F_SEAL_WRITE memfd was not refused with EPERM (%s)", strerror(errno)), 1;
	if (ftruncate(mfd, size / 2) == 0 || errno != EPERM)
		return snprintf(why, len, "shrinking the F_SEAL_SHRINK memfd was not refused with EPERM"), 1;
	if (same_as_exe(why, len))
		return 1;
	if (kill(child, 0) || waitpid(child, NULL, WNOHANG) != 0)
		return snprintf(why, len, "child %d is gone", child), 1;
	snprintf(path, sizeof(path), "/proc/%d/exe", child);
	if (readlink(path, exe, sizeof(exe) - 1) < 0 || strncmp(exe, "/memfd:cl-self", 14))
		return snprintf(why, len, "child's exe is \"%s\", want /memfd:cl-self... (%s)", exe, strerror(errno)), 1;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", child, mfd);
	if (stat(path, &theirs) || theirs.st_ino != mine.st_ino || theirs.st_dev != mine.st_dev)
		return snprintf(why, len, "child's fd %d is not our memfd", mfd), 1;
	return 0;
}

int main(int argc, char **argv)
{
	char buf[65536];
	char *cargv[] = { argv[0], argc > 1 ? argv[1] : ".", "--child", NULL };
	extern char **environ;
	ssize_t n;
	int self;

	if (argc > 2 && !strcmp(argv[2], "--child")) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	cl_init(argc, argv);
	mfd = memfd_create("cl-self", MFD_ALLOW_SEALING | MFD_EXEC);
	if (mfd < 0 && errno == EINVAL)	/* kernels before 6.3 know no MFD_EXEC: memfds are executable anyway */
		mfd = memfd_create("cl-self", MFD_ALLOW_SEALING);
	self = open("/proc/self/exe", O_RDONLY);
	if (mfd < 0 || self < 0)
		cl_setup_failed("memfd_create / open /proc/self/exe");
	while ((n = read(self, buf, sizeof(buf))) > 0)
		if (write(mfd, buf, n) != n)
			cl_setup_failed("copy the binary into the memfd");
	close(self);
	size = lseek(mfd, 0, SEEK_END);
	if (fcntl(mfd, F_ADD_SEALS, SEALS))
		cl_setup_failed("F_ADD_SEALS");
	child = fork();
	if (child < 0)
		cl_setup_failed("fork");
	if (child == 0) {
		syscall(SYS_execveat, mfd, "", cargv, environ, AT_EMPTY_PATH);
		_exit(127);
	}
	/* Wait until the child runs the memfd (or failed to exec). */
	for (int i = 0; i < 200; i++) {
		char path[64], exe[256] = "";

		snprintf(path, sizeof(path), "/proc/%d/exe", child);
		if (readlink(path, exe, sizeof(exe) - 1) > 0 && !strncmp(exe, "/memfd:", 7))
			break;
		if (waitpid(child, NULL, WNOHANG) == child)
			cl_setup_failed("execveat(memfd) in the child failed");
		usleep(10000);
	}
	cl_ready();
	return cl_serve_checks(check);
}

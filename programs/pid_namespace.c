/*
 * A process tree with a nested pid namespace: the dumped program (in the container's pid
 * namespace) forks a child into a new pid namespace, where the child is pid 1 and has a child of
 * its own, pid 2. Users care because sandboxes (bubblewrap, unshare --fork --pid, nested
 * container runtimes, browser zygotes) create such sub-trees. After restore, getpid() inside the
 * namespace must still say 1 and 2 (asked over pipes), getppid() 0 and 1, and the outer pids must
 * be alive with NSpid "<outer> 1" and "<outer> 2".
 */
#include "criu_lab.h"
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static int req[2][2], resp[2];
static pid_t inner_init;

/* Answers "pid ppid" for every byte read; exits when the parent is gone. */
static void serve(int in)
{
	char c, line[64];

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (read(in, &c, 1) == 1) {
		snprintf(line, sizeof(line), "%d %d", getpid(), getppid());
		if (write(resp[1], line, strlen(line) + 1) < 0)
			break;
	}
	_exit(0);
}

static int ask(int who, const char *want, char *why, size_t len)
{
	struct pollfd p = { .fd = resp[0], .events = POLLIN };
	char got[64] = "";

	if (write(req[who][1], "?", 1) != 1 || poll(&p, 1, 3000) != 1 || read(resp[0], got, sizeof(got) - 1) <= 0)
		return snprintf(why, len, "no answer from the namespace's pid %d (errno %d)", who + 1, errno), 1;
	if (strcmp(got, want))
		return snprintf(why, len, "inside the namespace: getpid/getppid say \"%s\", want \"%s\"", got, want), 1;
	return 0;
}

/* /proc/<pid>/status NSpid must be "<pid>\t<inner>". */
static int nspid(pid_t pid, int inner, char *why, size_t len)
{
	char path[64], line[256], want[64];
	int ok = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	snprintf(want, sizeof(want), "NSpid:\t%d\t%d\n", pid, inner);
	if (!(f = fopen(path, "r")))
		return snprintf(why, len, "outer pid %d is gone", pid), 1;
	while (fgets(line, sizeof(line), f))
		if (!strcmp(line, want))
			ok = 1;
	fclose(f);
	return ok ? 0 : (snprintf(why, len, "%s has no line \"NSpid: %d %d\"", path, pid, inner), 1);
}

static int check(char *why, size_t len)
{
	char path[64], buf[64] = "";
	pid_t grandchild = 0;
	FILE *f;

	if (ask(0, "1 0", why, len) || ask(1, "2 1", why, len) || nspid(inner_init, 1, why, len))
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", inner_init, inner_init);
	if ((f = fopen(path, "r"))) {
		if (fgets(buf, sizeof(buf), f))
			grandchild = atoi(buf);
		fclose(f);
	}
	if (grandchild <= 0)
		return snprintf(why, len, "the namespace's init (outer pid %d) has no child", inner_init), 1;
	return nspid(grandchild, 2, why, len);
}

int main(int argc, char **argv)
{
	cl_init(argc, argv);
	if (pipe(req[0]) || pipe(req[1]) || pipe(resp))
		cl_setup_failed("pipe");
	if (unshare(CLONE_NEWPID))
		cl_setup_failed("unshare(CLONE_NEWPID)");
	inner_init = fork();
	if (inner_init < 0)
		cl_setup_failed("fork into the new pid namespace");
	if (inner_init == 0) {
		close(req[0][1]);
		close(req[1][1]);
		close(resp[0]);
		if (fork() == 0) {
			close(req[0][0]);
			serve(req[1][0]);
		}
		close(req[1][0]);
		serve(req[0][0]);
	}
	close(req[0][0]);
	close(req[1][0]);
	close(resp[1]);
	cl_ready();
	return cl_serve_checks(check);
}

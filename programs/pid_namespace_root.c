/*
 * The supported shape of a pid namespace: the dumped tree's root is the namespace's init. A
 * launcher forks a child into a new pid namespace and exits; the child (pid 1 there, its own
 * session) forks pid 2 and is the process the harness dumps (the launcher publishes its outer
 * pid). Users care because this is how criu-ns and container runtimes checkpoint: after restore
 * into a fresh pid namespace, getpid() must still be 1 and 2 inside (pid 2 asked over a pipe),
 * getppid() 0 and 1, and NSpid must show the inner pids.
 */
#include "criu_lab.h"
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>

static int req[2], resp[2];

/* "Name:\t..." line of /proc/self/status must end with "\t<inner>". */
static int nspid_ends_with(int inner)
{
	char line[256], want[32];
	int ok = 0;
	FILE *f = fopen("/proc/self/status", "r");

	snprintf(want, sizeof(want), "\t%d\n", inner);
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "NSpid:", 6) && strlen(line) > strlen(want) && !strcmp(line + strlen(line) - strlen(want), want))
			ok = 1;
	if (f)
		fclose(f);
	return ok;
}

static void serve(void)
{
	char c, line[64];

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (read(req[0], &c, 1) == 1) {
		snprintf(line, sizeof(line), "%d %d %d", getpid(), getppid(), nspid_ends_with(2));
		if (write(resp[1], line, strlen(line) + 1) < 0)
			break;
	}
	_exit(0);
}

static int check(char *why, size_t len)
{
	struct pollfd p = { .fd = resp[0], .events = POLLIN };
	char got[64] = "";

	if (getpid() != 1 || getppid() != 0 || !nspid_ends_with(1))
		return snprintf(why, len, "the namespace's init: getpid %d getppid %d, want 1 0 (and NSpid ending in 1)", getpid(), getppid()), 1;
	if (write(req[1], "?", 1) != 1 || poll(&p, 1, 3000) != 1 || read(resp[0], got, sizeof(got) - 1) <= 0)
		return snprintf(why, len, "no answer from pid 2 (errno %d)", errno), 1;
	if (strcmp(got, "2 1 1"))
		return snprintf(why, len, "pid 2 says getpid getppid nspid-ok = \"%s\", want \"2 1 1\"", got), 1;
	return 0;
}

int main(int argc, char **argv)
{
	pid_t init;
	char pid[32];
	int ready[2];

	cl_init(argc, argv);
	(void)cl_ready; /* unused: the init's own getpid() is 1, the launcher publishes its outer pid */
	if (pipe(req) || pipe(resp) || pipe(ready))
		cl_setup_failed("pipe");
	if (unshare(CLONE_NEWPID))
		cl_setup_failed("unshare(CLONE_NEWPID)");
	init = fork();
	if (init < 0)
		cl_setup_failed("fork into the new pid namespace");
	if (init > 0) {
		/* The launcher: wait until the init is set up, publish its outer pid, leave. */
		char c;
		if (read(ready[0], &c, 1) != 1)
			cl_setup_failed("the namespace's init died");
		snprintf(pid, sizeof(pid), "%d\n", init);
		cl_write_file("pid", pid, 0);
		return 0;
	}
	setsid(); /* its own session: the launcher (outside the dump) must not be its session leader */
	if (fork() == 0)
		serve();
	if (write(ready[1], "r", 1) != 1)
		return 1;
	close(ready[0]);
	close(ready[1]);
	return cl_serve_checks(check);
}

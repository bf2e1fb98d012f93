/*
 * Zombies, process groups and sessions: the root (a session leader) keeps
 *   - a child that exited with status 7 and was not waited for (a zombie),
 *   - a child in its own process group (setpgid),
 *   - a child that made its own session (setsid), with a grandchild in that session but in a
 *     process group of its own (so CRIU must restore the session leader before the group leader).
 * After restore: the zombie is still a zombie of the root with exit status 7 (looked at with
 * waitid(WNOWAIT), which does not reap, so the check repeats), and every pgid/sid is as before.
 * Users care because job control (shells, supervisors) and exit-status collection rely on these.
 */
#include "criu_lab.h"
#include <sys/wait.h>
#include <time.h>

static pid_t root, zombie, grouped, leader, member;

static void stay(void)
{
	pid_t parent = getppid();
	while (getppid() == parent)
		usleep(20000);
	_exit(0);
}

static char state_of(pid_t pid, pid_t *ppid)
{
	char path[64], buf[512], *p, st = '?';
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((fd = open(path, O_RDONLY)) < 0)
		return '-';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '-';
	buf[n] = 0;
	if ((p = strrchr(buf, ')')) && sscanf(p + 2, "%c %d", &st, ppid) == 2)
		return st;
	return '?';
}

static int want_ids(pid_t pid, pid_t pgid, pid_t sid, pid_t ppid, char *why, size_t len)
{
	pid_t got_ppid = -1;
	char st = state_of(pid, &got_ppid);

	if (st == '-' || st == 'Z' || st == 'X')
		return snprintf(why, len, "process %d is gone (state %c)", pid, st), 1;
	if (got_ppid != ppid)
		return snprintf(why, len, "process %d: ppid %d, want %d", pid, got_ppid, ppid), 1;
	if (getpgid(pid) != pgid)
		return snprintf(why, len, "process %d: pgid %d, want %d", pid, getpgid(pid), pgid), 1;
	if (getsid(pid) != sid)
		return snprintf(why, len, "process %d: sid %d, want %d", pid, getsid(pid), sid), 1;
	return 0;
}

static int check(char *why, size_t len)
{
	siginfo_t si;
	pid_t ppid = -1;
	char st = state_of(zombie, &ppid);

	if (st != 'Z' || ppid != root)
		return snprintf(why, len, "zombie %d: state %c ppid %d, want Z and %d", zombie, st, ppid, root), 1;
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, zombie, &si, WEXITED | WNOHANG | WNOWAIT))
		return snprintf(why, len, "waitid(zombie %d): %s", zombie, strerror(errno)), 1;
	if (si.si_pid != zombie || si.si_code != CLD_EXITED || si.si_status != 7)
		return snprintf(why, len, "zombie %d: waitid gives pid %d code %d status %d, want CLD_EXITED 7",
				zombie, si.si_pid, si.si_code, si.si_status), 1;
	if (getsid(0) != root || getpgid(0) != root)
		return snprintf(why, len, "root: sid %d pgid %d, want %d", getsid(0), getpgid(0), root), 1;
	return want_ids(grouped, grouped, root, root, why, len) ||
	       want_ids(leader, leader, leader, root, why, len) ||
	       want_ids(member, member, leader, leader, why, len);
}

int main(int argc, char **argv)
{
	int p[2], i;
	siginfo_t si;
	char c;

	cl_init(argc, argv);
	root = getpid();
	if (getsid(0) != root)
		cl_setup_failed("the program must start as a session leader");
	if (pipe(p))
		cl_setup_failed("pipe");

	if ((zombie = fork()) == 0)
		_exit(7);
	if ((grouped = fork()) == 0) {
		setpgid(0, 0);
		stay();
	}
	setpgid(grouped, grouped); /* both sides, so it is done whichever runs first */
	if ((leader = fork()) == 0) {
		close(p[0]);
		if (setsid() < 0)
			_exit(1);
		if (fork() == 0) {
			setpgid(0, 0);
			if (write(p[1], "m", 1) != 1)
				_exit(1);
			stay();
		}
		stay();
	}
	if (zombie < 0 || grouped < 0 || leader < 0)
		cl_setup_failed("fork");
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		cl_setup_failed("the session leader's child did not start");
	close(p[0]);
	/* The grandchild's pid: the only process whose parent is the leader. */
	for (i = 0; i < 200 && !member; i++) {
		char path[64], buf[64];
		FILE *f;
		snprintf(path, sizeof(path), "/proc/%d/task/%d/children", leader, leader);
		if ((f = fopen(path, "r"))) {
			if (fgets(buf, sizeof(buf), f))
				member = atoi(buf);
			fclose(f);
		}
		if (!member)
			usleep(10000);
	}
	if (!member || getpgid(member) != member)
		cl_setup_failed("could not find the session member");
	/* Wait (without reaping) until the zombie has exited. */
	if (waitid(P_PID, zombie, &si, WEXITED | WNOWAIT))
		cl_setup_failed("waitid(WNOWAIT)");
	cl_ready();
	i = cl_serve_checks(check);
	kill(grouped, SIGKILL);
	kill(leader, SIGKILL);
	return i;
}

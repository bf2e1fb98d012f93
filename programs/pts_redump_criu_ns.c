/*
 * Seed 000: a job running on a pty (/dev/pts/N) in its shell's session is dumped with
 * `criu-ns dump --shell-job`, restored with `criu-ns restore --shell-job` on a new terminal, and then
 * dumped again. CRIU 3.14 failed that re-dump: "Can't lookup mount=N for fd=0 path=/dev/pts/0".
 * The program checks that its stdio is still a working terminal and that it is a job of someone
 * else's session, and counts its checks across every restore.
 */
#include "criu_lab.h"
#include <termios.h>

static int checks;

static int check(char *why, size_t len)
{
	struct termios t;
	const char *name = ttyname(0);
	char line[64];

	if (!isatty(0) || !isatty(1) || tcgetattr(0, &t)) {
		snprintf(why, len, "stdin/stdout is not a terminal any more (errno %d)", errno);
		return 1;
	}
	if (!name || strncmp(name, "/dev/pts/", 9)) {
		snprintf(why, len, "stdin is %s, want a /dev/pts/N", name ? name : "(no name)");
		return 1;
	}
	if (getsid(0) == getpid()) {
		snprintf(why, len, "the job became a session leader (sid %d)", getsid(0));
		return 1;
	}
	snprintf(line, sizeof(line), "check %d on %s\r\n", ++checks, name);
	if (write(1, line, strlen(line)) < 0) {
		snprintf(why, len, "writing to the terminal failed (errno %d)", errno);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	cl_init(argc, argv);
	if (!isatty(0))
		cl_setup_failed("stdin is not a terminal: start this program as a shell job on a pty");
	/* The terminal it was started on goes away with the dump; the restored job gets a new one. */
	signal(SIGHUP, SIG_IGN);
	cl_ready();
	return cl_serve_checks(check);
}

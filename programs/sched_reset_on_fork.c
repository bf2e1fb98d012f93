/*
 * Seed 003: a process running SCHED_FIFO|SCHED_RESET_ON_FORK at priority 99 must keep both the
 * policy and the reset-on-fork flag across dump and restore. CRIU before v4.0 rejected the flag at
 * restore ("Inconsistent sched params received (1073741825.0.0)").
 */
#include "criu_lab.h"
#include <sched.h>

#define WANT_POLICY (SCHED_FIFO | SCHED_RESET_ON_FORK)
#define WANT_PRIORITY 99

static int check(char *why, size_t len)
{
	struct sched_param param;
	int policy = sched_getscheduler(0);

	if (policy != WANT_POLICY) {
		snprintf(why, len, "policy is %d, want %d (SCHED_FIFO|SCHED_RESET_ON_FORK)", policy, WANT_POLICY);
		return 1;
	}
	if (sched_getparam(0, &param) || param.sched_priority != WANT_PRIORITY) {
		snprintf(why, len, "priority is %d, want %d", param.sched_priority, WANT_PRIORITY);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sched_param param = { .sched_priority = WANT_PRIORITY };

	cl_init(argc, argv);
	if (sched_setscheduler(0, WANT_POLICY, &param))
		cl_setup_failed("sched_setscheduler(SCHED_FIFO|SCHED_RESET_ON_FORK, 99)");
	cl_ready();
	return cl_serve_checks(check);
}

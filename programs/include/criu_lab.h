/*
 * The protocol every criu-lab program follows (after CRIU's ZDTM): set up state, say ready, wait;
 * on each SIGUSR1 check your own state and append "PASS" or "FAIL: reason" to <dir>/verdict;
 * exit on SIGTERM. The runner only orchestrates: the program owns its verdict.
 *
 *   usage: program <state-dir>
 *   <state-dir>/pid      written once the state is set up (the runner waits for it)
 *   <state-dir>/verdict  one line per check
 *   <state-dir>/setup-failed  written instead of pid when the state cannot be set up
 */
#ifndef CRIU_LAB_H
#define CRIU_LAB_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*cl_check_fn)(char *why, size_t len);

static const char *cl_dir = ".";
static volatile sig_atomic_t cl_check_requested, cl_stop_requested;

static void cl_on_signal(int sig)
{
	if (sig == SIGUSR1)
		cl_check_requested = 1;
	else
		cl_stop_requested = 1;
}

static void cl_write_file(const char *name, const char *text, int append)
{
	char path[4096], tmp[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", cl_dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(append ? path : tmp, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0644);
	if (fd < 0)
		_exit(3);
	if (write(fd, text, strlen(text)) < 0)
		_exit(3);
	close(fd);
	/* A new file appears whole: the runner never reads half a pid. */
	if (!append && rename(tmp, path))
		_exit(3);
}

/*
 * The harness signals the whole process; only the main thread may take SIGUSR1/SIGTERM. Blocking
 * them here, before any thread or child exists, makes every thread inherit the block; the main
 * thread unblocks them only inside sigsuspend() in cl_serve_checks().
 */
static void cl_block_harness_signals(sigset_t *old)
{
	sigset_t block;

	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, old);
}

static void cl_init(int argc, char **argv)
{
	if (argc > 1)
		cl_dir = argv[1];
	cl_block_harness_signals(NULL);
}

/* Call when the state cannot be set up: the runner reports it as a harness error, not a CRIU failure. */
static void cl_setup_failed(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg) - 2, fmt, ap);
	va_end(ap);
	snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), " (errno %d: %s)\n", err, strerror(err));
	cl_write_file("setup-failed", msg, 0);
	exit(2);
}

/* State is set up: publish our pid so the runner may dump us. */
static void cl_ready(void)
{
	char pid[32];

	snprintf(pid, sizeof(pid), "%d\n", getpid());
	cl_write_file("pid", pid, 0);
}

/* Waits for signals; each SIGUSR1 runs check() and appends its verdict. Returns on SIGTERM. */
static int cl_serve_checks(cl_check_fn check)
{
	struct sigaction sa;
	sigset_t wait_mask;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = cl_on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* Whatever else the program blocks stays blocked; these two wake us. */
	cl_block_harness_signals(&wait_mask);
	sigdelset(&wait_mask, SIGUSR1);
	sigdelset(&wait_mask, SIGTERM);

	while (!cl_stop_requested) {
		while (!cl_check_requested && !cl_stop_requested)
			sigsuspend(&wait_mask);
		if (cl_check_requested) {
			char why[900] = "", line[1024];

			cl_check_requested = 0;
			if (check(why, sizeof(why)) == 0)
				snprintf(line, sizeof(line), "PASS\n");
			else
				snprintf(line, sizeof(line), "FAIL: %s\n", why[0] ? why : "no reason given");
			cl_write_file("verdict", line, 1);
		}
	}
	return 0;
}

#endif

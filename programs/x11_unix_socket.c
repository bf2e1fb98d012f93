/*
 * Seed 003, first half: an X server's listening unix socket at /tmp/.X11-unix/X0 and a connected
 * client, as a two-process tree. Restored in a fresh container where /tmp/.X11-unix does not exist,
 * CRIU cannot bind the socket again ("No such file or directory") until the directory is created.
 * The check exchanges data over the restored connection and makes a new connection by path.
 */
#include "criu_lab.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#define SOCK_DIR "/tmp/.X11-unix"
#define SOCK_PATH SOCK_DIR "/X0"

static int listener, server_end, round_no;
static pid_t client;

static struct sockaddr_un addr(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	strcpy(a.sun_path, SOCK_PATH);
	return a;
}

static int read_line(int fd, char *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, 3000) != 1)
		return -1;
	n = read(fd, buf, len - 1);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return 0;
}

/* The client echoes every "ping N" as "pong N" for as long as the connection lives. */
static void run_client(void)
{
	struct sockaddr_un a = addr();
	char buf[64];
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)))
		_exit(1);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);

		if (n <= 0)
			_exit(0);
		buf[n] = 0;
		buf[1] = 'o'; /* ping -> pong */
		if (write(fd, buf, n) != n)
			_exit(1);
	}
}

static int check(char *why, size_t len)
{
	struct sockaddr_un a = addr();
	char want[64], got[64];
	int fd, conn;

	if (kill(client, 0)) {
		snprintf(why, len, "the client (pid %d) is gone", client);
		return 1;
	}
	snprintf(want, sizeof(want), "ping %d", ++round_no);
	if (write(server_end, want, strlen(want)) < 0 || read_line(server_end, got, sizeof(got))) {
		snprintf(why, len, "no answer over the restored connection (errno %d)", errno);
		return 1;
	}
	want[1] = 'o';
	if (strcmp(want, got)) {
		snprintf(why, len, "the client answered \"%s\", want \"%s\"", got, want);
		return 1;
	}
	/* The listening socket must still be reachable by its path. */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		snprintf(why, len, "connect(%s) failed (errno %d)", SOCK_PATH, errno);
		return 1;
	}
	conn = accept(listener, NULL, NULL);
	close(fd);
	if (conn < 0) {
		snprintf(why, len, "accept on the restored listener failed (errno %d)", errno);
		return 1;
	}
	close(conn);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_un a = addr();

	cl_init(argc, argv);
	mkdir(SOCK_DIR, 01777);
	unlink(SOCK_PATH);
	listener = socket(AF_UNIX, SOCK_STREAM, 0);
	if (listener < 0 || bind(listener, (struct sockaddr *)&a, sizeof(a)) || listen(listener, 4))
		cl_setup_failed("listening on " SOCK_PATH);
	client = fork();
	if (client == 0)
		run_client();
	server_end = accept(listener, NULL, NULL);
	if (server_end < 0)
		cl_setup_failed("accepting the client");
	cl_ready();
	return cl_serve_checks(check);
}

/*
 * An established TCP connection over loopback, with unread data queued in both directions, and a
 * listening socket on 127.0.0.1 (random port), survive dump and restore with --tcp-established.
 * Users care because live migration of network services depends on it: after restore the queued
 * bytes must still be there, new data must flow both ways on the same connection, and the
 * listener must still accept new connections (CRIU's network lock must be lifted after restore).
 * The check drains the queues, exchanges new data, connects to the listener, then queues again.
 */
#include "criu_lab.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

static const char c2s[] = "client to server: queued before the dump";
static const char s2c[] = "server to client: also queued, a little longer";
static int listener, client, server;
static struct sockaddr_in addr;

/* Reads exactly n bytes within 3 s. */
static int read_exact(int fd, char *buf, size_t n)
{
	size_t have = 0;

	while (have < n) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 3000) != 1)
			return (int)have;
		r = recv(fd, buf + have, n - have, MSG_DONTWAIT);
		if (r <= 0)
			return (int)have;
		have += r;
	}
	return (int)have;
}

static int expect(int fd, const char *want, const char *what, char *why, size_t len)
{
	char got[128], extra;
	size_t n = strlen(want);
	int have = read_exact(fd, got, n);

	if ((size_t)have != n || memcmp(got, want, n)) {
		snprintf(why, len, "%s: got %d of %zu bytes: \"%.*s\" (errno %d)", what, have, n, have, got, errno);
		return 1;
	}
	if (recv(fd, &extra, 1, MSG_DONTWAIT) != -1 || errno != EAGAIN) {
		snprintf(why, len, "%s: more data than expected", what);
		return 1;
	}
	return 0;
}

static int send_all(int fd, const char *s)
{
	return send(fd, s, strlen(s), MSG_NOSIGNAL) == (ssize_t)strlen(s) ? 0 : -1;
}

static int listener_accepts(char *why, size_t len)
{
	struct pollfd p = { .fd = listener, .events = POLLIN };
	int c = socket(AF_INET, SOCK_STREAM, 0), a = -1, bad = 1;

	if (c < 0 || connect(c, (struct sockaddr *)&addr, sizeof(addr)))
		snprintf(why, len, "connect to the listener on port %d failed (errno %d)", ntohs(addr.sin_port), errno);
	else if (poll(&p, 1, 3000) != 1 || (a = accept(listener, NULL, NULL)) < 0)
		snprintf(why, len, "the listener did not accept a new connection (errno %d)", errno);
	else
		bad = 0;
	/*
	 * Abortive closes (RST): an orderly close by the accepted side would leave a TIME_WAIT socket
	 * on the listener's port, and CRIU's bind of the restored listener then fails with EADDRINUSE.
	 */
	if (a >= 0) {
		setsockopt(a, SOL_SOCKET, SO_LINGER, &(struct linger){ 1, 0 }, sizeof(struct linger));
		close(a);
	}
	if (c >= 0) {
		setsockopt(c, SOL_SOCKET, SO_LINGER, &(struct linger){ 1, 0 }, sizeof(struct linger));
		close(c);
	}
	return bad;
}

static int check(char *why, size_t len)
{
	if (expect(server, c2s, "queued client->server", why, len) || expect(client, s2c, "queued server->client", why, len))
		return 1;
	if (send_all(client, "ping") || send_all(server, "pong"))
		return snprintf(why, len, "sending new data failed (errno %d)", errno), 1;
	if (expect(server, "ping", "new data client->server", why, len) || expect(client, "pong", "new data server->client", why, len))
		return 1;
	if (listener_accepts(why, len))
		return 1;
	if (send_all(client, c2s) || send_all(server, s2c)) {
		snprintf(why, len, "could not queue the data again (errno %d)", errno);
		return 1;
	}
	usleep(100000); /* let loopback deliver it into the receive queues */
	return 0;
}

int main(int argc, char **argv)
{
	socklen_t alen = sizeof(addr);

	cl_init(argc, argv);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof(addr)) || listen(listener, 8) ||
	    getsockname(listener, (struct sockaddr *)&addr, &alen))
		cl_setup_failed("listening socket on 127.0.0.1");
	client = socket(AF_INET, SOCK_STREAM, 0);
	if (client < 0 || connect(client, (struct sockaddr *)&addr, sizeof(addr)) || (server = accept(listener, NULL, NULL)) < 0)
		cl_setup_failed("loopback connection");
	if (send_all(client, c2s) || send_all(server, s2c))
		cl_setup_failed("queueing data");
	usleep(100000);
	cl_ready();
	return cl_serve_checks(check);
}

/*
 * Unread data in unix socketpairs survives dump and restore: a SOCK_STREAM pair with 3 messages
 * queued one way, a SOCK_DGRAM pair with 3 datagrams queued and a SOCK_SEQPACKET pair with 3
 * records queued. Users care because programs that talk over socketpairs (workers, event loops)
 * would lose or merge messages: every byte must come back in order, and datagram/record
 * boundaries must stay where they were. The check reads everything back, then queues it again.
 */
#include "criu_lab.h"
#include <sys/socket.h>

static const char *msgs[3] = { "first message", "the second, a bit longer message", "3" };
static int stream_sk[2], dgram_sk[2], seqpacket_sk[2];

static int queue_all(int sk)
{
	for (int i = 0; i < 3; i++)
		if (send(sk, msgs[i], strlen(msgs[i]), MSG_DONTWAIT) != (ssize_t)strlen(msgs[i]))
			return -1;
	return 0;
}

/* Nothing more may be queued: a non-blocking read must say EAGAIN. */
static int drained(int sk, const char *what, char *why, size_t len)
{
	char c;
	ssize_t n = recv(sk, &c, 1, MSG_DONTWAIT);

	if (n < 0 && errno == EAGAIN)
		return 0;
	snprintf(why, len, "%s: extra data or error after the queued messages (recv=%zd, errno %d)", what, n, errno);
	return 1;
}

/* Stream: the three messages concatenated, nothing more. */
static int check_stream(char *why, size_t len)
{
	char want[256] = "", got[256];
	size_t total, have = 0;

	for (int i = 0; i < 3; i++)
		strcat(want, msgs[i]);
	total = strlen(want);
	while (have < total) {
		ssize_t n = recv(stream_sk[1], got + have, total - have, MSG_DONTWAIT);
		if (n <= 0) {
			snprintf(why, len, "stream: got %zu of %zu queued bytes (recv=%zd, errno %d)", have, total, n, errno);
			return 1;
		}
		have += n;
	}
	if (memcmp(got, want, total)) {
		snprintf(why, len, "stream: queued bytes differ: got \"%.*s\"", (int)total, got);
		return 1;
	}
	return drained(stream_sk[1], "stream", why, len);
}

/* Datagrams and records: one recv per message, each exactly one message long. */
static int check_packets(int sk, const char *what, char *why, size_t len)
{
	char got[256];

	for (int i = 0; i < 3; i++) {
		ssize_t n = recv(sk, got, sizeof(got), MSG_DONTWAIT);
		if (n < 0) {
			snprintf(why, len, "%s: message %d missing (errno %d)", what, i + 1, errno);
			return 1;
		}
		if ((size_t)n != strlen(msgs[i]) || memcmp(got, msgs[i], n)) {
			snprintf(why, len, "%s: message %d is \"%.*s\" (%zd bytes), want \"%s\"", what, i + 1, (int)n, got, n, msgs[i]);
			return 1;
		}
	}
	return drained(sk, what, why, len);
}

static int check(char *why, size_t len)
{
	int bad = check_stream(why, len) || check_packets(dgram_sk[1], "dgram", why, len) ||
		  check_packets(seqpacket_sk[1], "seqpacket", why, len);

	/* Re-arm for the next check (whatever was read, the queues are refilled from scratch). */
	if (!bad && (queue_all(stream_sk[0]) || queue_all(dgram_sk[0]) || queue_all(seqpacket_sk[0]))) {
		snprintf(why, len, "could not queue the messages again (errno %d)", errno);
		bad = 1;
	}
	return bad;
}

int main(int argc, char **argv)
{
	cl_init(argc, argv);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, stream_sk) || socketpair(AF_UNIX, SOCK_DGRAM, 0, dgram_sk) ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET, 0, seqpacket_sk))
		cl_setup_failed("socketpair");
	if (queue_all(stream_sk[0]) || queue_all(dgram_sk[0]) || queue_all(seqpacket_sk[0]))
		cl_setup_failed("queueing messages");
	cl_ready();
	return cl_serve_checks(check);
}

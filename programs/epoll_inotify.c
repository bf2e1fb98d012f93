/*
 * An epoll instance and an inotify instance keep their registrations and their readiness. epoll
 * watches a pipe read end that holds data (ready) and an eventfd at 0 (not ready): epoll_wait must
 * report exactly the pipe. inotify watches <state>/watched for IN_CREATE, and one event (creation of
 * "f1") is queued before the dump. The check notes the queue size (FIONREAD), creates "f2" (the watch
 * must report it), reads all events (want f1 then f2), and queues f1 again for the next check. Users care: file watchers (IDEs, build
 * tools, log shippers) miss changes, or spin, if these are restored wrong.
 */
#include "criu_lab.h"
#include <limits.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

static int p[2], efd, ep, ino, wd;

static int make_event(const char *path)
{
	int fd;

	unlink(path);
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	return fd < 0 ? -1 : close(fd);
}

/*
 * Reads every queued event; returns a bit mask: 1 for IN_CREATE "f1", 2 for IN_CREATE "f2" (in that
 * order), or -1 for anything else. Two names, because inotify merges an event identical to the last one.
 */
static int read_events(char *why, size_t len)
{
	char buf[4096] __attribute__((aligned(8)));
	int n = 0, got = read(ino, buf, sizeof(buf));

	if (got < 0 && errno == EAGAIN)
		return 0;
	for (int off = 0; off < got;) {
		struct inotify_event *ie = (struct inotify_event *)(buf + off);

		int bit = ie->len == 0 ? 0 : !strcmp(ie->name, "f1") ? 1 : !strcmp(ie->name, "f2") ? 2 : 0;

		if (ie->wd != wd || !(ie->mask & IN_CREATE) || !bit || bit <= n)
			return snprintf(why, len, "unexpected inotify event: wd %d mask 0x%x name \"%s\" (after 0x%x)", ie->wd,
					ie->mask, ie->len ? ie->name : "", n), -1;
		n |= bit;
		off += sizeof(*ie) + ie->len;
	}
	return n;
}

static int check(char *why, size_t len)
{
	struct epoll_event ev[4];
	int n = epoll_wait(ep, ev, 4, 0), queued = -1, events;

	if (n != 1)
		return snprintf(why, len, "epoll_wait returned %d ready fds, want 1 (the pipe)%s", n,
				n > 1 ? "; the eventfd at 0 is reported ready" : ""), 1;
	if (ev[0].data.u64 != 1 || !(ev[0].events & EPOLLIN))
		return snprintf(why, len, "epoll reports tag %llu events 0x%x, want the pipe (tag 1) EPOLLIN",
				(unsigned long long)ev[0].data.u64, ev[0].events), 1;
	/* Look at the queue without consuming, then add a fresh event: the watch must deliver it. */
	if (ioctl(ino, FIONREAD, &queued))
		return snprintf(why, len, "FIONREAD on inotify: %s", strerror(errno)), 1;
	if (make_event("watched/f2"))
		return snprintf(why, len, "create watched/f2: %s", strerror(errno)), 1;
	events = read_events(why, len);
	if (events < 0)
		return 1;
	if (!(events & 2))
		return snprintf(why, len, "creating watched/f2 queued no inotify event: the watch is gone"), 1;
	/* Re-arm before judging the old event: the next check needs the f1 event queued. */
	if (make_event("watched/f1"))
		return snprintf(why, len, "re-arm watched/f1: %s", strerror(errno)), 1;
	if (!(events & 1))
		return snprintf(why, len, "the IN_CREATE f1 event queued before the dump is gone (FIONREAD said %d bytes; "
				"the watch itself works: creating f2 was reported)", queued), 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct epoll_event e = { .events = EPOLLIN };
	int queued = 0;

	cl_init(argc, argv);
	efd = eventfd(0, EFD_NONBLOCK);
	ep = epoll_create1(0);
	if (pipe(p) || efd < 0 || ep < 0 || write(p[1], "x", 1) != 1)
		cl_setup_failed("pipe/eventfd/epoll");
	e.data.u64 = 1;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e))
		cl_setup_failed("epoll_ctl pipe");
	e.data.u64 = 2;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, efd, &e))
		cl_setup_failed("epoll_ctl eventfd");
	if (mkdir("watched", 0755) && errno != EEXIST)
		cl_setup_failed("mkdir watched");
	ino = inotify_init1(IN_NONBLOCK);
	if (ino < 0 || (wd = inotify_add_watch(ino, "watched", IN_CREATE)) < 0)
		cl_setup_failed("inotify");
	if (make_event("watched/f1") || ioctl(ino, FIONREAD, &queued) || queued <= 0)
		cl_setup_failed("queue an inotify event");
	cl_ready();
	return cl_serve_checks(check);
}

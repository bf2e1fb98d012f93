/*
 * Regular files open at chosen offsets, with different access modes and flags, survive dump and
 * restore: an O_RDWR fd at offset 1234, an O_RDONLY|O_NONBLOCK fd at 777, an O_WRONLY|O_APPEND fd,
 * a dup() of the O_RDWR fd that must still SHARE its offset (one open file description), and an
 * O_CLOEXEC fd that must keep FD_CLOEXEC (while the others must not have it). Users care because a
 * restored database or logger that writes at the wrong offset, or appends without O_APPEND, silently
 * corrupts its files; a lost FD_CLOEXEC leaks fds into children.
 */
#include "criu_lab.h"

#define SIZE 8192
static int fd_rw, fd_ro, fd_app, fd_dup, fd_cx;

static unsigned char pattern(off_t i) { return (unsigned char)(i * 7 + (i >> 8)); }

static int want(char *why, size_t len, int fd, const char *name, off_t off, int accmode, int flbits, int cloexec)
{
	off_t cur = lseek(fd, 0, SEEK_CUR);
	int fl = fcntl(fd, F_GETFL), fdfl = fcntl(fd, F_GETFD);

	if (cur != off)
		return snprintf(why, len, "%s (fd %d): offset %lld, want %lld", name, fd, (long long)cur, (long long)off), 1;
	if (fl < 0 || (fl & O_ACCMODE) != accmode || (fl & flbits) != flbits)
		return snprintf(why, len, "%s (fd %d): F_GETFL 0%o, want access mode 0%o with bits 0%o", name, fd, fl, accmode, flbits), 1;
	if (flbits == 0 && (fl & (O_APPEND | O_NONBLOCK)))
		return snprintf(why, len, "%s (fd %d): F_GETFL 0%o has unexpected O_APPEND/O_NONBLOCK", name, fd, fl), 1;
	if (fdfl < 0 || !!(fdfl & FD_CLOEXEC) != cloexec)
		return snprintf(why, len, "%s (fd %d): F_GETFD %d, want FD_CLOEXEC=%d", name, fd, fdfl, cloexec), 1;
	return 0;
}

static int check(char *why, size_t len)
{
	unsigned char buf[SIZE];
	char app[64] = "";

	if (want(why, len, fd_rw, "data.bin O_RDWR", 1234, O_RDWR, 0, 0) ||
	    want(why, len, fd_dup, "dup of O_RDWR", 1234, O_RDWR, 0, 0) ||
	    want(why, len, fd_ro, "data.bin O_RDONLY|O_NONBLOCK", 777, O_RDONLY, O_NONBLOCK, 0) ||
	    want(why, len, fd_app, "log.txt O_WRONLY|O_APPEND", 12, O_WRONLY, O_APPEND, 0) ||
	    want(why, len, fd_cx, "cloexec.txt O_RDWR|O_CLOEXEC", 3, O_RDWR, 0, 1))
		return 1;
	/* The dup shares the open file description: moving one moves the other. */
	lseek(fd_rw, 4000, SEEK_SET);
	if (lseek(fd_dup, 0, SEEK_CUR) != 4000)
		return snprintf(why, len, "dup no longer shares the offset of fd %d (dup at %lld after seeking the original to 4000)",
				fd_rw, (long long)lseek(fd_dup, 0, SEEK_CUR)), 1;
	lseek(fd_dup, 1234, SEEK_SET);
	if (pread(fd_ro, buf, SIZE, 0) != SIZE)
		return snprintf(why, len, "pread data.bin: %s", strerror(errno)), 1;
	for (off_t i = 0; i < SIZE; i++)
		if (buf[i] != pattern(i))
			return snprintf(why, len, "data.bin byte %lld is %u, want %u", (long long)i, buf[i], pattern(i)), 1;
	int fd = open("log.txt", O_RDONLY);
	if (fd < 0 || read(fd, app, sizeof(app) - 1) < 0 || strcmp(app, "line1\nline2\n"))
		return snprintf(why, len, "log.txt holds \"%s\", want \"line1\\nline2\\n\"", app), 1;
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char buf[SIZE];

	cl_init(argc, argv);
	for (off_t i = 0; i < SIZE; i++)
		buf[i] = pattern(i);
	fd_rw = open("data.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd_rw < 0 || write(fd_rw, buf, SIZE) != SIZE || lseek(fd_rw, 1234, SEEK_SET) != 1234)
		cl_setup_failed("data.bin");
	fd_dup = dup(fd_rw);
	fd_ro = open("data.bin", O_RDONLY | O_NONBLOCK);
	if (fd_dup < 0 || fd_ro < 0 || lseek(fd_ro, 777, SEEK_SET) != 777)
		cl_setup_failed("dup / O_RDONLY open");
	fd_app = open("log.txt", O_WRONLY | O_APPEND | O_CREAT | O_TRUNC, 0644);
	if (fd_app < 0 || write(fd_app, "line1\n", 6) != 6 || lseek(fd_app, 0, SEEK_SET) != 0 || write(fd_app, "line2\n", 6) != 6)
		cl_setup_failed("log.txt O_APPEND");
	/* O_APPEND put the second line at the end, whatever the lseek said: the offset is 12. */
	fd_cx = open("cloexec.txt", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd_cx < 0 || write(fd_cx, "abc", 3) != 3)
		cl_setup_failed("cloexec.txt");
	cl_ready();
	return cl_serve_checks(check);
}

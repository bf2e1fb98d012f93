/*
 * Cloning (criu-ns): one checkpoint restored several times at once, each copy in its own pid
 * namespace, as services do for warm-started workers. The copies start identical; only after the
 * restore can they tell themselves apart. On every check a copy writes its own file, named after its
 * pid namespace, with its pid there and a counter carried across the checkpoint, and checks that no
 * other copy has touched it.
 */
#include "criu_lab.h"
#include <sys/stat.h>

static int counter = 1000; /* kept across the checkpoint: every copy starts from the dumped value */
static pid_t pid_at_start;
static char last_written[128];

static int check(char *why, size_t len)
{
	char path[160], text[128], back[128] = "";
	struct stat ns;
	ssize_t n;
	int fd;

	if (getpid() != pid_at_start) {
		snprintf(why, len, "pid is %d in this copy's namespace, want the dumped %d", getpid(), pid_at_start);
		return 1;
	}
	if (stat("/proc/self/ns/pid", &ns)) {
		snprintf(why, len, "stat /proc/self/ns/pid failed (errno %d)", errno);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/copy-%lu", cl_dir, (unsigned long)ns.st_ino);
	/* What we wrote last time must still be there: another copy writing our file would show. */
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		n = read(fd, back, sizeof(back) - 1);
		close(fd);
		back[n > 0 ? n : 0] = 0;
		if (last_written[0] && strcmp(back, last_written)) {
			snprintf(why, len, "%s holds \"%s\", this copy wrote \"%s\"", path, back, last_written);
			return 1;
		}
	}
	snprintf(text, sizeof(text), "pid=%d counter=%d\n", getpid(), ++counter);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		snprintf(why, len, "writing %s failed (errno %d)", path, errno);
		return 1;
	}
	close(fd);
	strcpy(last_written, text);
	return 0;
}

int main(int argc, char **argv)
{
	cl_init(argc, argv);
	pid_at_start = getpid();
	cl_ready();
	return cl_serve_checks(check);
}

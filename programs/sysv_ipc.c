/*
 * SysV IPC objects survive dump and restore: a shared memory segment attached with a pattern, a
 * semaphore set with distinct values, and a message queue holding 3 messages. Users care because
 * databases and legacy servers keep their state there. CRIU saves SysV objects only as part of an
 * IPC namespace it dumps, i.e. when the dumped root task has an IPC namespace of its own (one
 * shared with criu is left alone, see criu/namespaces.c "If root task lives in the same namespace
 * as criu does ... we do NOT dump this namespace"). So the program first enters a new IPC
 * namespace (unshare(CLONE_NEWIPC)), and CRIU dumps and recreates that namespace.
 * The check compares everything and sends the received messages again.
 */
#include "criu_lab.h"
#include <sched.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#define SHM_SIZE (3 * 4096)
#define NSEMS 4

union semun { int val; struct semid_ds *buf; unsigned short *array; };
struct msg { long mtype; char text[64]; };

static const unsigned short sem_values[NSEMS] = { 0, 1, 7, 32000 };
static const struct msg msgs[3] = { { 3, "three" }, { 1, "one, sent second" }, { 2, "two, sent last" } };
static int shmid, semid, msqid;
static unsigned char *shm;

static unsigned char pattern(size_t i) { return (unsigned char)(i * 7 + i / 4096); }

static int send_msgs(void)
{
	for (int i = 0; i < 3; i++)
		if (msgsnd(msqid, &msgs[i], strlen(msgs[i].text) + 1, IPC_NOWAIT))
			return -1;
	return 0;
}

static int check(char *why, size_t len)
{
	unsigned short vals[NSEMS];
	struct shmid_ds ds;
	struct msg m;

	for (size_t i = 0; i < SHM_SIZE; i++)
		if (shm[i] != pattern(i))
			return snprintf(why, len, "shm byte %zu is %u, want %u", i, shm[i], pattern(i)), 1;
	if (shmctl(shmid, IPC_STAT, &ds) || ds.shm_segsz != SHM_SIZE || ds.shm_nattch != 1)
		return snprintf(why, len, "shm %d: stat failed or size %zu nattch %lu (errno %d)", shmid,
				(size_t)ds.shm_segsz, (unsigned long)ds.shm_nattch, errno), 1;
	if (semctl(semid, 0, GETALL, (union semun){ .array = vals }))
		return snprintf(why, len, "semctl(%d, GETALL) failed (errno %d)", semid, errno), 1;
	for (int i = 0; i < NSEMS; i++)
		if (vals[i] != sem_values[i])
			return snprintf(why, len, "semaphore %d is %u, want %u", i, vals[i], sem_values[i]), 1;
	for (int i = 0; i < 3; i++) {
		ssize_t n = msgrcv(msqid, &m, sizeof(m.text), 0, IPC_NOWAIT);
		if (n < 0)
			return snprintf(why, len, "message %d missing from queue %d (errno %d)", i + 1, msqid, errno), 1;
		if (m.mtype != msgs[i].mtype || strcmp(m.text, msgs[i].text) || (size_t)n != strlen(msgs[i].text) + 1)
			return snprintf(why, len, "message %d is type %ld \"%.*s\", want type %ld \"%s\"", i + 1, m.mtype,
					(int)n, m.text, msgs[i].mtype, msgs[i].text), 1;
	}
	if (msgrcv(msqid, &m, sizeof(m.text), 0, IPC_NOWAIT) >= 0 || errno != ENOMSG)
		return snprintf(why, len, "the queue holds more than 3 messages"), 1;
	if (send_msgs())
		return snprintf(why, len, "could not send the messages again (errno %d)", errno), 1;
	return 0;
}

int main(int argc, char **argv)
{
	cl_init(argc, argv);
	if (unshare(CLONE_NEWIPC))
		cl_setup_failed("unshare(CLONE_NEWIPC)");
	shmid = shmget(0x4c4a0001, SHM_SIZE, IPC_CREAT | 0600);
	if (shmid < 0 || (shm = shmat(shmid, NULL, 0)) == (void *)-1)
		cl_setup_failed("shmget/shmat");
	for (size_t i = 0; i < SHM_SIZE; i++)
		shm[i] = pattern(i);
	semid = semget(0x4c4a0002, NSEMS, IPC_CREAT | 0600);
	if (semid < 0 || semctl(semid, 0, SETALL, (union semun){ .array = (unsigned short *)sem_values }))
		cl_setup_failed("semget/SETALL");
	msqid = msgget(0x4c4a0003, IPC_CREAT | 0600);
	if (msqid < 0 || send_msgs())
		cl_setup_failed("msgget/msgsnd");
	cl_ready();
	return cl_serve_checks(check);
}

/* Do x86 hardware breakpoints set through ptrace fire on this host? CRIU before v4.2 stops every
 * dumped task on one after the parasite's sigreturn and waits forever where they do not (a hypervisor
 * that does not virtualize debug registers). The same test as CRIU v4.2's kerndat_breakpoints()
 * (1eaa870cc). Prints "breakpoints: work", "breakpoints: broken" or "breakpoints: unknown: why". */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static void __attribute__((noinline)) target(void)
{
	raise(SIGSTOP); /* reached only when the breakpoint did not fire */
	_exit(1);
}

int main(void)
{
#if !defined(__x86_64__)
	puts("breakpoints: unknown: not x86_64");
	return 0;
#else
	int status;
	pid_t pid = fork();
	if (pid < 0) {
		puts("breakpoints: unknown: fork failed");
		return 0;
	}
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(2);
		raise(SIGSTOP);
		target();
		_exit(1);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
		puts("breakpoints: unknown: the child did not stop");
		return 0;
	}
	if (ptrace(PTRACE_POKEUSER, pid, offsetof(struct user, u_debugreg[0]), (void *)&target) ||
	    ptrace(PTRACE_POKEUSER, pid, offsetof(struct user, u_debugreg[7]), (void *)1L)) {
		puts("breakpoints: unknown: PTRACE_POKEUSER of the debug registers failed");
		kill(pid, SIGKILL);
		return 0;
	}
	ptrace(PTRACE_CONT, pid, 0, 0);
	if (waitpid(pid, &status, 0) != pid) {
		puts("breakpoints: unknown: waitpid failed");
		return 0;
	}
	if (WIFSTOPPED(status) && WSTOPSIG(status) == SIGTRAP)
		puts("breakpoints: work");
	else if (WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP)
		puts("breakpoints: broken");
	else
		printf("breakpoints: unknown: the child ended with status 0x%x\n", status);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return 0;
#endif
}

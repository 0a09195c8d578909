/* proc.h: child processes for tock-parity: start a program with its output
 * sent to files, poll for the first one to finish, kill one that outlives
 * its deadline. No shell is involved, so paths with spaces are safe. Only
 * processes started here are ever signalled, and only by their pid. */
#ifndef TPAR_PROC_H
#define TPAR_PROC_H

#include <stdbool.h>
#include <sys/types.h>

/* Starts argv[0] (searched in PATH) with stdin from /dev/null, stdout to
 * out_path and stderr to err_path (the same path is allowed; append chooses
 * between appending and truncating). Returns the pid, or -1. */
pid_t tpar_spawn(char *const argv[], const char *out_path, const char *err_path, bool append);
/* Waits up to max_wait seconds for any child started by tpar_spawn.
 * Returns its pid and sets *status to the exit code (128 + signal number
 * when killed), 0 when none finished in time, -1 when there are no children. */
pid_t tpar_wait_any(int *status, double max_wait);
/* Sends SIGKILL to the process group of pid (tpar_spawn puts each child in
 * its own group, so a hung case runner's workers go too). */
void tpar_kill(pid_t pid);
/* Waits for one child (after tpar_kill) so it leaves no zombie. */
void tpar_reap(pid_t pid);
/* Runs one program to completion; returns its exit code or -1. */
int tpar_run_wait(char *const argv[], const char *out_path, const char *err_path, bool append);

#endif

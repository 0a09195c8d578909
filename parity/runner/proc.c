/* proc.c: see proc.h. fork + execvp; every child leads its own process
 * group so that a timeout kill reaches everything it started (cmake's
 * compilers, the case runner's threads) and nothing else. */
#define _POSIX_C_SOURCE 200809L
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

pid_t tpar_spawn(char *const argv[], const char *out_path, const char *err_path, bool append) {
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid > 0) return pid;
    setpgid(0, 0);
    int flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC);
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path, flags, 0666);
    int err = strcmp(out_path, err_path) == 0 ? dup(out) : open(err_path, flags, 0666);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    close(in);
    close(out);
    close(err);
    execvp(argv[0], argv);
    fprintf(stderr, "tock-parity: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

pid_t tpar_wait_any(int *status, double max_wait) {
    /* Polling every 10 ms keeps deadlines simple (no SIGCHLD handler); the
   * children run for seconds, so the latency is noise. */
    const struct timespec tick = {0, 10 * 1000 * 1000};
    for (double waited = 0;; waited += 0.01) {
        int st;
        pid_t pid = waitpid(-1, &st, WNOHANG);
        if (pid < 0 && errno == EINTR) continue;
        if (pid < 0) return -1;
        if (pid > 0) {
            *status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 255;
            return pid;
        }
        if (waited >= max_wait) return 0;
        nanosleep(&tick, NULL);
    }
}

void tpar_kill(pid_t pid) {
    if (pid > 0) kill(-pid, SIGKILL);
}

void tpar_reap(pid_t pid) {
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
}

int tpar_run_wait(char *const argv[], const char *out_path, const char *err_path, bool append) {
    pid_t pid = tpar_spawn(argv, out_path, err_path, append);
    if (pid < 0) return -1;
    int st;
    pid_t got;
    do {
        got = waitpid(pid, &st, 0);
    } while (got < 0 && errno == EINTR);
    if (got < 0) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 127);
}

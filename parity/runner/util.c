/* util.c: see util.h. POSIX only (fork-based orchestration is POSIX anyway). */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int tpar_fmt(char *out, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(out, cap, fmt, ap);
  va_end(ap);
  return n;
}

void *tpar_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fprintf(stderr, "tock-parity: out of memory (%zu bytes)\n", n);
    exit(2);
  }
  return p;
}

void *tpar_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    fprintf(stderr, "tock-parity: out of memory (%zu bytes)\n", n);
    exit(2);
  }
  return q;
}

char *tpar_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = tpar_xmalloc(n);
  memcpy(d, s, n);
  return d;
}

static void reserve(tpar_str *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) cap *= 2;
  b->s = tpar_xrealloc(b->s, cap);
  b->cap = cap;
}

void tpar_str_append(tpar_str *b, const char *s, size_t n) {
  reserve(b, n);
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void tpar_str_printf(tpar_str *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void tpar_str_json(tpar_str *b, const char *s) {
  tpar_str_append(b, "\"", 1);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      tpar_str_append(b, e, 2);
    } else if (c == '\n') {
      tpar_str_append(b, "\\n", 2);
    } else if (c < 0x20) {
      tpar_str_printf(b, "\\u%04x", c);
    } else {
      tpar_str_append(b, (const char *)&c, 1);
    }
  }
  tpar_str_append(b, "\"", 1);
}

void tpar_str_free(tpar_str *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}

int tpar_read_file(const char *path, char **data, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  tpar_str b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) tpar_str_append(&b, chunk, n);
  int err = ferror(f);
  fclose(f);
  if (err) {
    tpar_str_free(&b);
    errno = EIO;
    return -1;
  }
  if (!b.s) tpar_str_append(&b, "", 0);
  *data = b.s;
  *len = b.len;
  return 0;
}

int tpar_write_atomic(const char *path, const char *data, size_t len) {
  size_t n = strlen(path) + 32;
  char *tmp = tpar_xmalloc(n);
  snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) {
    free(tmp);
    return -1;
  }
  size_t done = 0;
  while (done < len) {
    ssize_t w = write(fd, data + done, len - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      close(fd);
      unlink(tmp);
      free(tmp);
      return -1;
    }
    done += (size_t)w;
  }
  if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
    int e = errno;
    unlink(tmp);
    free(tmp);
    errno = e;
    return -1;
  }
  free(tmp);
  return 0;
}

int tpar_mkdir_p(const char *dir) {
  char buf[PATH_MAX];
  size_t n = strlen(dir);
  if (n == 0 || n >= sizeof buf) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(buf, dir, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] == '/' || buf[i] == '\0') {
      char c = buf[i];
      buf[i] = '\0';
      if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
      buf[i] = c;
    }
  }
  return tpar_is_dir(dir) ? 0 : -1;
}

bool tpar_is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool tpar_is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

double tpar_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int tpar_which(const char *name, char *out, size_t cap) {
  if (strchr(name, '/')) {
    if (access(name, X_OK) != 0) return -1;
    return snprintf(out, cap, "%s", name) < (int)cap ? 0 : -1;
  }
  const char *path = getenv("PATH");
  if (!path) path = "/usr/local/bin:/usr/bin:/bin";
  while (*path) {
    const char *colon = strchr(path, ':');
    size_t len = colon ? (size_t)(colon - path) : strlen(path);
    if (len > 0 && (size_t)snprintf(out, cap, "%.*s/%s", (int)len, path, name) < cap &&
        access(out, X_OK) == 0 && tpar_is_file(out))
      return 0;
    path += len + (colon ? 1 : 0);
  }
  return -1;
}

int tpar_abspath(const char *path, char *out, size_t cap) {
  if (path[0] == '/') return snprintf(out, cap, "%s", path) < (int)cap ? 0 : -1;
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return -1;
  return snprintf(out, cap, "%s/%s", cwd, path) < (int)cap ? 0 : -1;
}

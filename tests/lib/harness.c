/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Integration test harness: start and stop tls_test_server, run a plugin
 * binary with a time limit and capture what it prints.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <sys/types.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define H_PREFIX	"harness: "
#define READY_TIMEOUT_S 10.0
#define STOP_GRACE_S	2.0
#define DRAIN_GRACE_S	1.0
#define EXIT_GRACE_S	0.05
#define REAP_STEP_MS	5

static double
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Milliseconds left until deadline for poll(): 0 when past it. */
static int
ms_left(double deadline)
{
	double left;

	left = (deadline - mono_now()) * 1000.0;
	if (left <= 0)
		return 0;
	if (left > INT_MAX - 1)
		return INT_MAX;
	return (int)left + 1;
}

/*
 * In a freshly forked child: own process group, death signal when the
 * test process goes away (Linux), default signal state for the program.
 */
static void
child_prepare(pid_t parent, int deathsig)
{
	struct sigaction sa;
	sigset_t	 none;

	setpgid(0, 0);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, deathsig);
	if (getppid() != parent)
		_exit(127);
#else
	(void)parent;
	(void)deathsig;
#endif
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Point fd at /dev/null; in a child, so errors just end it. */
static void
child_devnull(int fd, int flags)
{
	int nfd;

	nfd = open("/dev/null", flags);
	if (nfd == -1 || dup2(nfd, fd) == -1)
		_exit(127);
	if (nfd != fd)
		close(nfd);
}

static void
child_msg(const char *what, const char *path, int err)
{
	char msg[512];
	int  n;

	n = snprintf(msg, sizeof(msg), H_PREFIX "%s '%s': %s\n", what, path,
	    strerror(err));
	if (n > 0)
		(void)!write(STDERR_FILENO, msg,
		    (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1);
}

/*
 * Wait up to grace_s for pid to exit, without reaping it: while it is a
 * zombie its pid, and so its process group id, cannot be reused, which
 * makes the following kill(-pid) safe. Returns true if it has exited.
 */
static bool
wait_exited(pid_t pid, double grace_s)
{
	siginfo_t si;
	double	  deadline;
	int	  rc;

	deadline = mono_now() + grace_s;
	for (;;) {
		memset(&si, 0, sizeof(si));
		rc = waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT);
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc == -1)
			return true; /* not our child (any more) */
		if (si.si_pid == pid)
			return true;
		if (mono_now() >= deadline)
			return false;
		poll(NULL, 0, REAP_STEP_MS);
	}
}

static int
reap(pid_t pid)
{
	int status = 0;

	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			return -1;
	}
	return status;
}

static void
describe_status(char *buf, size_t bufsz, int status)
{
	if (WIFEXITED(status))
		snprintf(buf, bufsz, "exit code %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, bufsz, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, bufsz, "status %#x", (unsigned int)status);
}

/* Remove the files in dir (not recursively), then dir itself. */
static void
remove_dir(const char *dir)
{
	struct dirent *de;
	DIR	      *d;

	d = opendir(dir);
	if (d != NULL) {
		for (;;) {
			de = readdir(d);
			if (de == NULL)
				break;
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (unlinkat(dirfd(d), de->d_name, 0) == -1)
				fprintf(stderr, H_PREFIX "unlink '%s/%s': %s\n",
				    dir, de->d_name, strerror(errno));
		}
		closedir(d);
	}
	if (rmdir(dir) == -1 && errno != ENOENT)
		fprintf(
		    stderr, H_PREFIX "rmdir '%s': %s\n", dir, strerror(errno));
}

/* "READY <port>" with a port in 1..65535 and nothing else. */
static int
parse_ready(const char *line, int *port)
{
	const char *p;
	char	   *end;
	long	    v;

	if (strncmp(line, "READY ", 6) != 0)
		return -1;
	p = line + 6;
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	v = strtol(p, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

/*
 * Read the server's stdout up to the first newline, until the deadline.
 * Returns 0 with the line (without '\n') in buf, -1 on EOF, timeout or
 * error, with the reason in why.
 */
static int
read_line(int fd, char *buf, size_t bufsz, double deadline, const char **why)
{
	struct pollfd pfd;
	size_t	      len = 0;
	ssize_t	      n;
	char	     *nl;
	int	      rc;

	buf[0] = '\0';
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		pfd.revents = 0;
		rc = poll(&pfd, 1, ms_left(deadline));
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc == -1) {
			*why = strerror(errno);
			return -1;
		}
		if (rc == 0) {
			*why = "no READY line within 10 s";
			return -1;
		}
		n = read(fd, buf + len, bufsz - 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*why = strerror(errno);
			return -1;
		}
		if (n == 0) {
			*why = "server exited before READY";
			return -1;
		}
		len += (size_t)n;
		buf[len] = '\0';
		nl = strchr(buf, '\n');
		if (nl != NULL) {
			*nl = '\0';
			return 0;
		}
		if (len == bufsz - 1) {
			*why = "overlong first line";
			return -1;
		}
	}
}

int
ts_tempdir(char *buf, size_t bufsz, const char *name)
{
	const char *tmp = getenv("TMPDIR");
	int	    n;

	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	n = snprintf(buf, bufsz, "%s/%s.XXXXXX", tmp, name);
	if (n < 0 || (size_t)n >= bufsz) {
		fprintf(stderr, H_PREFIX "TMPDIR too long: '%s'\n", tmp);
		buf[0] = '\0';
		return -1;
	}
	if (mkdtemp(buf) == NULL) {
		fprintf(stderr, H_PREFIX "mkdtemp '%s': %s\n", buf,
		    strerror(errno));
		buf[0] = '\0';
		return -1;
	}
	return 0;
}

/* A fresh directory for the server's files into s->dir. */
static int
server_mkdir(struct ts_server *s)
{
	if (ts_tempdir(s->dir, sizeof(s->dir), "tls_test") == -1)
		return -1;
	snprintf(s->ca_file, sizeof(s->ca_file), "%s/ca.pem", s->dir);
	return 0;
}

/*
 * Start "server --dir s->dir extra_argv..." in its own process group with
 * stdout into a pipe; s->pid is set once it runs. Returns the pipe's read
 * end, or -1 (message on stderr).
 */
static int
server_spawn(
    struct ts_server *s, const char *server, const char *const extra_argv[])
{
	const char **argv;
	size_t	     nextra = 0, i, k;
	pid_t	     parent, pid;
	int	     pfd[2] = {-1, -1};

	while (extra_argv != NULL && extra_argv[nextra] != NULL)
		nextra++;
	argv = calloc(nextra + 4, sizeof(*argv));
	if (argv == NULL) {
		fprintf(stderr, H_PREFIX "out of memory\n");
		return -1;
	}
	k = 0;
	argv[k++] = server;
	argv[k++] = "--dir";
	argv[k++] = s->dir;
	for (i = 0; i < nextra; i++)
		argv[k++] = extra_argv[i];
	argv[k] = NULL;
	if (pipe2(pfd, O_CLOEXEC) == -1) {
		fprintf(stderr, H_PREFIX "pipe: %s\n", strerror(errno));
		free(argv);
		return -1;
	}
	fflush(NULL); /* or the child's exit could repeat buffered output */
	parent = getpid();
	pid = fork();
	if (pid == -1) {
		fprintf(stderr, H_PREFIX "fork: %s\n", strerror(errno));
		free(argv);
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		child_prepare(parent, SIGTERM);
		child_devnull(STDIN_FILENO, O_RDONLY);
		if (dup2(pfd[1], STDOUT_FILENO) == -1)
			_exit(127);
		execv(server, (char *const *)argv);
		child_msg("cannot execute", server, errno);
		_exit(127);
	}
	/* both sides set the group, so kill(-pid) works whichever runs first */
	setpgid(pid, pid);
	s->pid = pid;
	free(argv);
	close(pfd[1]);
	return pfd[0];
}

int
ts_server_start(struct ts_server *s, const char *const extra_argv[])
{
	const char *server, *why = NULL;
	char	    line[256], st[64];
	int	    fd = -1;

	memset(s, 0, sizeof(*s));
	server = getenv("TLS_TEST_SERVER");
	if (server == NULL || server[0] == '\0') {
		fprintf(stderr,
		    H_PREFIX "TLS_TEST_SERVER is not set "
			     "(want the absolute path of tls_test_server)\n");
		return -1;
	}
	if (server_mkdir(s) == -1)
		return -1;
	fd = server_spawn(s, server, extra_argv);
	if (fd == -1)
		goto err;
	if (read_line(fd, line, sizeof(line), mono_now() + READY_TIMEOUT_S,
		&why) == -1) {
		fprintf(stderr, H_PREFIX "%s: %s\n", server, why);
		goto err;
	}
	if (parse_ready(line, &s->port) == -1) {
		fprintf(stderr,
		    H_PREFIX "%s: expected 'READY <port>', got '%.64s'\n",
		    server, line);
		goto err;
	}
	close(fd);
	return 0;

err:
	if (s->pid > 0) {
		kill(-s->pid, SIGKILL);
		kill(s->pid, SIGKILL);
		describe_status(st, sizeof(st), reap(s->pid));
		fprintf(stderr, H_PREFIX "server ended with %s\n", st);
		s->pid = 0;
	}
	if (fd != -1)
		close(fd);
	ts_server_stop(s);
	return -1;
}

void
ts_server_stop(struct ts_server *s)
{
	if (s->pid > 0) {
		kill(-s->pid, SIGTERM);
		if (!wait_exited(s->pid, STOP_GRACE_S))
			kill(s->pid, SIGKILL);
		/* the server is a zombie now: sweep connection children */
		kill(-s->pid, SIGKILL);
		reap(s->pid);
		s->pid = 0;
	}
	if (s->dir[0] != '\0')
		remove_dir(s->dir);
	s->dir[0] = '\0';
	s->ca_file[0] = '\0';
	s->port = 0;
}

/* Keep what fits of n bytes in buf (NUL-terminated), count the rest away. */
static void
append(char *buf, size_t bufsz, size_t *len, const char *p, size_t n)
{
	size_t room;

	room = bufsz - 1 - *len;
	if (n > room)
		n = room;
	memcpy(buf + *len, p, n);
	*len += n;
	buf[*len] = '\0';
}

/* One program of a ts_run_n() call. */
struct job {
	struct ts_run *r;
	pid_t	       pid;    /* 0: not started or reaped */
	int	       fd[2];  /* its stdout, stderr; -1 once at EOF */
	size_t	       len[2]; /* bytes kept of each */
	double	       start;
};

static void
job_close(struct job *jb)
{
	int k;

	for (k = 0; k < 2; k++) {
		if (jb->fd[k] != -1)
			close(jb->fd[k]);
		jb->fd[k] = -1;
	}
}

/*
 * Fork and exec argv[0] with stdin from /dev/null and stdout, stderr into
 * pipes. Returns 0 once the exec happened, -1 (message on stderr) if it
 * could not, with nothing left running.
 */
static int
job_start(struct job *jb, const char *const argv[])
{
	pid_t	parent, pid;
	ssize_t n;
	int	outp[2] = {-1, -1}, errp[2] = {-1, -1};
	int	execp[2] = {-1, -1};
	int	exec_errno = 0, rc = -1;

	if (pipe2(outp, O_CLOEXEC) == -1 || pipe2(errp, O_CLOEXEC) == -1 ||
	    pipe2(execp, O_CLOEXEC) == -1) {
		fprintf(stderr, H_PREFIX "pipe: %s\n", strerror(errno));
		goto out;
	}
	fflush(NULL);
	parent = getpid();
	jb->start = mono_now();
	pid = fork();
	if (pid == -1) {
		fprintf(stderr, H_PREFIX "fork: %s\n", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		child_prepare(parent, SIGKILL);
		child_devnull(STDIN_FILENO, O_RDONLY);
		if (dup2(outp[1], STDOUT_FILENO) == -1 ||
		    dup2(errp[1], STDERR_FILENO) == -1)
			_exit(127);
		execv(argv[0], (char *const *)argv);
		exec_errno = errno;
		(void)!write(execp[1], &exec_errno, sizeof(exec_errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(execp[1]);
	execp[1] = -1;
	/* EOF: exec closed the pipe; an int: exec failed with that errno */
	do {
		n = read(execp[0], &exec_errno, sizeof(exec_errno));
	} while (n == -1 && errno == EINTR);
	if (n == (ssize_t)sizeof(exec_errno)) {
		reap(pid);
		fprintf(stderr, H_PREFIX "cannot execute '%s': %s\n", argv[0],
		    strerror(exec_errno));
		goto out;
	}
	jb->pid = pid;
	jb->fd[0] = outp[0];
	jb->fd[1] = errp[0];
	outp[0] = errp[0] = -1;
	rc = 0;
out:
	if (outp[0] != -1)
		close(outp[0]);
	if (outp[1] != -1)
		close(outp[1]);
	if (errp[0] != -1)
		close(errp[0]);
	if (errp[1] != -1)
		close(errp[1]);
	if (execp[0] != -1)
		close(execp[0]);
	if (execp[1] != -1)
		close(execp[1]);
	return rc;
}

/* Read what fd k of jb has; close it at EOF or on an error. */
static void
job_read(struct job *jb, int k)
{
	char	       buf[4096];
	ssize_t	       n;
	struct ts_run *r = jb->r;

	n = read(jb->fd[k], buf, sizeof(buf));
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(jb->fd[k]);
		jb->fd[k] = -1;
		return;
	}
	if (k == 0)
		append(r->out, sizeof(r->out), &jb->len[0], buf, (size_t)n);
	else
		append(r->err, sizeof(r->err), &jb->len[1], buf, (size_t)n);
}

/* Reap jb's program (it has exited or was killed) and record how it ended. */
static void
job_reap(struct job *jb)
{
	struct ts_run *r = jb->r;
	int	       status;

	status = reap(jb->pid);
	jb->pid = 0;
	r->elapsed = mono_now() - jb->start;
	if (WIFEXITED(status)) {
		r->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		r->exit_code = -1;
		r->signal = WTERMSIG(status);
	}
}

/* Kill jb's process group; its pid is not reaped, so the group is ours. */
static void
job_kill(struct job *jb)
{
	jb->r->timed_out = true;
	kill(-jb->pid, SIGKILL);
	kill(jb->pid, SIGKILL);
}

/* True when jb has closed both pipes and exited (not yet reaped). */
static bool
job_exited(const struct job *jb)
{
	return jb->fd[0] == -1 && jb->fd[1] == -1 && wait_exited(jb->pid, 0);
}

/*
 * Collect the output of every running job and reap those that exit, until
 * none runs or the deadline passes. A job that closed its pipes is polled
 * for its exit every few milliseconds.
 */
static void
jobs_pump(struct job *jobs, size_t n, double deadline)
{
	struct pollfd pfd[2 * TS_RUN_MAX];
	struct job   *owner[2 * TS_RUN_MAX];
	int	      which[2 * TS_RUN_MAX];
	size_t	      i, nfd;
	bool	      running, exiting;
	int	      k, rc, timeout;

	for (;;) {
		nfd = 0;
		running = exiting = false;
		for (i = 0; i < n; i++) {
			if (jobs[i].pid == 0)
				continue;
			if (job_exited(&jobs[i])) {
				job_reap(&jobs[i]);
				continue;
			}
			running = true;
			for (k = 0; k < 2; k++) {
				if (jobs[i].fd[k] == -1)
					continue;
				pfd[nfd].fd = jobs[i].fd[k];
				pfd[nfd].events = POLLIN;
				pfd[nfd].revents = 0;
				owner[nfd] = &jobs[i];
				which[nfd++] = k;
			}
			if (jobs[i].fd[0] == -1 && jobs[i].fd[1] == -1)
				exiting = true;
		}
		if (!running || mono_now() >= deadline)
			return;
		timeout = ms_left(deadline);
		if (exiting && timeout > REAP_STEP_MS)
			timeout = REAP_STEP_MS;
		rc = poll(pfd, nfd, timeout);
		if (rc == -1 && errno != EINTR)
			return;
		for (i = 0; rc > 0 && i < nfd; i++) {
			if (pfd[i].revents != 0)
				job_read(owner[i], which[i]);
		}
	}
}

int
ts_run_n(
    struct ts_run *r, size_t n, double limit_s, const char *const *const argv[])
{
	struct job jobs[TS_RUN_MAX];
	double	   deadline;
	size_t	   i, fl;
	char	  *nl;

	if (n == 0 || n > TS_RUN_MAX || !(limit_s > 0)) {
		fprintf(stderr, H_PREFIX "ts_run_n: bad count or time limit\n");
		return -1;
	}
	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < n; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].exit_code = -1;
		jobs[i].r = &r[i];
		jobs[i].fd[0] = jobs[i].fd[1] = -1;
		if (argv[i] == NULL || argv[i][0] == NULL) {
			fprintf(stderr, H_PREFIX "ts_run_n: nothing to run\n");
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		if (job_start(&jobs[i], argv[i]) == -1)
			break;
	}
	if (i < n) {
		/* Stop what did start; report the failure. */
		while (i-- > 0) {
			job_kill(&jobs[i]);
			job_close(&jobs[i]);
			job_reap(&jobs[i]);
		}
		return -1;
	}

	deadline = jobs[n - 1].start + limit_s; /* each gets limit_s */
	jobs_pump(jobs, n, deadline);
	for (i = 0; i < n; i++) {
		if (jobs[i].pid == 0)
			continue;
		/* One that finished right at the limit is no time-out. */
		if (jobs[i].fd[0] == -1 && jobs[i].fd[1] == -1 &&
		    wait_exited(jobs[i].pid, EXIT_GRACE_S))
			job_reap(&jobs[i]);
		else
			job_kill(&jobs[i]);
	}
	jobs_pump(jobs, n, mono_now() + DRAIN_GRACE_S);
	for (i = 0; i < n; i++) {
		job_close(&jobs[i]);
		if (jobs[i].pid != 0) {
			job_kill(&jobs[i]);
			job_reap(&jobs[i]);
		}
		nl = strchr(r[i].out, '\n');
		fl = nl != NULL ? (size_t)(nl - r[i].out) : jobs[i].len[0];
		if (fl >= sizeof(r[i].first_line))
			fl = sizeof(r[i].first_line) - 1;
		memcpy(r[i].first_line, r[i].out, fl);
		r[i].first_line[fl] = '\0';
	}
	return 0;
}

int
ts_run(struct ts_run *r, double limit_s, const char *const argv[])
{
	const char *const *one[1];

	one[0] = argv;
	return ts_run_n(r, 1, limit_s, one);
}

const char *
ts_plugin_path(char *buf, size_t bufsz, const char *name)
{
	const char *dir;
	int	    n;

	dir = getenv("PLUGIN_DIR");
	if (dir == NULL || dir[0] == '\0') {
		fprintf(stderr, H_PREFIX "PLUGIN_DIR is not set\n");
		return NULL;
	}
	n = snprintf(buf, bufsz, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= bufsz) {
		fprintf(stderr, H_PREFIX "plugin path too long: %s/%s\n", dir,
		    name);
		return NULL;
	}
	return buf;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * runstat: run a command N times (fork, exec, wait4) and print the medians
 * of wall time, CPU time (user+system of the child) and peak RSS:
 *   runstat N command [args...]
 * prints "median_wall_ms median_cpu_ms median_maxrss_kib ok_runs".
 * The command's output goes to /dev/null. A benchmark tool, not a test.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main(int argc, char *argv[])
{
	double *wall, *cpu, *rss;
	char   *end;
	long	n;
	int	i, ok = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: runstat N command [args...]\n");
		return 2;
	}
	n = strtol(argv[1], &end, 10);
	if (*end != '\0' || n < 1 || n > 100000) {
		fprintf(stderr, "runstat: bad run count '%s'\n", argv[1]);
		return 2;
	}
	wall = calloc((size_t)n, sizeof(double));
	cpu = calloc((size_t)n, sizeof(double));
	rss = calloc((size_t)n, sizeof(double));
	if (wall == NULL || cpu == NULL || rss == NULL)
		return 2;
	for (i = 0; i < n; i++) {
		struct timespec t0, t1;
		struct rusage	ru;
		int		status;
		pid_t		pid;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		pid = fork();
		if (pid == -1) {
			perror("runstat: fork");
			return 2;
		}
		if (pid == 0) {
			int fd = open("/dev/null", O_RDWR);

			if (fd >= 0) {
				dup2(fd, 0);
				dup2(fd, 1);
				dup2(fd, 2);
			}
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) == -1) {
			perror("runstat: wait4");
			return 2;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
			fprintf(stderr, "runstat: cannot run %s\n", argv[2]);
			return 2;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) <= 3)
			ok++;
		wall[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		cpu[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
			1e3 +
		    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
		rss[i] = (double)ru.ru_maxrss;
	}
	printf("%.3f %.3f %.0f %d\n", median(wall, (int)n), median(cpu, (int)n),
	    median(rss, (int)n), ok);
	return 0;
}

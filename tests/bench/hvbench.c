/* Micro-benchmarks run in a cell: CPU, syscalls, timer sleeps, IPIs (pipe ping-pong), page faults. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Integer work with a data dependency the compiler cannot remove. */
static double bench_cpu(long n)
{
	volatile unsigned long sink;
	unsigned long x = 88172645463325252UL;
	double t = now_ns();

	for (long i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	sink = x;
	(void)sink;
	return (now_ns() - t) / n;
}

static double bench_syscall(long n)
{
	double t = now_ns();

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return (now_ns() - t) / n;
}

/* Short sleeps: a timer interrupt and a wake-up each. */
static double bench_sleep(long n)
{
	struct timespec ts = { 0, 50000 };
	double t = now_ns();

	for (long i = 0; i < n; i++)
		nanosleep(&ts, NULL);
	return (now_ns() - t) / n;
}

/* Ping-pong over pipes between CPU 0 and CPU 1: wake-ups by IPI. */
static double bench_ipi(long n)
{
	int a[2], b[2];
	char c = 0;
	double t;
	pid_t pid;

	if (pipe(a) || pipe(b))
		return -1;
	pid = fork();
	if (pid == 0) {
		pin(1);
		for (long i = 0; i < n; i++) {
			if (read(a[0], &c, 1) != 1 || write(b[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	pin(0);
	t = now_ns();
	for (long i = 0; i < n; i++) {
		if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
			return -1;
	}
	t = (now_ns() - t) / n;
	waitpid(pid, NULL, 0);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	return t;
}

/* Touch fresh pages: page faults and TLB fills through both stages. */
static double bench_pagefault(long n)
{
	size_t size = n * 4096;
	double t = now_ns();
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	for (long i = 0; i < n; i++)
		p[i * 4096] = 1;
	munmap(p, size);
	return (now_ns() - t) / n;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		double (*fn)(long);
		long n;
	} b[] = {
		{ "cpu", bench_cpu, 20000000 },
		{ "syscall", bench_syscall, 200000 },
		{ "sleep", bench_sleep, 2000 },
		{ "ipi", bench_ipi, 5000 },
		{ "pagefault", bench_pagefault, 20000 },
	};
	const char *only = argc > 1 ? argv[1] : NULL;

	pin(0);
	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		if (only && strcmp(only, b[i].name))
			continue;
		printf("BENCH %s %.1f ns/op\n", b[i].name, b[i].fn(b[i].n));
		fflush(stdout);
	}
	return 0;
}

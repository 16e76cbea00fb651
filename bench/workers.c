/* workers.c: pinned worker threads; see workers.h. */
#include "workers.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Threads wait at this gate until every one of them exists, so a worker
 * never enters a barrier sized for threads that failed to start. */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	int state; /* 0 waiting, 1 go, -1 abort */
};

struct start {
	np_worker_fn fn;
	void *arg;
	struct gate *gate;
};

static void *trampoline(void *opaque)
{
	struct start *start = opaque;
	pthread_mutex_lock(&start->gate->lock);
	while (start->gate->state == 0)
		pthread_cond_wait(&start->gate->changed, &start->gate->lock);
	int state = start->gate->state;
	pthread_mutex_unlock(&start->gate->lock);
	if (state > 0)
		start->fn(start->arg);
	return NULL;
}

static void open_gate(struct gate *gate, int state)
{
	pthread_mutex_lock(&gate->lock);
	gate->state = state;
	pthread_cond_broadcast(&gate->changed);
	pthread_mutex_unlock(&gate->lock);
}

int np_workers_run(size_t count, const int *cpus, np_worker_fn fn, void *const *args,
		   struct np_error *err)
{
	pthread_t *threads = calloc(count, sizeof(*threads));
	struct start *starts = calloc(count, sizeof(*starts));
	if (!threads || !starts) {
		free(threads);
		free(starts);
		return np_fail(err, "out of memory starting %zu workers", count);
	}
	struct gate gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
	size_t started = 0;
	int rc = 0;
	for (; started < count; started++) {
		pthread_attr_t attr;
		cpu_set_t cpu;
		CPU_ZERO(&cpu);
		CPU_SET(cpus[started], &cpu);
		starts[started] = (struct start){fn, args[started], &gate};
		int e = pthread_attr_init(&attr);
		if (e == 0)
			e = pthread_attr_setaffinity_np(&attr, sizeof(cpu), &cpu);
		if (e == 0)
			e = pthread_create(&threads[started], &attr, trampoline, &starts[started]);
		pthread_attr_destroy(&attr);
		if (e != 0) {
			rc = np_fail(err, "cannot start a worker pinned to CPU %d: %s",
				     cpus[started], strerror(e));
			break;
		}
	}
	open_gate(&gate, rc == 0 ? 1 : -1);
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	free(starts);
	return rc;
}

uint64_t np_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reader.c - stdin -> bounded queue, in a thread that does nothing else
 * that could block: read, frame, early lookup (a few small /proc reads),
 * queue. Signals are blocked here; main.c handles them.
 */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "reader.h"

/*
 * Items are carved out of slabs, not malloc()ed one by one: the reader
 * thread allocated and the worker freed, so every record took the lock
 * of the reader's malloc arena from both threads (a futex call per
 * record). A slab goes back to a short free list when its last item is
 * freed, and is reused.
 */
#define SLAB_SIZE 65536
#define SLAB_ITEM_MAX 8192	/* bigger records are malloc()ed alone */
#define SLAB_FREE_MAX 16	/* slabs kept for reuse */

struct reader_slab {
	struct reader_slab *next;	/* in the free list */
	struct reader *owner;
	atomic_uint refs;	/* its items not freed, +1 while filled */
	size_t used;
	_Alignas(16) char data[SLAB_SIZE];
};

struct reader {
	int fd;
	int wake[2];		/* reader_stop() writes here */
	struct pipeline *p;
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct reader_item *head, *tail;
	size_t bytes;		/* queued */
	size_t max_items, max_bytes;
	bool wait;		/* full: wait for room instead of dropping */
	bool waiting;		/* the reader waits for room */
	bool popping;		/* the worker waits for records */
	pthread_cond_t room;	/* signalled by reader_pop() */
	bool done;		/* input ended or stopped */
	struct reader_stats stats;
	/* slabs */
	pthread_mutex_t slab_lock;	/* the free list */
	struct reader_slab *free_slabs;
	unsigned int nfree_slabs;
	struct reader_slab *cur;	/* being filled, the reader's */
	/* the reader thread's own */
	struct buf line;
	bool overlong;
	struct reader_item *bhead, *btail; /* staged by this read */
	unsigned long long staged, staged_lost;
};

static void slab_unref(struct reader_slab *sl)
{
	struct reader *r = sl->owner;

	if (atomic_fetch_sub(&sl->refs, 1) != 1)
		return;
	pthread_mutex_lock(&r->slab_lock);
	if (r->nfree_slabs < SLAB_FREE_MAX) {
		sl->next = r->free_slabs;
		r->free_slabs = sl;
		r->nfree_slabs++;
		sl = NULL;
	}
	pthread_mutex_unlock(&r->slab_lock);
	free(sl);
}

static size_t align16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

/* An item for a line of @len bytes, with room for an early answer. */
static struct reader_item *item_alloc(struct reader *r, size_t len,
				      bool early)
{
	size_t need = align16(sizeof(struct reader_item) + len + 1);
	size_t total = need + (early ? align16(sizeof(struct pipeline_early)) : 0);
	struct reader_item *it;
	struct reader_slab *sl;

	if (total > SLAB_ITEM_MAX) {
		it = malloc(total);
		if (!it)
			return NULL;
		it->slab = NULL;
	} else {
		sl = r->cur;
		if (!sl || SLAB_SIZE - sl->used < total) {
			pthread_mutex_lock(&r->slab_lock);
			sl = r->free_slabs;
			if (sl) {
				r->free_slabs = sl->next;
				r->nfree_slabs--;
			}
			pthread_mutex_unlock(&r->slab_lock);
			if (!sl) {
				sl = malloc(sizeof(*sl));
				if (!sl)
					return NULL;
				sl->owner = r;
			}
			sl->used = 0;
			atomic_init(&sl->refs, 1);
			if (r->cur)
				slab_unref(r->cur);
			r->cur = sl;
		}
		it = (struct reader_item *)(sl->data + sl->used);
		sl->used += total;
		atomic_fetch_add(&sl->refs, 1);
		it->slab = sl;
	}
	it->early = early ? (struct pipeline_early *)((char *)it + need) : NULL;
	return it;
}

void reader_item_free(struct reader_item *it)
{
	if (!it)
		return;
	if (it->slab)
		slab_unref(it->slab);
	else
		free(it);
}

/* What an item costs the queue's byte bound. */
static size_t item_cost(const struct reader_item *it)
{
	return sizeof(*it) + it->len + 1 +
	       (it->early ? sizeof(*it->early) : 0);
}

/*
 * Make the item for one record: its early lookup first, outside any lock
 * of the queue; kept with the others of the same read until enqueue().
 */
static void stage(struct reader *r, const char *line, size_t len,
		  bool overlong)
{
	struct pipeline_early e;
	struct reader_item *it;
	bool has_early;

	has_early = !overlong && pipeline_early(r->p, line, len, &e) == 1;
	it = item_alloc(r, len, has_early);
	r->staged++;
	if (!it) {
		r->staged_lost++;
		if (has_early)
			pipeline_early_release(r->p, &e);
		return;
	}
	it->next = NULL;
	it->overlong = overlong;
	it->len = len;
	if (it->early)
		*it->early = e;
	memcpy(it->line, line, len);
	it->line[len] = '\0';
	if (r->btail)
		r->btail->next = it;
	else
		r->bhead = it;
	r->btail = it;
}

/*
 * Queue what one read staged, under one taking of the lock: as much as
 * the bounds allow, the rest dropped and counted (or, with wait, wait
 * for room).
 */
static void enqueue(struct reader *r)
{
	struct reader_item *it, *lost = NULL;
	size_t cost;

	pthread_mutex_lock(&r->lock);
	r->stats.records += r->staged;
	r->stats.dropped += r->staged_lost;
	r->staged = r->staged_lost = 0;
	while ((it = r->bhead)) {
		r->bhead = it->next;
		it->next = NULL;
		cost = item_cost(it);
		while (r->wait && r->stats.depth &&
		       (r->stats.depth >= r->max_items ||
			r->bytes + cost > r->max_bytes)) {
			r->waiting = true;
			/* the worker may sleep with what is queued already */
			pthread_cond_signal(&r->cond);
			pthread_cond_wait(&r->room, &r->lock);
		}
		if (r->stats.depth >= r->max_items ||
		    r->bytes + cost > r->max_bytes) {
			r->stats.dropped++;
			it->next = lost;
			lost = it;
			continue;
		}
		if (r->tail)
			r->tail->next = it;
		else
			r->head = it;
		r->tail = it;
		r->bytes += cost;
		r->stats.depth++;
	}
	r->btail = NULL;
	if (r->stats.depth > r->stats.high_water)
		r->stats.high_water = r->stats.depth;
	/* wake the worker only when it sleeps */
	if (r->popping && r->head)
		pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
	while ((it = lost)) {
		lost = it->next;
		if (it->early)
			pipeline_early_release(r->p, it->early);
		reader_item_free(it);
	}
}

/*
 * Frame @len bytes into records, as pipeline_feed() does, and queue
 * them. A record whole in @data is taken from it without a copy.
 */
static void frame(struct reader *r, const char *data, size_t len)
{
	const char *nl;
	size_t n, room;

	while (len) {
		nl = memchr(data, '\n', len);
		n = nl ? (size_t)(nl - data) : len;
		if (nl && !r->line.len && !r->overlong &&
		    n <= PIPELINE_LINE_MAX) {
			if (n)
				stage(r, data, n, false);
			data += n + 1;
			len -= n + 1;
			continue;
		}
		room = PIPELINE_LINE_MAX - r->line.len;
		if (n > room)
			r->overlong = true;
		if (n && room && buf_append(&r->line, data, n < room ? n : room) < 0)
			r->overlong = true;	/* out of memory: cut here */
		if (!nl)
			break;
		data += n + 1;
		len -= n + 1;
		if (r->line.len || r->overlong)
			stage(r, r->line.data ? r->line.data : "", r->line.len,
			      r->overlong);
		r->overlong = false;
		buf_reset(&r->line);
	}
	enqueue(r);
}

/*
 * reader_stop(): what auditd wrote before it asked us to stop is read
 * too, without waiting for more (at most 2 s of it), so that no event
 * auditd handed over is lost.
 */
static void drain(struct reader *r, char *in, size_t size)
{
	struct timespec t0, t;
	ssize_t n;
	int fl = fcntl(r->fd, F_GETFL);

	if (fl < 0 || fcntl(r->fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		n = read(r->fd, in, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		pthread_mutex_lock(&r->lock);
		r->stats.bytes += (size_t)n;
		pthread_mutex_unlock(&r->lock);
		frame(r, in, (size_t)n);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= 2)
			break;
	}
	fcntl(r->fd, F_SETFL, fl);
}

static void *run(void *arg)
{
	struct reader *r = arg;
	static __thread char in[65536];
	struct timespec cpu;
	struct pollfd pfd[2];
	sigset_t all;
	ssize_t n;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pfd[0].fd = r->fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = r->wake[0];
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[1].revents) {
			drain(r, in, sizeof(in));
			break;		/* reader_stop() */
		}
		if (!pfd[0].revents)
			continue;
		n = read(r->fd, in, sizeof(in));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;		/* end of input, or an error */
		pthread_mutex_lock(&r->lock);
		r->stats.bytes += (size_t)n;
		pthread_mutex_unlock(&r->lock);
		frame(r, in, (size_t)n);
	}
	/* a last record without its newline */
	if (r->line.len) {
		stage(r, r->line.data, r->line.len, r->overlong);
		enqueue(r);
	}
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
	pthread_mutex_lock(&r->lock);
	r->stats.cpu_seconds = (double)cpu.tv_sec + cpu.tv_nsec / 1e9;
	r->done = true;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int reader_start(int fd, struct pipeline *p, size_t max_items,
		 size_t max_bytes, bool wait, struct reader **ret_r)
{
	struct reader *r;
	pthread_condattr_t ca;
	int e;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->fd = fd;
	r->p = p;
	r->max_items = max_items;
	r->max_bytes = max_bytes;
	r->wait = wait;
	r->stats.max_depth = max_items;
	pthread_mutex_init(&r->slab_lock, NULL);
	if (pipe2(r->wake, O_CLOEXEC) < 0) {
		e = -errno;
		free(r);
		return e;
	}
	pthread_mutex_init(&r->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r->cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_cond_init(&r->room, NULL);
	e = pthread_create(&r->thread, NULL, run, r);
	if (e) {
		reader_free(r);
		return -e;
	}
	r->started = true;
	*ret_r = r;
	return 0;
}

int reader_pop(struct reader *r, struct reader_item **ret_items,
	       int timeout_ms)
{
	struct timespec until;
	int ret = 0;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&r->lock);
	while (!r->head && !r->done) {
		r->popping = true;
		if (pthread_cond_timedwait(&r->cond, &r->lock, &until) ==
		    ETIMEDOUT)
			break;
	}
	r->popping = false;
	if (r->head) {
		*ret_items = r->head;
		r->head = r->tail = NULL;
		r->bytes = 0;
		r->stats.depth = 0;
		if (r->waiting) {
			r->waiting = false;
			pthread_cond_signal(&r->room);
		}
		ret = 1;
	} else if (r->done) {
		ret = -EPIPE;
	}
	pthread_mutex_unlock(&r->lock);
	return ret;
}

void reader_stop(struct reader *r)
{
	ssize_t n;

	do
		n = write(r->wake[1], "x", 1);
	while (n < 0 && errno == EINTR);
}

void reader_get_stats(struct reader *r, struct reader_stats *ret)
{
	struct timespec cpu;
	clockid_t clock;

	pthread_mutex_lock(&r->lock);
	*ret = r->stats;
	/* still running: its CPU clock now (at its end it kept the total) */
	if (r->started && !r->done &&
	    pthread_getcpuclockid(r->thread, &clock) == 0 &&
	    clock_gettime(clock, &cpu) == 0)
		ret->cpu_seconds = (double)cpu.tv_sec + cpu.tv_nsec / 1e9;
	pthread_mutex_unlock(&r->lock);
}

void reader_free(struct reader *r)
{
	struct reader_item *it, *next;

	if (!r)
		return;
	if (r->started) {
		reader_stop(r);
		pthread_join(r->thread, NULL);
	}
	for (it = r->head; it; it = next) {
		next = it->next;
		if (it->early)
			pipeline_early_release(r->p, it->early);
		reader_item_free(it);
	}
	if (r->cur)
		slab_unref(r->cur);
	while (r->free_slabs) {
		struct reader_slab *sl = r->free_slabs;

		r->free_slabs = sl->next;
		free(sl);
	}
	pthread_mutex_destroy(&r->slab_lock);
	close(r->wake[0]);
	close(r->wake[1]);
	pthread_cond_destroy(&r->cond);
	pthread_cond_destroy(&r->room);
	pthread_mutex_destroy(&r->lock);
	buf_free(&r->line);
	free(r);
}

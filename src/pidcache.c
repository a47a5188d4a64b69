/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pidcache.c - bounded pid table with LRU eviction, and interned
 * identities.
 *
 * Entries live in one array; an open-addressing index (linear probing,
 * backward-shift deletion) maps pid -> slot; a doubly linked list through
 * the slots keeps the LRU order. Nothing is allocated per lookup.
 */
#include "autoconf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pidcache.h"

#define NIL UINT32_MAX
#define IDENT_BUCKETS 4096u

struct pidcache {
	struct pidcache_entry *slots;
	size_t max;
	uint32_t *index;	/* slot + 1; 0 = empty */
	size_t index_mask;
	uint32_t head, tail;	/* most / least recently used */
	uint32_t free_head;	/* free slots chained through next */
	struct pidcache_ident *buckets[IDENT_BUCKETS];
	struct pidcache_stats stats;
};

static size_t hash_pid(pid_t pid)
{
	uint32_t x = (uint32_t)pid;

	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

int pidcache_new(size_t max_entries, struct pidcache **ret_pc)
{
	struct pidcache *pc;
	size_t n, i;

	if (max_entries < 16)
		max_entries = 16;
	if (max_entries > (1u << 26))
		return -EINVAL;
	pc = calloc(1, sizeof(*pc));
	if (!pc)
		return -ENOMEM;
	for (n = 16; n < max_entries * 2; n *= 2)
		;
	pc->slots = calloc(max_entries, sizeof(*pc->slots));
	pc->index = calloc(n, sizeof(*pc->index));
	if (!pc->slots || !pc->index) {
		pidcache_free(pc);
		return -ENOMEM;
	}
	pc->max = max_entries;
	pc->index_mask = n - 1;
	pc->head = pc->tail = NIL;
	for (i = 0; i < max_entries; i++)
		pc->slots[i].next = i + 1 < max_entries ? (uint32_t)(i + 1) : NIL;
	pc->free_head = 0;
	pc->stats.max_entries = max_entries;
	*ret_pc = pc;
	return 0;
}

void pidcache_free(struct pidcache *pc)
{
	struct pidcache_ident *id, *next;
	size_t i;

	if (!pc)
		return;
	for (i = 0; i < IDENT_BUCKETS; i++)
		for (id = pc->buckets[i]; id; id = next) {
			next = id->next;
			free(id->text);
			free(id);
		}
	free(pc->slots);
	free(pc->index);
	free(pc);
}

/* Index position holding @pid, or the empty position where it would go. */
static size_t find_pos(const struct pidcache *pc, pid_t pid)
{
	size_t pos = hash_pid(pid) & pc->index_mask;

	while (pc->index[pos] && pc->slots[pc->index[pos] - 1].pid != pid)
		pos = (pos + 1) & pc->index_mask;
	return pos;
}

struct pidcache_entry *pidcache_get(struct pidcache *pc, pid_t pid)
{
	size_t pos = find_pos(pc, pid);

	return pc->index[pos] ? &pc->slots[pc->index[pos] - 1] : NULL;
}

static void lru_unlink(struct pidcache *pc, uint32_t i)
{
	struct pidcache_entry *e = &pc->slots[i];

	if (e->prev != NIL)
		pc->slots[e->prev].next = e->next;
	else
		pc->head = e->next;
	if (e->next != NIL)
		pc->slots[e->next].prev = e->prev;
	else
		pc->tail = e->prev;
}

static void lru_push_front(struct pidcache *pc, uint32_t i)
{
	struct pidcache_entry *e = &pc->slots[i];

	e->prev = NIL;
	e->next = pc->head;
	if (pc->head != NIL)
		pc->slots[pc->head].prev = i;
	pc->head = i;
	if (pc->tail == NIL)
		pc->tail = i;
}

/* Remove the index position @pos, shifting later probes back. */
static void index_delete(struct pidcache *pc, size_t pos)
{
	size_t next = pos, home;

	pc->index[pos] = 0;
	for (;;) {
		next = (next + 1) & pc->index_mask;
		if (!pc->index[next])
			return;
		home = hash_pid(pc->slots[pc->index[next] - 1].pid) &
		       pc->index_mask;
		/* can the entry at next move to pos? (cyclic interval) */
		if ((next > pos && (home <= pos || home > next)) ||
		    (next < pos && (home <= pos && home > next))) {
			pc->index[pos] = pc->index[next];
			pc->index[next] = 0;
			pos = next;
		}
	}
}

static void release_slot(struct pidcache *pc, uint32_t i)
{
	struct pidcache_entry *e = &pc->slots[i];

	index_delete(pc, find_pos(pc, e->pid));
	lru_unlink(pc, i);
	pidcache_ident_unref(pc, e->ident);
	memset(e, 0, sizeof(*e));
	e->next = pc->free_head;
	pc->free_head = i;
	pc->stats.entries--;
}

void pidcache_remove(struct pidcache *pc, pid_t pid)
{
	size_t pos = find_pos(pc, pid);

	if (pc->index[pos])
		release_slot(pc, pc->index[pos] - 1);
}

struct pidcache_entry *pidcache_put(struct pidcache *pc, pid_t pid)
{
	size_t pos = find_pos(pc, pid);
	struct pidcache_entry *e;
	uint32_t i;

	if (pc->index[pos]) {
		i = pc->index[pos] - 1;
		lru_unlink(pc, i);
		lru_push_front(pc, i);
		return &pc->slots[i];
	}
	if (pc->free_head == NIL) {
		release_slot(pc, pc->tail);
		pc->stats.evictions++;
		pos = find_pos(pc, pid);	/* the index changed */
	}
	i = pc->free_head;
	e = &pc->slots[i];
	pc->free_head = e->next;
	memset(e, 0, sizeof(*e));
	e->pid = pid;
	pc->index[pos] = i + 1;
	lru_push_front(pc, i);
	pc->stats.entries++;
	return e;
}

/* FNV-1a: a bucket choice only; a hit is confirmed by comparing text. */
/* Eight bytes a step: the text is a few hundred bytes per lookup. */
static uint64_t hash_text(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ len, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h ^ (h >> 32);
}

struct pidcache_ident *pidcache_intern(struct pidcache *pc, const char *text,
				       size_t len)
{
	uint64_t h = hash_text(text, len);
	struct pidcache_ident *id, **head = &pc->buckets[h % IDENT_BUCKETS];

	for (id = *head; id; id = id->next)
		if (id->hash == h && id->len == len &&
		    memcmp(id->text, text, len) == 0)
			return pidcache_ident_ref(id);
	id = calloc(1, sizeof(*id));
	if (!id)
		return NULL;
	if (cgroup_classify(text, len, &id->cg) < 0) {
		free(id);
		return NULL;
	}
	id->text = malloc(len ? len : 1);
	if (!id->text) {
		free(id);
		return NULL;
	}
	memcpy(id->text, text, len);
	id->len = len;
	id->hash = h;
	id->refs = 1;
	id->next = *head;
	*head = id;
	pc->stats.idents++;
	return id;
}

struct pidcache_ident *pidcache_ident_ref(struct pidcache_ident *ident)
{
	if (ident)
		ident->refs++;
	return ident;
}

void pidcache_ident_unref(struct pidcache *pc, struct pidcache_ident *ident)
{
	struct pidcache_ident **p;

	if (!ident || --ident->refs > 0)
		return;
	for (p = &pc->buckets[ident->hash % IDENT_BUCKETS]; *p; p = &(*p)->next)
		if (*p == ident) {
			*p = ident->next;
			break;
		}
	free(ident->text);
	free(ident);
	pc->stats.idents--;
	pc->stats.ident_evictions++;
}

void pidcache_set_ident(struct pidcache *pc, struct pidcache_entry *e,
			struct pidcache_ident *ident)
{
	struct pidcache_ident *old = e->ident;

	e->ident = pidcache_ident_ref(ident);
	pidcache_ident_unref(pc, old);
}

const struct pidcache_stats *pidcache_get_stats(const struct pidcache *pc)
{
	return &pc->stats;
}

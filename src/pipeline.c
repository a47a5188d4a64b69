/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "autoconf.h"

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <auparse.h>
#include <libaudit.h>

#include "cgroup.h"
#include "identity.h"
#include "pipeline.h"
#include "procfs.h"
#include "resolve.h"
#include "text.h"

/* Events whose identity was looked up early, waiting for their end. */
#define PENDING_SLOTS 64
/* OBJ_PID targets of one event that get an identity. */
#define MAX_TARGETS 16
/* References the worker drops together, under one taking of the lock. */
#define UNREF_BATCH 256

#define event_key pipeline_event_key

struct pending {
	bool used;
	struct pipeline_early e;
};

struct pipeline {
	pthread_mutex_t lock;	/* the resolver and its counters: the reader
				 * thread looks up early, the worker late */
	struct buf early_scratch; /* decoding for early lookups, under lock */
	auparse_state_t *au;
	struct procfs *proc;
	struct resolver *res;
	char **helpers;		/* our copy: outlives config reloads */
	char local_node[256];	/* "" : only events without node are local */
	struct runtimes *rt;	/* names from runtime state; NULL: off */
	struct format *fmt;
	pipeline_emit_fn emit;
	void *ctx;
	struct buf line;	/* the record being framed */
	bool overlong;		/* the current line went over the bound */
	size_t dropped;		/* bytes of it not kept */
	struct buf out;		/* the formatted event */
	size_t fit_max;		/* cut a second copy to this; 0: never */
	struct buf fit;		/* that copy */
	struct buf scratch;	/* decoding comm/exe */
	struct buf feedbuf;	/* a record and its newline, for auparse */
	struct pending pending[PENDING_SLOTS];
	unsigned int next_slot;
	struct identity targets[MAX_TARGETS];
	/* the worker's references to drop, so that it does not contend
	 * for the lock with the reader once per event */
	struct pidcache_ident *unref[UNREF_BATCH];
	unsigned int nunref;
	/* filters, our copies */
	char **include_keys, **exclude_types, **include_runtimes, **exclude_units;
	bool only_containers;
	bool filtering;		/* any filter set */
	struct pipeline_stats stats;
};

static void emit_line(struct pipeline *p, const struct buf *b)
{
	const struct buf *fit = b;

	if (p->fit_max && b->len > p->fit_max) {
		/* on failure syslog gets the whole line, and may refuse it */
		if (format_fit(p->fmt, p->fit_max, &p->fit) == 0) {
			fit = &p->fit;
			p->stats.cut++;
		}
	}
	p->stats.events_out++;
	if (p->emit(p->ctx, b->data, b->len, fit->data, fit->len) < 0)
		p->stats.emit_errors++;
}

static void emit_unparsed(struct pipeline *p, const char *line, size_t len,
			  const char *why)
{
	p->stats.unparsed++;
	if (format_unparsed(p->fmt, line, len, why, &p->out) < 0) {
		p->stats.format_errors++;
		return;
	}
	emit_line(p, &p->out);
}

/* The event's time in ms, saturated: forged timestamps can be anything. */
static int64_t key_ms(const struct event_key *k)
{
	if (k->sec < 0)
		return 0;
	if (k->sec > INT64_MAX / 1000 - 1)
		return INT64_MAX / 1000 * 1000;
	return (int64_t)k->sec * 1000 + (k->milli % 1000);
}

static bool same_key(const struct event_key *a, const struct event_key *b)
{
	return a->sec == b->sec && a->milli == b->milli &&
	       a->serial == b->serial && strcmp(a->node, b->node) == 0;
}

/* Is an event from @node (NULL or "" when it had none) from this host? */
static bool is_local(const struct pipeline *p, const char *node)
{
	return !node || !*node || strcmp(node, p->local_node) == 0;
}

/* Decode a comm= or exe= value ("quoted" or hex) into @out, bounded. */
static void decode_name(struct buf *scratch, const char *val, size_t len,
			char *out, size_t size)
{
	size_t n;

	buf_reset(scratch);
	if (text_decode_value(val, len, scratch) < 0 || !scratch->data) {
		out[0] = '\0';
		return;
	}
	n = scratch->len < size - 1 ? scratch->len : size - 1;
	memcpy(out, scratch->data, n);
	out[n] = '\0';
}

static pid_t parse_pid(const char *v, size_t n)
{
	int64_t x;

	if (!text_parse_number(v, n, &x) || x <= 0 || x > 0x7fffffff)
		return 0;
	return (pid_t)x;
}

static bool parse_ses(const char *v, size_t n, uint32_t *ret)
{
	int64_t x;

	if (!text_parse_number(v, n, &x) || x < 0 || x > UINT32_MAX)
		return false;
	*ret = (uint32_t)x;
	return true;
}

/* A field of a raw record: its value is [v, v + n). */
struct raw_val {
	const char *v;
	size_t n;
};

/* The fields of a SYSCALL record the reader needs, from one pass. */
struct raw_syscall {
	struct raw_val pid, ppid, ses, comm, exe, success, arch, syscall, exit;
};

#define RAW_NAME(n, field) { n, sizeof(n) - 1, offsetof(struct raw_syscall, field) }
/* The fields the reader reads, and where each goes. */
static const struct {
	const char *name;
	size_t len;
	size_t off;
} raw_names[] = {
	RAW_NAME("pid", pid), RAW_NAME("ppid", ppid), RAW_NAME("ses", ses),
	RAW_NAME("comm", comm), RAW_NAME("exe", exe),
	RAW_NAME("success", success), RAW_NAME("arch", arch),
	RAW_NAME("syscall", syscall), RAW_NAME("exit", exit),
};
#undef RAW_NAME

/*
 * Split a raw record line, before any ENRICHED part, into its
 * space-separated name=value fields once, keeping the first of each
 * name wanted. (The kernel hex-encodes any value with a space or a
 * quote in it, so a space always ends a value.)
 */
static void raw_fields(const char *line, size_t len, struct raw_syscall *f)
{
	const char *end = memchr(line, 0x1d, len), *p = line, *eq, *tok;
	struct raw_val *slot;
	size_t nl, i;

	memset(f, 0, sizeof(*f));
	if (!end)
		end = line + len;
	while (p < end) {
		tok = p;
		while (p < end && *p != ' ')
			p++;
		eq = memchr(tok, '=', (size_t)(p - tok));
		if (eq) {
			nl = (size_t)(eq - tok);
			slot = NULL;
			for (i = 0; i < sizeof(raw_names) / sizeof(raw_names[0]);
			     i++)
				if (raw_names[i].len == nl &&
				    memcmp(raw_names[i].name, tok, nl) == 0) {
					slot = (struct raw_val *)((char *)f +
								  raw_names[i].off);
					break;
				}
			/* the first of a name counts; "type=" never is one */
			if (slot && !slot->v && tok != line) {
				slot->v = eq + 1;
				slot->n = (size_t)(p - eq - 1);
			}
		}
		while (p < end && *p == ' ')
			p++;
	}
}

/* Decimal digits at [*p, end) into *ret; false when none or too many. */
static bool parse_digits(const char **p, const char *end,
			 unsigned long long *ret)
{
	unsigned long long v = 0;
	const char *s = *p;

	if (s >= end || *s < '0' || *s > '9')
		return false;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (v > (~0ULL - 9) / 10)
			return false;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	*p = s;
	*ret = v;
	return true;
}

/* The event key of a raw record line already checked by check_record(). */
static void raw_key(const char *line, size_t len, struct event_key *k)
{
	const char *m = memmem(line, len, "msg=audit(", 10), *end = line + len;
	unsigned long long sec, milli, serial;
	size_t n;

	memset(k, 0, sizeof(*k));
	if (len > 5 && memcmp(line, "node=", 5) == 0) {
		n = strcspn(line + 5, " ");
		if (n >= sizeof(k->node))
			n = sizeof(k->node) - 1;
		memcpy(k->node, line + 5, n);
	}
	if (!m)
		return;
	m += 10;
	if (!parse_digits(&m, end, &sec) || m >= end || *m++ != '.' ||
	    !parse_digits(&m, end, &milli) || m >= end || *m++ != ':' ||
	    !parse_digits(&m, end, &serial))
		return;
	k->sec = sec > (unsigned long long)LLONG_MAX ? LLONG_MAX : (long long)sec;
	k->milli = milli > UINT_MAX ? UINT_MAX : (unsigned int)milli;
	k->serial = (unsigned long)serial;
}

static void key_of_event(auparse_state_t *au, struct event_key *k)
{
	const au_event_t *e = auparse_get_timestamp(au);

	memset(k, 0, sizeof(*k));
	if (!e)
		return;
	k->sec = (long long)e->sec;
	k->milli = e->milli;
	k->serial = e->serial;
	if (e->host)
		snprintf(k->node, sizeof(k->node), "%s", e->host);
}

/* Resolve @ref; the caller holds p->lock. */
static void resolve_locked(struct pipeline *p, const struct proc_ref *ref,
			   struct identity *id, struct parent_info *parent)
{
	p->stats.lookups++;
	resolver_resolve(p->res, ref, id, parent);
	if (id->source == IDENTITY_SOURCE_NONE)
		p->stats.lookups_failed++;
}

static void resolve_ref(struct pipeline *p, const struct proc_ref *ref,
			struct identity *id, struct parent_info *parent)
{
	pthread_mutex_lock(&p->lock);
	resolve_locked(p, ref, id, parent);
	pthread_mutex_unlock(&p->lock);
}

static const char *check_record(const char *line, size_t len);

/* Is @line (a checked record) a SYSCALL record? */
static bool is_syscall(const char *line, size_t len)
{
	const char *t;

	if (len > 13 && memcmp(line, "type=SYSCALL ", 13) == 0)
		return true;
	if (len < 5 || memcmp(line, "node=", 5) != 0)
		return false;
	t = memchr(line, ' ', len);
	return t && (size_t)(line + len - t) > 14 &&
	       memcmp(t, " type=SYSCALL ", 14) == 0;
}

/*
 * The child of a successful clone, clone3, fork or vfork record (audited
 * when the admin adds those syscalls to the rules), or 0.
 */
static pid_t fork_child(const struct raw_syscall *f)
{
	const char *name;
	char num[24];
	int machine;
	unsigned long arch;
	long sc;

	if (f->success.n != 3 || memcmp(f->success.v, "yes", 3) != 0 ||
	    !f->arch.v || f->arch.n >= sizeof(num) || !f->syscall.v ||
	    f->syscall.n >= sizeof(num) || !f->exit.v)
		return 0;
	memcpy(num, f->arch.v, f->arch.n);
	num[f->arch.n] = '\0';
	arch = strtoul(num, NULL, 16);
	memcpy(num, f->syscall.v, f->syscall.n);
	num[f->syscall.n] = '\0';
	sc = strtol(num, NULL, 10);
	machine = audit_elf_to_machine((unsigned int)arch);
	name = machine >= 0 ? audit_syscall_to_name((int)sc, machine) : NULL;
	if (!name || (strcmp(name, "clone") && strcmp(name, "clone3") &&
		      strcmp(name, "fork") && strcmp(name, "vfork")))
		return 0;
	return parse_pid(f->exit.v, f->exit.n);
}

/*
 * Look up early: a SYSCALL record names the process as soon as it
 * arrives, before the rest of its event; the process may be gone a few
 * milliseconds later. Called by the reader thread (or inline); takes the
 * lock. Returns 1 and fills *ret when @line named a process, else 0.
 */
int pipeline_early(struct pipeline *p, const char *line, size_t len,
		   struct pipeline_early *ret)
{
	char comm[64], exe[PIDCACHE_EXE_MAX];
	struct proc_ref ref = { 0 };
	struct raw_syscall f;
	pid_t child;

	if (!is_syscall(line, len) || check_record(line, len))
		return 0;
	raw_fields(line, len, &f);
	if (!f.pid.v)
		return 0;
	ref.pid = parse_pid(f.pid.v, f.pid.n);
	if (ref.pid <= 0)
		return 0;
	memset(ret, 0, sizeof(*ret));
	raw_key(line, len, &ret->key);
	pthread_mutex_lock(&p->lock);
	if (!is_local(p, ret->key.node)) {
		ret->res.source = IDENTITY_SOURCE_REMOTE;
		p->stats.remote++;
		pthread_mutex_unlock(&p->lock);
		return 1;
	}
	if (f.ppid.v)
		ref.ppid = parse_pid(f.ppid.v, f.ppid.n);
	if (f.ses.v)
		ref.has_ses = parse_ses(f.ses.v, f.ses.n, &ref.ses);
	if (f.comm.v) {
		decode_name(&p->early_scratch, f.comm.v, f.comm.n, comm,
			    sizeof(comm));
		ref.comm = comm;
	}
	if (f.exe.v) {
		decode_name(&p->early_scratch, f.exe.v, f.exe.n, exe,
			    sizeof(exe));
		ref.exe = exe;
	}
	ref.time_ms = key_ms(&ret->key);
	p->stats.lookups++;
	resolver_lookup(p->res, &ref, &ret->res);
	if (ret->res.source == IDENTITY_SOURCE_NONE)
		p->stats.lookups_failed++;
	p->stats.early++;
	child = fork_child(&f);
	if (child > 0)
		resolver_learn_fork(p->res, &ref, child);
	pthread_mutex_unlock(&p->lock);
	return 1;
}

void pipeline_early_release(struct pipeline *p, struct pipeline_early *e)
{
	pthread_mutex_lock(&p->lock);
	resolver_result_release(p->res, &e->res);
	pthread_mutex_unlock(&p->lock);
}

/* Drop the references put aside by release_later(). */
static void release_batch(struct pipeline *p)
{
	unsigned int i;

	if (!p->nunref)
		return;
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->nunref; i++)
		resolver_ident_unref(p->res, p->unref[i]);
	pthread_mutex_unlock(&p->lock);
	p->nunref = 0;
}

/* Release @e's references soon, with others (worker side). */
static void release_later(struct pipeline *p, struct pipeline_early *e)
{
	if (p->nunref + 2 > UNREF_BATCH)
		release_batch(p);
	if (e->res.ident)
		p->unref[p->nunref++] = e->res.ident;
	if (e->res.pident)
		p->unref[p->nunref++] = e->res.pident;
	e->res.ident = e->res.pident = NULL;
}

/* Keep an early lookup until its event completes (worker side). */
static void keep_early(struct pipeline *p, const struct pipeline_early *e)
{
	struct pending *slot = &p->pending[p->next_slot];

	p->next_slot = (p->next_slot + 1) % PENDING_SLOTS;
	if (slot->used)		/* an event that never completed */
		release_later(p, &slot->e);
	slot->e = *e;
	slot->used = true;
}

/* The pending early lookup of this event, or NULL. */
static struct pending *take_pending(struct pipeline *p,
				    const struct event_key *k)
{
	unsigned int i;

	for (i = 0; i < PENDING_SLOTS; i++) {
		struct pending *s = &p->pending[i];

		if (s->used && same_key(&s->e.key, k)) {
			s->used = false;
			return s;
		}
	}
	return NULL;
}

/*
 * Resolve the event's process from its records (events that had no
 * SYSCALL record, or whose early lookup was lost), and its OBJ_PID
 * targets. Fills @ei.
 */
static void late_lookup(struct pipeline *p, auparse_state_t *au,
			const struct event_key *k, struct event_identity *ei,
			struct identity *id, struct parent_info *parent,
			bool have_main)
{
	char comm[64], exe[PIDCACHE_EXE_MAX];
	struct proc_ref ref = { 0 }, t;
	const char *name, *val;
	bool local = is_local(p, k->node), found = have_main;

	ei->ntargets = 0;
	if (auparse_first_record(au) <= 0)
		goto out;
	do {
		bool obj = auparse_get_type(au) == AUDIT_OBJ_PID;
		struct proc_ref cur = { 0 };

		/* with the early answer in hand only targets are wanted */
		if (found && !obj)
			continue;
		if (auparse_first_field(au) <= 0)
			continue;
		comm[0] = exe[0] = '\0';
		do {
			name = auparse_get_field_name(au);
			val = auparse_get_field_str(au);
			if (!name || !val)
				continue;
			if (obj && strcmp(name, "opid") == 0)
				cur.pid = parse_pid(val, strlen(val));
			else if (!obj && strcmp(name, "pid") == 0)
				cur.pid = parse_pid(val, strlen(val));
			else if (!obj && strcmp(name, "ppid") == 0)
				cur.ppid = parse_pid(val, strlen(val));
			else if (!obj && strcmp(name, "ses") == 0)
				cur.has_ses = parse_ses(val, strlen(val), &cur.ses);
			else if (!obj && strcmp(name, "comm") == 0)
				decode_name(&p->scratch, val, strlen(val), comm, sizeof(comm));
			else if (!obj && strcmp(name, "exe") == 0)
				decode_name(&p->scratch, val, strlen(val), exe, sizeof(exe));
		} while (auparse_next_field(au) > 0);
		if (obj) {
			if (ei->ntargets >= MAX_TARGETS)
				continue;
			t = (struct proc_ref){ .pid = cur.pid,
				.time_ms = key_ms(k) };
			memset(&p->targets[ei->ntargets], 0, sizeof(p->targets[0]));
			if (!local)
				p->targets[ei->ntargets].source = IDENTITY_SOURCE_REMOTE;
			else if (t.pid > 0)
				resolve_ref(p, &t, &p->targets[ei->ntargets], NULL);
			ei->ntargets++;
		} else if (!found && cur.pid > 0) {
			ref = cur;
			ref.comm = comm[0] ? comm : NULL;
			ref.exe = exe[0] ? exe : NULL;
			ref.time_ms = key_ms(k);
			found = true;
			if (!local) {
				memset(id, 0, sizeof(*id));
				memset(parent, 0, sizeof(*parent));
				id->source = IDENTITY_SOURCE_REMOTE;
				p->stats.remote++;
			} else {
				resolve_ref(p, &ref, id, parent);
			}
			ei->id = id;
		}
	} while (auparse_next_record(au) > 0);
out:
	ei->targets = ei->ntargets ? p->targets : NULL;
}

static bool in_list(char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/*
 * Does the event pass the filters? Counts what each one drops. The event
 * has been resolved already, so a dropped event still taught the process
 * table what it knew.
 */
static bool wanted(struct pipeline *p, auparse_state_t *au,
		   const struct identity *id)
{
	const struct cgroup_identity *cg = id && id->has_cgroup ? &id->cg : NULL;
	const char *name, *val, *type = NULL;
	bool key_ok = !p->include_keys;

	if (auparse_first_record(au) > 0) {
		do {
			const char *t = auparse_get_type_name(au);

			if (!type && t && strcmp(t, "EOE") != 0)
				type = t;
			if (key_ok || auparse_first_field(au) <= 0)
				continue;
			do {
				char *k, *save = NULL;

				name = auparse_get_field_name(au);
				val = auparse_get_field_str(au);
				if (!name || !val || strcmp(name, "key") != 0)
					continue;
				/* several keys come hex-encoded, joined by 0x01 */
				buf_reset(&p->scratch);
				if (text_decode_value(val, strlen(val),
						      &p->scratch) < 0 ||
				    !p->scratch.data)
					continue;
				for (k = strtok_r(p->scratch.data, "\x01", &save);
				     k; k = strtok_r(NULL, "\x01", &save))
					if (in_list(p->include_keys, k))
						key_ok = true;
			} while (!key_ok && auparse_next_field(au) > 0);
		} while (auparse_next_record(au) > 0);
	}
	if (type && in_list(p->exclude_types, type)) {
		p->stats.filtered_type++;
		return false;
	}
	if (!key_ok) {
		p->stats.filtered_key++;
		return false;
	}
	if ((p->only_containers || p->include_runtimes) &&
	    (!cg || !cg->container_id[0])) {
		p->stats.filtered_identity++;
		return false;
	}
	if (p->include_runtimes &&
	    !in_list(p->include_runtimes,
		     cgroup_runtime_to_string(cg->runtime) ?
		     cgroup_runtime_to_string(cg->runtime) : "")) {
		p->stats.filtered_identity++;
		return false;
	}
	if (p->exclude_units && cg && in_list(p->exclude_units, cg->unit)) {
		p->stats.filtered_identity++;
		return false;
	}
	return true;
}

/*
 * Names from the runtimes' own state for a container or pod identity.
 * Worker side only, after the cgroup lookup: never delays it.
 */
static void add_names(struct pipeline *p, struct identity *id)
{
	struct timespec now;

	if (!id->has_cgroup || (!id->cg.container_id[0] && !id->cg.pod_uid[0]))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (runtimes_lookup(p->rt, &id->cg, (int64_t)now.tv_sec * 1000 +
			    now.tv_nsec / 1000000, &id->names) >= 0)
		id->has_names = true;
}

static void on_event(auparse_state_t *au, auparse_cb_event_t type, void *data)
{
	struct pipeline *p = data;
	struct event_identity ei = { 0 };
	struct parent_info parent;
	struct identity id;
	struct event_key k;
	struct pending *pend;

	if (type != AUPARSE_CB_EVENT_READY)
		return;
	key_of_event(au, &k);
	pend = take_pending(p, &k);
	if (pend) {
		resolver_result_fill(&pend->e.res, &id, &parent);
		release_later(p, &pend->e);
		ei.id = &id;
		ei.parent = &parent;
	}
	late_lookup(p, au, &k, &ei, &id, &parent, pend != NULL);
	if (!pend && ei.id)
		ei.parent = &parent;
	if (p->rt && ei.id)
		add_names(p, &id);
	if (p->filtering && !wanted(p, au, ei.id)) {
		p->stats.filtered++;
		return;
	}
	if (format_event(p->fmt, au, &ei, &p->out) < 0) {
		p->stats.format_errors++;
		return;
	}
	emit_line(p, &p->out);
}

/*
 * The node name auditd writes for this host, from its name_format (as
 * auditd.conf(5) describes it); "" when it writes none.
 */
static void local_node_name(const char *host_root, char *out, size_t size)
{
	char path[4096], line[512], fmt[32] = "none", name[256] = "";
	struct addrinfo hints = { .ai_flags = AI_CANONNAME }, *ai;
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/etc/audit/auditd.conf",
		 strcmp(host_root, "/") ? host_root : "");
	f = fopen(path, "re");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			char k[64], v[256];

			if (sscanf(line, " %63[a-z_] = %255s", k, v) != 2)
				continue;
			if (strcmp(k, "name_format") == 0)
				snprintf(fmt, sizeof(fmt), "%.31s", v);
			else if (strcmp(k, "name") == 0)
				snprintf(name, sizeof(name), "%s", v);
		}
		fclose(f);
	}
	if (strcasecmp(fmt, "user") == 0) {
		snprintf(out, size, "%s", name);
	} else if (strcasecmp(fmt, "hostname") == 0 ||
		   strcasecmp(fmt, "fqd") == 0 ||
		   strcasecmp(fmt, "numeric") == 0) {
		if (gethostname(out, size) < 0)
			out[0] = '\0';
		out[size - 1] = '\0';
		if (strcasecmp(fmt, "fqd") == 0 &&
		    getaddrinfo(out, NULL, &hints, &ai) == 0) {
			if (ai->ai_canonname)
				snprintf(out, size, "%s", ai->ai_canonname);
			freeaddrinfo(ai);
		}
	}
}

static void free_list(char **list)
{
	char **h;

	if (!list)
		return;
	for (h = list; *h; h++)
		free(*h);
	free(list);
}

static char **copy_list(char *const *list)
{
	size_t n = 0, i;
	char **c;

	while (list && list[n])
		n++;
	c = calloc(n + 1, sizeof(*c));
	if (!c)
		return NULL;
	for (i = 0; i < n; i++) {
		c[i] = strdup(list[i]);
		if (!c[i]) {
			while (i)
				free(c[--i]);
			free(c);
			return NULL;
		}
	}
	return c;
}

int pipeline_new(const struct config *cfg, pipeline_emit_fn emit, void *ctx,
		 struct pipeline **ret_p)
{
	struct pipeline *p;
	int r;

	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	pthread_mutex_init(&p->lock, NULL);
	p->emit = emit;
	p->ctx = ctx;
	if (cfg->outputs & (1u << CONFIG_OUTPUT_SYSLOG))
		p->fit_max = cfg->max_event_bytes;
	r = procfs_open(cfg->host_root, &p->proc);
	if (r < 0)
		goto fail;
	p->only_containers = cfg->only_containers;
	if ((cfg->include_keys &&
	     !(p->include_keys = copy_list(cfg->include_keys))) ||
	    (cfg->exclude_event_types &&
	     !(p->exclude_types = copy_list(cfg->exclude_event_types))) ||
	    (cfg->include_runtimes &&
	     !(p->include_runtimes = copy_list(cfg->include_runtimes))) ||
	    (cfg->exclude_units &&
	     !(p->exclude_units = copy_list(cfg->exclude_units)))) {
		r = -ENOMEM;
		goto fail;
	}
	p->filtering = p->only_containers || p->include_keys ||
		       p->exclude_types || p->include_runtimes ||
		       p->exclude_units;
	p->helpers = copy_list(cfg->runtime_helpers);
	if (!p->helpers) {
		r = -ENOMEM;
		goto fail;
	}
	r = resolver_new(p->proc, cfg->process_table_size, 0,
			 (const char *const *)p->helpers, &p->res);
	if (r < 0)
		goto fail;
	if (strcmp(cfg->local_node, "auto") == 0)
		local_node_name(cfg->host_root, p->local_node,
				sizeof(p->local_node));
	else
		snprintf(p->local_node, sizeof(p->local_node), "%s",
			 cfg->local_node);
	if (cfg->runtime_names) {
		struct runtime_roots roots = {
			.docker = cfg->docker_root,
			.containerd = cfg->containerd_state,
			.crio = cfg->containers_runroot,
			.containers_storage = cfg->containers_graphroot,
			.kubelet_pods = cfg->kubelet_pods_dir,
			.pod_logs = cfg->pod_logs_dir,
			.container_logs = cfg->container_logs_dir,
		};

		r = runtimes_new(cfg->host_root, &roots,
				 cfg->runtime_cache_entries,
				 (int64_t)cfg->runtime_negative_ttl, &p->rt);
		if (r < 0)
			goto fail;
	}
	r = format_new(cfg, &p->fmt);
	if (r < 0)
		goto fail;
	auparse_set_eoe_timeout((time_t)cfg->eoe_timeout);
	p->au = auparse_init(AUSOURCE_FEED, NULL);
	if (!p->au) {
		r = -ENOMEM;
		goto fail;
	}
	auparse_add_callback(p->au, on_event, p, NULL);
	*ret_p = p;
	return 0;
fail:
	pipeline_free(p);
	return r;
}

void pipeline_free(struct pipeline *p)
{
	unsigned int i;

	if (!p)
		return;
	for (i = 0; i < PENDING_SLOTS; i++)
		if (p->pending[i].used && p->res)
			resolver_result_release(p->res, &p->pending[i].e.res);
	if (p->res)
		release_batch(p);
	if (p->au)
		auparse_destroy(p->au);
	format_free(p->fmt);
	runtimes_free(p->rt);
	resolver_free(p->res);
	procfs_close(p->proc);
	free_list(p->helpers);
	free_list(p->include_keys);
	free_list(p->exclude_types);
	free_list(p->include_runtimes);
	free_list(p->exclude_units);
	buf_free(&p->scratch);
	buf_free(&p->early_scratch);
	buf_free(&p->feedbuf);
	pthread_mutex_destroy(&p->lock);
	buf_free(&p->fit);
	buf_free(&p->line);
	buf_free(&p->out);
	free(p);
}

static bool is_digits(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * Does @line look like an audit record: [node=X ]type=T msg=audit(S.M:N):
 * Returns NULL if so, or why not.
 */
static const char *check_record(const char *line, size_t len)
{
	const char *p = line, *end = line + len, *q;
	size_t n;

	if (memchr(line, '\0', len))
		return "NUL byte in record";
	if (len > 5 && memcmp(p, "node=", 5) == 0) {
		q = memchr(p, ' ', len);
		if (!q)
			return "no record after node=";
		p = q + 1;
	}
	if ((size_t)(end - p) < 5 || memcmp(p, "type=", 5) != 0)
		return "record does not start with type=";
	q = memchr(p, ' ', (size_t)(end - p));
	if (!q || q == p + 5)
		return "record type missing";
	p = q + 1;
	if ((size_t)(end - p) < 10 || memcmp(p, "msg=audit(", 10) != 0)
		return "no msg=audit( timestamp";
	p += 10;
	n = strspn(p, "0123456789");
	if (!is_digits(p, n) || p[n] != '.')
		return "bad timestamp seconds";
	p += n + 1;
	n = strspn(p, "0123456789");
	if (!is_digits(p, n) || p[n] != ':')
		return "bad timestamp milliseconds";
	p += n + 1;
	n = strspn(p, "0123456789");
	if (!is_digits(p, n) || p + n + 1 >= end || p[n] != ')' ||
	    p[n + 1] != ':')
		return "bad event serial";
	return NULL;
}

int pipeline_record(struct pipeline *p, const char *line, size_t len,
		    struct pipeline_early *early)
{
	struct pipeline_early e;
	const char *why;
	int r;

	if (len && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return 0;
	why = check_record(line, len);
	if (why) {
		if (early)
			pipeline_early_release(p, early);
		emit_unparsed(p, line, len, why);
		return 0;
	}
	p->stats.records_in++;
	if (early)
		keep_early(p, early);
	else if (pipeline_early(p, line, len, &e))
		keep_early(p, &e);
	/* auparse wants the newline to see the end of the record */
	buf_reset(&p->feedbuf);
	r = buf_append(&p->feedbuf, line, len);
	if (r == 0)
		r = buf_putc(&p->feedbuf, '\n');
	if (r < 0)
		return r;
	if (auparse_feed(p->au, p->feedbuf.data, p->feedbuf.len) < 0)
		p->stats.format_errors++;
	return 0;
}

void pipeline_unparsed(struct pipeline *p, const char *line, size_t len,
		       const char *why)
{
	if (strstr(why, "longer than"))
		p->stats.truncated++;
	emit_unparsed(p, line, len, why);
}

int pipeline_feed(struct pipeline *p, const char *data, size_t len)
{
	const char *nl;
	size_t n, room;
	int r;

	while (len) {
		nl = memchr(data, '\n', len);
		n = nl ? (size_t)(nl - data) : len;
		room = PIPELINE_LINE_MAX - p->line.len;
		if (n > room) {
			p->overlong = true;
			p->dropped += n - room;
		}
		if (n && room) {
			r = buf_append(&p->line, data, n < room ? n : room);
			if (r < 0)
				return r;
		}
		if (!nl)
			return 0;
		data += n + 1;
		len -= n + 1;
		if (p->overlong) {
			pipeline_unparsed(p, p->line.data, p->line.len,
					  PIPELINE_OVERLONG);
			p->overlong = false;
			p->dropped = 0;
		} else {
			r = pipeline_record(p, p->line.data ? p->line.data : "",
					    p->line.len, NULL);
			if (r < 0)
				return r;
		}
		buf_reset(&p->line);
	}
	return 0;
}

void pipeline_set_emit(struct pipeline *p, pipeline_emit_fn emit, void *ctx)
{
	p->emit = emit;
	p->ctx = ctx;
}

void pipeline_age(struct pipeline *p)
{
	auparse_feed_age_events(p->au);
	release_batch(p);
}

void pipeline_flush(struct pipeline *p)
{
	if (p->line.len)
		pipeline_feed(p, "\n", 1);
	auparse_flush_feed(p->au);
	release_batch(p);
}

const struct pipeline_stats *pipeline_get_stats(const struct pipeline *p)
{
	return &p->stats;
}

void pipeline_lock(struct pipeline *p)
{
	pthread_mutex_lock(&p->lock);
}

void pipeline_unlock(struct pipeline *p)
{
	pthread_mutex_unlock(&p->lock);
}

const struct resolve_stats *pipeline_get_resolve_stats(const struct pipeline *p)
{
	return resolver_get_stats(p->res);
}

const struct pidcache_stats *pipeline_get_cache_stats(const struct pipeline *p)
{
	return resolver_get_cache_stats(p->res);
}

const struct runtime_stats *pipeline_get_runtime_stats(const struct pipeline *p)
{
	return p->rt ? runtimes_get_stats(p->rt) : NULL;
}

const char *pipeline_local_node(const struct pipeline *p)
{
	return p->local_node;
}

const struct format_stats *pipeline_get_format_stats(const struct pipeline *p)
{
	return format_get_stats(p->fmt);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * format.c - audit event + identity -> JSON, with cJSON.
 *
 * Layout (docs/schema.md): top-level id, time, node, type, then
 * "records" grouped by record type, then the identity objects cgroup,
 * systemd, container and pod. Every field the kernel sent is kept; values
 * are decoded (quotes removed, hex decoded) and written under the
 * encoding rule of text.h.
 */
#include "autoconf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <libaudit.h>

#include "format.h"
#include "jsonw.h"
#include "text.h"

/*
 * The keys of one object being written, so that none repeats: a field
 * name seen again gets _2, _3, ... (add_key()).
 */
struct keyslot {
	uint32_t gen;		/* in use when it equals the set's */
	uint32_t hash;
	size_t len;
	const char *s;		/* the key: auparse's, or one of owned */
};

struct keyset {
	struct keyslot *slot;
	size_t cap;		/* slots, a power of two */
	size_t n;		/* keys */
	uint32_t gen;		/* bumped to empty the set */
	char **owned;		/* keys made here (name_2, ...) */
	size_t nowned, owned_cap;
};

/* Records of one type, in the order they came: records[TYPE]. */
struct group {
	char type[64];
	bool list;		/* an array even with one record */
	size_t n;		/* records in it */
	struct buf json;	/* their objects, comma-separated */
};

/*
 * What auparse_get_field_type() said for a record type and field name.
 * auparse looks the name up in its tables (a binary search of string
 * compares) on every call, which cost half as much as parsing itself;
 * its answer depends on the record type and the name only, except for
 * "acct", whose value decides (auparse/interpret.c,
 * auparse_interp_adjust_type()). So it is asked once per pair.
 */
#define TYPE_MEMO_SLOTS 1024	/* a power of two; full: ask auparse */
#define TYPE_MEMO_NAME 24

struct type_memo {
	int rtype;
	int type;
	uint32_t hash;		/* key_hash() of the name */
	bool plain;		/* the name needs no escaping as a JSON key */
	size_t len;
	char name[TYPE_MEMO_NAME];	/* "" : free slot */
};

struct shape;

struct format {
	struct buf tmp;		/* decoded bytes */
	struct buf esc;		/* scratch bytes */
	struct buf *args;	/* EXECVE arguments being reassembled */
	size_t nargs;		/* arguments in use */
	size_t args_cap;	/* arguments allocated */
	cJSON *last;		/* the last event as a tree, for format_fit() */
	const struct buf *last_out; /* or as written, parsed when needed */
	struct group *groups;	/* records by type, this event */
	size_t ngroups, groups_cap;
	struct keyset keys;	/* of the record being written */
	struct keyset ekeys;	/* of its enriched object */
	struct keyset xkeys;	/* of the merged EXECVE object */
	struct buf execve;	/* the merged EXECVE object */
	struct jsonw xw;	/* writing it */
	bool execve_open;
	int64_t argc;		/* its argc: -1 none, -2 not a count */
	struct buf native;	/* the native event, for schema = ecs */
	struct type_memo *types; /* field types auparse gave, remembered */
	struct shape *shapes;	/* the names each record type came with */
	char date[80];		/* the date and time of date_sec */
	size_t date_len;
	time_t date_sec;
	enum config_format kind;
	enum config_schema schema;
	char **exclude;		/* record types left out */
	char syscall[32];	/* the event's syscall by name, for ECS */
	struct format_stats stats;
};

/* Record types that may repeat within one event: always arrays. */
static const char *const list_types[] = {
	"PATH", "OBJ_PID", "AVC", "USER_AVC", "NETFILTER_CFG", "MAC_POLICY_LOAD",
	"SELINUX_ERR", "CAPSET", "BPF", "URINGOP", "OPENAT2", NULL
};

/* Field types whose unambiguous decimal values become JSON numbers. */
static bool numeric_type(int t)
{
	switch (t) {
	case AUPARSE_TYPE_UNCLASSIFIED:
	case AUPARSE_TYPE_UID:
	case AUPARSE_TYPE_GID:
	case AUPARSE_TYPE_SYSCALL:
	case AUPARSE_TYPE_EXIT:
	case AUPARSE_TYPE_SESSION:
	case AUPARSE_TYPE_SIGNAL:
	case AUPARSE_TYPE_LIST:
		return true;
	default:
		return false;
	}
}

static bool escaped_type(int t)
{
	return t == AUPARSE_TYPE_ESCAPED || t == AUPARSE_TYPE_ESCAPED_FILE ||
	       t == AUPARSE_TYPE_ESCAPED_KEY || t == AUPARSE_TYPE_PROCTITLE;
}

static void keyset_free(struct keyset *ks);

int format_new(const struct config *cfg, struct format **ret_f)
{
	struct format *f;
	size_t n = 0, i;

	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->kind = cfg->format;
	f->schema = cfg->schema;
	while (cfg->exclude_record_types && cfg->exclude_record_types[n])
		n++;
	if (n) {
		f->exclude = calloc(n + 1, sizeof(*f->exclude));
		if (!f->exclude)
			goto fail;
		for (i = 0; i < n; i++) {
			f->exclude[i] = strdup(cfg->exclude_record_types[i]);
			if (!f->exclude[i])
				goto fail;
		}
	}
	*ret_f = f;
	return 0;
fail:
	format_free(f);
	return -ENOMEM;
}

void format_free(struct format *f)
{
	size_t i;

	if (!f)
		return;
	buf_free(&f->tmp);
	buf_free(&f->esc);
	for (i = 0; i < f->args_cap; i++)
		buf_free(&f->args[i]);
	free(f->args);
	for (i = 0; i < f->groups_cap; i++)
		buf_free(&f->groups[i].json);
	free(f->groups);
	keyset_free(&f->keys);
	keyset_free(&f->ekeys);
	keyset_free(&f->xkeys);
	buf_free(&f->execve);
	buf_free(&f->native);
	free(f->types);
	free(f->shapes);
	cJSON_Delete(f->last);
	if (f->exclude) {
		for (i = 0; f->exclude[i]; i++)
			free(f->exclude[i]);
		free(f->exclude);
	}
	free(f);
}

const struct format_stats *format_get_stats(const struct format *f)
{
	return &f->stats;
}

static const char *family_name(unsigned int fam)
{
	switch (fam) {
	case AF_UNIX: return "unix";
	case AF_INET: return "inet";
	case AF_INET6: return "inet6";
	case AF_NETLINK: return "netlink";
	case AF_PACKET: return "packet";
	case AF_BLUETOOTH: return "bluetooth";
	case AF_VSOCK: return "vsock";
	case AF_UNSPEC: return "unspec";
	default: return NULL;
	}
}

/* Reset the EXECVE reassembly state for a new event. */
static void args_reset(struct format *f)
{
	size_t i;

	for (i = 0; i < f->nargs; i++)
		buf_reset(&f->args[i]);
	f->nargs = 0;
}

/* How far an argument's index may jump past the last one seen. */
#define ARGV_GAP_MAX 1024

/* The buffer of argument @idx, growing the table as needed. */
static struct buf *arg_slot(struct format *f, size_t idx)
{
	struct buf *n;
	size_t cap;

	if (idx >= 1u << 20)
		return NULL;	/* no real argv has a million entries */
	if (idx >= f->args_cap) {
		cap = f->args_cap ? f->args_cap : 16;
		while (cap <= idx)
			cap *= 2;
		n = realloc(f->args, cap * sizeof(*n));
		if (!n)
			return NULL;
		memset(n + f->args_cap, 0, (cap - f->args_cap) * sizeof(*n));
		f->args = n;
		f->args_cap = cap;
	}
	if (idx >= f->nargs)
		f->nargs = idx + 1;
	return &f->args[idx];
}

/*
 * Is @name an EXECVE argument field: aN, aN[i] or aN_len? Sets *ret_idx
 * and *ret_kind ('a' value, '[' part, 'l' length).
 */
static bool execve_arg_field(const char *name, size_t *ret_idx, char *ret_kind)
{
	const char *p = name + 1;
	size_t idx = 0;

	if (name[0] != 'a' || *p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		idx = idx * 10 + (size_t)(*p - '0');
		if (idx > 1u << 24)
			return false;
	}
	if (*p == '\0')
		*ret_kind = 'a';
	else if (*p == '[')
		*ret_kind = '[';
	else if (strcmp(p, "_len") == 0)
		*ret_kind = 'l';
	else
		return false;
	*ret_idx = idx;
	return true;
}

/*
 * The record's type name. auparse names the types it knows; for others
 * the name is read from the record text ("type=NAME ").
 */
static const char *record_type_name(auparse_state_t *au, char *buf,
				    size_t size)
{
	const char *name = auparse_get_type_name(au), *text, *p;
	size_t n;

	if (name)
		return name;
	text = auparse_get_record_text(au);
	p = text ? strstr(text, "type=") : NULL;
	if (!p) {
		snprintf(buf, size, "UNKNOWN[%d]", auparse_get_type(au));
		return buf;
	}
	p += 5;
	n = strcspn(p, " ");
	if (n >= size)
		n = size - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

/* EOE says nothing; the admin may leave out more (exclude_record_types). */
static bool skip_record(const struct format *f, const char *type)
{
	char *const *x;

	if (strcmp(type, "EOE") == 0)
		return true;
	for (x = f->exclude; x && *x; x++)
		if (strcmp(*x, type) == 0)
			return true;
	return false;
}

static bool is_list_type(const char *type)
{
	const char *const *t;

	for (t = list_types; *t; t++)
		if (strcmp(*t, type) == 0)
			return true;
	return false;
}

/*
 * The name of syscall number @val on arch @arch (hex, as in the record),
 * from libaudit's tables: no allocation. Leaves @out empty when unknown.
 */
static void syscall_name(const char *arch, const char *val, char *out,
			 size_t size)
{
	const char *name = NULL;
	unsigned long a;
	char *end;
	long sc;
	int machine;

	out[0] = '\0';
	if (!arch)
		return;
	errno = 0;
	a = strtoul(arch, &end, 16);
	if (errno || *end || a > UINT32_MAX)
		return;
	sc = strtol(val, &end, 10);
	if (*end || sc < 0 || sc > 100000)
		return;
	machine = audit_elf_to_machine((unsigned int)a);
	if (machine >= 0)
		name = audit_syscall_to_name((int)sc, machine);
	if (name)
		text_copy(out, size, name);
}

/*
 * A tree (our own output read back, or built from it) as a value: its
 * keys and strings are already under the encoding rule; integral
 * numbers up to 2^53 go out with all their digits, where cJSON's printer
 * rounds to 15 (9007199254740992 -> 9.00719925474099e+15).
 */
static void put_tree(struct jsonw *w, const cJSON *item)
{
	const cJSON *c;
	char num[64];
	double d;
	int n;

	if (cJSON_IsObject(item) || cJSON_IsArray(item)) {
		bool obj = cJSON_IsObject(item);

		if (obj)
			jsonw_object(w, NULL);
		else
			jsonw_array(w, NULL);
		cJSON_ArrayForEach(c, item) {
			if (obj)
				jsonw_key_encoded(w, c->string ? c->string : "");
			put_tree(w, c);
		}
		jsonw_close(w);
	} else if (cJSON_IsString(item) && item->valuestring) {
		jsonw_string_encoded(w, NULL, item->valuestring);
	} else if (cJSON_IsNumber(item)) {
		d = item->valuedouble;
		if (d != d || d - d != 0)
			jsonw_null(w, NULL);	/* NaN, infinity: as cJSON */
		else if (d >= -9007199254740992.0 && d <= 9007199254740992.0 &&
			 d == (double)(int64_t)d)
			jsonw_int(w, NULL, (int64_t)d);
		else {
			n = snprintf(num, sizeof(num), "%1.17g", d);
			jsonw_raw(w, NULL, num, (size_t)n);
		}
	} else if (cJSON_IsBool(item)) {
		jsonw_bool(w, NULL, cJSON_IsTrue(item));
	} else if (cJSON_IsRaw(item) && item->valuestring) {
		jsonw_raw(w, NULL, item->valuestring, strlen(item->valuestring));
	} else {
		jsonw_null(w, NULL);
	}
}

/* Print @root into @out (reset first), as the streamed events are. */
static int print_json(cJSON *root, struct buf *out)
{
	struct jsonw w;

	buf_reset(out);
	jsonw_init(&w, out);
	put_tree(&w, root);
	if (jsonw_error(&w) == 0 && !out->data)
		return buf_reserve(out, 0);
	return jsonw_error(&w);
}

static int format_text(struct format *f, auparse_state_t *au,
		       const struct event_identity *ei, struct buf *out);
static cJSON *to_ecs(cJSON *root, const char *syscall);

/* ---- format = json, schema = native: written straight out ------------ */


static void keyset_reset(struct keyset *ks)
{
	while (ks->nowned)
		free(ks->owned[--ks->nowned]);
	ks->n = 0;
	if (++ks->gen == 0) {
		/* wrapped: every slot looks used by an old set */
		if (ks->slot)
			memset(ks->slot, 0, ks->cap * sizeof(*ks->slot));
		ks->gen = 1;
	}
}

static void keyset_free(struct keyset *ks)
{
	keyset_reset(ks);
	free(ks->owned);
	free(ks->slot);
}

static uint32_t key_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The slot of @s in @ks: where it is, or the free one it would go to. */
static struct keyslot *keyset_find(struct keyset *ks, const char *s,
				   size_t len, uint32_t hash)
{
	size_t i = hash & (ks->cap - 1);
	struct keyslot *k;

	for (;;) {
		k = &ks->slot[i];
		if (k->gen != ks->gen)
			return k;
		if (k->hash == hash && k->len == len &&
		    memcmp(k->s, s, len) == 0)
			return k;
		i = (i + 1) & (ks->cap - 1);
	}
}

static int keyset_grow(struct keyset *ks)
{
	size_t cap = ks->cap ? ks->cap * 2 : 64, i;
	struct keyslot *old = ks->slot, *k;
	size_t oldcap = ks->cap;

	ks->slot = calloc(cap, sizeof(*ks->slot));
	if (!ks->slot) {
		ks->slot = old;
		return -ENOMEM;
	}
	ks->cap = cap;
	if (!ks->gen)
		ks->gen = 1;
	for (i = 0; i < oldcap; i++) {
		if (old[i].gen != ks->gen)
			continue;
		k = keyset_find(ks, old[i].s, old[i].len, old[i].hash);
		*k = old[i];
	}
	free(old);
	return 0;
}

/*
 * Add @s, which must stay as it is while the set holds it (auparse's
 * field names do, for the event): 1 when new, 0 when already there, or
 * -ENOMEM.
 */
static int keyset_add(struct keyset *ks, const char *s, size_t len,
		      uint32_t hash)
{
	struct keyslot *k;
	int r;

	if ((ks->n + 1) * 2 > ks->cap && (r = keyset_grow(ks)) < 0)
		return r;
	k = keyset_find(ks, s, len, hash);
	if (k->gen == ks->gen)
		return 0;
	k->gen = ks->gen;
	k->hash = hash;
	k->len = len;
	k->s = s;
	ks->n++;
	return 1;
}

/* Keep a copy of @s (@len bytes) for the set's life; NULL on failure. */
static const char *keyset_own(struct keyset *ks, const char *s, size_t len)
{
	char **n, *c;
	size_t cap;

	if (ks->nowned == ks->owned_cap) {
		cap = ks->owned_cap ? ks->owned_cap * 2 : 8;
		n = realloc(ks->owned, cap * sizeof(*n));
		if (!n)
			return NULL;
		ks->owned = n;
		ks->owned_cap = cap;
	}
	c = malloc(len + 1);
	if (!c)
		return NULL;
	memcpy(c, s, len);
	c[len] = '\0';
	ks->owned[ks->nowned++] = c;
	return c;
}

/*
 * The key @name (@len bytes, hashed @hash) goes under in the object of
 * @ks: @name itself, or the first of name_2, name_3, ... not taken, so
 * that no field is lost and no key repeats. NULL on failure.
 */
static const char *add_key_hashed(struct keyset *ks, const char *name,
				  size_t len, uint32_t hash, char *alt,
				  size_t size)
{
	int i, r, n;

	r = keyset_add(ks, name, len, hash);
	if (r != 0)
		return r > 0 ? name : NULL;
	for (i = 2; i < 1000; i++) {
		uint32_t h;
		struct keyslot *k;
		const char *own;

		n = snprintf(alt, size, "%.200s_%d", name, i);
		if (n < 0 || (size_t)n >= size)
			return NULL;
		h = key_hash(alt, (size_t)n);
		if ((ks->n + 1) * 2 > ks->cap && keyset_grow(ks) < 0)
			return NULL;
		k = keyset_find(ks, alt, (size_t)n, h);
		if (k->gen == ks->gen)
			continue;	/* taken too */
		own = keyset_own(ks, alt, (size_t)n);
		if (!own || keyset_add(ks, own, (size_t)n, h) <= 0)
			return NULL;
		return alt;
	}
	return NULL;
}

static const char *add_key(struct keyset *ks, const char *name, char *alt,
			   size_t size)
{
	size_t len = strlen(name);

	return add_key_hashed(ks, name, len, key_hash(name, len), alt, size);
}

/* The group of @type, added when new. NULL on failure. */
static struct group *group_of(struct format *f, const char *type)
{
	struct group *g;
	size_t i, cap;

	/* records of a type mostly come together: look from the last */
	for (i = f->ngroups; i > 0; i--)
		if (strcmp(f->groups[i - 1].type, type) == 0)
			return &f->groups[i - 1];
	if (f->ngroups == f->groups_cap) {
		cap = f->groups_cap ? f->groups_cap * 2 : 16;
		g = realloc(f->groups, cap * sizeof(*g));
		if (!g)
			return NULL;
		memset(g + f->groups_cap, 0, (cap - f->groups_cap) * sizeof(*g));
		f->groups = g;
		f->groups_cap = cap;
	}
	g = &f->groups[f->ngroups++];
	text_copy(g->type, sizeof(g->type), type);
	g->list = is_list_type(type);
	g->n = 0;
	buf_reset(&g->json);
	return g;
}

/* A value as the kernel wrote it: "quoted" text, hex, or plain. */
static void put_decoded(struct format *f, struct jsonw *w, const char *key,
			const char *val, size_t len)
{
	if (len >= 2 && val[0] == '"' && val[len - 1] == '"') {
		jsonw_string(w, key, val + 1, len - 2);
		return;
	}
	if (text_is_hex(val, len)) {
		buf_reset(&f->tmp);
		if (text_hex_decode(val, len, &f->tmp) < 0) {
			w->err = -ENOMEM;
			return;
		}
		jsonw_string(w, key, f->tmp.data, f->tmp.len);
		return;
	}
	jsonw_string(w, key, val, len);
}

/* May @s (@len bytes) be written as a JSON key without escaping? */
static bool plain_key(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f ||
		    s[i] == '"' || s[i] == '\\')
			return false;
	return true;
}

/*
 * What is known of the current field by its record type and name: its
 * auparse type, its name's hash and whether it is a plain key.
 * Remembered; @tmp is filled when it cannot be (long names, "acct", a
 * full table).
 */
static const struct type_memo *field_info(struct format *f,
					  auparse_state_t *au, int rtype,
					  const char *name,
					  struct type_memo *tmp)
{
	struct type_memo *m;
	size_t len = strlen(name), i, n;
	uint32_t hash = key_hash(name, len);

	if (len >= TYPE_MEMO_NAME || (len == 4 && memcmp(name, "acct", 4) == 0))
		goto uncached;
	if (!f->types) {
		f->types = calloc(TYPE_MEMO_SLOTS, sizeof(*f->types));
		if (!f->types)
			goto uncached;
	}
	i = (hash ^ (uint32_t)rtype * 2654435761u) & (TYPE_MEMO_SLOTS - 1);
	for (n = 0; n < 8; n++, i = (i + 1) & (TYPE_MEMO_SLOTS - 1)) {
		m = &f->types[i];
		if (!m->name[0]) {
			m->rtype = rtype;
			m->type = auparse_get_field_type(au);
			m->hash = hash;
			m->plain = plain_key(name, len);
			m->len = len;
			memcpy(m->name, name, len + 1);
			return m;
		}
		if (m->hash == hash && m->rtype == rtype && m->len == len &&
		    memcmp(m->name, name, len) == 0)
			return m;
	}
uncached:
	tmp->rtype = rtype;
	tmp->type = auparse_get_field_type(au);
	tmp->hash = hash;
	tmp->plain = plain_key(name, len);
	tmp->len = len;
	tmp->name[0] = '\0';
	return tmp;
}

/*
 * The key of the current field, unique in @ks, written to @w: a plain
 * name straight, anything else escaped. False on failure.
 */
static bool put_key(struct jsonw *w, struct keyset *ks, const char *name,
		    const struct type_memo *m)
{
	char alt[256];
	const char *key;

	key = add_key_hashed(ks, name, m->len, m->hash, alt, sizeof(alt));
	if (!key) {
		w->err = -ENOMEM;
		return false;
	}
	if (key == name && m->plain)
		jsonw_key_plain(w, name, m->len);
	else
		jsonw_key(w, key);
	return true;
}

/* Fields every record has, that the record's place already tells. */
static bool header_field(const char *name)
{
	return (name[0] == 't' && name[1] == 'y' && name[2] == 'p' &&
		name[3] == 'e' && !name[4]) ||
	       (name[0] == 'n' && name[1] == 'o' && name[2] == 'd' &&
		name[3] == 'e' && !name[4]);
}

/* One ordinary field value, by its auparse type. */
static void put_field(struct format *f, struct jsonw *w, const char *key,
		      int type, const char *val)
{
	size_t len = strlen(val);
	int64_t num;

	if (escaped_type(type)) {
		if (strcmp(val, "(null)") == 0)
			jsonw_null(w, key);
		else
			put_decoded(f, w, key, val, len);
		return;
	}
	if (numeric_type(type) && text_parse_number(val, len, &num)) {
		/* canonical decimal (no sign but '-', no leading zero): as is */
		jsonw_raw(w, key, val, len);
		return;
	}
	if (val[0] == '"')
		put_decoded(f, w, key, val, len);
	else
		jsonw_string(w, key, val, len);
}

/* Decoded PROCTITLE bytes, split at NUL, as an array of strings. */
static void put_proctitle(struct format *f, struct jsonw *w, const char *key,
			  const char *val)
{
	size_t start = 0, i, len;
	const char *s;

	buf_reset(&f->tmp);
	if (text_decode_value(val, strlen(val), &f->tmp) < 0) {
		w->err = -ENOMEM;
		return;
	}
	s = f->tmp.data ? f->tmp.data : "";
	len = f->tmp.len;
	jsonw_array(w, key);
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '\0')
			continue;
		if (i == len && i == start && len > 0)
			break;	/* trailing NUL */
		jsonw_string(w, NULL, s + start, i - start);
		start = i + 1;
	}
	jsonw_close(w);
}

/*
 * Decode a SOCKADDR saddr (hex of a struct sockaddr in the sender's byte
 * order; we assume ours) into family, address, port or path members of
 * the open record. Unknown or short structures add only what is certain.
 */
static void put_sockaddr(struct format *f, struct jsonw *w,
			 struct keyset *ks, const char *hex)
{
	const unsigned char *b;
	char addr[INET6_ADDRSTRLEN], num[32], alt[256];
	unsigned int fam;
	const char *name;
	size_t len;

	buf_reset(&f->tmp);
	if (text_hex_decode(hex, strlen(hex), &f->tmp) < 0) {
		f->stats.bad_hex++;
		return;
	}
	b = (const unsigned char *)f->tmp.data;
	len = f->tmp.len;
	if (len < 2)
		return;
	fam = (unsigned int)b[0] | (unsigned int)b[1] << 8;
	name = family_name(fam);
	if (!name) {
		snprintf(num, sizeof(num), "af_%u", fam);
		name = num;
	}
	jsonw_cstring(w, add_key(ks, "family", alt, sizeof(alt)), name);
	if ((fam == AF_INET && len >= 8) || (fam == AF_INET6 && len >= 24)) {
		inet_ntop(fam == AF_INET ? AF_INET : AF_INET6,
			  b + (fam == AF_INET ? 4 : 8), addr, sizeof(addr));
		jsonw_cstring(w, add_key(ks, "address", alt, sizeof(alt)), addr);
		jsonw_int(w, add_key(ks, "port", alt, sizeof(alt)),
			  b[2] << 8 | b[3]);
	} else if (fam == AF_UNIX && len > 2) {
		const char *key = add_key(ks, "path", alt, sizeof(alt));
		const unsigned char *nul;

		/* Abstract sockets start with NUL: written as '@'. */
		if (b[2] == '\0') {
			buf_reset(&f->esc);
			if (buf_putc(&f->esc, '@') < 0 ||
			    buf_append(&f->esc, b + 3, len - 3) < 0) {
				w->err = -ENOMEM;
				return;
			}
			jsonw_string(w, key, f->esc.data, f->esc.len);
		} else {
			nul = memchr(b + 2, 0, len - 2);
			jsonw_string(w, key, b + 2,
				     nul ? (size_t)(nul - (b + 2)) : len - 2);
		}
	} else if (fam == AF_NETLINK && len >= 8) {
		uint32_t pid = (uint32_t)b[4] | (uint32_t)b[5] << 8 |
			       (uint32_t)b[6] << 16 | (uint32_t)b[7] << 24;

		jsonw_int(w, add_key(ks, "nl_pid", alt, sizeof(alt)), pid);
	}
}

/*
 * The ENRICHED interpretations of a record ("AUID=\"bob\"
 * SYSCALL=execve SADDR={ ... }") as an object keyed by the lowercased
 * names, so that no key differs from a raw field's name by case alone.
 */
static void put_enriched(struct format *f, struct jsonw *w, const char *key,
			 const char *s)
{
	char name[128], alt[256];
	const char *p = s, *k, *val, *end;
	size_t klen, vlen, i;

	keyset_reset(&f->ekeys);
	jsonw_object(w, key);
	for (;;) {
		p += strspn(p, " ");
		if (!*p)
			break;
		k = p;
		klen = strcspn(p, "= ");
		p += klen;
		if (*p != '=') {
			/* A word without value: keep it, it is what was sent. */
			val = k;
			vlen = klen;
			klen = 0;
		} else {
			p++;
			val = p;
			if (*p == '"') {
				end = strchr(p + 1, '"');
				vlen = end ? (size_t)(end - p) + 1 : strlen(p);
			} else if (*p == '{') {
				end = strchr(p, '}');
				vlen = end ? (size_t)(end - p) + 1 : strlen(p);
			} else {
				vlen = strcspn(p, " ");
			}
			p += vlen;
		}
		if (klen == 0 || klen >= sizeof(name)) {
			snprintf(name, sizeof(name), "_unnamed");
		} else {
			for (i = 0; i < klen; i++)
				name[i] = (k[i] >= 'A' && k[i] <= 'Z') ?
					  (char)(k[i] - 'A' + 'a') : k[i];
			name[klen] = '\0';
		}
		/* the set keeps pointers: this name is rebuilt each turn */
		k = keyset_own(&f->ekeys, name, strlen(name));
		if (k)
			k = add_key(&f->ekeys, k, alt, sizeof(alt));
		if (!k) {
			w->err = -ENOMEM;
			return;
		}
		if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"')
			jsonw_string(w, k, val + 1, vlen - 2);
		else
			jsonw_string(w, k, val, vlen);
	}
	jsonw_close(w);
}

/* The systemd, container and pod members of @cg (and names @n). */
static void put_cg_objects(struct jsonw *w, const struct cgroup_identity *cg,
			   const struct runtime_info *n)
{
	const char *rt = cgroup_runtime_to_string(cg->runtime);
	bool names;

	jsonw_object(w, "systemd");
	jsonw_nonempty(w, "unit", cg->unit);
	jsonw_nonempty(w, "slice", cg->slice);
	jsonw_nonempty(w, "user_unit", cg->user_unit);
	jsonw_nonempty(w, "user_slice", cg->user_slice);
	jsonw_nonempty(w, "session", cg->session);
	if (cg->has_owner_uid)
		jsonw_int(w, "owner_uid", cg->owner_uid);
	jsonw_close_or_drop(w);

	/* names go to a container the cgroup names, or that has a name */
	names = n && ((rt && *rt) || cg->container_id[0] || n->name[0]);
	jsonw_object(w, "container");
	if (rt && *rt)
		jsonw_cstring(w, "runtime", rt);
	else if (names)
		jsonw_nonempty(w, "runtime", cgroup_runtime_to_string(n->runtime));
	jsonw_nonempty(w, "id", cg->container_id);
	if (cg->rootless && cg->container_id[0])
		jsonw_bool(w, "rootless", true);
	if (names) {
		jsonw_nonempty(w, "name", n->name);
		jsonw_nonempty(w, "image", n->image);
		if (cg->container_id[0])
			jsonw_bool(w, "verified", n->verified);
		if (n->compose_project[0] || n->compose_service[0]) {
			jsonw_object(w, "compose");
			jsonw_nonempty(w, "project", n->compose_project);
			jsonw_nonempty(w, "service", n->compose_service);
			jsonw_close(w);
		}
	}
	jsonw_close_or_drop(w);

	jsonw_object(w, "pod");
	jsonw_nonempty(w, "uid", cg->pod_uid);
	jsonw_nonempty(w, "qos", cgroup_qos_to_string(cg->qos));
	if (n) {
		jsonw_nonempty(w, "name", n->pod_name);
		jsonw_nonempty(w, "namespace", n->pod_namespace);
		jsonw_nonempty(w, "container", n->k8s_container);
	}
	jsonw_close_or_drop(w);
}

/* cgroup {path, truncated, source, ancestor_pid} then the identity. */
static void put_identity(struct jsonw *w, const struct identity *id)
{
	const struct cgroup_identity *cg = &id->cg;

	jsonw_object(w, "cgroup");
	if (id->has_cgroup) {
		jsonw_nonempty(w, "path", cg->path);
		if (cg->truncated)
			jsonw_bool(w, "truncated", true);
	}
	jsonw_nonempty(w, "source", identity_source_to_string(id->source));
	if (id->ancestor > 0)
		jsonw_int(w, "ancestor_pid", id->ancestor);
	jsonw_close_or_drop(w);
	if (id->has_cgroup)
		put_cg_objects(w, cg, id->has_names ? &id->names : NULL);
}

/*
 * parent {pid, comm, exe}, and the parent's own identity (cgroup path,
 * systemd, container, pod) when it differs from the process's.
 */
static void put_parent(struct jsonw *w, const struct parent_info *pi,
		       const struct identity *id)
{
	if (!pi || pi->pid <= 0)
		return;
	jsonw_object(w, "parent");
	jsonw_int(w, "pid", pi->pid);
	jsonw_nonempty(w, "comm", pi->comm);
	jsonw_nonempty(w, "exe", pi->exe);
	if (pi->has_cgroup &&
	    (!id || !id->has_cgroup || strcmp(pi->cg.path, id->cg.path) != 0)) {
		jsonw_object(w, "cgroup");
		jsonw_cstring(w, "path", pi->cg.path);
		jsonw_close(w);
		put_cg_objects(w, &pi->cg, NULL);
	}
	jsonw_close(w);
}

/* Fold one EXECVE record's fields into the argv being reassembled. */
static int collect_execve(struct format *f, auparse_state_t *au)
{
	const struct type_memo *m;
	struct type_memo tmp;
	const char *name, *val;
	struct buf *slot;
	size_t idx;
	char kind;
	int r;

	if (!f->execve_open) {
		buf_reset(&f->execve);
		keyset_reset(&f->xkeys);
		jsonw_init(&f->xw, &f->execve);
		jsonw_object(&f->xw, NULL);
		f->execve_open = true;
		f->argc = -1;
	}
	if (auparse_first_field(au) <= 0)
		return 0;
	do {
		name = auparse_get_field_name(au);
		val = auparse_get_field_str(au);
		if (!name || !val || header_field(name))
			continue;
		/*
		 * The kernel numbers arguments without gaps; an index far past
		 * the last (a forged record) stays a field of its own, so that
		 * it cannot blow argv up to a million empty arguments.
		 */
		if (execve_arg_field(name, &idx, &kind) &&
		    idx <= f->nargs + ARGV_GAP_MAX) {
			if (kind == 'l')
				continue;	/* implied by the parts */
			slot = arg_slot(f, idx);
			if (!slot)
				return -ENOMEM;
			if (kind == 'a')
				buf_reset(slot);
			r = text_decode_value(val, strlen(val), slot);
			if (r < 0)
				return r;
			if (r == 0 && !(val[0] == '"'))
				f->stats.bad_hex++;
			/* an empty argument still needs a buffer */
			if (!slot->data && buf_reserve(slot, 0) == 0)
				slot->data[0] = '\0';
			continue;
		}
		if (strcmp(name, "argc") == 0) {
			int64_t n;

			if (f->argc != -1)
				continue;
			f->argc = text_parse_number(val, strlen(val), &n) &&
				  n >= 0 ? n : -2;
		}
		m = field_info(f, au, AUDIT_EXECVE, name, &tmp);
		if (!put_key(&f->xw, &f->xkeys, name, m))
			return -ENOMEM;
		put_field(f, &f->xw, NULL, m->type, val);
	} while (auparse_next_field(au) > 0);
	return jsonw_error(&f->xw);
}

/* Close the merged EXECVE object with its argv. */
static int finish_execve(struct format *f)
{
	size_t i;

	jsonw_array(&f->xw, "argv");
	for (i = 0; i < f->nargs; i++)
		jsonw_string(&f->xw, NULL, f->args[i].data ? f->args[i].data : "",
			     f->args[i].len);
	jsonw_close(&f->xw);
	jsonw_close(&f->xw);
	if (f->argc != -1 && (f->argc < 0 || (size_t)f->argc != f->nargs))
		f->stats.argc_mismatch++;
	f->stats.escaped_values += f->xw.escaped;
	return jsonw_error(&f->xw);
}

/*
 * The field names a record type came with last time, in order, when
 * they were all remembered (type_memo) and no two were alike. A record
 * with the same names again needs neither a hash nor a key set: its keys
 * are those, unique already. Direct-mapped by record type.
 */
#define SHAPE_SLOTS 128
#define SHAPE_FIELDS 48

struct shape {
	int rtype;
	bool complete;		/* the names below are a whole record's */
	unsigned int n;
	const struct type_memo *m[SHAPE_FIELDS];
};

/* Is @name the memo's name? */
static bool same_name(const char *name, const struct type_memo *m)
{
	return strncmp(name, m->name, m->len) == 0 && name[m->len] == '\0';
}

/* Put the first @n names of @sh in the key set (leaving the fast path). */
static int seed_keys(struct keyset *ks, const struct shape *sh, unsigned int n)
{
	unsigned int i;

	keyset_reset(ks);
	for (i = 0; i < n; i++)
		if (keyset_add(ks, sh->m[i]->name, sh->m[i]->len,
			       sh->m[i]->hash) < 0)
			return -ENOMEM;
	return 0;
}

/* One record as an object appended to its group. */
static int put_record(struct format *f, auparse_state_t *au, struct group *g,
		      const struct identity *target)
{
	const char *name, *val, *interp, *arch = NULL, *key;
	int type, rtype = auparse_get_type(au);
	const struct type_memo *m;
	struct type_memo tmp;
	struct shape *sh = NULL;
	bool fast, learn = true;
	unsigned int i = 0;
	struct jsonw w;
	char alt[256];

	if (f->shapes) {
		sh = &f->shapes[(unsigned int)rtype % SHAPE_SLOTS];
		if (sh->rtype != rtype) {
			sh->rtype = rtype;
			sh->complete = false;
			sh->n = 0;
		}
	}
	fast = sh && sh->complete;
	if (!fast)
		keyset_reset(&f->keys);
	if (g->n++)
		buf_putc(&g->json, ',');
	jsonw_init(&w, &g->json);
	jsonw_object(&w, NULL);
	if (auparse_first_field(au) > 0) {
		do {
			name = auparse_get_field_name(au);
			val = auparse_get_field_str(au);
			if (!name || !val || header_field(name))
				continue;
			if (fast && i < sh->n && same_name(name, sh->m[i])) {
				m = sh->m[i];
				if (m->plain)
					jsonw_key_plain(&w, name, m->len);
				else
					jsonw_key(&w, name);
			} else {
				if (fast && seed_keys(&f->keys, sh, i) < 0)
					return -ENOMEM;
				fast = false;
				m = field_info(f, au, rtype, name, &tmp);
				if (!put_key(&w, &f->keys, name, m))
					return -ENOMEM;
				/* learnable: remembered, and went in as itself */
				if (sh && i < SHAPE_FIELDS && m != &tmp &&
				    f->keys.nowned == 0)
					sh->m[i] = m;
				else
					learn = false;
			}
			i++;
			type = m->type;
			if (type == AUPARSE_TYPE_ARCH)
				arch = val;
			if (type == AUPARSE_TYPE_SYSCALL && !f->syscall[0])
				syscall_name(arch, val, f->syscall,
					     sizeof(f->syscall));
			if (type == AUPARSE_TYPE_PROCTITLE)
				put_proctitle(f, &w, NULL, val);
			else
				put_field(f, &w, NULL, type, val);
			if (type == AUPARSE_TYPE_SOCKADDR) {
				if (fast && seed_keys(&f->keys, sh, i) < 0)
					return -ENOMEM;
				fast = false;
				learn = false;
				put_sockaddr(f, &w, &f->keys, val);
			}
		} while (auparse_next_field(au) > 0);
	}
	if (fast && i != sh->n) {
		/* fewer fields than last time: the keys are still unique */
		fast = false;
		learn = false;
		if (seed_keys(&f->keys, sh, i) < 0)
			return -ENOMEM;
	}
	if (sh && !fast) {
		/* this record's names, for the next of its type */
		sh->complete = learn && i <= SHAPE_FIELDS;
		sh->n = sh->complete ? i : 0;
	}
	interp = auparse_get_record_interpretations(au);
	if (interp && *interp) {
		if (fast && seed_keys(&f->keys, sh, i) < 0)
			return -ENOMEM;
		key = add_key(&f->keys, "enriched", alt, sizeof(alt));
		if (!key)
			return -ENOMEM;
		put_enriched(f, &w, key, interp);
	}
	if (target)
		put_identity(&w, target);
	jsonw_close(&w);
	f->stats.escaped_values += w.escaped;
	return jsonw_error(&w);
}

/* id, time, node and type. */
static void put_header(struct format *f, struct jsonw *w, const au_event_t *e,
		       const char *type)
{
	char id[96], *p;
	struct tm tm;
	time_t sec = e->sec;

	/* "SEC.MMM:SERIAL", as ausearch names events */
	p = id;
	if (e->sec < 0) {
		*p++ = '-';
		p = text_put_uint(p, -(unsigned long long)e->sec, 1);
	} else {
		p = text_put_uint(p, (unsigned long long)e->sec, 1);
	}
	*p++ = '.';
	p = text_put_uint(p, e->milli, 3);
	*p++ = ':';
	p = text_put_uint(p, e->serial, 1);
	jsonw_string(w, "id", id, (size_t)(p - id));
	/* the date part changes once a second: kept */
	if (sec != f->date_sec || !f->date[0]) {
		if (!gmtime_r(&sec, &tm))
			memset(&tm, 0, sizeof(tm));
		snprintf(f->date, sizeof(f->date), "%04d-%02d-%02dT%02d:%02d:%02d",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec);
		f->date_len = strlen(f->date);
		f->date_sec = sec;
	}
	memcpy(id, f->date, f->date_len);
	p = id + f->date_len;
	*p++ = '.';
	p = text_put_uint(p, e->milli % 1000, 3);
	*p++ = 'Z';
	jsonw_string(w, "time", id, (size_t)(p - id));
	if (e->host && *e->host)
		jsonw_cstring(w, "node", e->host);
	if (type)
		jsonw_cstring(w, "type", type);
}

/* The event in the native layout (docs/schema.md) into @out. */
static int write_native(struct format *f, auparse_state_t *au,
			const struct event_identity *ei, struct buf *out)
{
	const struct identity *target;
	const au_event_t *e;
	char tbuf[64], first[64] = "";
	const char *type;
	struct group *g;
	struct jsonw w;
	size_t i, ntarget = 0;
	int r;

	f->ngroups = 0;
	f->execve_open = false;
	args_reset(f);
	if (!f->shapes)	/* without it every record takes the long way */
		f->shapes = calloc(SHAPE_SLOTS, sizeof(*f->shapes));
	if (auparse_first_record(au) > 0) {
		do {
			type = record_type_name(au, tbuf, sizeof(tbuf));
			if (skip_record(f, type))
				continue;
			if (!first[0])
				text_copy(first, sizeof(first), type);
			if (strcmp(type, "EXECVE") == 0) {
				r = collect_execve(f, au);
				if (r < 0)
					return r;
				continue;
			}
			target = NULL;
			if (ei && strcmp(type, "OBJ_PID") == 0 &&
			    ntarget < ei->ntargets)
				target = &ei->targets[ntarget++];
			g = group_of(f, type);
			if (!g)
				return -ENOMEM;
			r = put_record(f, au, g, target);
			if (r < 0)
				return r;
		} while (auparse_next_record(au) > 0);
	}
	if (f->execve_open && (r = finish_execve(f)) < 0)
		return r;
	e = auparse_get_timestamp(au);
	if (!e)
		return -EINVAL;
	buf_reset(out);
	jsonw_init(&w, out);
	jsonw_object(&w, NULL);
	put_header(f, &w, e, first[0] ? first : NULL);
	jsonw_object(&w, "records");
	for (i = 0; i < f->ngroups; i++) {
		g = &f->groups[i];
		if (g->list || g->n > 1) {
			jsonw_array(&w, g->type);
			jsonw_raw(&w, NULL, g->json.data, g->json.len);
			jsonw_close(&w);
		} else {
			jsonw_raw(&w, g->type, g->json.data, g->json.len);
		}
	}
	if (f->execve_open)
		jsonw_raw(&w, "EXECVE", f->execve.data, f->execve.len);
	jsonw_close(&w);
	if (ei && ei->id) {
		put_identity(&w, ei->id);
		put_parent(&w, ei->parent, ei->id);
	}
	jsonw_close(&w);
	return jsonw_error(&w);
}

int format_event(struct format *f, auparse_state_t *au,
		 const struct event_identity *ei, struct buf *out)
{
	cJSON *root, *ecs;
	int r;

	cJSON_Delete(f->last);
	f->last = NULL;
	f->last_out = NULL;
	f->syscall[0] = '\0';
	if (f->kind == CONFIG_FORMAT_TEXT)
		return format_text(f, au, ei, out);
	if (f->schema != CONFIG_SCHEMA_ECS) {
		r = write_native(f, au, ei, out);
		if (r == 0)
			f->last_out = out;
		return r;
	}
	/* ECS renames and moves: from the native event, as a tree */
	r = write_native(f, au, ei, &f->native);
	if (r < 0)
		return r;
	root = cJSON_ParseWithLength(f->native.data, f->native.len);
	if (!root)
		return -ENOMEM;
	ecs = to_ecs(root, f->syscall);
	cJSON_Delete(root);
	if (!ecs)
		return -ENOMEM;
	r = print_json(ecs, out);
	if (r == 0)
		f->last = ecs;
	else
		cJSON_Delete(ecs);
	return r;
}

int format_unparsed(struct format *f, const char *line, size_t len,
		    const char *reason, struct buf *out)
{
	struct jsonw w;

	cJSON_Delete(f->last);
	f->last = NULL;
	f->last_out = NULL;
	buf_reset(out);
	jsonw_init(&w, out);
	jsonw_object(&w, NULL);
	jsonw_cstring(&w, "type", "UNPARSED");
	jsonw_cstring(&w, "error", reason);
	jsonw_string(&w, "raw", line, len);
	jsonw_close(&w);
	f->stats.escaped_values += w.escaped;
	if (jsonw_error(&w) == 0)
		f->last_out = out;
	return jsonw_error(&w);
}

/* The longest string value below @node (not keys), or NULL. */
static cJSON *longest_string(cJSON *node, size_t *ret_len)
{
	cJSON *c, *best = NULL, *b;
	size_t bl = 0, l;

	cJSON_ArrayForEach(c, node) {
		if (cJSON_IsString(c) && c->valuestring) {
			l = strlen(c->valuestring);
			if (l > bl) {
				bl = l;
				best = c;
			}
		} else if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
			b = longest_string(c, &l);
			if (b && l > bl) {
				bl = l;
				best = b;
			}
		}
	}
	*ret_len = bl;
	return best;
}

/* Step @i back to the start of a UTF-8 sequence and out of a \xHH. */
static size_t cut_boundary(const char *s, size_t i)
{
	size_t k;

	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	for (k = 1; k <= 3 && k <= i; k++)
		if (s[i - k] == '\\') {
			i -= k;
			break;
		}
	return i;
}

/*
 * Cut the middle of string item @c to about @keep bytes, leaving a marker
 * that says how many bytes went. 0 or -ENOMEM.
 */
static int cut_middle(cJSON *c, size_t keep, unsigned long long *ret_cut)
{
	const char *s = c->valuestring;
	size_t len = strlen(s), head, tail;
	char marker[64];
	struct buf b = BUF_INIT;
	int r;

	head = cut_boundary(s, keep / 2);
	tail = len - keep / 2;
	tail = cut_boundary(s, tail);
	if (tail <= head)
		return 0;
	snprintf(marker, sizeof(marker), "...[%zu bytes cut]...", tail - head);
	r = buf_append(&b, s, head);
	if (r == 0)
		r = buf_puts(&b, marker);
	if (r == 0)
		r = buf_append(&b, s + tail, len - tail);
	if (r == 0 && !cJSON_SetValuestring(c, b.data))
		r = -ENOMEM;
	if (r == 0)
		*ret_cut += tail - head;
	buf_free(&b);
	return r;
}

/* The array below @node with the most items, or NULL. */
static cJSON *largest_array(cJSON *node, int *ret_n)
{
	cJSON *c, *best = NULL, *b;
	int bn = 0, n;

	cJSON_ArrayForEach(c, node) {
		if (cJSON_IsArray(c) && cJSON_GetArraySize(c) > bn) {
			bn = cJSON_GetArraySize(c);
			best = c;
		}
		if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
			b = largest_array(c, &n);
			if (b && n > bn) {
				bn = n;
				best = b;
			}
		}
	}
	*ret_n = bn;
	return best;
}

/*
 * Remove @k items from the middle of array @a, leaving a marker string
 * "...[N items cut]..." in their place. 0 or -ENOMEM.
 */
static int cut_items(cJSON *a, int k)
{
	int n = cJSON_GetArraySize(a), at, i, cut = 0, prev;
	char marker[64];
	cJSON *m, *it, *next;

	if (k < 1 || n - k < 2)
		k = n - 2;
	if (k < 1)
		return 0;
	at = (n - k) / 2;
	/*
	 * k - 1 go, the k-th becomes the marker; an earlier marker among
	 * them adds its own count. Walked by pointer: by index it was
	 * quadratic, and a forged argv can hold a million items.
	 */
	it = cJSON_GetArrayItem(a, at);
	for (i = 0; it && i < k; i++) {
		if (cJSON_IsString(it) &&
		    sscanf(it->valuestring, "...[%d items cut]...", &prev) == 1)
			cut += prev;
		else
			cut++;
		if (i == k - 1)
			break;
		next = it->next;
		cJSON_Delete(cJSON_DetachItemViaPointer(a, it));
		it = next;
	}
	if (!it)
		return 0;
	snprintf(marker, sizeof(marker), "...[%d items cut]...", cut);
	m = cJSON_CreateString(marker);
	if (!m || !cJSON_ReplaceItemViaPointer(a, it, m)) {
		cJSON_Delete(m);
		return -ENOMEM;
	}
	return 0;
}

int format_fit(struct format *f, size_t max, struct buf *out)
{
	unsigned long long cut = 0;
	cJSON *records, *longest;
	size_t len;
	int r, rounds;

	if (!f->last && f->last_out) {
		/* written straight out: cutting works on the tree */
		f->last = cJSON_ParseWithLength(f->last_out->data,
						f->last_out->len);
		f->last_out = NULL;
		if (!f->last)
			return -ENOMEM;
	}
	if (!f->last)
		return -EINVAL;
	buf_reset(out);
	r = print_json(f->last, out);
	if (r < 0 || out->len <= max)
		return r;
	f->stats.cut_events++;
	records = cJSON_GetObjectItemCaseSensitive(f->last, "records");
	if (!records)	/* schema = ecs */
		records = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(f->last, "auditd"),
			"records");
	if (!records)
		records = f->last;
	for (rounds = 0; rounds < 10000 && out->len > max; rounds++) {
		size_t excess = out->len - max;

		longest = longest_string(records, &len);
		if (longest && len > 128) {
			/* cut what is over, plus room for the marker */
			r = cut_middle(longest, len > excess + 104 ?
					len - excess - 40 : 64, &cut);
		} else {
			/* many short items (argv of thousands): cut items */
			int n;
			cJSON *a = largest_array(records, &n);

			if (!a || n <= 3)
				break;
			r = cut_items(a, (int)(excess / (out->len / (size_t)n + 1)) + 2);
		}
		if (r < 0)
			return r;
		r = print_json(f->last, out);
		if (r < 0)
			return r;
	}
	if (out->len > max) {
		/* too many records to fit: keep the header and identity */
		cJSON_DeleteItemFromObjectCaseSensitive(f->last, "records");
		cJSON_DeleteItemFromObjectCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(f->last, "auditd"),
			"records");
		if (!cJSON_AddTrueToObject(f->last, "records_dropped"))
			return -ENOMEM;
		r = print_json(f->last, out);
		if (r < 0)
			return r;
	}
	f->stats.cut_bytes += cut;
	return out->len <= max ? 0 : -E2BIG;
}

/* ---- format = text ---------------------------------------------------- */

/*
 * Append " NAME=value" for an identity field. Values of plain characters
 * are quoted, as auditd quotes interpreted names; anything else is hex,
 * as the kernel encodes untrusted strings.
 */
static int text_field(struct buf *b, bool *first, const char *name,
		      const char *val)
{
	static const char hex[] = "0123456789ABCDEF";
	bool plain = true;
	const char *p;
	int r;

	if (!val || !*val)
		return 0;
	for (p = val; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '"' || *p == '\\')
			plain = false;
	r = *first ? 0 : buf_putc(b, ' ');
	*first = false;
	if (r == 0)
		r = buf_puts(b, name);
	if (r == 0)
		r = buf_putc(b, '=');
	if (r < 0)
		return r;
	if (plain) {
		r = buf_putc(b, '"');
		if (r == 0)
			r = buf_puts(b, val);
		if (r == 0)
			r = buf_putc(b, '"');
		return r;
	}
	for (p = val; *p && r == 0; p++) {
		r = buf_putc(b, hex[(unsigned char)*p >> 4]);
		if (r == 0)
			r = buf_putc(b, hex[(unsigned char)*p & 0xf]);
	}
	return r;
}

/* The identity as interpreted fields: CGROUP=... CONTAINER_ID=... */
static int text_identity(struct buf *b, bool first, const struct identity *id)
{
	const struct cgroup_identity *cg = &id->cg;
	char num[32];
	int r = 0;

	if (id->has_cgroup)
		r |= text_field(b, &first, "CGROUP", cg->path);
	r |= text_field(b, &first, "CGROUP_SOURCE",
			identity_source_to_string(id->source));
	if (id->ancestor > 0) {
		snprintf(num, sizeof(num), "%d", (int)id->ancestor);
		r |= text_field(b, &first, "CGROUP_ANCESTOR_PID", num);
	}
	if (!id->has_cgroup)
		return r;
	r |= text_field(b, &first, "SYSTEMD_UNIT", cg->unit);
	r |= text_field(b, &first, "SYSTEMD_SLICE", cg->slice);
	r |= text_field(b, &first, "SYSTEMD_USER_UNIT", cg->user_unit);
	r |= text_field(b, &first, "SYSTEMD_USER_SLICE", cg->user_slice);
	r |= text_field(b, &first, "SYSTEMD_SESSION", cg->session);
	if (cg->has_owner_uid) {
		snprintf(num, sizeof(num), "%u", cg->owner_uid);
		r |= text_field(b, &first, "SYSTEMD_OWNER_UID", num);
	}
	r |= text_field(b, &first, "CONTAINER_RUNTIME",
			cgroup_runtime_to_string(cg->runtime));
	r |= text_field(b, &first, "CONTAINER_ID", cg->container_id);
	if (cg->rootless && cg->container_id[0])
		r |= text_field(b, &first, "CONTAINER_ROOTLESS", "yes");
	r |= text_field(b, &first, "POD_UID", cg->pod_uid);
	r |= text_field(b, &first, "POD_QOS", cgroup_qos_to_string(cg->qos));
	if (id->has_names) {
		const struct runtime_info *n = &id->names;

		r |= text_field(b, &first, "CONTAINER_NAME", n->name);
		r |= text_field(b, &first, "CONTAINER_IMAGE", n->image);
		if (cg->container_id[0])
			r |= text_field(b, &first, "CONTAINER_VERIFIED",
					n->verified ? "yes" : "no");
		r |= text_field(b, &first, "POD_NAME", n->pod_name);
		r |= text_field(b, &first, "POD_NAMESPACE", n->pod_namespace);
		r |= text_field(b, &first, "POD_CONTAINER", n->k8s_container);
	}
	return r < 0 ? -ENOMEM : 0;
}

/* Does the current record have a field named @name? */
static bool record_has_field(auparse_state_t *au, const char *name)
{
	const char *n;

	if (auparse_first_field(au) <= 0)
		return false;
	do {
		n = auparse_get_field_name(au);
		if (n && strcmp(n, name) == 0)
			return true;
	} while (auparse_next_field(au) > 0);
	return false;
}

static int format_text(struct format *f, auparse_state_t *au,
		       const struct event_identity *ei, struct buf *out)
{
	const char *text, *interp, *type;
	bool id_done = false, obj;
	size_t target = 0;
	char tbuf[64];
	int r = 0;

	buf_reset(out);
	if (auparse_first_record(au) <= 0)
		return buf_reserve(out, 0);
	do {
		const struct identity *id = NULL;

		type = record_type_name(au, tbuf, sizeof(tbuf));
		obj = strcmp(type, "OBJ_PID") == 0;
		if (obj && ei && target < ei->ntargets)
			id = &ei->targets[target++];
		if (skip_record(f, type))
			continue;
		text = auparse_get_record_text(au);
		if (!text)
			continue;
		if (!id && !obj && !id_done && ei && ei->id &&
		    record_has_field(au, "pid")) {
			id = ei->id;
			id_done = true;
		}
		if (out->len)
			r |= buf_putc(out, '\n');
		r |= buf_puts(out, text);
		interp = auparse_get_record_interpretations(au);
		if (interp && *interp) {
			r |= buf_putc(out, 0x1d);
			r |= buf_puts(out, interp);
		}
		if (id) {
			bool first = !(interp && *interp);

			if (first)
				r |= buf_putc(out, 0x1d);
			r |= text_identity(out, first, id);
		}
		if (r < 0)
			return -ENOMEM;
	} while (auparse_next_record(au) > 0);
	return buf_reserve(out, 0);
}

/* ---- schema = ecs ----------------------------------------------------- */

/* Move @parent[@key] (if any) to @to[@as]. */
static void move_item(cJSON *parent, const char *key, cJSON *to,
		      const char *as)
{
	cJSON *it = cJSON_DetachItemFromObjectCaseSensitive(parent, key);

	if (it && !cJSON_AddItemToObject(to, as, it))
		cJSON_Delete(it);
}

/* Copy @src[@key] (if any) to @to[@as], numbers as strings if @str. */
static void copy_item(const cJSON *src, const char *key, cJSON *to,
		      const char *as, bool str)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(src, key);
	cJSON *c;
	char num[32];

	if (!it || cJSON_IsNull(it))
		return;
	if (str && cJSON_IsNumber(it)) {
		snprintf(num, sizeof(num), "%.0f", it->valuedouble);
		c = cJSON_CreateString(num);
	} else {
		c = cJSON_Duplicate(it, true);
	}
	if (c && !cJSON_AddItemToObject(to, as, c))
		cJSON_Delete(c);
}

/* @root[@key] as an object, created when absent. */
static cJSON *obj_at(cJSON *root, const char *key)
{
	cJSON *o = cJSON_GetObjectItemCaseSensitive(root, key);

	if (cJSON_IsObject(o))
		return o;
	o = cJSON_CreateObject();
	if (o && !cJSON_AddItemToObject(root, key, o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The first record object of @type in @records. */
static cJSON *first_record(cJSON *records, const char *type)
{
	cJSON *r = cJSON_GetObjectItemCaseSensitive(records, type);

	return cJSON_IsArray(r) ? cJSON_GetArrayItem(r, 0) : r;
}

/*
 * The native event rebuilt under Elastic Common Schema names (the table
 * in README.md). What ECS has no name for stays under "auditd" (the
 * records, as auditbeat keeps them) and "audisp_cgroup" (cgroup, systemd,
 * pod QoS). Consumes nothing of @root; returns a new tree or NULL.
 */
static cJSON *to_ecs(cJSON *root, const char *syscall)
{
	cJSON *ecs, *ev, *proc, *par, *user, *cont, *orch, *res, *aud, *acg;
	cJSON *records, *sys, *exe, *cwd, *pt, *sa, *c, *t, *cgp, *sd, *pod;
	cJSON *native = cJSON_Duplicate(root, true);
	char *title;
	size_t tl;

	ecs = cJSON_CreateObject();
	if (!ecs || !native)
		goto fail;
	move_item(native, "time", ecs, "@timestamp");
	ev = obj_at(ecs, "event");
	if (!ev)
		goto fail;
	cJSON_AddStringToObject(ev, "kind", "event");
	cJSON_AddStringToObject(ev, "module", "auditd");
	move_item(native, "id", ev, "id");
	records = cJSON_GetObjectItemCaseSensitive(native, "records");
	sys = first_record(records, "SYSCALL");
	t = cJSON_GetObjectItemCaseSensitive(native, "type");
	if (sys && syscall && *syscall)
		cJSON_AddStringToObject(ev, "action", syscall);
	else if (cJSON_IsString(t)) {
		char *lower = strdup(t->valuestring), *p;

		for (p = lower; p && *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (lower)
			cJSON_AddStringToObject(ev, "action", lower);
		free(lower);
	}
	c = sys ? cJSON_GetObjectItemCaseSensitive(sys, "success") : NULL;
	if (cJSON_IsString(c))
		cJSON_AddStringToObject(ev, "outcome",
					strcmp(c->valuestring, "yes") == 0 ?
					"success" : "failure");
	move_item(native, "node", obj_at(ecs, "host"), "name");

	proc = obj_at(ecs, "process");
	user = obj_at(ecs, "user");
	if (!proc || !user)
		goto fail;
	if (sys) {
		copy_item(sys, "pid", proc, "pid", false);
		copy_item(sys, "exe", proc, "executable", false);
		copy_item(sys, "comm", proc, "name", false);
		copy_item(sys, "ppid", obj_at(proc, "parent"), "pid", false);
		copy_item(sys, "uid", user, "id", true);
		copy_item(sys, "euid", obj_at(user, "effective"), "id", true);
		copy_item(sys, "gid", obj_at(ecs, "group"), "id", true);
		copy_item(sys, "auid", obj_at(user, "audit"), "id", true);
		c = cJSON_GetObjectItemCaseSensitive(sys, "key");
		if (cJSON_IsString(c)) {
			cJSON *tags = cJSON_CreateArray();

			if (tags && cJSON_AddItemToArray(tags,
					cJSON_CreateString(c->valuestring)))
				cJSON_AddItemToObject(ecs, "tags", tags);
			else
				cJSON_Delete(tags);
		}
	}
	exe = first_record(records, "EXECVE");
	if (exe) {
		copy_item(exe, "argv", proc, "args", false);
		copy_item(exe, "argc", proc, "args_count", false);
	}
	cwd = first_record(records, "CWD");
	if (cwd)
		copy_item(cwd, "cwd", proc, "working_directory", false);
	pt = cJSON_GetObjectItemCaseSensitive(first_record(records, "PROCTITLE"),
					      "proctitle");
	if (cJSON_IsArray(pt)) {
		struct buf b = BUF_INIT;

		cJSON_ArrayForEach(c, pt) {
			if (b.len)
				buf_putc(&b, ' ');
			if (cJSON_IsString(c))
				buf_puts(&b, c->valuestring);
		}
		title = b.data;
		tl = b.len;
		if (title && tl)
			cJSON_AddStringToObject(proc, "title", title);
		buf_free(&b);
	}
	sa = first_record(records, "SOCKADDR");
	if (sa && cJSON_GetObjectItemCaseSensitive(sa, "address")) {
		cJSON *dst = obj_at(ecs, "destination");

		copy_item(sa, "address", dst, "ip", false);
		copy_item(sa, "address", dst, "address", false);
		copy_item(sa, "port", dst, "port", false);
	}
	par = cJSON_GetObjectItemCaseSensitive(native, "parent");
	if (par) {
		cJSON *pp = obj_at(proc, "parent");

		copy_item(par, "pid", pp, "pid", false);
		copy_item(par, "exe", pp, "executable", false);
		copy_item(par, "comm", pp, "name", false);
	}

	cont = cJSON_GetObjectItemCaseSensitive(native, "container");
	if (cont) {
		cJSON *co = obj_at(ecs, "container");

		copy_item(cont, "id", co, "id", false);
		copy_item(cont, "runtime", co, "runtime", false);
		copy_item(cont, "name", co, "name", false);
		if (cJSON_GetObjectItemCaseSensitive(cont, "image"))
			copy_item(cont, "image", obj_at(co, "image"), "name",
				  false);
	}
	pod = cJSON_GetObjectItemCaseSensitive(native, "pod");
	if (pod) {
		orch = obj_at(ecs, "orchestrator");
		res = orch ? obj_at(orch, "resource") : NULL;
		if (!res)
			goto fail;
		cJSON_AddStringToObject(orch, "type", "kubernetes");
		copy_item(pod, "namespace", orch, "namespace", false);
		cJSON_AddStringToObject(res, "type", "pod");
		copy_item(pod, "name", res, "name", false);
		copy_item(pod, "uid", res, "id", false);
	}

	/* what ECS has no names for */
	aud = obj_at(ecs, "auditd");
	acg = obj_at(ecs, "audisp_cgroup");
	if (!aud || !acg)
		goto fail;
	move_item(native, "type", aud, "type");
	move_item(native, "records", aud, "records");
	cgp = cJSON_DetachItemFromObjectCaseSensitive(native, "cgroup");
	if (cgp && !cJSON_AddItemToObject(acg, "cgroup", cgp))
		cJSON_Delete(cgp);
	sd = cJSON_DetachItemFromObjectCaseSensitive(native, "systemd");
	if (sd && !cJSON_AddItemToObject(acg, "systemd", sd))
		cJSON_Delete(sd);
	if (pod)
		copy_item(pod, "qos", obj_at(acg, "pod"), "qos", false);
	if (cont && cJSON_GetObjectItemCaseSensitive(cont, "rootless"))
		copy_item(cont, "rootless", obj_at(acg, "container"),
			  "rootless", false);
	if (par)
		move_item(native, "parent", acg, "parent");
	if (!proc->child)
		cJSON_DeleteItemFromObjectCaseSensitive(ecs, "process");
	if (!user->child)
		cJSON_DeleteItemFromObjectCaseSensitive(ecs, "user");
	if (!acg->child)
		cJSON_DeleteItemFromObjectCaseSensitive(ecs, "audisp_cgroup");
	cJSON_Delete(native);
	return ecs;
fail:
	cJSON_Delete(native);
	cJSON_Delete(ecs);
	return NULL;
}

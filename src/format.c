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
#include "text.h"

struct format {
	struct buf tmp;		/* decoded bytes */
	struct buf esc;		/* escaped text */
	struct buf *args;	/* EXECVE arguments being reassembled */
	size_t nargs;		/* arguments in use */
	size_t args_cap;	/* arguments allocated */
	cJSON *last;		/* the last event built, for format_fit() */
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

/* Escape @len bytes into f->esc and make a cJSON string of them. */
static cJSON *make_string(struct format *f, const void *data, size_t len)
{
	int r;

	buf_reset(&f->esc);
	r = text_escape(data, len, &f->esc);
	if (r < 0)
		return NULL;
	if (r > 0)
		f->stats.escaped_values++;
	return cJSON_CreateString(f->esc.data ? f->esc.data : "");
}

/* Decode an audit value ("quoted", hex or plain) into a cJSON string. */
static cJSON *make_decoded(struct format *f, const char *val)
{
	size_t len = strlen(val);

	buf_reset(&f->tmp);
	if (text_decode_value(val, len, &f->tmp) < 0)
		return NULL;
	return make_string(f, f->tmp.data, f->tmp.len);
}

/*
 * Add @item under @name to @obj; a name already present gets _2, _3, ...
 * so that no field is lost and no key repeats. Frees @item on failure.
 */
static int add_unique(struct format *f, cJSON *obj, const char *name,
		      cJSON *item)
{
	char alt[256];
	const char *key;
	int i;

	if (!item)
		return -ENOMEM;
	buf_reset(&f->esc);
	if (text_escape((const unsigned char *)name, strlen(name), &f->esc) < 0)
		goto fail;
	key = f->esc.data ? f->esc.data : "";
	if (!cJSON_GetObjectItemCaseSensitive(obj, key)) {
		if (!cJSON_AddItemToObject(obj, key, item))
			goto fail;
		return 0;
	}
	for (i = 2; i < 1000; i++) {
		snprintf(alt, sizeof(alt), "%.200s_%d", key, i);
		if (!cJSON_GetObjectItemCaseSensitive(obj, alt)) {
			if (!cJSON_AddItemToObject(obj, alt, item))
				goto fail;
			return 0;
		}
	}
fail:
	cJSON_Delete(item);
	return -ENOMEM;
}

/* One ordinary field value -> JSON, by its auparse type. */
static cJSON *field_value(struct format *f, int type, const char *val)
{
	int64_t num;

	if (escaped_type(type)) {
		if (strcmp(val, "(null)") == 0)
			return cJSON_CreateNull();
		return make_decoded(f, val);
	}
	if (numeric_type(type) && text_parse_number(val, strlen(val), &num))
		return cJSON_CreateNumber((double)num);
	if (val[0] == '"')
		return make_decoded(f, val);
	return make_string(f, val, strlen(val));
}

/* Split decoded PROCTITLE bytes at NUL into an array of strings. */
static cJSON *proctitle_array(struct format *f, const char *val)
{
	size_t start = 0, i, len;
	cJSON *arr, *s;
	char *copy;

	buf_reset(&f->tmp);
	if (text_decode_value(val, strlen(val), &f->tmp) < 0)
		return NULL;
	arr = cJSON_CreateArray();
	if (!arr)
		return NULL;
	len = f->tmp.len;
	/* make_string() reuses f->esc only; f->tmp stays ours. */
	copy = f->tmp.data;
	for (i = 0; i <= len; i++) {
		if (i < len && copy[i] != '\0')
			continue;
		if (i == len && i == start && len > 0)
			break;	/* trailing NUL */
		s = make_string(f, copy + start, i - start);
		if (!s || !cJSON_AddItemToArray(arr, s)) {
			cJSON_Delete(s);
			cJSON_Delete(arr);
			return NULL;
		}
		start = i + 1;
	}
	return arr;
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

/*
 * Decode a SOCKADDR saddr (hex of a struct sockaddr in the sender's byte
 * order; we assume ours) into family, address, port or path fields added
 * to @rec. Unknown or short structures add only what is certain.
 */
static int add_sockaddr(struct format *f, cJSON *rec, const char *hex)
{
	const unsigned char *b;
	char addr[INET6_ADDRSTRLEN];
	unsigned int fam;
	const char *name;
	size_t len, n;
	char num[32];

	buf_reset(&f->tmp);
	if (text_hex_decode(hex, strlen(hex), &f->tmp) < 0) {
		f->stats.bad_hex++;
		return 0;
	}
	b = (const unsigned char *)f->tmp.data;
	len = f->tmp.len;
	if (len < 2)
		return 0;
	fam = (unsigned int)b[0] | (unsigned int)b[1] << 8;
	name = family_name(fam);
	if (!name) {
		snprintf(num, sizeof(num), "af_%u", fam);
		name = num;
	}
	if (!cJSON_AddStringToObject(rec, "family", name))
		return -ENOMEM;
	if (fam == AF_INET && len >= 8) {
		inet_ntop(AF_INET, b + 4, addr, sizeof(addr));
		if (!cJSON_AddStringToObject(rec, "address", addr) ||
		    !cJSON_AddNumberToObject(rec, "port", b[2] << 8 | b[3]))
			return -ENOMEM;
	} else if (fam == AF_INET6 && len >= 24) {
		inet_ntop(AF_INET6, b + 8, addr, sizeof(addr));
		if (!cJSON_AddStringToObject(rec, "address", addr) ||
		    !cJSON_AddNumberToObject(rec, "port", b[2] << 8 | b[3]))
			return -ENOMEM;
	} else if (fam == AF_UNIX && len > 2) {
		cJSON *s;
		struct buf path = BUF_INIT;
		int r;

		/* Abstract sockets start with NUL: written as '@'. */
		if (b[2] == '\0') {
			n = len - 3;
			r = buf_putc(&path, '@');
			if (r == 0)
				r = buf_append(&path, b + 3, n);
		} else {
			const unsigned char *nul = memchr(b + 2, 0, len - 2);

			n = nul ? (size_t)(nul - (b + 2)) : len - 2;
			r = buf_append(&path, b + 2, n);
		}
		if (r < 0) {
			buf_free(&path);
			return r;
		}
		s = make_string(f, path.data, path.len);
		buf_free(&path);
		if (!s || !cJSON_AddItemToObject(rec, "path", s)) {
			cJSON_Delete(s);
			return -ENOMEM;
		}
	} else if (fam == AF_NETLINK && len >= 8) {
		uint32_t pid = (uint32_t)b[4] | (uint32_t)b[5] << 8 |
			       (uint32_t)b[6] << 16 | (uint32_t)b[7] << 24;

		if (!cJSON_AddNumberToObject(rec, "nl_pid", pid))
			return -ENOMEM;
	}
	return 0;
}

/*
 * Parse the ENRICHED interpretations of a record ("AUID=\"bob\"
 * SYSCALL=execve SADDR={ ... }") into an object keyed by the lowercased
 * names, so that no key differs from a raw field's name by case alone.
 */
static cJSON *enriched_object(struct format *f, const char *s)
{
	cJSON *obj, *v;
	char key[128];
	const char *p = s, *k, *val, *end;
	size_t klen, vlen, i;

	obj = cJSON_CreateObject();
	if (!obj)
		return NULL;
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
		if (klen == 0 || klen >= sizeof(key)) {
			snprintf(key, sizeof(key), "_unnamed");
		} else {
			for (i = 0; i < klen; i++)
				key[i] = (k[i] >= 'A' && k[i] <= 'Z') ?
					 (char)(k[i] - 'A' + 'a') : k[i];
			key[klen] = '\0';
		}
		if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"')
			v = make_string(f, val + 1, vlen - 2);
		else
			v = make_string(f, val, vlen);
		if (add_unique(f, obj, key, v) < 0) {
			cJSON_Delete(obj);
			return NULL;
		}
	}
	return obj;
}

/* Reset the EXECVE reassembly state for a new event. */
static void args_reset(struct format *f)
{
	size_t i;

	for (i = 0; i < f->nargs; i++)
		buf_reset(&f->args[i]);
	f->nargs = 0;
}

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

/* Fold one EXECVE record's fields into the argv being reassembled. */
static int collect_execve(struct format *f, auparse_state_t *au,
			  cJSON *merged)
{
	const char *name, *val;
	struct buf *slot;
	size_t idx;
	char kind;
	int r;

	if (auparse_first_field(au) <= 0)
		return 0;
	do {
		name = auparse_get_field_name(au);
		val = auparse_get_field_str(au);
		if (!name || !val || strcmp(name, "type") == 0 ||
		    strcmp(name, "node") == 0)
			continue;
		if (execve_arg_field(name, &idx, &kind)) {
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
		if (strcmp(name, "argc") == 0 &&
		    cJSON_GetObjectItemCaseSensitive(merged, "argc"))
			continue;
		r = add_unique(f, merged, name,
			       field_value(f, auparse_get_field_type(au), val));
		if (r < 0)
			return r;
	} while (auparse_next_field(au) > 0);
	return 0;
}

static int finish_execve(struct format *f, cJSON *merged)
{
	cJSON *argv, *s, *argc;
	size_t i;

	argv = cJSON_CreateArray();
	if (!argv)
		return -ENOMEM;
	for (i = 0; i < f->nargs; i++) {
		s = make_string(f, f->args[i].data ? f->args[i].data : "",
				f->args[i].len);
		if (!s || !cJSON_AddItemToArray(argv, s)) {
			cJSON_Delete(s);
			cJSON_Delete(argv);
			return -ENOMEM;
		}
	}
	argc = cJSON_GetObjectItemCaseSensitive(merged, "argc");
	if (argc && (!cJSON_IsNumber(argc) ||
		     (size_t)argc->valuedouble != f->nargs))
		f->stats.argc_mismatch++;
	if (!cJSON_AddItemToObject(merged, "argv", argv)) {
		cJSON_Delete(argv);
		return -ENOMEM;
	}
	return 0;
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
		snprintf(out, size, "%s", name);
}

/* Build one record's object from its fields. */
static cJSON *record_object(struct format *f, auparse_state_t *au)
{
	const char *name, *val, *interp, *arch = NULL;
	cJSON *rec, *v;
	int type;

	rec = cJSON_CreateObject();
	if (!rec)
		return NULL;
	if (auparse_first_field(au) > 0) {
		do {
			name = auparse_get_field_name(au);
			val = auparse_get_field_str(au);
			if (!name || !val || strcmp(name, "type") == 0 ||
			    strcmp(name, "node") == 0)
				continue;
			type = auparse_get_field_type(au);
			if (type == AUPARSE_TYPE_ARCH)
				arch = val;
			if (type == AUPARSE_TYPE_SYSCALL && !f->syscall[0])
				syscall_name(arch, val, f->syscall,
					     sizeof(f->syscall));
			if (type == AUPARSE_TYPE_PROCTITLE)
				v = proctitle_array(f, val);
			else
				v = field_value(f, type, val);
			if (add_unique(f, rec, name, v) < 0)
				goto fail;
			if (type == AUPARSE_TYPE_SOCKADDR &&
			    add_sockaddr(f, rec, val) < 0)
				goto fail;
		} while (auparse_next_field(au) > 0);
	}
	interp = auparse_get_record_interpretations(au);
	if (interp && *interp &&
	    add_unique(f, rec, "enriched", enriched_object(f, interp)) < 0)
		goto fail;
	return rec;
fail:
	cJSON_Delete(rec);
	return NULL;
}

/* Put @rec under records[@type], as documented in docs/schema.md. */
static int group_record(cJSON *records, const char *type, cJSON *rec)
{
	cJSON *cur, *arr;

	cur = cJSON_GetObjectItemCaseSensitive(records, type);
	if (!cur) {
		if (is_list_type(type)) {
			arr = cJSON_CreateArray();
			if (!arr || !cJSON_AddItemToArray(arr, rec) ||
			    !cJSON_AddItemToObject(records, type, arr)) {
				cJSON_Delete(arr);
				return -ENOMEM;
			}
			return 0;
		}
		return cJSON_AddItemToObject(records, type, rec) ? 0 : -ENOMEM;
	}
	if (cJSON_IsArray(cur))
		return cJSON_AddItemToArray(cur, rec) ? 0 : -ENOMEM;
	/* A type outside list_types repeated: it becomes an array. */
	arr = cJSON_CreateArray();
	if (!arr)
		return -ENOMEM;
	cur = cJSON_DetachItemFromObjectCaseSensitive(records, type);
	cJSON_AddItemToArray(arr, cur);
	cJSON_AddItemToArray(arr, rec);
	return cJSON_AddItemToObject(records, type, arr) ? 0 : -ENOMEM;
}

static int add_nonempty(cJSON *obj, const char *key, const char *val)
{
	if (!val || !*val)
		return 0;
	return cJSON_AddStringToObject(obj, key, val) ? 0 : -ENOMEM;
}

/* Attach an object to @root only if it got any member. */
static int attach(cJSON *root, const char *key, cJSON *obj)
{
	if (!obj)
		return -ENOMEM;
	if (!obj->child) {
		cJSON_Delete(obj);
		return 0;
	}
	return cJSON_AddItemToObject(root, key, obj) ? 0 : -ENOMEM;
}

/* The systemd, container and pod objects of @cg, added to @root. */
static int add_cg_objects(cJSON *root, const struct cgroup_identity *cg)
{
	cJSON *o;
	int r = 0;

	o = cJSON_CreateObject();
	if (!o)
		return -ENOMEM;
	r |= add_nonempty(o, "unit", cg->unit);
	r |= add_nonempty(o, "slice", cg->slice);
	r |= add_nonempty(o, "user_unit", cg->user_unit);
	r |= add_nonempty(o, "user_slice", cg->user_slice);
	r |= add_nonempty(o, "session", cg->session);
	if (cg->has_owner_uid && !cJSON_AddNumberToObject(o, "owner_uid",
							   cg->owner_uid))
		r = -ENOMEM;
	if (r < 0 || attach(root, "systemd", o) < 0)
		return -ENOMEM;

	o = cJSON_CreateObject();
	if (!o)
		return -ENOMEM;
	r |= add_nonempty(o, "runtime", cgroup_runtime_to_string(cg->runtime));
	r |= add_nonempty(o, "id", cg->container_id);
	if (cg->rootless && cg->container_id[0] &&
	    !cJSON_AddTrueToObject(o, "rootless"))
		r = -ENOMEM;
	if (r < 0 || attach(root, "container", o) < 0)
		return -ENOMEM;

	o = cJSON_CreateObject();
	if (!o)
		return -ENOMEM;
	r |= add_nonempty(o, "uid", cg->pod_uid);
	r |= add_nonempty(o, "qos", cgroup_qos_to_string(cg->qos));
	if (r < 0 || attach(root, "pod", o) < 0)
		return -ENOMEM;
	return 0;
}

/* The names from the runtimes' state into the container and pod objects. */
static int add_names(cJSON *root, const struct identity *id)
{
	const struct runtime_info *n = &id->names;
	cJSON *c, *pod, *comp;
	int r = 0;

	c = cJSON_GetObjectItemCaseSensitive(root, "container");
	if (!c && (id->cg.container_id[0] || n->name[0])) {
		c = cJSON_CreateObject();
		if (!c || !cJSON_AddItemToObject(root, "container", c))
			return -ENOMEM;
	}
	if (c) {
		if (!cJSON_GetObjectItemCaseSensitive(c, "runtime"))
			r |= add_nonempty(c, "runtime",
					  cgroup_runtime_to_string(n->runtime));
		r |= add_nonempty(c, "name", n->name);
		r |= add_nonempty(c, "image", n->image);
		if (id->cg.container_id[0] &&
		    !cJSON_AddBoolToObject(c, "verified", n->verified))
			r = -ENOMEM;
		if (n->compose_project[0] || n->compose_service[0]) {
			comp = cJSON_CreateObject();
			if (!comp || !cJSON_AddItemToObject(c, "compose", comp))
				return -ENOMEM;
			r |= add_nonempty(comp, "project", n->compose_project);
			r |= add_nonempty(comp, "service", n->compose_service);
		}
	}
	if (n->pod_name[0] || n->pod_namespace[0] || n->k8s_container[0]) {
		pod = cJSON_GetObjectItemCaseSensitive(root, "pod");
		if (!pod) {
			pod = cJSON_CreateObject();
			if (!pod || !cJSON_AddItemToObject(root, "pod", pod))
				return -ENOMEM;
		}
		r |= add_nonempty(pod, "name", n->pod_name);
		r |= add_nonempty(pod, "namespace", n->pod_namespace);
		r |= add_nonempty(pod, "container", n->k8s_container);
	}
	return r < 0 ? -ENOMEM : 0;
}

/* cgroup {path, truncated, source, ancestor_pid} then the identity. */
static int add_identity(cJSON *root, const struct identity *id)
{
	const struct cgroup_identity *cg = &id->cg;
	cJSON *o;
	int r = 0;

	o = cJSON_CreateObject();
	if (!o)
		return -ENOMEM;
	if (id->has_cgroup)
		r |= add_nonempty(o, "path", cg->path);
	if (id->has_cgroup && cg->truncated && !cJSON_AddTrueToObject(o, "truncated"))
		r = -ENOMEM;
	r |= add_nonempty(o, "source", identity_source_to_string(id->source));
	if (id->ancestor > 0 &&
	    !cJSON_AddNumberToObject(o, "ancestor_pid", id->ancestor))
		r = -ENOMEM;
	if (r < 0 || attach(root, "cgroup", o) < 0)
		return -ENOMEM;
	if (!id->has_cgroup)
		return 0;
	r = add_cg_objects(root, cg);
	if (r == 0 && id->has_names)
		r = add_names(root, id);
	return r;
}

/*
 * parent {pid, comm, exe}, and the parent's own identity (cgroup path,
 * systemd, container, pod) when it differs from the process's.
 */
static int add_parent(cJSON *root, const struct parent_info *pi,
		      const struct identity *id)
{
	cJSON *o, *c;
	int r = 0;

	if (!pi || pi->pid <= 0)
		return 0;
	o = cJSON_CreateObject();
	if (!o)
		return -ENOMEM;
	if (!cJSON_AddNumberToObject(o, "pid", pi->pid))
		r = -ENOMEM;
	r |= add_nonempty(o, "comm", pi->comm);
	r |= add_nonempty(o, "exe", pi->exe);
	if (r == 0 && pi->has_cgroup &&
	    (!id || !id->has_cgroup || strcmp(pi->cg.path, id->cg.path) != 0)) {
		c = cJSON_CreateObject();
		if (!c || !cJSON_AddStringToObject(c, "path", pi->cg.path) ||
		    !cJSON_AddItemToObject(o, "cgroup", c)) {
			cJSON_Delete(c);
			r = -ENOMEM;
		} else {
			r = add_cg_objects(o, &pi->cg);
		}
	}
	if (r < 0) {
		cJSON_Delete(o);
		return -ENOMEM;
	}
	return cJSON_AddItemToObject(root, "parent", o) ? 0 : -ENOMEM;
}

/* Each OBJ_PID record gets its target's identity, in record order. */
static int add_targets(cJSON *records, const struct event_identity *ei)
{
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(records, "OBJ_PID"), *rec;
	size_t i = 0;

	cJSON_ArrayForEach(rec, arr) {
		if (i >= ei->ntargets)
			break;
		if (add_identity(rec, &ei->targets[i++]) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Print @root into @out, reusing its memory; grows it only when needed. */
static int print_json(cJSON *root, struct buf *out)
{
	int r;

	buf_reset(out);
	r = buf_reserve(out, 4096);
	if (r < 0)
		return r;
	for (;;) {
		if (out->cap > INT_MAX)
			return -E2BIG;
		/* cJSON wants a few spare bytes beyond what it writes. */
		if (cJSON_PrintPreallocated(root, out->data, (int)out->cap - 1,
					    false)) {
			out->len = strlen(out->data);
			return 0;
		}
		r = buf_reserve(out, out->cap);	/* doubles */
		if (r < 0)
			return r;
	}
}

static int add_header(cJSON *root, const au_event_t *e, const char *type)
{
	char id[64], ts[80];
	struct tm tm;
	time_t sec = e->sec;

	snprintf(id, sizeof(id), "%lld.%03u:%lu", (long long)e->sec, e->milli,
		 e->serial);
	if (!gmtime_r(&sec, &tm))
		memset(&tm, 0, sizeof(tm));
	snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, e->milli % 1000);
	if (!cJSON_AddStringToObject(root, "id", id) ||
	    !cJSON_AddStringToObject(root, "time", ts))
		return -ENOMEM;
	if (e->host && *e->host &&
	    !cJSON_AddStringToObject(root, "node", e->host))
		return -ENOMEM;
	if (type && !cJSON_AddStringToObject(root, "type", type))
		return -ENOMEM;
	return 0;
}

static int format_text(struct format *f, auparse_state_t *au,
		       const struct event_identity *ei, struct buf *out);
static cJSON *to_ecs(cJSON *root, const char *syscall);

int format_event(struct format *f, auparse_state_t *au,
		 const struct event_identity *ei, struct buf *out)
{
	cJSON *root, *records, *rec, *execve = NULL;
	char tbuf[64], first[64] = "";
	const au_event_t *e;
	const char *type;
	int r = -ENOMEM;

	cJSON_Delete(f->last);
	f->last = NULL;
	f->syscall[0] = '\0';
	if (f->kind == CONFIG_FORMAT_TEXT)
		return format_text(f, au, ei, out);
	root = cJSON_CreateObject();
	records = cJSON_CreateObject();
	if (!root || !records) {
		cJSON_Delete(records);
		goto out;
	}
	args_reset(f);
	if (auparse_first_record(au) > 0) {
		do {
			type = record_type_name(au, tbuf, sizeof(tbuf));
			if (skip_record(f, type))
				continue;
			if (!first[0])
				snprintf(first, sizeof(first), "%s", type);
			if (strcmp(type, "EXECVE") == 0) {
				if (!execve) {
					execve = cJSON_CreateObject();
					if (!execve)
						goto fail_records;
				}
				if (collect_execve(f, au, execve) < 0)
					goto fail_records;
				continue;
			}
			rec = record_object(f, au);
			if (!rec || group_record(records, type, rec) < 0) {
				cJSON_Delete(rec);
				goto fail_records;
			}
		} while (auparse_next_record(au) > 0);
	}
	if (execve) {
		if (finish_execve(f, execve) < 0 ||
		    !cJSON_AddItemToObject(records, "EXECVE", execve))
			goto fail_records;
		execve = NULL;
	}
	e = auparse_get_timestamp(au);
	if (!e) {
		r = -EINVAL;
		cJSON_Delete(records);
		goto out;
	}
	r = add_header(root, e, first[0] ? first : NULL);
	if (r < 0) {
		cJSON_Delete(records);
		goto out;
	}
	if (!cJSON_AddItemToObject(root, "records", records)) {
		cJSON_Delete(records);
		r = -ENOMEM;
		goto out;
	}
	if (ei && ei->ntargets && add_targets(records, ei) < 0) {
		r = -ENOMEM;
		goto out;
	}
	if (ei && ei->id) {
		r = add_identity(root, ei->id);
		if (r == 0)
			r = add_parent(root, ei->parent, ei->id);
		if (r < 0)
			goto out;
	}
	if (f->schema == CONFIG_SCHEMA_ECS) {
		cJSON *ecs = to_ecs(root, f->syscall);

		if (!ecs) {
			r = -ENOMEM;
			goto out;
		}
		cJSON_Delete(root);
		root = ecs;
	}
	r = print_json(root, out);
	if (r == 0) {
		f->last = root;
		root = NULL;
	}
	goto out;
fail_records:
	cJSON_Delete(execve);
	cJSON_Delete(records);
	r = -ENOMEM;
out:
	cJSON_Delete(root);
	return r;
}

int format_unparsed(struct format *f, const char *line, size_t len,
		    const char *reason, struct buf *out)
{
	cJSON *root;
	int r = -ENOMEM;

	cJSON_Delete(f->last);
	f->last = NULL;
	root = cJSON_CreateObject();
	if (!root)
		return -ENOMEM;
	if (!cJSON_AddStringToObject(root, "type", "UNPARSED") ||
	    !cJSON_AddStringToObject(root, "error", reason))
		goto out;
	if (add_unique(f, root, "raw", make_string(f, line, len)) < 0)
		goto out;
	r = print_json(root, out);
	if (r == 0) {
		f->last = root;
		root = NULL;
	}
out:
	cJSON_Delete(root);
	return r;
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
	cJSON *m, *it;

	if (k < 1 || n - k < 2)
		k = n - 2;
	if (k < 1)
		return 0;
	at = (n - k) / 2;
	/* k - 1 go, the k-th becomes the marker; an earlier marker among
	 * them adds its own count */
	for (i = 0; i < k; i++) {
		it = cJSON_GetArrayItem(a, at);
		if (cJSON_IsString(it) &&
		    sscanf(it->valuestring, "...[%d items cut]...", &prev) == 1)
			cut += prev;
		else
			cut++;
		if (i < k - 1)
			cJSON_DeleteItemFromArray(a, at);
	}
	snprintf(marker, sizeof(marker), "...[%d items cut]...", cut);
	m = cJSON_CreateString(marker);
	if (!m || !cJSON_ReplaceItemInArray(a, at, m)) {
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

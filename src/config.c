/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.c - keyword-table parser for audisp-cgroup.conf.
 *
 * Defaults first (config_init), then one parser per key, then the
 * cross-checks. Every error names the file, the line and the key.
 */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "config.h"

static const char *const output_names[CONFIG_OUTPUT_MAX] = {
	[CONFIG_OUTPUT_SYSLOG] = "syslog",
	[CONFIG_OUTPUT_FILE] = "file",
	[CONFIG_OUTPUT_STDOUT] = "stdout",
};

const char *config_output_to_string(enum config_output o)
{
	if ((unsigned int)o >= CONFIG_OUTPUT_MAX)
		return NULL;
	return output_names[o];
}

struct name_value {
	const char *name;
	int value;
};

/* As syslog.conf(5) names them. */
static const struct name_value facilities[] = {
	{ "auth", LOG_AUTH }, { "authpriv", LOG_AUTHPRIV },
	{ "daemon", LOG_DAEMON }, { "user", LOG_USER },
	{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
	{ NULL, 0 }
};

static const struct name_value priorities[] = {
	{ "emerg", LOG_EMERG }, { "alert", LOG_ALERT }, { "crit", LOG_CRIT },
	{ "err", LOG_ERR }, { "warning", LOG_WARNING },
	{ "notice", LOG_NOTICE }, { "info", LOG_INFO },
	{ "debug", LOG_DEBUG },
	{ NULL, 0 }
};

/* The default of runtime_helpers (see resolve.c for why each is there). */
#define DEFAULT_HELPERS "runc, crun, runsc, youki, conmon, containerd-shim*, " \
	"containerd, dockerd, docker-init, crio, podman, lxc-start, " \
	"lxc-attach, systemd, systemd-nspawn, nsenter, (sd-pam), tini, " \
	"dumb-init, catatonit, pause, s6-svscan"

static void free_list(char **list)
{
	char **p;

	if (!list)
		return;
	for (p = list; *p; p++)
		free(*p);
	free(list);
}

/* "a, b,c" -> {"a", "b", "c", NULL}; NULL on allocation failure. */
static char **split_list(const char *s)
{
	size_t n = 1, i = 0, len;
	const char *p;
	char **list;

	for (p = s; *p; p++)
		n += *p == ',';
	list = calloc(n + 1, sizeof(*list));
	if (!list)
		return NULL;
	for (p = s; *p;) {
		p += strspn(p, " \t,");
		len = strcspn(p, ",");
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len) {
			list[i] = strndup(p, len);
			if (!list[i++]) {
				free_list(list);
				return NULL;
			}
		}
		p += len;
		p += strcspn(p, ",");
	}
	return list;
}

int config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->outputs = 1u << CONFIG_OUTPUT_SYSLOG;
	cfg->file_rotate = 5;
	cfg->max_event_bytes = 7680;
	cfg->syslog_socket = strdup("/dev/log");
	cfg->syslog_prefix = strdup("");
	cfg->file = strdup(LOCALSTATEDIR "/log/audisp-cgroup.log");
	cfg->file_mode = 0600;
	cfg->host_root = strdup("/");
	cfg->syslog_ident = strdup("audisp-cgroup");
	cfg->syslog_facility = LOG_USER;
	cfg->syslog_priority = LOG_INFO;
	cfg->eoe_timeout = 2;
	cfg->process_table_size = 16384;
	cfg->queue_depth = 100000;
	cfg->queue_bytes = 4ULL << 20;
	cfg->state_file = strdup(RUNSTATEDIR "/audisp-cgroup.state");
	cfg->drop_capabilities = true;
	cfg->runtime_names = true;
	cfg->runtime_cache_entries = 4096;
	cfg->runtime_negative_ttl = 2000;
	cfg->docker_root = strdup("/var/lib/docker");
	cfg->containerd_state = strdup("/run/containerd");
	cfg->containers_runroot = strdup("/run/containers/storage");
	cfg->containers_graphroot = strdup("/var/lib/containers/storage");
	cfg->kubelet_pods_dir = strdup("/var/lib/kubelet/pods");
	cfg->pod_logs_dir = strdup("/var/log/pods");
	cfg->container_logs_dir = strdup("/var/log/containers");
	if (!cfg->docker_root || !cfg->containerd_state ||
	    !cfg->containers_runroot || !cfg->containers_graphroot ||
	    !cfg->kubelet_pods_dir || !cfg->pod_logs_dir ||
	    !cfg->container_logs_dir) {
		config_free(cfg);
		return -ENOMEM;
	}
	cfg->local_node = strdup("auto");
	cfg->runtime_helpers = split_list(DEFAULT_HELPERS);
	if (!cfg->file || !cfg->host_root || !cfg->syslog_ident ||
	    !cfg->syslog_socket || !cfg->syslog_prefix || !cfg->state_file ||
	    !cfg->local_node || !cfg->runtime_helpers) {
		config_free(cfg);
		return -ENOMEM;
	}
	return 0;
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free_list(cfg->runtime_helpers);
	cfg->runtime_helpers = NULL;
	free_list(cfg->include_keys);
	free_list(cfg->exclude_event_types);
	free_list(cfg->exclude_record_types);
	free_list(cfg->include_runtimes);
	free_list(cfg->exclude_units);
	cfg->include_keys = cfg->exclude_event_types = NULL;
	cfg->exclude_record_types = cfg->include_runtimes = NULL;
	cfg->exclude_units = NULL;
	free(cfg->local_node);
	cfg->local_node = NULL;
	free(cfg->state_file);
	cfg->state_file = NULL;
	free(cfg->docker_root);
	free(cfg->containerd_state);
	free(cfg->containers_runroot);
	free(cfg->containers_graphroot);
	free(cfg->kubelet_pods_dir);
	free(cfg->pod_logs_dir);
	free(cfg->container_logs_dir);
	cfg->docker_root = cfg->containerd_state = cfg->containers_runroot = NULL;
	cfg->containers_graphroot = cfg->kubelet_pods_dir = NULL;
	cfg->pod_logs_dir = cfg->container_logs_dir = NULL;
	free(cfg->file);
	free(cfg->host_root);
	free(cfg->syslog_ident);
	free(cfg->syslog_socket);
	free(cfg->syslog_prefix);
	cfg->file = cfg->host_root = cfg->syslog_ident = NULL;
	cfg->syslog_socket = cfg->syslog_prefix = NULL;
}

/* Where an error is reported and what is being parsed. */
struct parse_ctx {
	const char *name;
	unsigned int line;
	const char *key;
	struct buf *errors;
	int nerrors;
	unsigned long min, max;	/* the keyword's bounds (parse_number) */
};

static void __attribute__((format(printf, 2, 3)))
report(struct parse_ctx *ctx, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx->nerrors++;
	if (!ctx->errors)
		return;
	if (ctx->key)
		n = snprintf(NULL, 0, "%s:%u: %s: %s\n", ctx->name, ctx->line,
			     ctx->key, msg);
	else
		n = snprintf(NULL, 0, "%s:%u: %s\n", ctx->name, ctx->line, msg);
	if (n < 0 || buf_reserve(ctx->errors, (size_t)n) < 0)
		return;
	if (ctx->key)
		snprintf(ctx->errors->data + ctx->errors->len, (size_t)n + 1,
			 "%s:%u: %s: %s\n", ctx->name, ctx->line, ctx->key, msg);
	else
		snprintf(ctx->errors->data + ctx->errors->len, (size_t)n + 1,
			 "%s:%u: %s\n", ctx->name, ctx->line, msg);
	ctx->errors->len += (size_t)n;
}

static int parse_uint(struct parse_ctx *ctx, const char *val,
		      unsigned long min, unsigned long max,
		      unsigned long *ret);

typedef int (*parse_fn)(struct parse_ctx *ctx, const char *val,
			struct config *cfg, size_t off);


static int parse_string(struct parse_ctx *ctx, const char *val,
			struct config *cfg, size_t off)
{
	char **slot = (char **)((char *)cfg + off);
	char *copy;

	if (!*val) {
		report(ctx, "needs a value");
		return -EINVAL;
	}
	copy = strdup(val);
	if (!copy)
		return -ENOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

static int parse_abs_path(struct parse_ctx *ctx, const char *val,
			  struct config *cfg, size_t off)
{
	if (val[0] != '/') {
		report(ctx, "'%s' is not an absolute path", val);
		return -EINVAL;
	}
	if (strlen(val) >= PATH_MAX) {
		report(ctx, "path is longer than %d bytes", PATH_MAX - 1);
		return -EINVAL;
	}
	return parse_string(ctx, val, cfg, off);
}

static int parse_output(struct parse_ctx *ctx, const char *val,
			struct config *cfg, size_t off)
{
	unsigned int outputs = 0;
	char **list;
	size_t i;
	int o, r = 0;

	(void)off;
	list = split_list(val);
	if (!list)
		return -ENOMEM;
	for (i = 0; list[i]; i++) {
		for (o = 0; o < CONFIG_OUTPUT_MAX; o++)
			if (strcmp(list[i], output_names[o]) == 0)
				break;
		if (o == CONFIG_OUTPUT_MAX) {
			report(ctx, "'%s' is not one of syslog, file, stdout",
			       list[i]);
			r = -EINVAL;
			break;
		}
		outputs |= 1u << o;
	}
	free_list(list);
	if (r == 0 && !outputs) {
		report(ctx, "needs at least one of syslog, file, stdout");
		r = -EINVAL;
	}
	if (r == 0)
		cfg->outputs = outputs;
	return r;
}

static int parse_size(struct parse_ctx *ctx, const char *val,
		      struct config *cfg, size_t off)
{
	unsigned long long v, mult = 1;
	char *end;

	errno = 0;
	v = strtoull(val, &end, 10);
	if (*end == 'k' || *end == 'K')
		mult = 1024;
	else if (*end == 'M')
		mult = 1024 * 1024;
	else if (*end == 'G')
		mult = 1024ULL * 1024 * 1024;
	if (mult > 1)
		end++;
	if (errno || end == val || *end || val[0] == '-' ||
	    v > (1ULL << 50) / mult) {
		report(ctx, "'%s' is not a size like 0, 4096, 100M or 2G", val);
		return -EINVAL;
	}
	*(unsigned long long *)((char *)cfg + off) = v * mult;
	return 0;
}

static int parse_text(struct parse_ctx *ctx, const char *val,
		      struct config *cfg, size_t off)
{
	char **slot = (char **)((char *)cfg + off);
	char *copy;

	(void)ctx;
	copy = strdup(val);
	if (!copy)
		return -ENOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

static int parse_mode(struct parse_ctx *ctx, const char *val,
		      struct config *cfg, size_t off)
{
	unsigned long m;
	char *end;

	(void)off;
	errno = 0;
	m = strtoul(val, &end, 8);
	if (errno || end == val || *end || m > 0777) {
		report(ctx, "'%s' is not an octal mode like 0600", val);
		return -EINVAL;
	}
	if (m & 0002) {
		report(ctx, "mode %04lo would make the output world-writable", m);
		return -EINVAL;
	}
	cfg->file_mode = (mode_t)m;
	return 0;
}

static int parse_uint(struct parse_ctx *ctx, const char *val,
		      unsigned long min, unsigned long max,
		      unsigned long *ret)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(val, &end, 10);
	if (errno || end == val || *end || val[0] == '-' || v < min || v > max) {
		report(ctx, "'%s' is not a whole number from %lu to %lu", val,
		       min, max);
		return -EINVAL;
	}
	*ret = v;
	return 0;
}

static int lookup_name(const struct name_value *tab, const char *val,
		       int *ret)
{
	for (; tab->name; tab++)
		if (strcmp(tab->name, val) == 0) {
			*ret = tab->value;
			return 0;
		}
	return -ENOENT;
}

static int parse_facility(struct parse_ctx *ctx, const char *val,
			  struct config *cfg, size_t off)
{
	(void)off;
	if (lookup_name(facilities, val, &cfg->syslog_facility) == 0)
		return 0;
	report(ctx, "'%s' is not a syslog facility (auth, authpriv, daemon, user, local0 ... local7)",
	       val);
	return -EINVAL;
}

static int parse_priority(struct parse_ctx *ctx, const char *val,
			  struct config *cfg, size_t off)
{
	(void)off;
	if (lookup_name(priorities, val, &cfg->syslog_priority) == 0)
		return 0;
	report(ctx, "'%s' is not a syslog priority (emerg ... debug)", val);
	return -EINVAL;
}

static int parse_helpers(struct parse_ctx *ctx, const char *val,
			 struct config *cfg, size_t off)
{
	char **list;
	size_t i;

	(void)off;
	list = split_list(val);
	if (!list)
		return -ENOMEM;
	for (i = 0; list[i]; i++)
		if (strlen(list[i]) > 15 && list[i][strlen(list[i]) - 1] != '*') {
			report(ctx, "'%s' is longer than a process name (15 bytes); end it with '*' to match a prefix",
			       list[i]);
			free_list(list);
			return -EINVAL;
		}
	free_list(cfg->runtime_helpers);
	cfg->runtime_helpers = list;
	return 0;
}

static int parse_format(struct parse_ctx *ctx, const char *val,
			struct config *cfg, size_t off)
{
	(void)off;
	if (strcmp(val, "json") == 0)
		cfg->format = CONFIG_FORMAT_JSON;
	else if (strcmp(val, "text") == 0)
		cfg->format = CONFIG_FORMAT_TEXT;
	else {
		report(ctx, "'%s' is not one of json, text", val);
		return -EINVAL;
	}
	return 0;
}

static int parse_schema(struct parse_ctx *ctx, const char *val,
			struct config *cfg, size_t off)
{
	(void)off;
	if (strcmp(val, "native") == 0)
		cfg->schema = CONFIG_SCHEMA_NATIVE;
	else if (strcmp(val, "ecs") == 0)
		cfg->schema = CONFIG_SCHEMA_ECS;
	else {
		report(ctx, "'%s' is not one of native, ecs", val);
		return -EINVAL;
	}
	return 0;
}

static int parse_bool(struct parse_ctx *ctx, const char *val,
		      struct config *cfg, size_t off)
{
	bool *slot = (bool *)((char *)cfg + off);

	if (strcmp(val, "yes") == 0)
		*slot = true;
	else if (strcmp(val, "no") == 0)
		*slot = false;
	else {
		report(ctx, "'%s' is not yes or no", val);
		return -EINVAL;
	}
	return 0;
}

/* A list of names; an empty value clears it. */
static int parse_list(struct parse_ctx *ctx, const char *val,
		      struct config *cfg, size_t off)
{
	char ***slot = (char ***)((char *)cfg + off);
	char **list = NULL;

	(void)ctx;
	if (*val) {
		list = split_list(val);
		if (!list)
			return -ENOMEM;
		if (!list[0]) {
			free_list(list);
			list = NULL;
		}
	}
	free_list(*slot);
	*slot = list;
	return 0;
}

static int parse_queue_full(struct parse_ctx *ctx, const char *val,
			    struct config *cfg, size_t off)
{
	(void)off;
	if (strcmp(val, "drop") == 0)
		cfg->queue_wait = false;
	else if (strcmp(val, "wait") == 0)
		cfg->queue_wait = true;
	else {
		report(ctx, "'%s' is not drop or wait", val);
		return -EINVAL;
	}
	return 0;
}

/* A whole number within the keyword's bounds, into an unsigned long. */
static int parse_number(struct parse_ctx *ctx, const char *val,
			struct config *cfg, size_t off)
{
	unsigned long v;
	int r;

	r = parse_uint(ctx, val, ctx->min, ctx->max, &v);
	if (r == 0)
		*(unsigned long *)((char *)cfg + off) = v;
	return r;
}

static const struct keyword {
	const char *name;
	parse_fn parse;
	size_t off;
	unsigned long min, max;	/* parse_number() only */
} keywords[] = {
	{ "output", parse_output, 0, 0, 0 },
	{ "file", parse_abs_path, offsetof(struct config, file), 0, 0 },
	{ "file_mode", parse_mode, 0, 0, 0 },
	{ "host_root", parse_abs_path, offsetof(struct config, host_root), 0, 0 },
	{ "file_max_size", parse_size, offsetof(struct config, file_max_size), 0, 0 },
	{ "file_rotate", parse_number, offsetof(struct config, file_rotate), 0, 99 },
	{ "syslog_ident", parse_string, offsetof(struct config, syslog_ident), 0, 0 },
	{ "syslog_socket", parse_abs_path, offsetof(struct config, syslog_socket), 0, 0 },
	{ "syslog_prefix", parse_text, offsetof(struct config, syslog_prefix), 0, 0 },
	{ "max_event_bytes", parse_number,
	  offsetof(struct config, max_event_bytes), 1024, 1048576 },
	{ "syslog_facility", parse_facility, 0, 0, 0 },
	{ "syslog_priority", parse_priority, 0, 0, 0 },
	{ "eoe_timeout", parse_number, offsetof(struct config, eoe_timeout), 1,
	  3600 },
	{ "process_table_size", parse_number,
	  offsetof(struct config, process_table_size), 64, 4194304 },
	{ "runtime_helpers", parse_helpers, 0, 0, 0 },
	{ "local_node", parse_string, offsetof(struct config, local_node), 0, 0 },
	{ "format", parse_format, 0, 0, 0 },
	{ "schema", parse_schema, 0, 0, 0 },
	{ "include_keys", parse_list, offsetof(struct config, include_keys), 0, 0 },
	{ "exclude_event_types", parse_list,
	  offsetof(struct config, exclude_event_types), 0, 0 },
	{ "exclude_record_types", parse_list,
	  offsetof(struct config, exclude_record_types), 0, 0 },
	{ "include_runtimes", parse_list,
	  offsetof(struct config, include_runtimes), 0, 0 },
	{ "exclude_units", parse_list, offsetof(struct config, exclude_units), 0, 0 },
	{ "only_containers", parse_bool, offsetof(struct config, only_containers), 0, 0 },
	{ "queue_depth", parse_number, offsetof(struct config, queue_depth), 100,
	  10000000 },
	{ "queue_bytes", parse_size, offsetof(struct config, queue_bytes), 0, 0 },
	{ "queue_full", parse_queue_full, 0, 0, 0 },
	{ "state_file", parse_abs_path, offsetof(struct config, state_file), 0, 0 },
	{ "status_interval", parse_number,
	  offsetof(struct config, status_interval), 0, 86400 },
	{ "drop_capabilities", parse_bool,
	  offsetof(struct config, drop_capabilities), 0, 0 },
	{ "runtime_names", parse_bool, offsetof(struct config, runtime_names), 0, 0 },
	{ "runtime_cache_entries", parse_number,
	  offsetof(struct config, runtime_cache_entries), 16, 1000000 },
	{ "runtime_negative_ttl_ms", parse_number,
	  offsetof(struct config, runtime_negative_ttl), 0, 3600000 },
	{ "docker_root", parse_abs_path, offsetof(struct config, docker_root), 0, 0 },
	{ "containerd_state", parse_abs_path,
	  offsetof(struct config, containerd_state), 0, 0 },
	{ "containers_runroot", parse_abs_path,
	  offsetof(struct config, containers_runroot), 0, 0 },
	{ "containers_graphroot", parse_abs_path,
	  offsetof(struct config, containers_graphroot), 0, 0 },
	{ "kubelet_pods_dir", parse_abs_path,
	  offsetof(struct config, kubelet_pods_dir), 0, 0 },
	{ "pod_logs_dir", parse_abs_path, offsetof(struct config, pod_logs_dir), 0, 0 },
	{ "container_logs_dir", parse_abs_path,
	  offsetof(struct config, container_logs_dir), 0, 0 },
	{ NULL, NULL, 0, 0, 0 }
};

/* Edit distance, for "did you mean" on a mistyped key. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp;

	if (la >= 64 || lb >= 64)
		return 64;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

static const struct keyword *find_keyword(const char *key)
{
	const struct keyword *k;

	for (k = keywords; k->name; k++)
		if (strcmp(k->name, key) == 0)
			return k;
	return NULL;
}

static void report_unknown(struct parse_ctx *ctx, const char *key)
{
	const struct keyword *k, *best = NULL;
	size_t d, bestd = 3;

	for (k = keywords; k->name; k++) {
		d = distance(key, k->name);
		if (d < bestd) {
			bestd = d;
			best = k;
		}
	}
	if (best)
		report(ctx, "unknown key (did you mean '%s'?)", best->name);
	else
		report(ctx, "unknown key");
}

static char *trim(char *s)
{
	char *e;

	s += strspn(s, " \t\r");
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Parse one line (NUL-terminated, no newline) into @cfg. */
static void parse_line(struct parse_ctx *ctx, char *line, struct config *cfg)
{
	const struct keyword *kw;
	char *key, *val, *eq;
	size_t i;

	line = trim(line);
	if (!*line || *line == '#')
		return;
	for (i = 0; line[i]; i++)
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t') {
			report(ctx, "control character in line");
			return;
		}
	eq = strchr(line, '=');
	if (!eq) {
		report(ctx, "expected 'key = value', got '%.64s'", line);
		return;
	}
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	/* "quoted" keeps leading and trailing blanks */
	if (val[0] == '"') {
		size_t n = strlen(val);

		if (n < 2 || val[n - 1] != '"') {
			ctx->key = key;
			report(ctx, "unterminated quote");
			ctx->key = NULL;
			return;
		}
		val[n - 1] = '\0';
		val++;
	}
	if (!*key) {
		report(ctx, "missing key before '='");
		return;
	}
	ctx->key = key;
	kw = find_keyword(key);
	if (!kw)
		report_unknown(ctx, key);
	else {
		ctx->min = kw->min;
		ctx->max = kw->max;
		if (kw->parse(ctx, val, cfg, kw->off) == -ENOMEM)
			report(ctx, "out of memory");
	}
	ctx->key = NULL;
}

/* Cross-checks that need more than one key. */
static void check_config(struct parse_ctx *ctx, const struct config *cfg)
{
	static const char *const runtimes[] = {
		"docker", "containerd", "crio", "podman", "lxc", "nspawn",
		"ecs", NULL
	};
	const char *const *r;
	char **p;

	if (cfg->queue_bytes < 1024 * 1024)
		report(ctx, "queue_bytes: at least 1M, to hold a few of the longest records");
	if (cfg->format == CONFIG_FORMAT_TEXT &&
	    cfg->schema == CONFIG_SCHEMA_ECS)
		report(ctx, "schema = ecs needs format = json");
	for (p = cfg->include_runtimes; p && *p; p++) {
		for (r = runtimes; *r && strcmp(*r, *p) != 0; r++)
			;
		if (!*r)
			report(ctx, "include_runtimes: '%s' is not one of docker, containerd, crio, podman, lxc, nspawn, ecs",
			       *p);
	}
}

int config_parse(const char *name, const char *text, size_t len,
		 struct config *ret_cfg, struct buf *errors)
{
	struct parse_ctx ctx = { .name = name, .errors = errors };
	struct config cfg;
	char line[CONFIG_LINE_MAX];
	size_t pos = 0, n;
	const char *nl;
	int r;

	r = config_init(&cfg);
	if (r < 0)
		return r;
	while (pos < len) {
		ctx.line++;
		nl = memchr(text + pos, '\n', len - pos);
		n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		if (n >= sizeof(line)) {
			report(&ctx, "line longer than %d bytes", CONFIG_LINE_MAX - 1);
		} else if (memchr(text + pos, '\0', n)) {
			report(&ctx, "NUL byte in line");
		} else {
			memcpy(line, text + pos, n);
			line[n] = '\0';
			parse_line(&ctx, line, &cfg);
		}
		pos += n + (nl ? 1 : 0);
	}
	ctx.line = 0;
	check_config(&ctx, &cfg);
	if (ctx.nerrors) {
		config_free(&cfg);
		return -EINVAL;
	}
	*ret_cfg = cfg;
	return 0;
}

int config_load(const char *path, struct config *ret_cfg, struct buf *errors)
{
	struct parse_ctx ctx = { .name = path, .errors = errors };
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	ssize_t n;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		r = -errno;
		report(&ctx, "cannot open: %s", strerror(-r));
		return r;
	}
	if (fstat(fd, &st) < 0) {
		r = -errno;
		report(&ctx, "cannot stat: %s", strerror(-r));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = -EINVAL;
		report(&ctx, "not a regular file");
		goto out;
	}
	if (st.st_mode & S_IWOTH) {
		r = -EPERM;
		report(&ctx, "refusing a world-writable config (chmod o-w)");
		goto out;
	}
	if (st.st_size > CONFIG_FILE_MAX) {
		r = -EFBIG;
		report(&ctx, "larger than %d bytes", CONFIG_FILE_MAX);
		goto out;
	}
	text = malloc((size_t)st.st_size + 1);
	if (!text) {
		r = -ENOMEM;
		goto out;
	}
	while (len < (size_t)st.st_size) {
		n = read(fd, text + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			report(&ctx, "cannot read: %s", strerror(-r));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	r = config_parse(path, text, len, ret_cfg, errors);
out:
	free(text);
	close(fd);
	return r;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.h - audisp-cgroup.conf: "key = value" lines, '#' comments.
 *
 * Every key, its default and its meaning are in conf/audisp-cgroup.conf
 * and audisp-cgroup.conf(5).
 */
#ifndef AUDISP_CGROUP_CONFIG_H
#define AUDISP_CGROUP_CONFIG_H

#include <stdbool.h>
#include <sys/types.h>

#include "buf.h"

enum config_output {
	CONFIG_OUTPUT_SYSLOG,
	CONFIG_OUTPUT_FILE,
	CONFIG_OUTPUT_STDOUT,
	CONFIG_OUTPUT_MAX
};

enum config_format {
	CONFIG_FORMAT_JSON,
	CONFIG_FORMAT_TEXT,
	CONFIG_FORMAT_MAX
};

enum config_schema {
	CONFIG_SCHEMA_NATIVE,
	CONFIG_SCHEMA_ECS,
	CONFIG_SCHEMA_MAX
};

struct config {
	unsigned int outputs;	/* 1 << enum config_output, at least one */
	char *file;		/* output = file: the path */
	mode_t file_mode;	/* mode of a file we create */
	char *host_root;	/* where proc/ and runtime state are found */
	unsigned long long file_max_size; /* rotate past this; 0: never */
	unsigned long file_rotate; /* generations kept by the rotation */
	char *syslog_ident;
	char *syslog_socket;	/* the local syslog socket */
	char *syslog_prefix;	/* before each JSON message, e.g. "@cee: " */
	unsigned long max_event_bytes; /* syslog messages cut to fit */
	int syslog_facility;	/* LOG_* facility */
	int syslog_priority;	/* LOG_* level */
	unsigned long eoe_timeout; /* seconds before an incomplete event goes */
	unsigned long process_table_size; /* processes remembered, at most */
	char **runtime_helpers;	/* NULL-terminated; never inherit across */
	char *local_node;	/* node names that are this host; "auto" */
	enum config_format format;
	enum config_schema schema;
	/* filters: NULL-terminated lists, NULL when unset */
	char **include_keys;	/* only events with one of these keys */
	char **exclude_event_types; /* drop events of these types */
	char **exclude_record_types; /* drop these records from events */
	char **include_runtimes; /* only containers of these runtimes */
	char **exclude_units;	/* drop events of processes in these units */
	bool only_containers;	/* only events of processes in containers */
	/* reliability */
	unsigned long queue_depth; /* records the reader may queue */
	unsigned long long queue_bytes; /* and bytes */
	bool queue_wait;	/* full queue: stop reading (false: drop) */
	char *state_file;	/* counters written here on SIGUSR1 */
	unsigned long status_interval; /* seconds between status lines; 0 off */
	bool drop_capabilities;	/* keep only what reading /proc needs */
	/* names from the runtimes' state (runtime.c) */
	bool runtime_names;
	unsigned long runtime_cache_entries;
	unsigned long runtime_negative_ttl; /* ms */
	char *docker_root, *containerd_state, *containers_runroot,
	     *containers_graphroot, *kubelet_pods_dir, *pod_logs_dir,
	     *container_logs_dir;	/* under host_root */
};

/* Longest config line we accept. */
#define CONFIG_LINE_MAX 4096
/* Largest config file we read. */
#define CONFIG_FILE_MAX (1024 * 1024)

/* Fill @cfg with the defaults. Returns 0 or -ENOMEM. */
int config_init(struct config *cfg);

/*
 * Parse @path into *ret_cfg. Each problem is appended to @errors as one
 * line "PATH:LINE: message\n". On success (0) *ret_cfg holds the new
 * config, which the caller frees with config_free(). On failure
 * (-EINVAL for bad content, or a negative errno when the file cannot be
 * used) *ret_cfg is untouched. The file must be a regular file that is
 * not writable by others.
 */
int config_load(const char *path, struct config *ret_cfg, struct buf *errors);

/*
 * The same for a text already in memory (@name is used in messages);
 * used by config_load() and by the tests and fuzzer.
 */
int config_parse(const char *name, const char *text, size_t len,
		 struct config *ret_cfg, struct buf *errors);

/* Release what @cfg owns; @cfg may be NULL. */
void config_free(struct config *cfg);

/* "syslog", "file", "stdout"; NULL when out of range. */
const char *config_output_to_string(enum config_output o);

#endif

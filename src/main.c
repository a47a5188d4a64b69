/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main.c - audisp-cgroup: options, signals, the loop. Nothing else.
 *
 * auditd starts us from plugins.d with its events on stdin (format =
 * string). We read them, enrich each event with the identity of its
 * process and write one JSON line per event.
 */
#include "autoconf.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "pipeline.h"
#include "sink.h"

#define DEFAULT_CONFIG SYSCONFDIR "/audit/audisp-cgroup.conf"

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reload_requested;

static void on_term(int sig, siginfo_t *info, void *uctx)
{
	(void)uctx;
	/* As audit's own plugins: only our parent (auditd) may stop us. */
	if (sig == SIGTERM && info && info->si_pid != getppid())
		return;
	stop_requested = 1;
}

static void on_hup(int sig)
{
	(void)sig;
	reload_requested = 1;
}

static int install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll() and read() must return on a signal. */
	sa.sa_flags = SA_SIGINFO;
	sa.sa_sigaction = on_term;
	if (sigaction(SIGTERM, &sa, NULL) < 0 ||
	    sigaction(SIGINT, &sa, NULL) < 0)
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_hup;
	if (sigaction(SIGHUP, &sa, NULL) < 0)
		return -errno;
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) < 0)
		return -errno;
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [-c FILE] [--check]\n"
		"Enrich Linux audit events read on stdin with the cgroup identity\n"
		"(systemd unit, container, Kubernetes pod) of their process and\n"
		"write them as JSON lines. Normally started by auditd from\n"
		"/etc/audit/plugins.d.\n"
		"\n"
		"  -c, --config FILE  configuration file (default %s)\n"
		"      --check        validate the configuration and exit 0 or 1\n"
		"  -h, --help         this help\n"
		"  -V, --version      the version\n"
		"\n"
		"See audisp-cgroup(8) and audisp-cgroup.conf(5).\n",
		PROGRAM_NAME, DEFAULT_CONFIG);
}

/*
 * Load @path into @cfg. A missing default file means the defaults; any
 * other problem is reported line by line. Returns 0 or a negative errno.
 */
static int load_config(const char *path, bool explicit_path,
		       struct config *cfg)
{
	struct buf errors = BUF_INIT;
	int r;

	if (!explicit_path && access(path, F_OK) < 0 && errno == ENOENT)
		return config_init(cfg);
	r = config_load(path, cfg, &errors);
	if (r < 0 && errors.len) {
		char *line = errors.data, *nl;

		while ((nl = strchr(line, '\n'))) {
			*nl = '\0';
			log_msg(LOG_ERR, "%s", line);
			line = nl + 1;
		}
	} else if (r < 0) {
		log_msg(LOG_ERR, "%s: %s", path, strerror(-r));
	}
	buf_free(&errors);
	return r;
}

static int emit_to_sink(void *ctx, const char *line, size_t len,
			const char *fit, size_t fit_len)
{
	return sink_write(ctx, line, len, fit, fit_len);
}

/* SIGHUP: re-read the config, keep the old one if the new is invalid. */
static void reload(const char *path, bool explicit_path, struct config *cfg,
		   struct sink **sink)
{
	struct config next;
	struct sink *s;

	if (load_config(path, explicit_path, &next) < 0) {
		log_msg(LOG_WARNING, "keeping the running configuration");
		sink_reopen(*sink);
		return;
	}
	if (strcmp(next.host_root, cfg->host_root) != 0)
		log_msg(LOG_WARNING,
			"host_root changes take effect at restart; still using %s",
			cfg->host_root);
	if (sink_open(&next, &s) < 0) {
		log_msg(LOG_WARNING, "out of memory; keeping the running output");
		config_free(&next);
		sink_reopen(*sink);
		return;
	}
	sink_close(*sink);
	*sink = s;
	free(next.host_root);
	next.host_root = cfg->host_root;
	cfg->host_root = NULL;
	config_free(cfg);
	*cfg = next;
	log_msg(LOG_INFO, "configuration reloaded, output reopened");
}

static void report_stats(const struct pipeline *p, const struct sink *s)
{
	const struct pipeline_stats *st = pipeline_get_stats(p);
	const struct resolve_stats *rs = pipeline_get_resolve_stats(p);
	const struct pidcache_stats *cs = pipeline_get_cache_stats(p);
	const struct sink_stats *ss = sink_get_stats(s);

	log_msg(LOG_INFO,
		"records in %llu, events out %llu, unparsed %llu, truncated %llu, "
		"format errors %llu, cut to max_event_bytes %llu, filtered %llu "
		"(type %llu, key %llu, identity %llu); lines written %llu, "
		"write errors %llu, retries %llu, rotations %llu",
		st->records_in, st->events_out, st->unparsed, st->truncated,
		st->format_errors, st->cut, st->filtered, st->filtered_type,
		st->filtered_key, st->filtered_identity, ss->lines, ss->errors,
		ss->retries, ss->rotations);
	log_msg(LOG_INFO,
		"identity: lookups %llu (early %llu), source pid %llu, cache %llu, "
		"parent %llu, ancestor %llu, none %llu, remote %llu; pids reused %llu, "
		"helper stops %llu, read errors %llu; process table %zu/%zu, "
		"evictions %llu, identities %zu",
		st->lookups, st->early, rs->by_source[IDENTITY_SOURCE_PID],
		rs->by_source[IDENTITY_SOURCE_CACHE],
		rs->by_source[IDENTITY_SOURCE_PARENT],
		rs->by_source[IDENTITY_SOURCE_ANCESTOR],
		rs->by_source[IDENTITY_SOURCE_NONE],
		st->remote, rs->reused,
		rs->helper_stops, rs->read_errors, cs->entries, cs->max_entries,
		cs->evictions, cs->idents);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = DEFAULT_CONFIG;
	bool explicit_path = false, check = false;
	struct pipeline *pipe = NULL;
	struct sink *sink = NULL;
	struct config cfg;
	static char inbuf[65536];
	struct pollfd pfd;
	ssize_t n;
	int c, r, rc = EXIT_FAILURE;

	while ((c = getopt_long(argc, argv, "c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			explicit_path = true;
			break;
		case 'k':
			check = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("%s %s\n", PROGRAM_NAME, PACKAGE_VERSION);
			return EXIT_SUCCESS;
		default:
			usage(stderr);
			return EXIT_FAILURE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", PROGRAM_NAME,
			argv[optind]);
		usage(stderr);
		return EXIT_FAILURE;
	}

	if (check) {
		if (load_config(path, true, &cfg) < 0)
			return EXIT_FAILURE;
		printf("%s: %s: OK\n", PROGRAM_NAME, path);
		config_free(&cfg);
		return EXIT_SUCCESS;
	}

	log_use_syslog(true);
	if (load_config(path, explicit_path, &cfg) < 0)
		return EXIT_FAILURE;
	r = install_signals();
	if (r < 0) {
		log_msg(LOG_ERR, "cannot install signal handlers: %s",
			strerror(-r));
		goto out;
	}
	if (sink_open(&cfg, &sink) < 0)
		goto out;
	r = pipeline_new(&cfg, emit_to_sink, sink, &pipe);
	if (r < 0) {
		log_msg(LOG_ERR, "cannot start: %s/proc: %s", cfg.host_root,
			strerror(-r));
		goto out;
	}

	pfd.fd = STDIN_FILENO;
	pfd.events = POLLIN;
	while (!stop_requested) {
		if (reload_requested) {
			reload_requested = 0;
			reload(path, explicit_path, &cfg, &sink);
			/* Pending events go out through the new sink. */
			pipeline_set_emit(pipe, emit_to_sink, sink);
		}
		r = poll(&pfd, 1, 1000);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			log_msg(LOG_ERR, "poll: %s", strerror(errno));
			break;
		}
		if (r == 0) {
			/*
			 * Idle for a second: emit events whose end never came.
			 * Only when idle, because auparse ages by the events'
			 * own clock, and a node's clock may lag ours.
			 */
			pipeline_age(pipe);
			continue;
		}
		n = read(STDIN_FILENO, inbuf, sizeof(inbuf));
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			log_msg(LOG_ERR, "reading stdin: %s", strerror(errno));
			break;
		}
		if (n == 0)
			break;	/* auditd closed the pipe */
		if (pipeline_feed(pipe, inbuf, (size_t)n) < 0)
			log_msg(LOG_ERR, "out of memory; input dropped");
	}
	pipeline_flush(pipe);
	report_stats(pipe, sink);
	rc = EXIT_SUCCESS;
out:
	pipeline_free(pipe);
	sink_close(sink);
	config_free(&cfg);
	return rc;
}

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
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <cap-ng.h>
#include <time.h>

#include "config.h"
#include "log.h"
#include "pipeline.h"
#include "reader.h"
#include "sink.h"

#define DEFAULT_CONFIG SYSCONFDIR "/audit/audisp-cgroup.conf"

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reload_requested;
/*
 * SIGUSR1 is taken by a thread of its own (sigwait), so that the state
 * file is written even while the worker is stuck on a stalled output.
 * It reads what main's loop may swap (the sink, on reload) under lock.
 */
struct status_ctx {
	pthread_mutex_t lock;
	const char *path;
	struct pipeline *pipe;
	struct sink *sink;
	struct reader *rd;
	volatile sig_atomic_t quit;
};

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

/* The thread that runs main(): parsing, formatting, output. */
static pthread_t worker_thread;

/* Every counter, "key = value" per line, as auditd.state is written. */
static void format_status(const struct pipeline *p, const struct sink *s,
			  struct reader *rd, FILE *f)
{
	const struct pipeline_stats *st = pipeline_get_stats(p);
	const struct resolve_stats *rs = pipeline_get_resolve_stats(p);
	const struct pidcache_stats *cs = pipeline_get_cache_stats(p);
	const struct format_stats *fs = pipeline_get_format_stats(p);
	const struct sink_stats *ss = sink_get_stats(s);
	struct reader_stats q = { 0 };
	int i;

	struct timespec cpu;
	clockid_t clock;
	double worker_cpu = 0;

	if (rd)
		reader_get_stats(rd, &q);
	if (pthread_getcpuclockid(worker_thread, &clock) == 0 &&
	    clock_gettime(clock, &cpu) == 0)
		worker_cpu = (double)cpu.tv_sec + cpu.tv_nsec / 1e9;
	fprintf(f, "audisp-cgroup %s\n", PACKAGE_VERSION);
	fprintf(f, "records_read = %llu\nbytes_read = %llu\n", q.records,
		q.bytes);
	fprintf(f, "queue_depth = %zu\nqueue_high_water = %zu\n"
		   "queue_max = %zu\nqueue_dropped = %llu\n",
		q.depth, q.high_water, q.max_depth, q.dropped);
	fprintf(f, "records_in = %llu\nevents_out = %llu\nunparsed = %llu\n"
		   "truncated = %llu\nformat_errors = %llu\ncut = %llu\n",
		st->records_in, st->events_out, st->unparsed, st->truncated,
		st->format_errors, st->cut);
	fprintf(f, "filtered = %llu\nfiltered_type = %llu\nfiltered_key = %llu\n"
		   "filtered_identity = %llu\n",
		st->filtered, st->filtered_type, st->filtered_key,
		st->filtered_identity);
	fprintf(f, "lookups = %llu\nlookups_early = %llu\n"
		   "lookups_unknown = %llu\nremote = %llu\n",
		st->lookups, st->early, st->lookups_failed, st->remote);
	for (i = 0; i < IDENTITY_SOURCE_MAX; i++)
		if (i != IDENTITY_SOURCE_REMOTE)
			fprintf(f, "source_%s = %llu\n",
				identity_source_to_string(i), rs->by_source[i]);
	fprintf(f, "pids_reused = %llu\nhelper_stops = %llu\n"
		   "session_stops = %llu\nforks_learned = %llu\n"
		   "orphans_adopted = %llu\nproc_read_errors = %llu\n"
		   "fresh_reads = %llu\n",
		rs->reused, rs->helper_stops, rs->session_stops, rs->forks,
		rs->adopted, rs->read_errors, rs->fresh);
	fprintf(f, "process_table = %zu\nprocess_table_max = %zu\n"
		   "process_table_evictions = %llu\nidentities = %zu\n",
		cs->entries, cs->max_entries, cs->evictions, cs->idents);
	fprintf(f, "escaped_values = %llu\nbad_hex = %llu\n"
		   "argc_mismatch = %llu\n",
		fs->escaped_values, fs->bad_hex, fs->argc_mismatch);
	if (pipeline_get_runtime_stats(p)) {
		const struct runtime_stats *rt = pipeline_get_runtime_stats(p);

		fprintf(f, "runtime_lookups = %llu\nruntime_hits = %llu\n"
			   "runtime_resolved = %llu\nruntime_not_found = %llu\n"
			   "runtime_files_read = %llu\nruntime_parse_errors = %llu\n"
			   "runtime_too_large = %llu\nruntime_read_errors = %llu\n",
			rt->lookups, rt->hits, rt->resolved, rt->not_found,
			rt->files_read, rt->parse_errors, rt->too_large,
			rt->read_errors);
	}
	fprintf(f, "lines_written = %llu\nwrite_errors = %llu\n"
		   "write_retries = %llu\nrotations = %llu\n",
		ss->lines, ss->errors, ss->retries, ss->rotations);
	/* where the CPU goes: reading and /proc lookups, or the rest */
	fprintf(f, "cpu_reader_seconds = %.3f\ncpu_worker_seconds = %.3f\n",
		q.cpu_seconds, worker_cpu);
}

/*
 * SIGUSR1 (and exit): the counters to the state file, written whole or
 * not at all. At exit (@quiet) a missing directory is not worth a word.
 */
static void write_state(const char *path, const struct pipeline *p,
			const struct sink *s, struct reader *rd, bool quiet)
{
	char tmp[4200];
	FILE *f;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (!(quiet && errno == ENOENT))
			log_msg(LOG_WARNING, "cannot write %s: %s", tmp,
				strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	pipeline_lock((struct pipeline *)p);
	format_status(p, s, rd, f);
	pipeline_unlock((struct pipeline *)p);
	if (fclose(f) != 0 || rename(tmp, path) < 0)
		log_msg(LOG_WARNING, "cannot write %s: %s", path,
			strerror(errno));
}

/* The counters as one log line (exit, and status_interval). */
static void log_status(const struct pipeline *p, const struct sink *s,
		       struct reader *rd)
{
	char *text = NULL, *c;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return;
	pipeline_lock((struct pipeline *)p);
	format_status(p, s, rd, f);
	pipeline_unlock((struct pipeline *)p);
	fclose(f);
	for (c = text; c && *c; c++)
		if (*c == '\n')
			*c = ',';
	if (len && text[len - 1] == ',')
		text[len - 1] = '\0';
	log_msg(LOG_INFO, "status: %s", text ? text : "");
	free(text);
}

/*
 * Keep only the capabilities reading other users' /proc entries and the
 * runtimes' state needs (CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE); the
 * output file and socket are already open, and reopening them needs none
 * as root owns them. Returns 0 or -EPERM.
 */
static int drop_capabilities(void)
{
	if (getuid() != 0 && geteuid() != 0)
		return 0;	/* nothing to drop */
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_updatev(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
			  CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE, -1) < 0 ||
	    capng_apply(CAPNG_SELECT_BOTH) < 0)
		return -EPERM;
	return 0;
}

static void *status_main(void *arg)
{
	struct status_ctx *c = arg;
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (c->quit)
			break;
		pthread_mutex_lock(&c->lock);
		write_state(c->path, c->pipe, c->sink, c->rd, false);
		pthread_mutex_unlock(&c->lock);
	}
	return NULL;
}

static long long now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
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
	struct reader *rd = NULL;
	struct sink *sink = NULL;
	struct config cfg;
	long long last_event, last_status;
	struct status_ctx status = { .quit = 0 };
	bool stopping = false, status_started = false;
	pthread_t status_tid;
	sigset_t usr1;
	int c, r, rc = EXIT_FAILURE;

	worker_thread = pthread_self();
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
	/* every thread leaves SIGUSR1 to the status thread */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &usr1, NULL);
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

	if (cfg.drop_capabilities && drop_capabilities() < 0)
		log_msg(LOG_WARNING, "cannot drop capabilities; running with all");
	r = reader_start(STDIN_FILENO, pipe, cfg.queue_depth, cfg.queue_bytes,
			 cfg.queue_wait, &rd);
	if (r < 0) {
		log_msg(LOG_ERR, "cannot start the reader: %s", strerror(-r));
		goto out;
	}
	pthread_mutex_init(&status.lock, NULL);
	status.path = cfg.state_file;
	status.pipe = pipe;
	status.sink = sink;
	status.rd = rd;
	if (pthread_create(&status_tid, NULL, status_main, &status) == 0)
		status_started = true;
	last_event = last_status = now_s();
	for (;;) {
		struct reader_item *items;

		if (stop_requested && !stopping) {
			/* what auditd wrote before SIGTERM is still read */
			reader_stop(rd);
			stopping = true;
		}
		if (reload_requested) {
			reload_requested = 0;
			pthread_mutex_lock(&status.lock);
			reload(path, explicit_path, &cfg, &sink);
			/* pending events go out through the new sink */
			pipeline_set_emit(pipe, emit_to_sink, sink);
			status.sink = sink;
			status.path = cfg.state_file;
			pthread_mutex_unlock(&status.lock);
		}
		if (cfg.status_interval &&
		    now_s() - last_status >= (long long)cfg.status_interval) {
			last_status = now_s();
			log_status(pipe, sink, rd);
		}
		r = reader_pop(rd, &items, 50);
		if (r == -EPIPE)
			break;		/* input ended, queue drained */
		if (r == 0) {
			/*
			 * Idle for a second: emit events whose end never came.
			 * Only when idle, because auparse ages by the events'
			 * own clock, and a node's clock may lag ours.
			 */
			if (now_s() - last_event >= 1) {
				pipeline_age(pipe);
				sink_flush(sink);
				last_event = now_s();
			}
			continue;
		}
		last_event = now_s();
		while (items) {
			struct reader_item *it = items;

			items = it->next;
			if (it->overlong)
				pipeline_unparsed(pipe, it->line, it->len,
						  PIPELINE_OVERLONG);
			else if (pipeline_record(pipe, it->line, it->len,
						 it->early) < 0)
				log_msg(LOG_ERR,
					"out of memory; a record was dropped");
			reader_item_free(it);
		}
		/* the batch's lines go out together */
		sink_flush(sink);
	}
	pipeline_flush(pipe);
	sink_flush(sink);
	if (status_started) {
		status.quit = 1;
		pthread_kill(status_tid, SIGUSR1);
		pthread_join(status_tid, NULL);
		status_started = false;
	}
	write_state(cfg.state_file, pipe, sink, rd, true);
	log_status(pipe, sink, rd);
	rc = EXIT_SUCCESS;
out:
	if (status_started) {
		status.quit = 1;
		pthread_kill(status_tid, SIGUSR1);
		pthread_join(status_tid, NULL);
	}
	reader_free(rd);
	pipeline_free(pipe);
	sink_close(sink);
	config_free(&cfg);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_pipeline.c - libFuzzer target for the record pipeline: framing,
 * record checks, libauparse assembly, decoding, formatting in both
 * formats and schemas, and cutting to a syslog size. Every output must be
 * whole: valid JSON (format json) with no raw newline, and a cut copy no
 * longer than its bound.
 *
 * The host root is an empty directory, so no /proc is read.
 * Seeds: tests/data/streams/special-*.log (split into small files by
 * `make check-fuzz`).
 */
#include "autoconf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "pipeline.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static struct config cfg;
static int variant;

static int emit(void *ctx, const char *line, size_t len, const char *fit,
		size_t fit_len)
{
	cJSON *j;

	(void)ctx;
	CHECK(strlen(line) == len);
	CHECK(fit_len <= len || fit == line);
	if (cfg.format == CONFIG_FORMAT_JSON) {
		CHECK(!memchr(line, '\n', len));
		j = cJSON_ParseWithLength(line, len);
		CHECK(j != NULL);
		cJSON_Delete(j);
		if (fit != line) {
			CHECK(fit_len <= cfg.max_event_bytes);
			j = cJSON_ParseWithLength(fit, fit_len);
			CHECK(j != NULL);
			cJSON_Delete(j);
		}
	}
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char root[] = "/tmp/acg-fuzz-XXXXXX";
	char proc[64];

	(void)argc;
	(void)argv;
	if (!mkdtemp(root))
		abort();
	snprintf(proc, sizeof(proc), "%s/proc", root);
	mkdir(proc, 0755);
	if (config_init(&cfg) < 0)
		abort();
	free(cfg.host_root);
	cfg.host_root = strdup(root);
	cfg.max_event_bytes = 1024;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pipeline *p;
	size_t off = 0, chunk;

	/* rotate through json/native+syslog, json/ecs, text */
	variant = (variant + 1) % 3;
	cfg.format = variant == 2 ? CONFIG_FORMAT_TEXT : CONFIG_FORMAT_JSON;
	cfg.schema = variant == 1 ? CONFIG_SCHEMA_ECS : CONFIG_SCHEMA_NATIVE;
	cfg.outputs = variant == 0 ? 1u << CONFIG_OUTPUT_SYSLOG :
				     1u << CONFIG_OUTPUT_FILE;
	if (pipeline_new(&cfg, emit, NULL, &p) < 0)
		abort();
	/* split as a pipe might: sizes taken from the data itself */
	while (off < size) {
		chunk = 1 + (size_t)data[off] % 97;
		if (chunk > size - off)
			chunk = size - off;
		pipeline_feed(p, (const char *)data + off, chunk);
		off += chunk;
	}
	pipeline_flush(p);
	pipeline_free(p);
	return 0;
}

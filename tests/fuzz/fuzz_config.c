/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_config.c - libFuzzer target for the config parser: any text gives
 * 0 with a config that holds its invariants, or -EINVAL with at least
 * one error line naming the file and a line number.
 */
#include "autoconf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf errors = BUF_INIT;
	struct config cfg;
	int r;

	r = config_parse("f.conf", (const char *)data, size, &cfg, &errors);
	if (r == 0) {
		CHECK(cfg.outputs != 0);
		CHECK(cfg.file && cfg.file[0] == '/');
		CHECK(cfg.host_root && cfg.host_root[0] == '/');
		CHECK(!(cfg.file_mode & 0002));
		CHECK(cfg.max_event_bytes >= 1024);
		CHECK(cfg.runtime_helpers != NULL);
		config_free(&cfg);
	} else {
		CHECK(r == -EINVAL || r == -ENOMEM);
		CHECK(r == -ENOMEM ||
		      (errors.data && strncmp(errors.data, "f.conf:", 7) == 0));
	}
	buf_free(&errors);
	return 0;
}

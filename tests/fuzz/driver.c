/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - driver.c: runs a fuzz target over saved inputs (files, directories) without libFuzzer */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long ninputs;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *in;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	fclose(f);
	/* an exact-size copy, so that ASan sees reads past the input */
	in = malloc(len ? len : 1);
	if (!in)
		abort();
	memcpy(in, buf, len);
	free(buf);
	/* (stderr is unbuffered: the name is there when a check aborts) */
	fprintf(stderr, "%s\n", path);
	LLVMFuzzerTestOneInput(in, len);
	free(in);
	ninputs++;
	return 0;
}

static int run_path(const char *path)
{
	struct dirent **ents;
	struct stat st;
	int n, ret = 0;

	if (stat(path, &st) < 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0) {
		perror(path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *sub;

		if (ents[i]->d_name[0] != '.' &&
		    asprintf(&sub, "%s/%s", path, ents[i]->d_name) >= 0) {
			if (run_path(sub) < 0)
				ret = -1;
			free(sub);
		}
		free(ents[i]);
	}
	free(ents);
	return ret;
}

int main(int argc, char **argv)
{
	int ret = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 64;
	}
	for (int i = 1; i < argc; i++)
		if (run_path(argv[i]) < 0)
			ret = 1;
	printf("%s: %lu inputs run\n", argv[0], ninputs);
	return ninputs ? ret : 1;
}

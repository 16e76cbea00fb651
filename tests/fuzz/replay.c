/*
 * replay.c: runs a fuzz harness without libFuzzer: every file named on the
 * command line (or found in a named directory) is read and handed to
 * LLVMFuzzerTestOneInput once. `make check` uses it to replay each
 * harness's corpus and regression files with gcc, in the normal and the
 * sanitizer build, so every input a fuzzer ever found stays tested.
 * Prints "replayed N inputs" and exits 0, or dies on the input that fails.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 4096, len = 0;
	uint8_t *data = malloc(cap);
	size_t got;
	while (data && (got = fread(data + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			cap *= 2;
			uint8_t *grown = realloc(data, cap);
			if (!grown)
				free(data);
			data = grown;
		}
	}
	fclose(f);
	if (!data) {
		fprintf(stderr, "replay: %s: out of memory\n", path);
		return -1;
	}
	/* Name the input first, so a crash below says which one it was. */
	fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays a directory's files in name order (deterministic). */
static int replay_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	char **names = NULL;
	size_t n = 0;
	struct dirent *entry;
	while ((entry = readdir(d)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		char **grown = realloc(names, (n + 1) * sizeof(*names));
		if (!grown)
			break;
		names = grown;
		names[n++] = strdup(entry->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), compare_names);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		struct stat st;
		if (rc == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			rc = replay_file(path);
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int rc;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = replay_dir(argv[i], &count);
		} else {
			rc = replay_file(argv[i]);
			count++;
		}
		if (rc < 0)
			return 1;
	}
	printf("replayed %zu inputs\n", count);
	return 0;
}

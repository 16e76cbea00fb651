/* fit.c: guests placed onto a host in turn; see fit.h. */
#include "fit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/csv.h"
#include "../lib/json.h"

static void row_free(struct np_fit_row *row)
{
	free(row->left_bytes);
	free(row->left_vcpus);
}

void np_fit_free(struct np_fit *fit)
{
	for (size_t i = 0; i < fit->count; i++)
		row_free(&fit->rows[i]);
	free(fit->rows);
	fit->rows = NULL;
	fit->count = 0;
	free(fit->room_bytes);
	free(fit->room_vcpus);
	fit->room_bytes = NULL;
	fit->room_vcpus = NULL;
}

/* One guest on what is left; commits it when it fits. */
static int place_one(const struct np_domain *d, const struct np_topology *host,
		     const struct np_latency_matrix *latency, const struct np_advise_options *o,
		     struct np_commitments *held, struct np_fit_row *row, struct np_error *err)
{
	uint64_t page = np_domain_page_bytes(d);
	struct np_capacity cap;
	struct np_advice advice;
	if (np_capacity_after(host, o, held, page, &cap, err) < 0)
		return -1;
	int rc = np_advise(d, host, latency, &cap, o->pin_cores, &advice, err);
	if (rc == 0) {
		snprintf(row->guest, sizeof(row->guest), "%s", d->name);
		row->fits = advice.fits;
		row->vcpus = d->vcpus;
		if (page)
			row->hugepage_bytes = d->memory_bytes;
		else
			row->memory_bytes = d->memory_bytes;
		row->cells = advice.fits ? advice.cell_count : 0;
		snprintf(row->reason, sizeof(row->reason), "%s", advice.fits ? "" : advice.reason);
		struct np_idset nodes;
		np_idset_clear(&nodes);
		for (int c = 0; c < advice.cell_count && advice.fits; c++)
			np_idset_add(&nodes, advice.cells[c].node);
		struct np_strbuf text;
		np_sb_init(&text);
		np_idset_format(&nodes, &text);
		snprintf(row->nodes, sizeof(row->nodes), "%s", np_sb_str(&text));
		np_sb_free(&text);
		if (advice.fits)
			rc = np_commit(held, host, page, &advice, err);
	}
	np_advice_free(&advice); /* np_advise set it up, also on failure */
	np_capacity_free(&cap);
	if (rc < 0)
		return -1;
	/* what is left for the next, in base pages */
	struct np_capacity left;
	if (np_capacity_after(host, o, held, 0, &left, err) < 0)
		return -1;
	row->left_bytes = calloc(host->node_count ? host->node_count : 1, sizeof(uint64_t));
	row->left_vcpus = calloc(host->node_count ? host->node_count : 1, sizeof(int));
	if (!row->left_bytes || !row->left_vcpus)
		rc = np_fail(err, "out of memory");
	for (size_t n = 0; rc == 0 && n < left.count; n++) {
		row->left_bytes[n] = left.nodes[n].free_bytes;
		row->left_vcpus[n] = left.nodes[n].vcpu_slots;
	}
	np_capacity_free(&left);
	return rc;
}

int np_fit_guests(const struct np_domain *guests, size_t count, const struct np_topology *host,
		  const struct np_latency_matrix *latency, const struct np_advise_options *o,
		  struct np_fit *fit, struct np_error *err)
{
	memset(fit, 0, sizeof(*fit));
	fit->host = host;
	fit->rows = calloc(count ? count : 1, sizeof(*fit->rows));
	if (!fit->rows)
		return np_fail(err, "out of memory");
	struct np_commitments held;
	if (np_commitments_init(&held, host->node_count, err) < 0) {
		free(fit->rows);
		fit->rows = NULL;
		return -1;
	}
	/* the room before the first guest, in base pages, as each row's left */
	struct np_capacity room;
	int rc = np_capacity_after(host, o, &held, 0, &room, err);
	if (rc == 0) {
		size_t n = host->node_count ? host->node_count : 1;
		fit->room_bytes = calloc(n, sizeof(*fit->room_bytes));
		fit->room_vcpus = calloc(n, sizeof(*fit->room_vcpus));
		if (!fit->room_bytes || !fit->room_vcpus)
			rc = np_fail(err, "out of memory");
		for (size_t k = 0; rc == 0 && k < room.count; k++) {
			fit->room_bytes[k] = room.nodes[k].free_bytes;
			fit->room_vcpus[k] = room.nodes[k].vcpu_slots;
		}
		np_capacity_free(&room);
	}
	for (size_t i = 0; i < count && rc == 0; i++) {
		rc = place_one(&guests[i], host, latency, o, &held, &fit->rows[i], err);
		fit->count = i + 1;
	}
	np_commitments_free(&held);
	return rc;
}

int np_fit_count(const struct np_domain *guest, const struct np_topology *host,
		 const struct np_latency_matrix *latency, const struct np_advise_options *o,
		 struct np_fit *fit, struct np_error *err)
{
	fit->counted = true;
	for (int spread = 0; spread < 2; spread++) {
		struct np_commitments held;
		if (np_commitments_init(&held, host->node_count, err) < 0)
			return -1;
		int copies = 0, rc = 0;
		for (; rc == 0 && copies < 1000000; copies++) {
			uint64_t page = np_domain_page_bytes(guest);
			struct np_capacity cap;
			struct np_advice advice;
			if (np_capacity_after(host, o, &held, page, &cap, err) < 0) {
				rc = -1;
				break;
			}
			rc = np_advise(guest, host, latency, &cap, o->pin_cores, &advice, err);
			bool placed = rc == 0 && advice.fits && (spread || advice.cell_count == 1);
			if (placed)
				rc = np_commit(&held, host, page, &advice, err);
			np_advice_free(&advice);
			np_capacity_free(&cap);
			if (!placed)
				break;
		}
		np_commitments_free(&held);
		if (rc < 0)
			return -1;
		if (spread)
			fit->copies_spread = copies;
		else
			fit->copies_one_node = copies;
	}
	return 0;
}

static void size_text(uint64_t bytes, char *out, size_t size)
{
	snprintf(out, size, "%.1f GiB", (double)bytes / (1ull << 30));
}

static void render_table(const void *report, struct np_strbuf *out)
{
	const struct np_fit *f = report;
	const struct np_topology *host = f->host;
	np_sb_printf(out, "%-24s %-5s %-8s %5s %6s %12s  %s\n", "guest", "fits", "nodes", "cells",
		     "vcpus", "memory", "left per node afterwards (memory, vCPU places) / why not");
	for (size_t i = 0; i < f->count; i++) {
		const struct np_fit_row *r = &f->rows[i];
		char mem[32];
		size_text(r->memory_bytes + r->hugepage_bytes, mem, sizeof(mem));
		np_sb_printf(out, "%-24.24s %-5s %-8s %5d %6d %12s  ", r->guest,
			     r->fits ? "yes" : "no", r->fits ? r->nodes : "-", r->cells, r->vcpus,
			     mem);
		if (!r->fits) {
			np_sb_printf(out, "%s\n", r->reason);
			continue;
		}
		for (size_t n = 0; n < host->node_count; n++) {
			char left[32];
			size_text(r->left_bytes[n], left, sizeof(left));
			np_sb_printf(out, "%s%d: %s %d", n ? "; " : "", host->nodes[n].id, left,
				     r->left_vcpus[n]);
		}
		np_sb_putc(out, '\n');
	}
	if (f->counted)
		np_sb_printf(out,
			     "\ncopies of %s that fit: %d each on one node, %d with guests spread "
			     "over nodes\n",
			     f->count ? f->rows[0].guest : "the guest", f->copies_one_node,
			     f->copies_spread);
	np_sb_puts(out, "\nplaced in the order given by the advise rules (greedy, not an "
			"optimal packing)\n");
}

/* What guest i takes on node n: the room left before it less after it
 * (0 for a guest that does not fit, which takes nothing). */
static void taken(const struct np_fit *f, size_t i, size_t n, uint64_t *bytes, int *vcpus)
{
	const struct np_fit_row *r = &f->rows[i];
	uint64_t before_bytes = i ? f->rows[i - 1].left_bytes[n] : f->room_bytes[n];
	int before_vcpus = i ? f->rows[i - 1].left_vcpus[n] : f->room_vcpus[n];
	*bytes = r->fits && before_bytes > r->left_bytes[n] ? before_bytes - r->left_bytes[n] : 0;
	*vcpus = r->fits && before_vcpus > r->left_vcpus[n] ? before_vcpus - r->left_vcpus[n] : 0;
}

static void render_csv(const void *report, struct np_strbuf *out)
{
	const struct np_fit *f = report;
	bool nodes = f->room_bytes && f->room_vcpus;
	np_sb_puts(out, NP_FIT_HEADER);
	for (size_t n = 0; nodes && n < f->host->node_count; n++) {
		int id = f->host->nodes[n].id;
		np_sb_putc(out, ',');
		np_sb_printf(out, NP_FIT_NODE_COLUMNS, id, id, id, id);
	}
	np_sb_putc(out, '\n');
	for (size_t i = 0; i < f->count; i++) {
		const struct np_fit_row *r = &f->rows[i];
		char cells[16], vcpus[16], mem[32], huge[32];
		snprintf(cells, sizeof(cells), "%d", r->cells);
		snprintf(vcpus, sizeof(vcpus), "%d", r->vcpus);
		snprintf(mem, sizeof(mem), "%llu", (unsigned long long)r->memory_bytes);
		snprintf(huge, sizeof(huge), "%llu", (unsigned long long)r->hugepage_bytes);
		const char *fields[] = {
		    r->guest, r->fits ? "yes" : "no", r->nodes, cells, vcpus, mem, huge, r->reason};
		for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
			np_csv_field(out, k == 0, fields[k]);
		for (size_t n = 0; nodes && n < f->host->node_count; n++) {
			uint64_t bytes;
			int places;
			taken(f, i, n, &bytes, &places);
			np_sb_printf(out, ",%llu,%d,%llu,%d", (unsigned long long)bytes, places,
				     (unsigned long long)f->room_bytes[n], f->room_vcpus[n]);
		}
		np_csv_end_row(out);
	}
}

static void render_json(const void *report, struct np_strbuf *out)
{
	const struct np_fit *f = report;
	struct np_json json;
	np_json_init(&json, out);
	np_json_object(&json);
	np_json_key(&json, "guests");
	np_json_array(&json);
	for (size_t i = 0; i < f->count; i++) {
		const struct np_fit_row *r = &f->rows[i];
		np_json_object(&json);
		np_json_kv_string(&json, "guest", r->guest);
		np_json_kv_bool(&json, "fits", r->fits);
		np_json_kv_string(&json, "nodes", r->nodes);
		np_json_kv_int(&json, "cells", r->cells);
		np_json_kv_int(&json, "vcpus", r->vcpus);
		np_json_kv_uint(&json, "memory_bytes", r->memory_bytes);
		np_json_kv_uint(&json, "hugepage_bytes", r->hugepage_bytes);
		np_json_kv_string(&json, "reason", r->reason);
		np_json_key(&json, "left");
		np_json_array(&json);
		for (size_t n = 0; n < f->host->node_count; n++) {
			np_json_object(&json);
			np_json_kv_int(&json, "node", f->host->nodes[n].id);
			np_json_kv_uint(&json, "memory_bytes", r->left_bytes[n]);
			np_json_kv_int(&json, "vcpu_places", r->left_vcpus[n]);
			np_json_object_end(&json);
		}
		np_json_array_end(&json);
		np_json_object_end(&json);
	}
	np_json_array_end(&json);
	if (f->room_bytes && f->room_vcpus) {
		np_json_key(&json, "room");
		np_json_array(&json);
		for (size_t n = 0; n < f->host->node_count; n++) {
			np_json_object(&json);
			np_json_kv_int(&json, "node", f->host->nodes[n].id);
			np_json_kv_uint(&json, "memory_bytes", f->room_bytes[n]);
			np_json_kv_int(&json, "vcpu_places", f->room_vcpus[n]);
			np_json_object_end(&json);
		}
		np_json_array_end(&json);
	}
	if (f->counted) {
		np_json_kv_int(&json, "copies_one_node", f->copies_one_node);
		np_json_kv_int(&json, "copies_spread", f->copies_spread);
	}
	np_json_object_end(&json);
	np_json_finish(&json);
}

const struct np_renderer np_fit_renderers[] = {
    {"table", render_table},
    {"csv", render_csv},
    {"json", render_json},
    {NULL, NULL},
};

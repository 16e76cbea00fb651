/* placement_render.c: the placement report's views; see placement_render.h. */
#include "placement_render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../lib/csv.h"
#include "../lib/json.h"

static void fixed(char *out, size_t size, double value, int decimals)
{
	if (isnan(value))
		snprintf(out, size, "%s", "");
	else
		snprintf(out, size, "%.*f", decimals, value);
}

static void list(const struct np_idset *set, char *out, size_t size)
{
	struct np_strbuf sb;
	np_sb_init(&sb);
	np_idset_format(set, &sb);
	snprintf(out, size, "%s", np_sb_str(&sb));
	np_sb_free(&sb);
}

static int latency_decimals(const struct np_placement *p)
{
	return strcmp(p->latency_unit, "ns") == 0 ? 1 : 2;
}

static void cells_table(const struct np_placement *p, struct np_strbuf *out)
{
	np_sb_puts(out, "cell vcpus  memory MiB  policy      cpu nodes  mem nodes  local (min-max) "
			"       latency      flags\n");
	for (int c = 0; c < p->cell_count; c++) {
		const struct np_placement_cell *cell = &p->cells[c];
		char cpus[64], mems[64], lf[16], lo[16], hi[16], lat[24], flags[256];
		list(&cell->cpu_nodes, cpus, sizeof(cpus));
		list(&cell->mem_nodes, mems, sizeof(mems));
		fixed(lf, sizeof(lf), cell->local_fraction, 3);
		fixed(lo, sizeof(lo), cell->local_fraction_min, 3);
		fixed(hi, sizeof(hi), cell->local_fraction_max, 3);
		fixed(lat, sizeof(lat), cell->expected_latency, latency_decimals(p));
		np_flags_format(cell->flags, flags, sizeof(flags));
		char range[64];
		if (*lf)
			snprintf(range, sizeof(range), "%s (%s-%s)", lf, lo, hi);
		else
			snprintf(range, sizeof(range), "-");
		np_sb_printf(out, "%4d %5d %11.1f  %-10s  %-9s  %-9s  %-21s  %7s %-4s %s\n",
			     cell->cell, cell->vcpus, (double)cell->memory_bytes / (1 << 20),
			     np_mem_mode_name(cell->mode), cpus[0] ? cpus : "-",
			     mems[0] ? mems : "-", range, *lat ? lat : "-", p->latency_unit,
			     flags[0] ? flags : "-");
	}
}

static void render_table(const void *report, struct np_strbuf *out)
{
	const struct np_placement_report *r = report;
	const struct np_domain *d = r->domain;
	np_sb_printf(
	    out,
	    "guest %s: %d vCPUs, %.1f MiB, %d declared cell%s; host from %s; latency as %s\n\n",
	    d->name, d->vcpus, (double)d->memory_bytes / (1 << 20), d->cell_count,
	    d->cell_count == 1 ? "" : "s", r->host_source,
	    strcmp(r->with->latency_unit, "ns") == 0 ? "measured by bench (ns)" : "SLIT distance");
	char a[24], b[24];
	np_sb_printf(out, "%-24s %16s %16s\n", "", "with cells", "without cells");
	np_sb_printf(out, "%-24s %16d %16d\n", "guest cells", r->with->cell_count,
		     r->without->cell_count);
	fixed(a, sizeof(a), r->with->local_fraction, 3);
	fixed(b, sizeof(b), r->without->local_fraction, 3);
	np_sb_printf(out, "%-24s %16s %16s\n", "local fraction", a, b);
	fixed(a, sizeof(a), r->with->expected_latency, latency_decimals(r->with));
	fixed(b, sizeof(b), r->without->expected_latency, latency_decimals(r->without));
	np_sb_printf(out, "%-24s %16s %16s  (%s)\n", "expected latency", a, b,
		     r->with->latency_unit);
	np_sb_puts(out, "\nwith the cell declaration:\n");
	cells_table(r->with, out);
	np_sb_puts(out, "\nwithout it (one cell, <numatune><memory> only):\n");
	cells_table(r->without, out);
	double with = r->with->expected_latency, without = r->without->expected_latency;
	np_sb_puts(out, "\nverdict: ");
	if (isnan(with) || isnan(without)) {
		np_sb_puts(out, "no vCPUs to compare\n");
	} else if (fabs(with - without) < 1e-9) {
		np_sb_printf(
		    out, "the declaration changes nothing: expected latency %.2f %s either way\n",
		    with, r->with->latency_unit);
	} else {
		np_sb_printf(out,
			     "the declaration %s: expected latency %.2f instead of %.2f %s "
			     "(%+.1f%%), local fraction %.3f instead of %.3f\n",
			     with < without ? "helps" : "hurts", with, without,
			     r->with->latency_unit, (with - without) / without * 100,
			     r->with->local_fraction, r->without->local_fraction);
	}
	/* The summary weights cells by memory: say what the memory-only
	 * cells contribute, since they have no vCPUs to show for it. */
	for (int c = 0; c < r->with->cell_count; c++) {
		const struct np_placement_cell *cell = &r->with->cells[c];
		if (cell->vcpus == 0 && !isnan(cell->expected_latency))
			np_sb_printf(out,
				     "  memory-only cell %d: %.1f MiB at %.2f %s, counted by its "
				     "memory like every cell\n",
				     cell->cell, (double)cell->memory_bytes / 1048576.0,
				     cell->expected_latency, r->with->latency_unit);
	}
	if (r->runtime)
		np_sb_printf(out, "\nmeasured now (--guest):\n%s", r->runtime);
	if (r->warnings && *r->warnings) {
		np_sb_puts(out, "\nwarnings:\n");
		for (const char *line = r->warnings; *line;) {
			const char *end = strchr(line, '\n');
			int len = end ? (int)(end - line) : (int)strlen(line);
			np_sb_printf(out, "  %.*s\n", len, line);
			line += len + (end ? 1 : 0);
		}
	}
	np_sb_puts(out,
		   "\nflags: split-pins, split-cell, cross-mapped, hidden-numa, fake-numa, "
		   "too-big, hugepages-short,\n"
		   "no-memnode, unbound, uncovered-vcpus, memory-mismatch, no-room (see man "
		   "numaprobe)\n");
}

static void csv_variant(const struct np_placement_report *r, const struct np_placement *p,
			struct np_strbuf *out)
{
	for (int c = 0; c < p->cell_count; c++) {
		const struct np_placement_cell *cell = &p->cells[c];
		char id[16], vcpus[16], memory[32], cpus[256], mems[256], lf[16], lo[16], hi[16],
		    lat[24], flags[256];
		snprintf(id, sizeof(id), "%d", cell->cell);
		snprintf(vcpus, sizeof(vcpus), "%d", cell->vcpus);
		snprintf(memory, sizeof(memory), "%llu", (unsigned long long)cell->memory_bytes);
		list(&cell->cpu_nodes, cpus, sizeof(cpus));
		list(&cell->mem_nodes, mems, sizeof(mems));
		fixed(lf, sizeof(lf), cell->local_fraction, 4);
		fixed(lo, sizeof(lo), cell->local_fraction_min, 4);
		fixed(hi, sizeof(hi), cell->local_fraction_max, 4);
		fixed(lat, sizeof(lat), cell->expected_latency, 3);
		np_flags_format(cell->flags, flags, sizeof(flags));
		const char *fields[] = {r->domain->name,
					p->with_cells ? "with" : "without",
					id,
					vcpus,
					memory,
					cpus,
					mems,
					lf,
					lo,
					hi,
					lat,
					p->latency_unit,
					flags};
		for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
			np_csv_field(out, f == 0, fields[f]);
		np_csv_end_row(out);
	}
}

static void render_csv(const void *report, struct np_strbuf *out)
{
	const struct np_placement_report *r = report;
	np_sb_puts(out, NP_PLACEMENT_CSV_HEADER "\n");
	csv_variant(r, r->with, out);
	csv_variant(r, r->without, out);
}

static void json_variant(struct np_json *json, const struct np_placement *p)
{
	np_json_object(json);
	np_json_kv_double(json, "local_fraction", p->local_fraction, 4);
	np_json_kv_double(json, "expected_latency", p->expected_latency, 3);
	np_json_kv_string(json, "latency_unit", p->latency_unit);
	np_json_key(json, "cells");
	np_json_array(json);
	for (int c = 0; c < p->cell_count; c++) {
		const struct np_placement_cell *cell = &p->cells[c];
		char flags[256];
		np_flags_format(cell->flags, flags, sizeof(flags));
		np_json_object(json);
		np_json_kv_int(json, "cell", cell->cell);
		np_json_kv_int(json, "vcpus", cell->vcpus);
		np_json_kv_uint(json, "memory_bytes", cell->memory_bytes);
		np_json_kv_string(json, "policy", np_mem_mode_name(cell->mode));
		np_json_kv_idset(json, "host_cpu_nodes", &cell->cpu_nodes);
		np_json_kv_idset(json, "host_mem_nodes", &cell->mem_nodes);
		np_json_kv_double(json, "local_fraction", cell->local_fraction, 4);
		np_json_kv_double(json, "local_fraction_min", cell->local_fraction_min, 4);
		np_json_kv_double(json, "local_fraction_max", cell->local_fraction_max, 4);
		np_json_kv_double(json, "expected_latency", cell->expected_latency, 3);
		np_json_kv_string(json, "flags", flags);
		np_json_object_end(json);
	}
	np_json_array_end(json);
	np_json_object_end(json);
}

static void render_json(const void *report, struct np_strbuf *out)
{
	const struct np_placement_report *r = report;
	struct np_json json;
	np_json_init(&json, out);
	np_json_object(&json);
	np_json_kv_string(&json, "guest", r->domain->name);
	np_json_kv_string(&json, "host", r->host_source);
	np_json_key(&json, "with");
	json_variant(&json, r->with);
	np_json_key(&json, "without");
	json_variant(&json, r->without);
	np_json_kv_lines(&json, "warnings", r->warnings ? r->warnings : "");
	np_json_object_end(&json);
	np_json_finish(&json);
}

const struct np_renderer np_placement_renderers[] = {
    {"table", render_table},
    {"csv", render_csv},
    {"json", render_json},
    {NULL, NULL},
};

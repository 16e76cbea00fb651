/* runner.c: measuring every cell of a plan; see runner.h. */
#include "runner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "measure.h"
#include "workers.h"

static size_t cell_count(const struct np_bench_plan *plan,
			   const struct np_bench_settings *settings)
{
	size_t tables =
	    (settings->latency ? 1 : 0) + (settings->bandwidth ? settings->mode_count : 0);
	size_t sizes = settings->sweep_count ? settings->sweep_count : 1;
	return tables * sizes * plan->cpu_node_count * plan->mem_node_count;
}

int np_bench_run(const struct np_bench_plan *plan, const struct np_bench_settings *settings,
		 np_progress_fn progress, void *progress_ctx, struct np_bench_row **rows_out,
		 size_t *count_out, struct np_error *err)
{
	size_t total = cell_count(plan, settings);
	struct np_bench_row *rows = calloc(total ? total : 1, sizeof(*rows));
	if (!rows)
		return np_fail(err, "out of memory for %zu cells", total);
	size_t tables =
	    (settings->latency ? 1 : 0) + (settings->bandwidth ? settings->mode_count : 0);
	size_t done = 0;
	struct np_timer timer;
	if (settings->latency && settings->batch_loads)
		np_timer_init(&timer, true);
	uint64_t started = np_now_ns();
	int rc = 0;
	size_t sizes = settings->sweep_count ? settings->sweep_count : 1;
	for (size_t t = 0; t < tables && rc == 0; t++) {
		bool latency = settings->latency && t == 0;
		enum np_bw_mode mode =
		    latency ? NP_BW_READ : settings->modes[t - (settings->latency ? 1 : 0)];
		const char *mode_name = latency ? "chase" : np_bw_kernel(mode)->name;
		const char *test = !latency ? "bandwidth" : settings->sweep_count ? "sweep" : "latency";
		for (size_t c = 0; c < plan->cpu_node_count && rc == 0; c++) {
			const struct np_plan_node *cpu = &plan->cpu_nodes[c];
			for (size_t cell_index = 0; cell_index < plan->mem_node_count * sizes && rc == 0;
			     cell_index++) {
				const struct np_plan_node *mem = &plan->mem_nodes[cell_index / sizes];
				size_t size = settings->sweep_count
						  ? settings->sweep_sizes[cell_index % sizes]
						  : mem->size_bytes;
				char cell[160];
				if (settings->sweep_count)
					snprintf(cell, sizeof(cell),
						 "sweep %zu KiB, CPU node %d -> memory node %d",
						 size / 1024, cpu->id, mem->id);
				else
					snprintf(cell, sizeof(cell),
						 "%s %s, CPU node %d -> memory node %d", test,
						 mode_name, cpu->id, mem->id);
				/* Before any cell is done, the measuring time alone. */
				double eta = (double)total * settings->seconds;
				if (done > 0)
					eta = (double)(np_now_ns() - started) / 1e9 / (double)done *
					      (double)(total - done);
				if (progress)
					progress(progress_ctx, done, total, cell, eta);
				struct np_cell_spec spec = {
				    .mem_node = mem->id,
				    .mem_nodes = &mem->nodes,
				    .policy = mem->policy,
				    .cpus = cpu->cpus,
				    .threads = latency ? 1 : plan->threads,
				    .size_bytes = size,
				    .page = settings->page,
				    .tlb_locality = settings->tlb_locality,
				    .stride = settings->stride,
				    .batch_loads = latency ? settings->batch_loads : 0,
				    .timer = latency && settings->batch_loads ? &timer : NULL,
				    .mode = mode,
				    .seconds = settings->seconds,
				    .repeat = settings->repeat,
				    .seed = settings->seed + done,
				};
				struct np_cell_result result;
				rc = latency ? np_measure_latency(&spec, &result, err)
					     : np_measure_bandwidth(&spec, &result, err);
				if (rc < 0) {
					np_fail_prefix(err, "%s", cell);
					break;
				}
				struct np_bench_row *row = &rows[done++];
				row->test = test;
				row->mode = mode_name;
				row->cpu_node = cpu->id;
				row->mem_node = mem->id;
				row->mem_name = mem->name;
				row->peer_node = -1;
				row->load_level = -1;
				row->policy = np_mem_policy_names[mem->policy];
				row->threads = spec.threads;
				row->size_bytes = result.size_bytes;
				row->page = np_page_mode_name(settings->page);
				row->unit = latency ? "ns" : "MB/s";
				np_bench_row_placement(row, mem, &result.census);
				row->measured_seconds = (double)result.measured_ns / 1e9;
				np_summarise(result.samples, result.sample_count, &row->summary);
				row->batches = result.histogram; /* the row owns it now */
				result.histogram = NULL;
				row->batch_loads = result.batch_loads;
				row->batch_overhead_ns = result.batch_overhead_ns;
				row->timer = row->batches ? timer.name : NULL;
				/* A latency row's p90 and p99 are of its batch means,
				 * which show the tail; five samples cannot. */
				if (row->batches) {
					row->summary.p90 = np_histogram_quantile(row->batches, 0.9);
					row->summary.p99 = np_histogram_quantile(row->batches, 0.99);
				}
				np_cell_result_free(&result);
			}
		}
	}
	if (rc == 0 && progress)
		progress(progress_ctx, total, total, "done", 0);
	if (rc < 0) {
		np_bench_rows_free(rows, done);
		return -1;
	}
	*rows_out = rows;
	*count_out = done;
	return 0;
}

void np_bench_row_placement(struct np_bench_row *row, const struct np_plan_node *target,
			    const struct np_census *census)
{
	row->census = *census;
	row->placed_pct = np_census_placed_pct(census);
	row->misplaced = row->placed_pct < NP_PLACED_PCT_MIN;
	size_t k = 0;
	for (int n = np_idset_next(&target->nodes, 0); n >= 0 && k < NP_MAX_GROUP_NODES;
	     n = np_idset_next(&target->nodes, n + 1), k++) {
		row->expected[k] = target->expected[k];
		if (target->expected[k] >= 0 && census->checked >= NP_SHARE_MIN_PAGES &&
		    fabs(np_census_share(census, n) - target->expected[k]) > NP_SHARE_TOLERANCE)
			row->misplaced = true;
	}
}

void np_bench_rows_free(struct np_bench_row *rows, size_t count)
{
	for (size_t i = 0; rows && i < count; i++)
		free(rows[i].batches);
	free(rows);
}

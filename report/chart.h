/*
 * chart.h: `numaprobe report chart FILE.csv... --out DIR`: gnuplot charts
 * of bench, stats and placement CSVs. Every chart's data (.dat) and script
 * (.gp) are written next to its image, so users can adjust and re-run them
 * (`cd DIR && gnuplot NAME.gp`); when gnuplot is missing the data and
 * scripts are still written and the command says so.
 *
 *   bench CSV            latency heatmap, bandwidth heatmap per mode,
 *                        values in the cells (the latest run)
 *   two bench CSVs       grouped bars, before against after
 *   stats CSVs           per-node numa_miss_per_s and other_node_per_s over
 *                        time; per-node memory used over time; per guest,
 *                        its memory per node stacked over time
 *   placement CSV        local fraction and expected latency per cell,
 *                        with the cells against without
 */
#ifndef NUMAPROBE_CHART_H
#define NUMAPROBE_CHART_H

/* format: "png" (pngcairo) or "svg"; returns the exit status. */
int np_report_chart(const char *const *files, int count, const char *out_dir, const char *format,
		    int width, int height);

#endif

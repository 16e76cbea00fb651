# svg_facts.awk: what a gnuplot SVG shows, one fact a line, tab-separated,
# for tests that look at the charts (tests/cli/test_charts.sh):
#
#   text  TEXT          a text outside the plots, in document order: the
#                       title, axis labels, tick labels, colour-box ticks
#   plot  N  text  TEXT a text of plot N (its key entry, or each label of
#                       a `with labels` plot)
#   plot  N  points K   the point markers plot N draws (a key entry draws
#                       one more: its sample)
#   plot  N  paths  K   the path elements of plot N (lines, bars)
#   plot  N  boxes  K   the filled polygons of plot N (heatmap cells)
#
# gnuplot 5.4's SVG terminal writes one element a line and each plot as
# <g id="gnuplot_plot_N">; entities in texts are decoded.
function decode(s) {
	gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s)
	gsub(/&apos;/, "'", s); gsub(/&amp;/, "\\&", s)
	return s
}
{
	line = $0
	if (match(line, /<g id="gnuplot_plot_[0-9]+"/)) {
		id = substr(line, RSTART + 20, RLENGTH - 21)
		plot = id + 0
		plot_depth = depth
		order[++plots] = plot
	}
	opened = gsub(/<g[ >]/, "&", line)
	closed = gsub(/<\/g>/, "&", line)
	while (match(line, /<text[^>]*>[^<]*<\/text>/)) {
		t = substr(line, RSTART, RLENGTH)
		sub(/^<text[^>]*>/, "", t)
		sub(/<\/text>$/, "", t)
		t = decode(t)
		if (plot) print "plot\t" plot "\ttext\t" t
		else print "text\t" t
		line = substr(line, RSTART + RLENGTH)
	}
	if (plot) {
		points[plot] += gsub(/<use /, "&", $0)
		paths[plot] += gsub(/<path /, "&", $0)
		boxes[plot] += gsub(/<polygon /, "&", $0)
	}
	depth += opened - closed
	if (plot && depth <= plot_depth)
		plot = 0
}
END {
	for (i = 1; i <= plots; i++) {
		print "plot\t" order[i] "\tpoints\t" points[order[i]] + 0
		print "plot\t" order[i] "\tpaths\t" paths[order[i]] + 0
		print "plot\t" order[i] "\tboxes\t" boxes[order[i]] + 0
	}
}

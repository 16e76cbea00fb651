# meminfo_bracket.awk: `numaprobe stats --meminfo` against `numastat -m`
# run just before and just after it.
#
#   awk [-v slack=FIELD:MB,FIELD:MB...] -f tests/helpers/meminfo_bracket.awk BEFORE OURS AFTER
#
# slack widens each named field's bracket by MB on each side, for what
# numaprobe itself holds while it reads and numastat's runs do not:
# Mapped counts the files it maps (its binary, libxml2, ICU: its RssFile
# + RssShmem, since on a tmpfs root, as in the testbed, files are shmem);
# MemFree, MemUsed, AnonPages and the anon LRU lists count its private
# memory (its RssAnon + VmPTE: heap, stack, page tables), which is taken
# from the node it runs on. MemFree and MemUsed also move by the pages
# in flight between the free lists and the per-CPU page lists: the kernel
# takes free pages for a CPU's list a batch at a time (/proc/zoneinfo's
# "batch:"), and those count as used, so a process that faults one page
# can lower MemFree by a batch, and the pages it frees at exit stay on
# the list. The caller measures these on a running numaprobe and in
# /proc/zoneinfo and passes them.
#
# All three are numastat -m's layout: a header line naming the columns
# ("Node 0 ... Total"), a dashed line, then "Field value value ... total"
# (numastat also prints "Token X not in hash table." for fields it does
# not know: skipped). Every value of a field and column that numastat
# printed in both of its runs must lie within [min - 1, max + 1] MB of
# those two runs: memory moves between the runs, and numastat rounds to
# 0.01 MB. Prints "bad FIELD COLUMN ours=V before=B after=A" for each
# value outside, "missing FIELD" for a field numastat printed and ours
# did not, "columns BEFORE | OURS" when the column headers differ, and
# last "checked N": how many values were compared.
BEGIN {
	n = split(slack, pairs, ",")
	for (i = 1; i <= n; i++) {
		colon = index(pairs[i], ":")
		if (colon)
			extra_mb[substr(pairs[i], 1, colon - 1)] = substr(pairs[i], colon + 1) + 0
	}
}
FNR == 1 { file++ }
/^Token / || /^Per-node/ || /^ *-+( -+)*$/ { next }
/Total$/ && /Node/ {
	header[file] = $0
	gsub(/  +/, " ", header[file])
	sub(/^ /, "", header[file])
	next
}
NF >= 2 {
	field = $1
	if (file == 2)
		order[++fields] = field
	for (c = 2; c <= NF; c++)
		value[file, field, c] = $c
	width[file, field] = NF
}
END {
	if (header[1] != header[2] || header[3] != header[2])
		printf "columns %s | %s | %s\n", header[1], header[2], header[3]
	for (f in width) {
		split(f, key, SUBSEP)
		if (key[1] == 1 && ((3, key[2]) in width) && !((2, key[2]) in width))
			printf "missing %s\n", key[2]
	}
	checked = 0
	for (i = 1; i <= fields; i++) {
		field = order[i]
		if (!((1, field) in width) || !((3, field) in width))
			continue  # numastat does not know it
		for (c = 2; c <= width[2, field]; c++) {
			b = value[1, field, c]; a = value[3, field, c]; o = value[2, field, c]
			extra = (field in extra_mb) ? extra_mb[field] : 0
			lo = (b < a ? b : a) - 1 - extra
			hi = (b > a ? b : a) + 1 + extra
			checked++
			if (o + 0 < lo || o + 0 > hi)
				printf "bad %s %d ours=%s before=%s after=%s\n", field, c - 1, o, b, a
		}
	}
	printf "checked %d\n", checked
}

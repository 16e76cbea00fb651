/* domain.c: parsing and checking a libvirt domain XML; see domain.h. */
#include "domain.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "../lib/fileio.h"
#include "../lib/number.h"
#include "../lib/size.h"
#include "../lib/xml.h"

struct parser {
	const char *path;
	struct np_error *err;
};

static bool named(xmlNodePtr node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && xmlStrcmp(node->name, BAD_CAST name) == 0;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
	return np_xml_child(parent, name);
}

/* An attribute's text: 0, -1 when absent, -2 (message set) when it is
 * longer than any valid value (it is never cut short). */
static int attr_text(struct parser *p, xmlNodePtr node, const char *element, const char *name,
		     char *out, size_t size)
{
	int rc = np_xml_attr(node, name, out, size);
	if (rc == -2)
		np_xml_fail(p->err, p->path, node,
			    "<%s %s>: the value is longer than %zu characters", element, name,
			    size - 1);
	return rc;
}

/* An attribute as a non-negative int; -1 when absent; -2 (message set) when bad. */
static int attr_int(struct parser *p, xmlNodePtr node, const char *element, const char *name,
		    long max, long *value)
{
	char text[64];
	int rc = attr_text(p, node, element, name, text, sizeof(text));
	if (rc < 0)
		return rc;
	uint64_t v;
	if (np_parse_uint(text, (uint64_t)max, &v, NULL) < 0) {
		np_xml_fail(p->err, p->path, node,
			    "<%s %s='%s'>: expected a whole number from 0 to %ld", element, name,
			    text, max);
		return -2;
	}
	*value = (long)v;
	return 0;
}

static int attr_list(struct parser *p, xmlNodePtr node, const char *element, const char *name,
		     struct np_idset *set, bool *present)
{
	xmlChar *text = xmlGetProp(node, BAD_CAST name);
	*present = text != NULL;
	if (!text)
		return 0;
	struct np_error why;
	int rc = np_idset_parse((const char *)text, set, &why);
	xmlFree(text);
	return rc < 0
		   ? np_xml_fail(p->err, p->path, node, "<%s %s>: %s", element, name, why.message)
		   : 0;
}

/* <element unit='...'>value</element>, libvirt's units (KiB by default). */
/* libvirt reads element numbers strictly: no blanks around the digits. */
static bool has_blanks(const char *text)
{
	size_t len = strlen(text);
	return len && (isspace((unsigned char)text[0]) || isspace((unsigned char)text[len - 1]));
}

static int element_size(struct parser *p, xmlNodePtr node, const char *element, uint64_t *bytes)
{
	xmlChar *content = xmlNodeGetContent(node);
	if (content && has_blanks((const char *)content)) {
		int rc = np_xml_fail(p->err, p->path, node,
				     "<%s>%s</%s>: expected digits without blanks around them",
				     element, (const char *)content, element);
		xmlFree(content);
		return rc;
	}
	char unit[32];
	int has_unit = attr_text(p, node, element, "unit", unit, sizeof(unit));
	struct np_error why;
	int rc = has_unit == -2 ? -2
				: np_parse_size_with_unit(content ? (const char *)content : "",
							  has_unit == 0 ? unit : NULL, bytes, &why);
	if (content)
		xmlFree(content);
	if (rc == -2)
		return -1;
	return rc < 0 ? np_xml_fail(p->err, p->path, node, "<%s>: %s", element, why.message) : 0;
}

static int parse_mode(struct parser *p, xmlNodePtr node, const char *element,
		      enum np_mem_mode *mode)
{
	char text[32];
	*mode = NP_MODE_STRICT; /* libvirt's default */
	int present = attr_text(p, node, element, "mode", text, sizeof(text));
	if (present < 0)
		return present == -1 ? 0 : -1;
	static const struct {
		const char *name;
		enum np_mem_mode mode;
	} modes[] = {{"strict", NP_MODE_STRICT},
		     {"preferred", NP_MODE_PREFERRED},
		     {"interleave", NP_MODE_INTERLEAVE},
		     {"restrictive", NP_MODE_RESTRICTIVE}};
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(text, modes[i].name) == 0) {
			*mode = modes[i].mode;
			return 0;
		}
	return np_xml_fail(p->err, p->path, node,
			   "<%s mode='%s'>: expected strict, preferred, interleave or restrictive",
			   element, text);
}

const char *np_mem_mode_name(enum np_mem_mode mode)
{
	static const char *const names[] = {"none", "strict", "preferred", "interleave",
					    "restrictive"};
	return names[mode];
}

static int parse_vcpu(struct parser *p, xmlNodePtr root, struct np_domain *d)
{
	xmlNodePtr vcpu = child(root, "vcpu");
	d->vcpus = 1;
	if (!vcpu)
		return 0;
	xmlChar *content = xmlNodeGetContent(vcpu);
	uint64_t count = 0;
	int bad = !content ||
		  np_parse_uint((const char *)content, NP_ID_MAX + 1, &count, NULL) < 0 ||
		  count == 0;
	if (bad) {
		int rc = np_xml_fail(p->err, p->path, vcpu,
				     "<vcpu>%s</vcpu>: expected a vCPU count from 1 to %d",
				     content ? (const char *)content : "", NP_ID_MAX + 1);
		if (content)
			xmlFree(content);
		return rc;
	}
	xmlFree(content);
	d->vcpus = (int)count;
	d->vcpus_current = d->vcpus;
	long current;
	int rc = attr_int(p, vcpu, "vcpu", "current", NP_ID_MAX + 1, &current);
	if (rc == -2)
		return -1;
	if (rc == 0) {
		if (current < 1 || current > d->vcpus)
			return np_xml_fail(p->err, p->path, vcpu,
					   "<vcpu current='%ld'>: expected 1 to the maximum, %d",
					   current, d->vcpus);
		d->vcpus_current = (int)current;
	}
	char placement[16];
	rc = attr_text(p, vcpu, "vcpu", "placement", placement, sizeof(placement));
	if (rc == -2)
		return -1;
	if (rc == 0) {
		if (strcmp(placement, "auto") != 0 && strcmp(placement, "static") != 0)
			return np_xml_fail(p->err, p->path, vcpu,
					   "<vcpu placement='%s'>: expected static or auto",
					   placement);
		d->vcpu_auto = strcmp(placement, "auto") == 0;
	}
	return attr_list(p, vcpu, "vcpu", "cpuset", &d->vcpu_cpuset, &d->has_vcpu_cpuset);
}

static int parse_pin(struct parser *p, xmlNodePtr node, const char *element, const char *id_attr,
		     struct np_domain_pin *pins, int *count)
{
	long id;
	/* Any id: libvirt ignores (and numaprobe warns about) pins of vCPUs
	 * that do not exist, however large their id. */
	int rc = attr_int(p, node, element, id_attr, 0x7fffffffL, &id);
	if (rc == -2)
		return -1;
	if (rc == -1)
		return np_xml_fail(p->err, p->path, node, "<%s>: the %s attribute is missing",
				   element, id_attr);
	for (int i = 0; i < *count; i++)
		if (pins[i].id == id)
			return np_xml_fail(p->err, p->path, node,
					   "<%s %s='%ld'>: a second pin for the same %s (libvirt "
					   "refuses duplicates)",
					   element, id_attr, id, id_attr);
	if (*count == NP_DOMAIN_MAX_PINS)
		return np_xml_fail(p->err, p->path, node, "more than %d <%s> elements",
				   NP_DOMAIN_MAX_PINS, element);
	bool present;
	struct np_domain_pin *pin = &pins[*count];
	if (attr_list(p, node, element, "cpuset", &pin->cpuset, &present) < 0)
		return -1;
	if (!present)
		return np_xml_fail(p->err, p->path, node,
				   "<%s %s='%ld'> has no cpuset: a pin must name host CPUs",
				   element, id_attr, id);
	pin->id = (int)id;
	pin->line = (int)xmlGetLineNo(node);
	(*count)++;
	return 0;
}

/* The iothread ids a domain defines: 1..<iothreads>, and <iothreadids>. */
static void defined_iothreads(xmlNodePtr root, struct np_idset *ids)
{
	np_idset_clear(ids);
	xmlNodePtr count = child(root, "iothreads");
	xmlChar *content = count ? xmlNodeGetContent(count) : NULL;
	uint64_t n = 0;
	if (content && np_parse_uint((const char *)content, NP_ID_MAX, &n, NULL) == 0)
		for (uint64_t i = 1; i <= n; i++)
			np_idset_add(ids, (int)i);
	if (content)
		xmlFree(content);
	xmlNodePtr list = child(root, "iothreadids");
	for (xmlNodePtr n2 = list ? list->children : NULL; n2; n2 = n2->next) {
		char id[32];
		uint64_t v;
		if (named(n2, "iothread") && np_xml_attr(n2, "id", id, sizeof(id)) == 0 &&
		    np_parse_uint(id, NP_ID_MAX, &v, NULL) == 0)
			np_idset_add(ids, (int)v);
	}
}

static int parse_cputune(struct parser *p, xmlNodePtr root, struct np_domain *d)
{
	xmlNodePtr tune = child(root, "cputune");
	struct np_idset iothreads;
	defined_iothreads(root, &iothreads);
	for (xmlNodePtr n = tune ? tune->children : NULL; n; n = n->next) {
		if (named(n, "vcpupin") &&
		    parse_pin(p, n, "vcpupin", "vcpu", d->vcpupins, &d->vcpupin_count) < 0)
			return -1;
		if (named(n, "iothreadpin")) {
			if (parse_pin(p, n, "iothreadpin", "iothread", d->iothreadpins,
				      &d->iothreadpin_count) < 0)
				return -1;
			int id = d->iothreadpins[d->iothreadpin_count - 1].id;
			if (!np_idset_has(&iothreads, id))
				return np_xml_fail(
				    p->err, p->path, n,
				    "<iothreadpin iothread='%d'>: the domain defines no "
				    "such iothread (<iothreads>)",
				    id);
		}
		if (named(n, "vcpusched") || named(n, "iothreadsched")) {
			bool io = named(n, "iothreadsched");
			const char *element = io ? "iothreadsched" : "vcpusched";
			const char *attr = io ? "iothreads" : "vcpus";
			if (d->sched_count == NP_DOMAIN_MAX_SCHEDS)
				return np_xml_fail(p->err, p->path, n, "more than %d <%s> elements",
						   NP_DOMAIN_MAX_SCHEDS, element);
			struct np_domain_sched *sched = &d->scheds[d->sched_count];
			bool present;
			if (attr_list(p, n, element, attr, &sched->ids, &present) < 0)
				return -1;
			if (!present)
				return np_xml_fail(p->err, p->path, n, "<%s> has no %s attribute",
						   element, attr);
			sched->iothreads = io;
			sched->line = (int)xmlGetLineNo(n);
			/* Each names threads that exist, and no thread twice. */
			for (int id = np_idset_next(&sched->ids, 0); id >= 0;
			     id = np_idset_next(&sched->ids, id + 1)) {
				if (io ? !np_idset_has(&iothreads, id) : id >= d->vcpus)
					return np_xml_fail(
					    p->err, p->path, n, "<%s %s>: %s %d does not exist%s",
					    element, attr, io ? "iothread" : "vCPU", id,
					    io ? " (<iothreads>)" : "");
				for (int o = 0; o < d->sched_count; o++)
					if (d->scheds[o].iothreads == io &&
					    np_idset_has(&d->scheds[o].ids, id))
						return np_xml_fail(p->err, p->path, n,
								   "<%s %s>: %s %d is already in "
								   "another <%s> (they must not "
								   "overlap)",
								   element, attr,
								   io ? "iothread" : "vCPU", id,
								   element);
			}
			d->sched_count++;
		}
		if (named(n, "emulatorpin")) {
			if (attr_list(p, n, "emulatorpin", "cpuset", &d->emulatorpin,
				      &d->has_emulatorpin) < 0)
				return -1;
			if (!d->has_emulatorpin)
				return np_xml_fail(
				    p->err, p->path, n,
				    "<emulatorpin> has no cpuset: a pin must name host CPUs");
		}
	}
	return 0;
}

static int parse_cells(struct parser *p, xmlNodePtr numa, struct np_domain *d)
{
	for (xmlNodePtr n = numa ? numa->children : NULL; n; n = n->next) {
		if (!named(n, "cell"))
			continue;
		if (d->cell_count == NP_DOMAIN_MAX_CELLS)
			return np_xml_fail(p->err, p->path, n, "more than %d <cell> elements",
					   NP_DOMAIN_MAX_CELLS);
		struct np_domain_cell *cell = &d->cells[d->cell_count];
		memset(cell, 0, sizeof(*cell));
		cell->line = (int)xmlGetLineNo(n);
		long id = d->cell_count;
		if (attr_int(p, n, "cell", "id", NP_DOMAIN_MAX_CELLS * 4, &id) == -2)
			return -1;
		cell->id = (int)id;
		if (attr_list(p, n, "cell", "cpus", &cell->cpus, &cell->has_cpus) < 0)
			return -1;
		char text[64], unit[32];
		int rc = attr_text(p, n, "cell", "memory", text, sizeof(text));
		if (rc == -1)
			return np_xml_fail(p->err, p->path, n,
					   "<cell id='%d'> has no memory attribute", cell->id);
		int has_unit = rc < 0 ? rc : attr_text(p, n, "cell", "unit", unit, sizeof(unit));
		if (has_unit == -2)
			return -1;
		struct np_error why;
		if (np_parse_size_with_unit(text, has_unit == 0 ? unit : NULL, &cell->memory_bytes,
					    &why) < 0)
			return np_xml_fail(p->err, p->path, n, "<cell id='%d' memory='%s'>: %s",
					   cell->id, text, why.message);
		rc = attr_text(p, n, "cell", "memAccess", cell->mem_access,
			       sizeof(cell->mem_access));
		if (rc == -2)
			return -1;
		if (rc == 0 && strcmp(cell->mem_access, "shared") != 0 &&
		    strcmp(cell->mem_access, "private") != 0)
			return np_xml_fail(
			    p->err, p->path, n,
			    "<cell id='%d' memAccess='%s'>: expected shared or private", cell->id,
			    cell->mem_access);
		rc = attr_text(p, n, "cell", "discard", cell->discard, sizeof(cell->discard));
		if (rc == -2)
			return -1;
		if (rc == 0 && strcmp(cell->discard, "yes") != 0 &&
		    strcmp(cell->discard, "no") != 0)
			return np_xml_fail(p->err, p->path, n,
					   "<cell id='%d' discard='%s'>: expected yes or no",
					   cell->id, cell->discard);
		for (xmlNodePtr k = n->children; k; k = k->next) {
			if (!named(k, "cache"))
				continue;
			long level;
			int got = attr_int(p, k, "cache", "level", 1000, &level);
			if (got == -2)
				return -1;
			if (got == -1)
				return np_xml_fail(p->err, p->path, k,
						   "<cell id='%d'><cache> has no level attribute",
						   cell->id);
			if (level > 3)
				return np_xml_fail(p->err, p->path, k,
						   "<cell id='%d'><cache level='%ld'>: expected a level "
						   "up to 3",
						   cell->id, level);
			if (cell->cache_levels & (1u << level))
				return np_xml_fail(p->err, p->path, k,
						   "<cell id='%d'><cache level='%ld'>: that level is "
						   "already given",
						   cell->id, level);
			cell->cache_levels |= 1u << level;
		}
		xmlNodePtr distances = child(n, "distances");
		for (xmlNodePtr s = distances ? distances->children : NULL; s; s = s->next) {
			if (!named(s, "sibling"))
				continue;
			long to, value;
			if (attr_int(p, s, "sibling", "id", NP_DOMAIN_MAX_CELLS * 4, &to) != 0 ||
			    attr_int(p, s, "sibling", "value", 100000, &value) != 0)
				return np_xml_fail(
				    p->err, p->path, s,
				    "<sibling> needs whole-number id and value attributes");
			if (cell->distance_count == NP_DOMAIN_MAX_CELLS)
				return np_xml_fail(p->err, p->path, s,
						   "more than %d <sibling> elements",
						   NP_DOMAIN_MAX_CELLS);
			cell->distance_to[cell->distance_count] = (int)to;
			cell->distance_value[cell->distance_count++] = (int)value;
		}
		d->cell_count++;
	}
	return 0;
}

static int check_cells(struct parser *p, xmlNodePtr numa, struct np_domain *d)
{
	struct np_idset seen;
	np_idset_clear(&seen);
	for (int i = 0; i < d->cell_count; i++) {
		struct np_domain_cell *cell = &d->cells[i];
		xmlNodePtr at = numa;
		(void)at;
		for (int j = 0; j < i; j++)
			if (d->cells[j].id == cell->id)
				return np_fail(p->err,
					       "%s line %d: <cell id='%d'>: the id is used twice "
					       "(cell ids must be unique)",
					       p->path, cell->line, cell->id);
		if (cell->id >= d->cell_count)
			return np_fail(
			    p->err,
			    "%s line %d: <cell id='%d'>: ids must be below the number of cells, %d",
			    p->path, cell->line, cell->id, d->cell_count);
		int last = -1;
		for (int v = np_idset_next(&cell->cpus, 0); v >= 0;
		     v = np_idset_next(&cell->cpus, v + 1)) {
			last = v;
			if (np_idset_has(&seen, v))
				return np_fail(p->err,
					       "%s line %d: <cell id='%d'>: vCPU %d is already in "
					       "another cell (cells may not overlap)",
					       p->path, cell->line, cell->id, v);
			np_idset_add(&seen, v);
		}
		if (last >= d->vcpus)
			return np_fail(
			    p->err,
			    "%s line %d: <cell id='%d'>: vCPU %d is not below the vCPU count, %d",
			    p->path, cell->line, cell->id, last, d->vcpus);
		for (int k = 0; k < cell->distance_count; k++) {
			int to = cell->distance_to[k], value = cell->distance_value[k];
			if (to >= d->cell_count)
				return np_fail(
				    p->err,
				    "%s line %d: <cell id='%d'> <sibling id='%d'>: no such cell",
				    p->path, cell->line, cell->id, to);
			if (to == cell->id && value != 10)
				return np_fail(p->err,
					       "%s line %d: <cell id='%d'> <sibling id='%d' "
					       "value='%d'>: the distance to itself must be 10",
					       p->path, cell->line, cell->id, to, value);
			if (to != cell->id && (value < 11 || value > 255))
				return np_fail(
				    p->err,
				    "%s line %d: <cell id='%d'> <sibling id='%d' value='%d'>: a "
				    "distance to another cell must be 11 to 255",
				    p->path, cell->line, cell->id, to, value);
		}
	}
	return 0;
}

static int parse_numatune(struct parser *p, xmlNodePtr root, struct np_domain *d)
{
	xmlNodePtr tune = child(root, "numatune");
	for (xmlNodePtr n = tune ? tune->children : NULL; n; n = n->next) {
		if (named(n, "memory")) {
			d->has_numatune_memory = true;
			if (parse_mode(p, n, "memory", &d->memory_mode) < 0)
				return -1;
			if (attr_list(p, n, "memory", "nodeset", &d->memory_nodeset,
				      &d->has_memory_nodeset) < 0)
				return -1;
			char placement[16];
			int rc =
			    attr_text(p, n, "memory", "placement", placement, sizeof(placement));
			if (rc == -2)
				return -1;
			if (rc == 0) {
				if (strcmp(placement, "auto") != 0 &&
				    strcmp(placement, "static") != 0)
					return np_xml_fail(
					    p->err, p->path, n,
					    "<memory placement='%s'>: expected static or auto",
					    placement);
				d->memory_auto = strcmp(placement, "auto") == 0;
			} else {
				/* No placement: a nodeset makes it static, else it
				 * follows <vcpu placement>. */
				d->memory_auto = !d->has_memory_nodeset && d->vcpu_auto;
			}
		} else if (named(n, "memnode")) {
			if (d->memnode_count == NP_DOMAIN_MAX_CELLS)
				return np_xml_fail(p->err, p->path, n,
						   "more than %d <memnode> elements",
						   NP_DOMAIN_MAX_CELLS);
			struct np_domain_memnode *m = &d->memnodes[d->memnode_count];
			long cellid;
			int rc =
			    attr_int(p, n, "memnode", "cellid", NP_DOMAIN_MAX_CELLS * 4, &cellid);
			if (rc == -2)
				return -1;
			if (rc == -1)
				return np_xml_fail(p->err, p->path, n,
						   "<memnode> has no cellid attribute");
			m->cellid = (int)cellid;
			m->line = (int)xmlGetLineNo(n);
			if (parse_mode(p, n, "memnode", &m->mode) < 0)
				return -1;
			bool present;
			if (attr_list(p, n, "memnode", "nodeset", &m->nodeset, &present) < 0)
				return -1;
			if (!present)
				return np_xml_fail(p->err, p->path, n,
						   "<memnode cellid='%ld'> has no nodeset", cellid);
			d->memnode_count++;
		}
	}
	for (int i = 0; i < d->memnode_count; i++) {
		struct np_domain_memnode *m = &d->memnodes[i];
		if (d->cell_count == 0)
			return np_fail(p->err,
				       "%s line %d: <memnode cellid='%d'>: memnode needs guest "
				       "NUMA cells (<cpu><numa>)",
				       p->path, m->line, m->cellid);
		bool found = false;
		for (int c = 0; c < d->cell_count; c++)
			found |= d->cells[c].id == m->cellid;
		if (!found)
			return np_fail(
			    p->err, "%s line %d: <memnode cellid='%d'>: no guest cell has that id",
			    p->path, m->line, m->cellid);
		for (int j = 0; j < i; j++)
			if (d->memnodes[j].cellid == m->cellid)
				return np_fail(p->err,
					       "%s line %d: <memnode cellid='%d'>: a second "
					       "memnode for the same cell",
					       p->path, m->line, m->cellid);
	}
	return 0;
}

static int parse_cpu(struct parser *p, xmlNodePtr root, struct np_domain *d)
{
	xmlNodePtr cpu = child(root, "cpu");
	xmlNodePtr topology = child(cpu, "topology");
	if (topology) {
		int *slots[] = {&d->sockets, &d->dies, &d->clusters, &d->cores, &d->threads};
		const char *names[] = {"sockets", "dies", "clusters", "cores", "threads"};
		for (int i = 0; i < 5; i++) {
			long v;
			int rc = attr_int(p, topology, "topology", names[i], NP_ID_MAX + 1, &v);
			if (rc == -2)
				return -1;
			if (rc == 0)
				*slots[i] = (int)v;
		}
	}
	xmlNodePtr numa = child(cpu, "numa");
	if (parse_cells(p, numa, d) < 0 || check_cells(p, numa, d) < 0)
		return -1;
	xmlNodePtr links = child(numa, "interconnects");
	for (xmlNodePtr n = links ? links->children : NULL; n; n = n->next) {
		if (!named(n, "latency") && !named(n, "bandwidth"))
			continue;
		if (d->link_count == NP_DOMAIN_MAX_LINKS)
			return np_xml_fail(p->err, p->path, n, "more than %d interconnects",
					   NP_DOMAIN_MAX_LINKS);
		struct np_domain_interconnect *link = &d->links[d->link_count];
		link->bandwidth = named(n, "bandwidth");
		long initiator, target, value;
		const char *element = link->bandwidth ? "bandwidth" : "latency";
		if (attr_int(p, n, element, "initiator", NP_DOMAIN_MAX_CELLS * 4, &initiator) !=
			0 ||
		    attr_int(p, n, element, "target", NP_DOMAIN_MAX_CELLS * 4, &target) != 0 ||
		    attr_int(p, n, element, "value", 0x7fffffffL, &value) != 0)
			return np_xml_fail(
			    p->err, p->path, n,
			    "<%s> needs whole-number initiator, target and value attributes",
			    element);
		if (initiator >= d->cell_count || target >= d->cell_count)
			return np_xml_fail(p->err, p->path, n,
					   "<%s initiator='%ld' target='%ld'>: no such cell",
					   element, initiator, target);
		link->initiator = (int)initiator;
		link->target = (int)target;
		link->value = (uint64_t)value;
		long cache = 0;
		if (attr_int(p, n, element, "cache", 1000, &cache) == -2)
			return -1;
		link->cache = (int)cache;
		if (attr_text(p, n, element, "type", link->type, sizeof(link->type)) == -2)
			return -1;
		char unit[32];
		int has_unit =
		    link->bandwidth ? attr_text(p, n, element, "unit", unit, sizeof(unit)) : -1;
		if (has_unit == -2)
			return -1;
		if (has_unit == 0) {
			uint64_t scale;
			struct np_error why;
			if (np_size_unit_scale(unit, 1024, &scale, &why) < 0)
				return np_xml_fail(p->err, p->path, n, "<bandwidth unit='%s'>: %s",
						   unit, why.message);
			if (link->value > UINT64_MAX / scale)
				return np_xml_fail(p->err, p->path, n,
						   "<bandwidth value='%ld' unit='%s'>: too large",
						   value, unit);
			link->value *= scale; /* bytes per second */
		} else if (link->bandwidth) {
			link->value *= 1024; /* KiB per second by default */
		}
		d->link_count++;
	}
	return 0;
}

static int parse_memory(struct parser *p, xmlNodePtr root, struct np_domain *d)
{
	xmlNodePtr memory = child(root, "memory");
	uint64_t cells_total = 0;
	for (int c = 0; c < d->cell_count; c++)
		cells_total += d->cells[c].memory_bytes;
	if (memory) {
		if (element_size(p, memory, "memory", &d->memory_bytes) < 0)
			return -1;
	} else if (d->cell_count) {
		d->memory_bytes = cells_total;
	} else {
		return np_fail(p->err,
			       "%s: <memory> is missing (and there are no NUMA cells to sum)",
			       p->path);
	}
	d->current_memory_bytes = d->memory_bytes;
	xmlNodePtr current = child(root, "currentMemory");
	if (current && element_size(p, current, "currentMemory", &d->current_memory_bytes) < 0)
		return -1;
	xmlNodePtr backing = child(root, "memoryBacking");
	xmlNodePtr huge = child(backing, "hugepages");
	for (xmlNodePtr n = huge ? huge->children : NULL; n; n = n->next) {
		if (!named(n, "page") || d->hugepage_count == 8)
			continue;
		struct np_domain_hugepage *page = &d->hugepages[d->hugepage_count];
		char size[64], unit[32];
		int rc = attr_text(p, n, "page", "size", size, sizeof(size));
		if (rc == -1)
			return np_xml_fail(p->err, p->path, n, "<page> has no size attribute");
		int has_unit = rc < 0 ? rc : attr_text(p, n, "page", "unit", unit, sizeof(unit));
		if (has_unit == -2)
			return -1;
		struct np_error why;
		if (np_parse_size_with_unit(size, has_unit == 0 ? unit : NULL, &page->size_bytes,
					    &why) < 0)
			return np_xml_fail(p->err, p->path, n, "<page size='%s'>: %s", size,
					   why.message);
		if (attr_list(p, n, "page", "nodeset", &page->nodeset, &page->has_nodeset) < 0)
			return -1;
		d->hugepage_count++;
	}
	if (huge && d->hugepage_count == 0) { /* <hugepages/>: the default size for all memory */
		d->hugepages[0] = (struct np_domain_hugepage){.size_bytes = 2u << 20};
		d->hugepage_count = 1;
	}
	return 0;
}

static bool is_x86(const char *arch)
{
	return !*arch || strcmp(arch, "x86_64") == 0 || strcmp(arch, "i686") == 0;
}

/* <os><type arch>, <maxMemory>, and under <devices> the memory devices and
 * the PCI controllers bound to a guest node. */
static int parse_devices(struct parser *p, xmlNodePtr root, struct np_domain *d)
{
	xmlNodePtr type = child(child(root, "os"), "type");
	char machine[64] = "";
	if (type && (attr_text(p, type, "type", "arch", d->arch, sizeof(d->arch)) == -2 ||
		     attr_text(p, type, "type", "machine", machine, sizeof(machine)) == -2))
		return -1;
	/* The PCI root an x86 machine type has: pcie-root on q35, pci-root on
	 * i440fx (pc, pc-i440fx-*, pc-N.N); expander buses hang off it. */
	bool q35 = strstr(machine, "q35") != NULL;
	bool i440fx = !q35 && (strcmp(machine, "pc") == 0 || strncmp(machine, "pc-", 3) == 0);
	d->has_max_memory = child(root, "maxMemory") != NULL;
	xmlNodePtr devices = child(root, "devices");
	for (xmlNodePtr n = devices ? devices->children : NULL; n; n = n->next) {
		xmlNodePtr target = child(n, "target");
		xmlNodePtr node = child(target, "node");
		long node_id = -1;
		if (node) {
			xmlChar *content = xmlNodeGetContent(node);
			uint64_t v;
			int bad = !content || np_parse_uint((const char *)content, NP_ID_MAX, &v,
							    NULL) < 0;
			int rc = bad ? np_xml_fail(p->err, p->path, node,
						   "<target><node>%s</node>: expected a guest node "
						   "number",
						   content ? (const char *)content : "")
				     : 0;
			if (content)
				xmlFree(content);
			if (rc < 0)
				return -1;
			node_id = (long)v;
		}
		if (named(n, "controller")) {
			char kind[16] = "", model[32] = "";
			if (attr_text(p, n, "controller", "type", kind, sizeof(kind)) == -2 ||
			    attr_text(p, n, "controller", "model", model, sizeof(model)) == -2)
				return -1;
			char index[16] = "";
			if (attr_text(p, n, "controller", "index", index, sizeof(index)) == -2)
				return -1;
			if (strcmp(kind, "pci") == 0 && strcmp(index, "0") == 0 && is_x86(d->arch) &&
			    ((q35 && strcmp(model, "pcie-root") != 0) ||
			     (i440fx && strcmp(model, "pci-root") != 0)))
				return np_xml_fail(p->err, p->path, n,
						   "<controller type='pci' index='0' model='%s'>: "
						   "machine '%s' has a %s",
						   model, machine, q35 ? "pcie-root" : "pci-root");
			if (strcmp(model, "pcie-expander-bus") == 0 && is_x86(d->arch) && !q35)
				return np_xml_fail(p->err, p->path, n,
						   "<controller model='pcie-expander-bus'>: machine '%s' "
						   "has no PCI Express root (q35 has)",
						   machine);
			if (node && strcmp(kind, "pci") == 0 && node_id >= d->cell_count)
				return np_xml_fail(p->err, p->path, n,
						   "<controller type='pci' model='%s'> <target><node>%ld"
						   "</node>: the guest has %d NUMA cell%s",
						   model, node_id, d->cell_count,
						   d->cell_count == 1 ? "" : "s");
			continue;
		}
		if (!named(n, "memory"))
			continue;
		if (d->memdev_count == NP_DOMAIN_MAX_MEMDEVS)
			return np_xml_fail(p->err, p->path, n, "more than %d memory devices",
					   NP_DOMAIN_MAX_MEMDEVS);
		struct np_domain_memdev *m = &d->memdevs[d->memdev_count];
		memset(m, 0, sizeof(*m));
		if (attr_text(p, n, "memory", "model", m->model, sizeof(m->model)) < 0)
			return np_xml_fail(p->err, p->path, n,
					   "<devices><memory> needs a model (dimm, nvdimm, virtio-mem, "
					   "virtio-pmem, ...)");
		m->node = (int)node_id;
		m->line = (int)xmlGetLineNo(n);
		xmlNodePtr size = child(target, "size");
		if (size && element_size(p, size, "size", &m->size_bytes) < 0)
			return -1;
		xmlNodePtr address = child(target, "address");
		char base[64];
		int rc = address ? attr_text(p, address, "address", "base", base, sizeof(base)) : -1;
		if (rc == -2)
			return -1;
		if (rc == 0) {
			const char *digits = base;
			if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
				digits += 2;
			if (np_parse_hex(digits, &m->base, NULL) < 0)
				return np_xml_fail(p->err, p->path, address,
						   "<address base='%s'>: expected a hexadecimal "
						   "address",
						   base);
		}
		d->memdev_count++;
	}
	return 0;
}

/* Huge page sizes per guest node. A guest without <cpu><numa> has one
 * node, 0, and there nodeset='0' is the default size (as a <page> without
 * nodeset; with cells a nodeset stays a nodeset, even naming every cell).
 * Two defaults are refused, as are nodesets that share a node or name one
 * that does not exist. */
static int check_hugepages(struct parser *p, struct np_domain *d)
{
	struct np_idset node0;
	np_idset_clear(&node0);
	np_idset_add(&node0, 0);
	for (int h = 0; h < d->hugepage_count && d->cell_count == 0; h++) {
		struct np_domain_hugepage *page = &d->hugepages[h];
		if (page->has_nodeset && np_idset_equal(&page->nodeset, &node0))
			page->has_nodeset = false;
	}
	for (int h = 0; h < d->hugepage_count; h++) {
		const struct np_domain_hugepage *page = &d->hugepages[h];
		for (int o = 0; o < h; o++) {
			const struct np_domain_hugepage *other = &d->hugepages[o];
			if (!page->has_nodeset && !other->has_nodeset)
				return np_fail(p->err,
					       "%s: <hugepages>: two default page sizes, %llu and %llu "
					       "bytes (a <page> without nodeset is the default, and so "
					       "is nodeset='0' without <cpu><numa>)",
					       p->path, (unsigned long long)other->size_bytes,
					       (unsigned long long)page->size_bytes);
			int shared = -1;
			for (int n = page->has_nodeset && other->has_nodeset
					 ? np_idset_next(&page->nodeset, 0)
					 : -1;
			     n >= 0 && shared < 0; n = np_idset_next(&page->nodeset, n + 1))
				if (np_idset_has(&other->nodeset, n))
					shared = n;
			if (shared >= 0)
				return np_fail(p->err,
					       "%s: <hugepages>: the nodesets of the %llu- and %llu-byte "
					       "pages both name guest node %d",
					       p->path, (unsigned long long)other->size_bytes,
					       (unsigned long long)page->size_bytes, shared);
		}
		int beyond = page->has_nodeset ? np_idset_next(&page->nodeset, d->cell_count) : -1;
		if (beyond >= 0)
			return np_fail(p->err,
				       "%s: <hugepages><page nodeset>: guest node %d does not exist "
				       "(%d cell%s)",
				       p->path, beyond, d->cell_count, d->cell_count == 1 ? "" : "s");
	}
	return 0;
}

/* Memory devices: a node that exists (and one at all beside cells, but for
 * virtio-pmem), hotplug only with cells on x86, and virtio-mem/virtio-pmem
 * ranges that do not overlap. */
static int check_memory_devices(struct parser *p, const struct np_domain *d)
{
	if (d->has_max_memory && d->cell_count == 0 && is_x86(d->arch))
		return np_fail(p->err,
			       "%s: <maxMemory>: memory hotplug needs at least one guest NUMA cell "
			       "(<cpu><numa>)",
			       p->path);
	for (int i = 0; i < d->memdev_count; i++) {
		const struct np_domain_memdev *m = &d->memdevs[i];
		bool pmem = strcmp(m->model, "virtio-pmem") == 0;
		if (m->node >= d->cell_count)
			return np_fail(p->err,
				       "%s line %d: <memory model='%s'> <target><node>%d</node>: the "
				       "guest has %d NUMA cell%s",
				       p->path, m->line, m->model, m->node, d->cell_count,
				       d->cell_count == 1 ? "" : "s");
		if (m->node < 0 && d->cell_count && !pmem)
			return np_fail(p->err,
				       "%s line %d: <memory model='%s'>: a guest with NUMA cells needs "
				       "<target><node> for it",
				       p->path, m->line, m->model);
		if (!m->base)
			continue;
		uint64_t end;
		if (!np_add_u64(m->base, m->size_bytes, &end))
			end = UINT64_MAX; /* a range past the top of the address space */
		for (int j = 0; j < d->memdev_count; j++) {
			uint64_t other = d->memdevs[j].base;
			if (j != i && other && m->base <= other && other < end)
				return np_fail(p->err,
					       "%s line %d: <memory model='%s'>: its range [0x%llx, "
					       "0x%llx) overlaps the device at 0x%llx",
					       p->path, m->line, m->model,
					       (unsigned long long)m->base, (unsigned long long)end,
					       (unsigned long long)other);
		}
	}
	return 0;
}

uint64_t np_domain_device_memory(const struct np_domain *d, int cell)
{
	uint64_t total = 0;
	for (int i = 0; i < d->memdev_count; i++) {
		const struct np_domain_memdev *m = &d->memdevs[i];
		bool memory = strcmp(m->model, "dimm") == 0 || strcmp(m->model, "nvdimm") == 0 ||
			      strcmp(m->model, "virtio-mem") == 0;
		if (memory && (cell < 0 || m->node == cell))
			total += m->size_bytes;
	}
	return total;
}

/* Rules that need the whole document: what libvirt checks across
 * elements at define time. */
static int check_consistency(struct parser *p, struct np_domain *d)
{
	/* Each part is at most 16384, so their product can pass 2^64: it is
	 * multiplied with a check, never allowed to wrap onto the vCPU count. */
	uint64_t topology = 1;
	bool given = false, wrapped = false;
	int parts[] = {d->sockets, d->dies, d->clusters, d->cores, d->threads};
	for (int i = 0; i < 5; i++) {
		given |= parts[i] != 0;
		wrapped |= !np_mul_u64(topology, parts[i] ? (uint64_t)parts[i] : 1, &topology);
	}
	if (given && (wrapped || topology != (uint64_t)d->vcpus))
		return np_fail(p->err,
			       "%s: <cpu><topology> gives %s%llu CPUs (sockets x dies x clusters x "
			       "cores x threads) but <vcpu> is %d: they must match",
			       p->path, wrapped ? "more than " : "",
			       wrapped ? (unsigned long long)UINT64_MAX
				       : (unsigned long long)topology,
			       d->vcpus);
	if (d->memory_bytes == 0)
		return np_fail(p->err,
			       "%s: the guest's memory is 0: give <memory> or the cells' memory",
			       p->path);
	if (d->has_numatune_memory && !d->memory_auto && !d->has_memory_nodeset)
		return np_fail(p->err,
			       "%s: <numatune><memory> needs a nodeset unless placement='auto'",
			       p->path);
	if (d->memory_auto && d->memnode_count)
		return np_fail(p->err,
			       "%s line %d: <memnode cellid='%d'>: per-cell binding cannot be "
			       "combined with <memory placement='auto'>",
			       p->path, d->memnodes[0].line, d->memnodes[0].cellid);
	for (int i = 0; i < d->link_count; i++) {
		const struct np_domain_interconnect *link = &d->links[i];
		const char *kind = link->bandwidth ? "bandwidth" : "latency";
		for (int c = 0; c < d->cell_count; c++)
			if (d->cells[c].id == link->initiator && !d->cells[c].has_cpus)
				return np_fail(p->err,
					       "%s: <%s initiator='%d'>: a cell without CPUs "
					       "cannot be an initiator",
					       p->path, kind, link->initiator);
		if (link->cache > 0 &&
		    !(d->cells[link->target].cache_levels & (1u << link->cache)))
			return np_fail(p->err,
				       "%s: <%s initiator='%d' target='%d' cache='%d'>: cell %d has no "
				       "<cache level='%d'>",
				       p->path, kind, link->initiator, link->target, link->cache,
				       link->target, link->cache);
		/* The same figure twice: same kind, ends, cache and type. A link
		 * given one way covers the other: any later link between the
		 * same two cells the other way round is refused too. */
		for (int j = 0; j < i; j++) {
			const struct np_domain_interconnect *o = &d->links[j];
			if (o->bandwidth == link->bandwidth && o->initiator == link->initiator &&
			    o->target == link->target && o->cache == link->cache &&
			    strcmp(o->type, link->type) == 0)
				return np_fail(p->err,
					       "%s: <%s initiator='%d' target='%d' cache='%d' "
					       "type='%s'>: that figure is already given",
					       p->path, kind, link->initiator, link->target,
					       link->cache, link->type);
			if (link->initiator != link->target && o->initiator == link->target &&
			    o->target == link->initiator)
				return np_fail(p->err,
					       "%s: <%s initiator='%d' target='%d'>: the link between "
					       "cells %d and %d is already given the other way round "
					       "(a link covers both directions)",
					       p->path, kind, link->initiator, link->target,
					       link->initiator, link->target);
		}
	}
	/* restrictive goes all or nothing between <memory> and the memnodes
	 * (libvirt 9.0 checks only the first direction; newer ones both). */
	for (int i = 0; d->has_numatune_memory && i < d->memnode_count; i++) {
		const struct np_domain_memnode *m = &d->memnodes[i];
		if (d->memory_mode == NP_MODE_RESTRICTIVE && m->mode != NP_MODE_RESTRICTIVE)
			return np_fail(p->err,
				       "%s line %d: <memnode cellid='%d' mode='%s'>: with <memory "
				       "mode='restrictive'> every memnode must be restrictive too",
				       p->path, m->line, m->cellid, np_mem_mode_name(m->mode));
		if (m->mode == NP_MODE_RESTRICTIVE && d->memory_mode != NP_MODE_RESTRICTIVE)
			return np_fail(p->err,
				       "%s line %d: <memnode cellid='%d' mode='restrictive'>: needs "
				       "<memory mode='restrictive'> too (restrictive is all or "
				       "nothing)",
				       p->path, m->line, m->cellid);
	}
	return check_hugepages(p, d) < 0 || check_memory_devices(p, d) < 0 ? -1 : 0;
}

int np_domain_parse(const char *path, const char *text, size_t len, struct np_domain *out,
		    struct np_error *err)
{
	memset(out, 0, sizeof(*out));
	xmlDocPtr doc = np_xml_parse(path, text, len, err);
	if (!doc)
		return -1;
	struct parser p = {path, err};
	xmlNodePtr root = xmlDocGetRootElement(doc);
	int rc = 0;
	/* A libvirt status file holds the domain inside <domstatus>. */
	if (root && named(root, "domstatus"))
		root = child(root, "domain");
	if (!root || !named(root, "domain"))
		rc = np_fail(err, "%s: the root element is not <domain>", path);
	if (rc == 0) {
		xmlNodePtr name = child(root, "name");
		xmlChar *content = name ? xmlNodeGetContent(name) : NULL;
		snprintf(out->name, sizeof(out->name), "%s",
			 content ? (const char *)content : "unnamed");
		if (content)
			xmlFree(content);
	}
	if (rc == 0)
		rc = parse_vcpu(&p, root, out);
	if (rc == 0)
		rc = parse_cputune(&p, root, out);
	if (rc == 0)
		rc = parse_cpu(&p, root, out);
	if (rc == 0)
		rc = parse_numatune(&p, root, out);
	if (rc == 0)
		rc = parse_memory(&p, root, out);
	if (rc == 0)
		rc = parse_devices(&p, root, out);
	if (rc == 0)
		rc = check_consistency(&p, out);
	xmlFreeDoc(doc);
	return rc;
}

static void check_nodeset(const struct np_idset *nodeset, const char *what,
			  const struct np_topology *host, struct np_strbuf *warnings)
{
	for (int n = np_idset_next(nodeset, 0); n >= 0; n = np_idset_next(nodeset, n + 1)) {
		int index = np_topology_index(host, n);
		if (index < 0)
			np_sb_printf(warnings, "%s names host node %d, which does not exist\n",
				     what, n);
		else if (!host->nodes[index].has_memory)
			np_sb_printf(warnings, "%s names host node %d, which has no memory\n", what,
				     n);
	}
}

static void check_cpuset(const struct np_idset *cpuset, const char *what,
			 const struct np_topology *host, struct np_strbuf *warnings)
{
	struct np_idset absent = *cpuset;
	for (size_t i = 0; i < host->node_count; i++)
		for (int c = np_idset_next(&host->nodes[i].cpus, 0); c >= 0;
		     c = np_idset_next(&host->nodes[i].cpus, c + 1))
			np_idset_remove(&absent, c);
	if (!np_idset_empty(&absent)) {
		np_sb_printf(warnings, "%s names host CPUs ", what);
		np_idset_format(&absent, warnings);
		np_sb_puts(warnings, ", which do not exist\n");
	}
}

void np_domain_warnings(const struct np_domain *d, const struct np_topology *host,
			struct np_strbuf *warnings)
{
	if (d->cell_count) {
		struct np_idset covered;
		np_idset_clear(&covered);
		uint64_t total = 0;
		for (int c = 0; c < d->cell_count; c++) {
			for (int v = np_idset_next(&d->cells[c].cpus, 0); v >= 0;
			     v = np_idset_next(&d->cells[c].cpus, v + 1))
				np_idset_add(&covered, v);
			total += d->cells[c].memory_bytes;
		}
		struct np_idset uncovered;
		np_idset_clear(&uncovered);
		for (int v = 0; v < d->vcpus; v++)
			if (!np_idset_has(&covered, v))
				np_idset_add(&uncovered, v);
		if (!np_idset_empty(&uncovered)) {
			np_sb_puts(warnings, "vCPUs ");
			np_idset_format(&uncovered, warnings);
			np_sb_puts(warnings,
				   " are in no <cell>: libvirt quietly puts them in cell 0\n");
		}
		uint64_t devices = np_domain_device_memory(d, -1);
		if (total + devices != d->memory_bytes) {
			if (devices)
				np_sb_printf(warnings,
					     "the cells' memory and the memory devices add up to %llu "
					     "bytes (%llu + %llu) but <memory> says %llu: libvirt "
					     "replaces <memory> by the sum\n",
					     (unsigned long long)(total + devices),
					     (unsigned long long)total, (unsigned long long)devices,
					     (unsigned long long)d->memory_bytes);
			else
				np_sb_printf(warnings,
					     "the cells' memory adds up to %llu bytes but <memory> "
					     "says %llu: libvirt replaces <memory> by the cells' sum\n",
					     (unsigned long long)total,
					     (unsigned long long)d->memory_bytes);
		}
		for (int c = 0; c < d->cell_count; c++) {
			bool has = false;
			for (int m = 0; m < d->memnode_count; m++)
				has |= d->memnodes[m].cellid == d->cells[c].id;
			if (!has)
				np_sb_printf(warnings,
					     "<cell id='%d'> has no <memnode>: its memory lands by "
					     "first touch%s\n",
					     d->cells[c].id,
					     d->has_numatune_memory ? " within the <memory> nodeset"
								    : " on any host node");
		}
	}
	for (int i = 0; i < d->vcpupin_count; i++)
		if (d->vcpupins[i].id >= d->vcpus)
			np_sb_printf(
			    warnings,
			    "<vcpupin vcpu='%d'> pins a vCPU that does not exist (the guest "
			    "has %d): libvirt ignores it\n",
			    d->vcpupins[i].id, d->vcpus);
	if (d->has_numatune_memory && d->memory_mode == NP_MODE_PREFERRED &&
	    np_idset_count(&d->memory_nodeset) > 1)
		np_sb_printf(warnings,
			     "<numatune><memory mode='preferred'> names several nodes: preferred "
			     "means one node (older kernels use the first)\n");
	for (int m = 0; m < d->memnode_count; m++)
		if (d->memnodes[m].mode == NP_MODE_PREFERRED &&
		    np_idset_count(&d->memnodes[m].nodeset) > 1)
			np_sb_printf(warnings,
				     "<memnode cellid='%d' mode='preferred'> names several nodes: "
				     "preferred means one node\n",
				     d->memnodes[m].cellid);
	if (d->vcpu_auto)
		np_sb_printf(warnings,
			     "<vcpu placement='auto'>: numad picks the host CPUs at start; this "
			     "report assumes all host CPUs\n");
	if (d->memory_auto)
		np_sb_printf(warnings,
			     "<numatune><memory placement='auto'>: numad picks the nodes at start; "
			     "this report assumes first touch\n");
	if (!host)
		return;
	char what[64];
	if (d->has_memory_nodeset)
		check_nodeset(&d->memory_nodeset, "<numatune><memory nodeset>", host, warnings);
	for (int m = 0; m < d->memnode_count; m++) {
		snprintf(what, sizeof(what), "<memnode cellid='%d'>", d->memnodes[m].cellid);
		check_nodeset(&d->memnodes[m].nodeset, what, host, warnings);
	}
	if (d->has_vcpu_cpuset)
		check_cpuset(&d->vcpu_cpuset, "<vcpu cpuset>", host, warnings);
	for (int i = 0; i < d->vcpupin_count; i++) {
		snprintf(what, sizeof(what), "<vcpupin vcpu='%d'>", d->vcpupins[i].id);
		check_cpuset(&d->vcpupins[i].cpuset, what, host, warnings);
	}
	if (d->has_emulatorpin)
		check_cpuset(&d->emulatorpin, "<emulatorpin>", host, warnings);
}

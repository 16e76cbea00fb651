/* libvirt_status.c: libvirt's runtime status files; see libvirt_status.h. */
#include "libvirt_status.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "number.h"
#include "xml.h"

static int parse_pid(const char *text, pid_t *pid)
{
	uint64_t value;
	if (np_parse_uint(text, NP_PID_MAX, &value, NULL) < 0 || value == 0)
		return -1;
	*pid = (pid_t)value;
	return 0;
}

int np_libvirt_status_parse(const char *path, const char *text, size_t len,
			    struct np_libvirt_guest *out, struct np_error *err)
{
	memset(out, 0, sizeof(*out));
	xmlDocPtr doc = np_xml_parse(path, text, len, err);
	if (!doc)
		return -1;
	int rc = 0;
	char value[64];
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr domain = np_xml_child(root, "domain");
	xmlNodePtr name = np_xml_child(domain, "name");
	xmlChar *name_text = name ? xmlNodeGetContent(name) : NULL;
	if (!root || xmlStrcmp(root->name, BAD_CAST "domstatus") != 0) {
		rc = np_fail(err, "%s: the root element is not <domstatus>", path);
	} else if (np_xml_attr(root, "pid", value, sizeof(value)) < 0 ||
		   parse_pid(value, &out->pid) < 0) {
		rc = np_fail(err, "%s: <domstatus> has no valid pid attribute", path);
	} else if (!name_text || !*name_text) {
		rc = np_fail(err, "%s: no <domain><name>", path);
	} else if (strlen((const char *)name_text) >= sizeof(out->name)) {
		rc = np_fail(err, "%s: the <domain><name> is longer than %zu bytes", path,
			     sizeof(out->name) - 1);
	} else {
		snprintf(out->name, sizeof(out->name), "%s", (const char *)name_text);
		int next_index = 0;
		for (xmlNodePtr vcpu =
			 np_xml_child(root, "vcpus") ? np_xml_child(root, "vcpus")->children : NULL;
		     vcpu && rc == 0; vcpu = vcpu->next) {
			if (vcpu->type != XML_ELEMENT_NODE ||
			    xmlStrcmp(vcpu->name, BAD_CAST "vcpu"))
				continue;
			int index = next_index;
			int has_id = np_xml_attr(vcpu, "id", value, sizeof(value));
			if (has_id != -1) {
				uint64_t id;
				if (has_id == -2 ||
				    np_parse_uint(value, NP_MAX_VCPUS - 1, &id, NULL) < 0) {
					rc = np_fail(
					    err, "%s: <vcpu id='%s'> is not a vCPU index below %d",
					    path, value, NP_MAX_VCPUS);
					break;
				}
				index = (int)id;
			}
			pid_t tid;
			if (np_xml_attr(vcpu, "pid", value, sizeof(value)) < 0 ||
			    parse_pid(value, &tid) < 0) {
				rc = np_fail(err, "%s: <vcpu> %d has no valid pid attribute", path,
					     index);
				break;
			}
			if (index >= NP_MAX_VCPUS) {
				rc = np_fail(err, "%s: more than %d vCPUs", path, NP_MAX_VCPUS);
				break;
			}
			out->vcpu_tids[index] = tid;
			if (index + 1 > out->vcpu_count)
				out->vcpu_count = index + 1;
			next_index = index + 1;
		}
	}
	if (name_text)
		xmlFree(name_text);
	xmlFreeDoc(doc);
	return rc;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(((const struct np_libvirt_guest *)a)->name,
		      ((const struct np_libvirt_guest *)b)->name);
}

int np_libvirt_list(const struct np_roots *roots, struct np_libvirt_guest **guests, size_t *count,
		    struct np_strbuf *problems, struct np_error *err)
{
	*guests = NULL;
	*count = 0;
	DIR *dir = opendir(roots->libvirt_run);
	if (!dir)
		return errno == ENOENT ? 0
				       : np_fail(err, "%s: cannot list: %s", roots->libvirt_run,
						 strerror(errno));
	struct np_strbuf text;
	np_sb_init(&text);
	struct dirent *entry;
	size_t cap = 0;
	int rc = 0;
	while (rc == 0 && (entry = readdir(dir)) != NULL) {
		size_t len = strlen(entry->d_name);
		if (len < 5 || strcmp(entry->d_name + len - 4, ".xml") != 0 ||
		    entry->d_name[0] == '.')
			continue;
		char path[PATH_MAX];
		if (np_root_path(path, sizeof(path), roots->libvirt_run, entry->d_name, err) < 0) {
			rc = -1;
			break;
		}
		if (*count == cap) {
			cap = cap ? cap * 2 : 8;
			struct np_libvirt_guest *grown = realloc(*guests, cap * sizeof(**guests));
			if (!grown) {
				rc = np_fail(err, "out of memory");
				break;
			}
			*guests = grown;
		}
		struct np_error problem;
		if (np_read_bytes(path, &text, NULL, &problem) < 0 ||
		    np_libvirt_status_parse(path, np_sb_str(&text), text.len, &(*guests)[*count],
					    &problem) < 0) {
			np_sb_printf(problems, "%s\n", problem.message);
			continue;
		}
		(*count)++;
	}
	closedir(dir);
	np_sb_free(&text);
	if (rc < 0) {
		free(*guests);
		*guests = NULL;
		*count = 0;
		return -1;
	}
	if (*count > 1)
		qsort(*guests, *count, sizeof(**guests), compare_names);
	return 0;
}

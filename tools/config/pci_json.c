/* JSON of PCI: the system's "platform.pci" host and a cell's "pci_devices" and "pci_ecam_base". */
#include "config/pci_json.h"
#include "config/number.h"

#include <stdio.h>
#include <string.h>

bool config_parse_bdf(const char *s, uint16_t *bdf)
{
	int b1, b0, d1, d0, f;

	if (strlen(s) != 7 || s[2] != ':' || s[5] != '.')
		return false;
	b1 = number_hex_digit(s[0]);
	b0 = number_hex_digit(s[1]);
	d1 = number_hex_digit(s[3]);
	d0 = number_hex_digit(s[4]);
	f = s[6] - '0';
	if (b1 < 0 || b0 < 0 || d1 < 0 || d0 < 0 || f < 0 || f > 7)
		return false;
	if (d1 * 16 + d0 > 31)
		return false;
	*bdf = HVISOR_PCI_BDF(b1 * 16 + b0, d1 * 16 + d0, f);
	return true;
}

static void parse_windows(struct jobj *o, struct hvisor_pci_host *host)
{
	struct json_object *arr = jobj_get(o, "windows", false);
	struct jctx *c = o->ctx;
	size_t i, n, saved;

	if (!arr)
		return;
	saved = jctx_push_key(c, "windows");
	if (!json_object_is_type(arr, json_type_array)) {
		jctx_error(c, "expected an array of windows");
		goto out;
	}
	n = json_object_array_length(arr);
	if (n > HVISOR_PCI_MAX_WINDOWS) {
		jctx_error(c, "too many windows (%zu, at most %d)", n,
			   HVISOR_PCI_MAX_WINDOWS);
		goto out;
	}
	for (i = 0; i < n; i++) {
		size_t at = jctx_push_index(c, i);
		struct jobj w;

		if (jobj_begin(&w, c, json_object_array_get_idx(arr, i))) {
			jobj_u64(&w, "base", &host->windows[i].base);
			jobj_u64(&w, "size", &host->windows[i].size);
		}
		jobj_end(&w);
		jctx_pop(c, at);
	}
out:
	jctx_pop(c, saved);
}

static void parse_intx(struct jobj *o, struct hvisor_pci_host *host)
{
	struct json_object *arr = jobj_array(o, "intx_irqs");
	struct jctx *c = o->ctx;
	size_t i, saved;
	uint64_t v;

	if (!arr)
		return;
	saved = jctx_push_key(c, "intx_irqs");
	if (json_object_array_length(arr) != 4) {
		jctx_error(c, "expected 4 interrupts (INTA..INTD of device 0)");
		jctx_pop(c, saved);
		return;
	}
	for (i = 0; i < 4; i++) {
		size_t at = jctx_push_index(c, i);

		if (jval_u64(c, json_object_array_get_idx(arr, i), &v)) {
			if (v > UINT32_MAX)
				jctx_error(c, "interrupt out of range");
			else
				host->intx_irqs[i] = (uint32_t)v;
		}
		jctx_pop(c, at);
	}
	jctx_pop(c, saved);
}

void config_parse_pci_host(struct jobj *platform, struct hvisor_pci_host *host)
{
	struct jobj o, s;

	if (jobj_enter_opt(&o, platform, "pci")) {
		jobj_u64(&o, "ecam_base", &host->ecam_base);
		jobj_u64(&o, "ecam_size", &host->ecam_size);
		jobj_u32(&o, "bus_start", &host->bus_start);
		jobj_u32(&o, "bus_end", &host->bus_end);
		parse_intx(&o, host);
		parse_windows(&o, host);
		if (jobj_enter_opt(&s, &o, "smmu")) {
			jobj_u64(&s, "base", &host->smmu_base);
			jobj_u64(&s, "size", &host->smmu_size);
		}
		jobj_end(&s);
	}
	jobj_end(&o);
}

void config_parse_pci_devices(struct jobj *o, struct hvisor_cell_desc *cell)
{
	struct json_object *arr = jobj_get(o, "pci_devices", false);
	struct jctx *c = o->ctx;
	char what[64];
	size_t i, n, saved;

	jobj_u64_opt(o, "pci_ecam_base", &cell->pci_ecam_base);
	if (!arr)
		return;
	saved = jctx_push_key(c, "pci_devices");
	if (!json_object_is_type(arr, json_type_array)) {
		jctx_error(c,
			   "expected an array of \"BB:DD.F\" strings, got %s",
			   json_describe(arr, what, sizeof(what)));
		goto out;
	}
	n = json_object_array_length(arr);
	if (n > HVISOR_CELL_MAX_PCI_DEVICES) {
		jctx_error(c, "too many PCI devices (%zu, at most %d)", n,
			   HVISOR_CELL_MAX_PCI_DEVICES);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);
		size_t at = jctx_push_index(c, i);

		if (!json_object_is_type(v, json_type_string) ||
		    !config_parse_bdf(json_object_get_string(v),
				      &cell->pci_devices[i].bdf))
			jctx_error(c,
				   "expected a device as \"BB:DD.F\" (hex bus "
				   "and device, function 0-7), got %s",
				   json_describe(v, what, sizeof(what)));
		jctx_pop(c, at);
	}
	cell->num_pci_devices = (uint32_t)n;
out:
	jctx_pop(c, saved);
}

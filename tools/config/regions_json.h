/* JSON memory regions and ID lists, shared by system and cell configs. */
#ifndef HVISOR_TOOLS_CONFIG_REGIONS_JSON_H
#define HVISOR_TOOLS_CONFIG_REGIONS_JSON_H

#include "config/arch.h"
#include "config/json_read.h"

#include <hvisor/config.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Region type names, indexed by HVISOR_MEM_TYPE_*, NULL-terminated. */
extern const char *const config_region_types[];

/*
 * Reads the array field "memory_regions" of o. Root cell rules (cell
 * false): every region has phys_start and flags. Cell rules (cell true):
 * ram and io regions have phys_start and flags; virtio and testdev regions
 * have no phys_start, need virt_start and take no flags; a virtio region
 * may have "irq" (in the arch's range for them, see struct
 * config_arch_ops), kept in its flags (HVISOR_MEM_VIRTIO_IRQ,
 * include/hvisor/virtio.h). virt_start defaults to phys_start; io regions
 * get HVISOR_MEM_IO. Returns the regions (calloc'ed, *count of them; free
 * them) or NULL with *count 0.
 */
struct hvisor_mem_region *
config_parse_regions(struct jobj *o, const struct config_arch_ops *arch,
		     bool cell, size_t *count);

/* Reads the ID list field key of o (see id_list.h) into bitmap. */
void config_parse_ids(struct jobj *o, const char *key, unsigned int limit,
		      const char *what, uint32_t *bitmap);

#endif

/* Helpers of the config create unit tests (tests/unit/test_config_create*.c). */
#ifndef HVISOR_TEST_CREATE_UTIL_H
#define HVISOR_TEST_CREATE_UTIL_H

#include "config/blob.h"
#include "create/create.h"

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

/* Reads the machine files under dir (relative to the top); fails the test if it cannot. */
void read_machine(struct machine *m, const char *dir);

/* create_root() of m for ops; fails the test with its messages if it refuses. */
struct json_object *generate_root(struct machine *m,
				  const struct create_arch_ops *ops,
				  uint64_t hv_size);

/* A JSON file under the top, parsed. */
struct json_object *read_json(const char *relative);

/* The value at a dotted path ("platform.uart.base"); fails if absent. */
struct json_object *at(struct json_object *o, const char *path);

/* A number or "0x..." string at path. */
uint64_t num(struct json_object *o, const char *path);

/* The binary config of a generated root (system NULL) or cell config, checked; fails the test if it does not pass. */
void build(struct json_object *o, const struct config_blob *system,
	   struct config_blob *out);

/* Region i of a root config as (type, start, end, flags text). */
void region_of(struct json_object *o, size_t i, const char **type,
	       uint64_t *start, uint64_t *end, const char **flags);

size_t num_regions(struct json_object *o);

/* A root config generated from the machine files under dir, checked. */
struct root_fixture {
	struct machine m;
	struct config_blob system;
};

struct root_fixture *root_fixture_new(const char *dir,
				      const struct create_arch_ops *ops);
void root_fixture_free(struct root_fixture *f);

/* create_cell() against f's root, built into out; fails the test if refused. */
struct json_object *generate_cell(struct root_fixture *f,
				  const struct create_arch_ops *ops,
				  const struct create_cell_request *req,
				  struct config_blob *out);

#endif

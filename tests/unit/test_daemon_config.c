/* The daemon's JSON config: devices matched with the cell config's virtio regions, and every error. */
#include "daemon_config.h"
#include "test_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* A cell config with shared RAM and four virtio regions, the last without irq. */
static const char cell_json[] =
	"{ \"name\": \"linux\", \"cpus\": [2], \"entry\": \"0x90000000\","
	"  \"memory_regions\": ["
	"    { \"type\": \"ram\", \"phys_start\": \"0x90000000\","
	"      \"size\": \"0x1000000\","
	"      \"flags\": [\"read\", \"write\", \"loadable\", \"rootshared\"] },"
	"    { \"type\": \"ram\", \"phys_start\": \"0x91000000\","
	"      \"virt_start\": \"0x40000000\", \"size\": \"0x100000\","
	"      \"flags\": [\"read\", \"write\", \"rootshared\"] },"
	"    { \"type\": \"ram\", \"phys_start\": \"0x92000000\","
	"      \"size\": \"0x100000\", \"flags\": [\"read\", \"write\"] },"
	"    { \"type\": \"virtio\", \"virt_start\": \"0x0a000000\","
	"      \"size\": \"0x1000\", \"irq\": 80 },"
	"    { \"type\": \"virtio\", \"virt_start\": \"0x0a001000\","
	"      \"size\": \"0x1000\", \"irq\": 81 },"
	"    { \"type\": \"virtio\", \"virt_start\": \"0x0a002000\","
	"      \"size\": \"0x1000\", \"irq\": 82 },"
	"    { \"type\": \"virtio\", \"virt_start\": \"0x0a003000\","
	"      \"size\": \"0x1000\" } ],"
	"  \"interrupts\": [] }";

/* The same cell without shared RAM. */
static const char private_json[] =
	"{ \"name\": \"private\", \"cpus\": [3], \"entry\": \"0x90000000\","
	"  \"memory_regions\": ["
	"    { \"type\": \"ram\", \"phys_start\": \"0x90000000\","
	"      \"size\": \"0x1000000\", \"flags\": [\"read\", \"write\"] },"
	"    { \"type\": \"virtio\", \"virt_start\": \"0x0a000000\","
	"      \"size\": \"0x1000\", \"irq\": 80 } ],"
	"  \"interrupts\": [] }";

static char dir[64], cell_path[128], private_path[128];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static int make_files(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/hvisor-daemon-test.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(cell_path, sizeof(cell_path), "%s/linux.json", dir);
	snprintf(private_path, sizeof(private_path), "%s/private.json", dir);
	write_file(cell_path, cell_json);
	write_file(private_path, private_json);
	return 0;
}

static int remove_files(void **state)
{
	(void)state;
	unlink(cell_path);
	unlink(private_path);
	rmdir(dir);
	return 0;
}

/* The daemon config the error cases patch. */
static struct json_object *base_config(void)
{
	char text[2048];
	struct json_object *root;

	snprintf(
		text, sizeof(text),
		"{ \"comment\": \"test\", \"cells\": [ {"
		"  \"name\": \"linux\", \"config\": \"%s\","
		"  \"devices\": ["
		"    { \"type\": \"blk\", \"address\": \"0x0a000000\","
		"      \"file\": \"/tmp/disk.img\", \"readonly\": true },"
		"    { \"type\": \"net\", \"address\": \"0x0a001000\","
		"      \"tap\": \"hvtap0\", \"mac\": \"52:54:00:12:34:01\","
		"      \"switch\": \"sw0\" },"
		"    { \"type\": \"console\", \"address\": 167780352 } ] } ] }",
		cell_path);
	root = json_tokener_parse(text);
	assert_non_null(root);
	return root;
}

static int parse(struct json_object *root, struct dcfg *cfg, struct diag *d)
{
	const char *text = json_object_to_json_string(root);

	return dcfg_parse(text, strlen(text), "daemon.json", cfg, d);
}

static void test_good(void **state)
{
	struct json_object *root = base_config();
	struct dcfg *cfg = calloc(1, sizeof(*cfg));
	const struct dcfg_device *dev;
	const struct dcfg_cell *c;
	struct diag d;

	(void)state;
	assert_non_null(cfg);
	diag_init(&d);
	/* The console also logs. */
	json_patch(&root, "/cells/0/devices/2/log", "\"/tmp/con.log\"");
	json_patch(&root, "/cells/0/devices/2/pty", "true");
	assert_int_equal(parse(root, cfg, &d), 0);
	diag_print(&d, stderr);
	assert_int_equal(d.count, 0);
	assert_int_equal(cfg->num_cells, 1);
	c = &cfg->cell[0];
	assert_string_equal(c->name, "linux");
	assert_string_equal(c->config, cell_path);
	/* Only the rootshared RAM, at its guest-physical address. */
	assert_int_equal(c->num_ram, 2);
	assert_int_equal(c->ram[0].phys, 0x90000000);
	assert_int_equal(c->ram[0].gpa, 0x90000000);
	assert_int_equal(c->ram[0].size, 0x1000000);
	assert_int_equal(c->ram[1].phys, 0x91000000);
	assert_int_equal(c->ram[1].gpa, 0x40000000);
	assert_int_equal(c->num_devices, 3);
	dev = &c->dev[0];
	assert_int_equal(dev->type, DCFG_BLK);
	assert_int_equal(dev->address, 0x0a000000);
	assert_int_equal(dev->irq, 80);
	assert_int_equal(dev->region, 3);
	assert_int_equal(dev->size, 0x1000);
	assert_string_equal(dev->file, "/tmp/disk.img");
	assert_true(dev->readonly);
	assert_int_equal(dev->opt_io_kib, DCFG_OPT_IO_KIB);
	assert_int_equal(dev->queues,
			 1); /* a queue per vCPU: the cell has one */
	dev = &c->dev[1];
	assert_int_equal(dev->type, DCFG_NET);
	assert_int_equal(dev->irq, 81);
	assert_memory_equal(dev->mac, "\x52\x54\x00\x12\x34\x01", 6);
	assert_string_equal(dev->tap, "hvtap0");
	assert_string_equal(dev->sw, "sw0");
	dev = &c->dev[2];
	assert_int_equal(dev->type, DCFG_CONSOLE);
	assert_int_equal(dev->address, 0x0a002000);
	assert_int_equal(dev->irq, 82);
	assert_string_equal(dev->log, "/tmp/con.log");
	assert_true(dev->pty);
	diag_free(&d);
	json_object_put(root);

	/* Defaults: writable disk, MAC by position, no tap, pty console. */
	root = base_config();
	json_patch(&root, "/cells/0/devices/0/readonly", JSON_DELETE);
	json_patch(&root, "/cells/0/devices/1/mac", JSON_DELETE);
	json_patch(&root, "/cells/0/devices/1/tap", JSON_DELETE);
	json_patch(&root, "/cells/0/devices/1/switch", JSON_DELETE);
	diag_init(&d);
	assert_int_equal(parse(root, cfg, &d), 0);
	c = &cfg->cell[0];
	assert_false(c->dev[0].readonly);
	/* opt_io_kib: any size up to 64 MiB, 0 for no topology */
	json_patch(&root, "/cells/0/devices/0/opt_io_kib", "0");
	assert_int_equal(parse(root, cfg, &d), 0);
	assert_int_equal(c->dev[0].opt_io_kib, 0);
	json_patch(&root, "/cells/0/devices/0/opt_io_kib", "\"0x10000\"");
	assert_int_equal(parse(root, cfg, &d), 0);
	assert_int_equal(c->dev[0].opt_io_kib, 65536);
	json_patch(&root, "/cells/0/devices/0/opt_io_kib", JSON_DELETE);
	/* queues: 1 to 8 whatever the cell's vCPUs */
	json_patch(&root, "/cells/0/devices/0/queues", "8");
	assert_int_equal(parse(root, cfg, &d), 0);
	assert_int_equal(c->dev[0].queues, 8);
	json_patch(&root, "/cells/0/devices/0/queues", JSON_DELETE);
	assert_memory_equal(c->dev[1].mac, "\x52\x54\x00\x00\x01\x01", 6);
	assert_string_equal(c->dev[1].tap, "");
	assert_string_equal(c->dev[1].sw, "");
	assert_true(c->dev[2].pty);
	assert_string_equal(c->dev[2].log, "");
	/* A log alone means no pty. */
	json_patch(&root, "/cells/0/devices/2/log", "\"/tmp/con.log\"");
	assert_int_equal(parse(root, cfg, &d), 0);
	assert_false(cfg->cell[0].dev[2].pty);
	diag_free(&d);
	json_object_put(root);
	free(cfg);
}

static void test_parse_mac(void **state)
{
	uint8_t mac[6];

	(void)state;
	assert_true(dcfg_parse_mac("52:54:00:ab:CD:ef", mac));
	assert_memory_equal(mac, "\x52\x54\x00\xab\xcd\xef", 6);
	assert_false(dcfg_parse_mac("52:54:00:ab:cd", mac));
	assert_false(dcfg_parse_mac("52:54:00:ab:cd:ef:", mac));
	assert_false(dcfg_parse_mac("52:54:00:ab:cd:e", mac));
	assert_false(dcfg_parse_mac("52-54-00-ab-cd-ef", mac));
	assert_false(dcfg_parse_mac("52:54:00:ab:cd:+f", mac));
	assert_false(dcfg_parse_mac("52:54:00:ab:cd:0x1", mac));
	assert_false(dcfg_parse_mac("", mac));
}

struct bad_case {
	const char *what;
	const char *patch[3][2]; /* pointer, JSON */
	const char *file; /* NULL: daemon.json */
	const char *path;
	const char *message; /* start, after "FILE: PATH: " */
};

/* Filled in at run time: the cell config paths. */
#define CELL_FILE "<cell>"

static const struct bad_case bad_cases[] = {
	{ "address of no virtio region",
	  { { "/cells/0/devices/0/address", "\"0x0a004000\"" } },
	  NULL,
	  "cells[0].devices[0].address",
	  "0xa004000 is not the virt_start of a virtio region of " },
	{ "address inside a region, not its start",
	  { { "/cells/0/devices/0/address", "\"0x0a000200\"" } },
	  NULL,
	  "cells[0].devices[0].address",
	  "0xa000200 is not the virt_start of a virtio region of " },
	{ "address of a ram region",
	  { { "/cells/0/devices/0/address", "\"0x90000000\"" } },
	  NULL,
	  "cells[0].devices[0].address",
	  "0x90000000 is not the virt_start" },
	{ "region without irq",
	  { { "/cells/0/devices/0/address", "\"0x0a003000\"" } },
	  NULL,
	  "cells[0].devices[0].address",
	  "memory_regions[6] of " },
	{ "two devices at one address",
	  { { "/cells/0/devices/2/address", "\"0x0a001000\"" } },
	  NULL,
	  "cells[0].devices[2]",
	  "has the address of cells[0].devices[1]" },
	{ "unknown device type",
	  { { "/cells/0/devices/0/type", "\"scsi\"" } },
	  NULL,
	  "cells[0].devices[0].type",
	  "unknown device type \"scsi\" (expected one of: blk, net, console)" },
	{ "field of another device type",
	  { { "/cells/0/devices/0/mac", "\"52:54:00:00:00:01\"" } },
	  NULL,
	  "cells[0].devices[0].mac",
	  "unknown field (expected one of: type, address, file, readonly, delay_ms, opt_io_kib, queues)" },
	{ "unknown cell field",
	  { { "/cells/0/disks", "[]" } },
	  NULL,
	  "cells[0].disks",
	  "unknown field" },
	{ "blk without file",
	  { { "/cells/0/devices/0/file", JSON_DELETE } },
	  NULL,
	  "cells[0].devices[0].file",
	  "missing required field" },
	{ "blk with an empty file",
	  { { "/cells/0/devices/0/file", "\"\"" } },
	  NULL,
	  "cells[0].devices[0].file",
	  "must not be empty" },
	{ "readonly not a boolean",
	  { { "/cells/0/devices/0/readonly", "\"yes\"" } },
	  NULL,
	  "cells[0].devices[0].readonly",
	  "expected true or false, got string" },
	{ "delay_ms too long",
	  { { "/cells/0/devices/0/delay_ms", "60001" } },
	  NULL,
	  "cells[0].devices[0].delay_ms",
	  "must be at most 60000" },
	{ "opt_io_kib too large",
	  { { "/cells/0/devices/0/opt_io_kib", "65537" } },
	  NULL,
	  "cells[0].devices[0].opt_io_kib",
	  "must be at most 65536" },
	{ "opt_io_kib negative",
	  { { "/cells/0/devices/0/opt_io_kib", "-1" } },
	  NULL,
	  "cells[0].devices[0].opt_io_kib",
	  "must not be negative" },
	{ "no queues",
	  { { "/cells/0/devices/0/queues", "0" } },
	  NULL,
	  "cells[0].devices[0].queues",
	  "must be 1 to 8" },
	{ "too many queues",
	  { { "/cells/0/devices/0/queues", "9" } },
	  NULL,
	  "cells[0].devices[0].queues",
	  "must be 1 to 8" },
	{ "address missing",
	  { { "/cells/0/devices/0/address", JSON_DELETE } },
	  NULL,
	  "cells[0].devices[0].address",
	  "missing required field" },
	{ "bad MAC",
	  { { "/cells/0/devices/1/mac", "\"52:54:00:12:34\"" } },
	  NULL,
	  "cells[0].devices[1].mac",
	  "\"52:54:00:12:34\" is not a MAC address" },
	{ "multicast MAC",
	  { { "/cells/0/devices/1/mac", "\"01:00:5e:00:00:01\"" } },
	  NULL,
	  "cells[0].devices[1].mac",
	  "\"01:00:5e:00:00:01\" is a multicast address" },
	{ "zero MAC",
	  { { "/cells/0/devices/1/mac", "\"00:00:00:00:00:00\"" } },
	  NULL,
	  "cells[0].devices[1].mac",
	  "\"00:00:00:00:00:00\" is all zeros" },
	{ "bad tap name",
	  { { "/cells/0/devices/1/tap", "\"tap/0\"" } },
	  NULL,
	  "cells[0].devices[1].tap",
	  "\"tap/0\" is not an interface name" },
	{ "tap name too long",
	  { { "/cells/0/devices/1/tap", "\"abcdefghijklmnop\"" } },
	  NULL,
	  "cells[0].devices[1].tap",
	  "is too long" },
	{ "empty switch name",
	  { { "/cells/0/devices/1/switch", "\"\"" } },
	  NULL,
	  "cells[0].devices[1].switch",
	  "must not be empty" },
	{ "tap shared by devices on their own switches",
	  { { "/cells/0/devices/1/switch", JSON_DELETE },
	    { "/cells/0/devices/2",
	      "{ \"type\": \"net\", \"address\": \"0x0a002000\","
	      " \"tap\": \"hvtap0\" }" } },
	  NULL,
	  "cells[0].devices[2]",
	  "names the tap of (only devices on one named switch may share a tap) cells[0].devices[1]" },
	{ "one MAC twice on a switch",
	  { { "/cells/0/devices/2",
	      "{ \"type\": \"net\", \"address\": \"0x0a002000\","
	      " \"switch\": \"sw0\", \"mac\": \"52:54:00:12:34:01\" }" } },
	  NULL,
	  "cells[0].devices[2]",
	  "has the MAC address, on the same switch, of cells[0].devices[1]" },
	{ "console with neither pty nor log",
	  { { "/cells/0/devices/2/pty", "false" } },
	  NULL,
	  "cells[0].devices[2].pty",
	  "is false but there is no \"log\"" },
	{ "console with an empty log",
	  { { "/cells/0/devices/2/log", "\"\"" } },
	  NULL,
	  "cells[0].devices[2].log",
	  "must not be empty" },
	{ "name differs from the cell config",
	  { { "/cells/0/name", "\"linux9\"" } },
	  NULL,
	  "cells[0].name",
	  "\"linux9\" but " },
	{ "cell config without shared RAM",
	  { { "/cells/0/name", "\"private\"" },
	    { "/cells/0/config", "\"<private>\"" },
	    { "/cells/0/devices", "[{ \"type\": \"blk\", \"address\": "
				  "\"0x0a000000\", \"file\": \"d\" }]" } },
	  NULL,
	  "cells[0].config",
	  "<private> has no ram region with the \"rootshared\" flag" },
	{ "cell config missing",
	  { { "/cells/0/config", "\"/nonexistent/linux.json\"" } },
	  "/nonexistent/linux.json",
	  NULL,
	  "cannot open" },
	{ "cell config not a cell config",
	  { { "/cells/0/config", "\"<daemon>\"" } },
	  "<daemon>",
	  "name",
	  "missing required field" },
	{ "no devices",
	  { { "/cells/0/devices", "[]" } },
	  NULL,
	  "cells[0].devices",
	  "must list at least one device" },
	{ "no cells",
	  { { "/cells", "[]" } },
	  NULL,
	  "cells",
	  "must list at least one cell" },
	{ "cells not an array",
	  { { "/cells", "{}" } },
	  NULL,
	  "cells",
	  "expected an array" },
	{ "the same cell twice",
	  { { "/cells/-", "{ \"name\": \"linux\", \"config\": \"<cell>\","
			  " \"devices\": [{ \"type\": \"console\","
			  " \"address\": \"0x0a002000\" }] }" } },
	  NULL,
	  "cells[1].name",
	  "\"linux\" is also cells[0]" },
	{ "unknown top-level field",
	  { { "/devices", "[]" } },
	  NULL,
	  "devices",
	  "unknown field" },
};

/* Replaces the <cell>, <private> and <daemon> markers by real paths. */
static const char *expand(const char *s, const char *daemon_path, char *buf,
			  size_t size)
{
	const char *marks[3] = { "<cell>", "<private>", "<daemon>" };
	const char *paths[3] = { cell_path, private_path, daemon_path };
	unsigned int i;
	const char *m;

	for (i = 0; i < 3; i++) {
		m = strstr(s, marks[i]);
		if (m) {
			snprintf(buf, size, "%.*s%s%s", (int)(m - s), s,
				 paths[i], m + strlen(marks[i]));
			return buf;
		}
	}
	return s;
}

static void test_bad_configs(void **state)
{
	struct dcfg *cfg = calloc(1, sizeof(*cfg));
	char daemon_path[160], json[1024], file[256], msg[512];
	struct json_object *root;
	unsigned int i, j;
	struct diag d;

	(void)state;
	assert_non_null(cfg);
	snprintf(daemon_path, sizeof(daemon_path), "%s/daemon.json", dir);
	root = base_config();
	write_file(daemon_path, json_object_to_json_string(root));
	json_object_put(root);
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *b = &bad_cases[i];

		print_message("case: %s\n", b->what);
		root = base_config();
		for (j = 0; j < 3 && b->patch[j][0]; j++)
			json_patch(&root, b->patch[j][0],
				   expand(b->patch[j][1], daemon_path, json,
					  sizeof(json)));
		diag_init(&d);
		assert_int_equal(parse(root, cfg, &d), -1);
		assert_true(d.count >= 1);
		snprintf(file, sizeof(file), "%s",
			 b->file ? expand(b->file, daemon_path, json,
					  sizeof(json)) :
				   "daemon.json");
		expand(b->message, daemon_path, msg, sizeof(msg));
		if (!strstr(b->message, "<"))
			snprintf(msg, sizeof(msg), "%s", b->message);
		assert_message(d.msgs[0], file, b->path, msg);
		diag_free(&d);
		json_object_put(root);
	}
	unlink(daemon_path);
	free(cfg);
}

/* dcfg_load reads the file; the example in configs/ names a real cell config. */
static void test_load(void **state)
{
	struct dcfg *cfg = calloc(1, sizeof(*cfg));
	char path[160];
	struct json_object *root = base_config();
	struct diag d;

	(void)state;
	assert_non_null(cfg);
	snprintf(path, sizeof(path), "%s/load.json", dir);
	write_file(path, json_object_to_json_string(root));
	json_object_put(root);
	diag_init(&d);
	assert_int_equal(dcfg_load(path, cfg, &d), 0);
	assert_int_equal(cfg->cell[0].num_devices, 3);
	unlink(path);
	assert_int_equal(dcfg_load(path, cfg, &d), -1);
	assert_int_equal(d.count, 1);
	assert_message(d.msgs[0], path, NULL, "cannot open");
	diag_free(&d);
	free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_parse_mac),
		cmocka_unit_test(test_bad_configs),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, make_files, remove_files);
}

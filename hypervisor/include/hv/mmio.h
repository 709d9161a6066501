/* Arch-neutral MMIO emulation: EmuContext and dispatch by guest-physical range. */
#ifndef HV_MMIO_H
#define HV_MMIO_H

#include <hv/types.h>

struct cell;
struct per_cpu;

/* One trapped guest access, decoded by the arch from the fault. */
struct emu_context {
	u64 address; /* guest-physical */
	u64 value; /* written value, or the value read */
	unsigned int width; /* bytes: 1, 2, 4, 8 */
	bool write;
	bool sign_ext; /* sign-extend a read into the register */
	unsigned int reg; /* destination/source register number */
	unsigned int reg_width; /* 4 or 8 bytes */
	struct cell *cell;
	unsigned int cpu; /* physical CPU / vCPU id */
};

enum mmio_result {
	MMIO_HANDLED,
	MMIO_UNHANDLED, /* no device claims the address */
	MMIO_ERROR, /* claimed, but the access is invalid */
	MMIO_RETRY, /* mapped now (a change under way): run it again */
};

typedef enum mmio_result (*mmio_handler_t)(void *arg, struct emu_context *ctx,
					   u64 offset);

struct mmio_region {
	u64 start;
	u64 size;
	mmio_handler_t handler;
	void *arg;
};

#define MAX_MMIO_REGIONS 32

struct mmio_table {
	unsigned int num;
	struct mmio_region regions[MAX_MMIO_REGIONS];
};

int mmio_register(struct cell *cell, u64 start, u64 size,
		  mmio_handler_t handler, void *arg);
enum mmio_result mmio_dispatch(struct emu_context *ctx);

/* Raw device accessors through the hypervisor's own mapping. */
u64 mmio_read(u64 addr, unsigned int width);
void mmio_write(u64 addr, unsigned int width, u64 value);

#endif

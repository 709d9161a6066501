/* Sends hand-made binary system configs (for the arch it is built for) to HVISOR_IOCTL_ENABLE: checks the driver and hypervisor refuse bad ones. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <hvisor/config.h>
#include <hvisor/ioctl.h>

#define NREG 3

struct blob {
	struct hvisor_system sys;
	struct hvisor_mem_region regions[NREG];
};

#if defined(__riscv)
#define ARCH HVISOR_ARCH_RISCV64
#define OTHER_ARCH HVISOR_ARCH_ARM64
#define HV_BASE 0xc0000000ULL
#define RAM_BASE 0x80080000ULL /* after OpenSBI */
#define RAM_SIZE 0x3ff80000ULL
#define UART_BASE 0x10000000ULL

static void base_platform(struct hvisor_platform *p)
{
	*p = (struct hvisor_platform){
		.num_cpus = 4,
		.uart = { .base = UART_BASE,
			  .size = 0x1000,
			  .type = HVISOR_CONSOLE_8250 },
		.arch.riscv64 = { .timebase_frequency = 10000000,
				  .irqchip = HVISOR_IRQCHIP_PLIC,
				  .num_sources = 96,
				  .plic_base = 0x0c000000,
				  .plic_size = 0x600000,
				  .contexts_per_hart = 2,
				  .s_context = 1 },
	};
}

/* PLIC sources 1-95, as root.json: the PLIC filter disables any other. */
static void base_irqs(uint32_t *irqs)
{
	unsigned int i;

	for (i = 1; i < 96; i++)
		irqs[i / 32] |= 1u << (i % 32);
}
#else
#define ARCH HVISOR_ARCH_ARM64
#define OTHER_ARCH HVISOR_ARCH_RISCV64
#define HV_BASE 0x80000000ULL
#define RAM_BASE 0x40000000ULL
#define RAM_SIZE 0x40000000ULL
#define UART_BASE 0x09000000ULL

static void base_platform(struct hvisor_platform *p)
{
	*p = (struct hvisor_platform){
		.num_cpus = 4,
		.uart = { .base = UART_BASE,
			  .size = 0x1000,
			  .type = HVISOR_CONSOLE_PL011 },
		.arch.arm64 = { .gicd_base = 0x08000000,
				.gicd_size = 0x10000,
				.gicr_base = 0x080a0000,
				.gicr_size = 0xf60000,
				.gic_version = HVISOR_GIC_V3,
				.maintenance_irq = 25 },
	};
}

/* None: the GIC does not filter the root. */
static void base_irqs(uint32_t *irqs)
{
	(void)irqs;
}
#endif

/* A structurally sound config like root.json (root RAM, UART, a second RAM). */
static void base(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	memcpy(b->sys.magic, HVISOR_SYSTEM_MAGIC, 8);
	b->sys.version = HVISOR_CONFIG_VERSION;
	b->sys.size = sizeof(*b);
	b->sys.arch = ARCH;
	b->sys.hypervisor_phys = HV_BASE;
	b->sys.hypervisor_size = 0x4000000;
	base_platform(&b->sys.platform);
	memcpy(b->sys.root_cell.magic, HVISOR_CELL_MAGIC, 8);
	b->sys.root_cell.version = HVISOR_CONFIG_VERSION;
	b->sys.root_cell.arch = ARCH;
	b->sys.root_cell.size = sizeof(b->sys.root_cell) + sizeof(b->regions);
	strcpy(b->sys.root_cell.name, "root");
	b->sys.root_cell.cpus = 0xf;
	base_irqs(b->sys.root_cell.irqs);
	b->sys.root_cell.num_mem_regions = NREG;
	b->regions[0] =
		(struct hvisor_mem_region){ RAM_BASE, RAM_BASE, RAM_SIZE,
					    HVISOR_MEM_READ | HVISOR_MEM_WRITE |
						    HVISOR_MEM_EXECUTE,
					    HVISOR_MEM_TYPE_RAM };
	b->regions[1] =
		(struct hvisor_mem_region){ UART_BASE, UART_BASE, 0x1000,
					    HVISOR_MEM_READ | HVISOR_MEM_WRITE |
						    HVISOR_MEM_IO,
					    HVISOR_MEM_TYPE_IO };
	b->regions[2] = (struct hvisor_mem_region){
		HV_BASE + 0x4000000, HV_BASE + 0x4000000, 0x3c000000,
		HVISOR_MEM_READ | HVISOR_MEM_WRITE, HVISOR_MEM_TYPE_RAM
	};
}

int main(int argc, char **argv)
{
	struct hvisor_enable_args a;
	struct blob b;
	int fd, ret;

	if (argc != 2) {
		fprintf(stderr,
			"usage: rawenable none|magic|version|size|overlap|cpu|arch\n");
		return 2;
	}
	base(&b);
	if (!strcmp(argv[1], "none"))
		; /* the base blob itself: must be accepted */
	else if (!strcmp(argv[1], "magic"))
		b.sys.magic[0] = 'X';
	else if (!strcmp(argv[1], "version"))
		b.sys.version = 99;
	else if (!strcmp(argv[1], "size"))
		b.sys.size += 8;
	else if (!strcmp(argv[1], "overlap")) /* UART region inside root RAM */
		b.regions[1].phys_start = b.regions[1].virt_start =
			RAM_BASE + 0x1000;
	else if (!strcmp(argv[1], "cpu")) /* a CPU that does not exist */
		b.sys.root_cell.cpus = 0x1f;
	else if (!strcmp(argv[1], "arch")) /* a config for another arch */
		b.sys.arch = b.sys.root_cell.arch = OTHER_ARCH;
	else
		return 2;
	fd = open("/dev/hvisor", O_RDWR);
	if (fd < 0) {
		perror("/dev/hvisor");
		return 2;
	}
	a.config = (unsigned long)&b;
	a.size = sizeof(b);
	ret = ioctl(fd, HVISOR_IOCTL_ENABLE, &a);
	printf("%s: %s\n", argv[1], ret ? strerror(errno) : "accepted");
	return ret ? 1 : 0;
}

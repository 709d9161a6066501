/* Sends hand-made binary system configs to HVISOR_IOCTL_ENABLE: checks the driver and hypervisor refuse bad ones. */
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

/* A structurally sound config like root.json (root RAM, UART, a second RAM). */
static void base(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	memcpy(b->sys.magic, HVISOR_SYSTEM_MAGIC, 8);
	b->sys.version = HVISOR_CONFIG_VERSION;
	b->sys.size = sizeof(*b);
	b->sys.arch = HVISOR_ARCH_ARM64;
	b->sys.hypervisor_phys = 0x80000000;
	b->sys.hypervisor_size = 0x4000000;
	b->sys.platform = (struct hvisor_platform){
		.num_cpus = 4,
		.uart = { .base = 0x09000000,
			  .size = 0x1000,
			  .type = HVISOR_CONSOLE_PL011 },
		.arch.arm64 = { .gicd_base = 0x08000000,
				.gicd_size = 0x10000,
				.gicr_base = 0x080a0000,
				.gicr_size = 0xf60000,
				.gic_version = HVISOR_GIC_V3,
				.maintenance_irq = 25 },
	};
	memcpy(b->sys.root_cell.magic, HVISOR_CELL_MAGIC, 8);
	b->sys.root_cell.version = HVISOR_CONFIG_VERSION;
	b->sys.root_cell.arch = HVISOR_ARCH_ARM64;
	b->sys.root_cell.size = sizeof(b->sys.root_cell) + sizeof(b->regions);
	strcpy(b->sys.root_cell.name, "root");
	b->sys.root_cell.cpus = 0xf;
	b->sys.root_cell.num_mem_regions = NREG;
	b->regions[0] =
		(struct hvisor_mem_region){ 0x40000000, 0x40000000, 0x40000000,
					    HVISOR_MEM_READ | HVISOR_MEM_WRITE |
						    HVISOR_MEM_EXECUTE,
					    HVISOR_MEM_TYPE_RAM };
	b->regions[1] =
		(struct hvisor_mem_region){ 0x09000000, 0x09000000, 0x1000,
					    HVISOR_MEM_READ | HVISOR_MEM_WRITE |
						    HVISOR_MEM_IO,
					    HVISOR_MEM_TYPE_IO };
	b->regions[2] =
		(struct hvisor_mem_region){ 0x84000000, 0x84000000, 0x3c000000,
					    HVISOR_MEM_READ | HVISOR_MEM_WRITE,
					    HVISOR_MEM_TYPE_RAM };
}

int main(int argc, char **argv)
{
	struct hvisor_enable_args a;
	struct blob b;
	int fd, ret;

	if (argc != 2) {
		fprintf(stderr,
			"usage: rawenable magic|version|size|overlap|cpu|arch\n");
		return 2;
	}
	base(&b);
	if (!strcmp(argv[1], "magic"))
		b.sys.magic[0] = 'X';
	else if (!strcmp(argv[1], "version"))
		b.sys.version = 99;
	else if (!strcmp(argv[1], "size"))
		b.sys.size += 8;
	else if (!strcmp(argv[1], "overlap")) /* UART region inside root RAM */
		b.regions[1].phys_start = b.regions[1].virt_start = 0x40001000;
	else if (!strcmp(argv[1], "cpu")) /* a CPU that does not exist */
		b.sys.root_cell.cpus = 0x1f;
	else if (!strcmp(argv[1], "arch")) /* a config for another arch */
		b.sys.arch = b.sys.root_cell.arch = HVISOR_ARCH_RISCV64;
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

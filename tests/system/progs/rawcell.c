/* Hands hand-made binary cell configs straight to the driver, past the CLI's checks: rawcell good|CASE. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <hvisor/config.h>
#include <hvisor/ioctl.h>

#define NREG 2

struct blob {
	struct hvisor_cell_desc cell;
	struct hvisor_mem_region regions[NREG];
};

/* A cell like testguest.json: CPU 3, loadable RAM, a rootshared mailbox. */
static void base(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	memcpy(b->cell.magic, HVISOR_CELL_MAGIC, 8);
	b->cell.version = HVISOR_CONFIG_VERSION;
	b->cell.size = sizeof(*b);
	b->cell.arch = HVISOR_ARCH_ARM64;
	strcpy(b->cell.name, "raw");
	b->cell.cpus = 1u << 3;
	b->cell.entry = 0x90000000;
	b->cell.num_mem_regions = NREG;
	b->regions[0] =
		(struct hvisor_mem_region){ 0x90000000, 0x90000000, 0xffff000,
					    HVISOR_MEM_READ | HVISOR_MEM_WRITE |
						    HVISOR_MEM_EXECUTE |
						    HVISOR_MEM_LOADABLE,
					    HVISOR_MEM_TYPE_RAM };
	b->regions[1] =
		(struct hvisor_mem_region){ 0x9ffff000, 0x9ffff000, 0x1000,
					    HVISOR_MEM_READ | HVISOR_MEM_WRITE |
						    HVISOR_MEM_ROOTSHARED,
					    HVISOR_MEM_TYPE_RAM };
}

static const char *const cases =
	"good wrap shared-wrap shared-from-0 size-wrap guest-wrap hv-memory "
	"arch";

int main(int argc, char **argv)
{
	struct hvisor_cell_create_args a;
	struct hvisor_mem_region *shared;
	struct blob b;
	int fd, ret;

	if (argc != 2) {
		fprintf(stderr, "usage: rawcell %s\n", cases);
		return 2;
	}
	base(&b);
	shared = &b.regions[1];
	if (!strcmp(argv[1], "good"))
		;
	else if (!strcmp(argv[1], "wrap")) /* RAM that wraps at 2^64 */
		b.regions[0].phys_start = 0xfffffffffff00000ULL;
	else if (!strcmp(argv[1], "shared-wrap"))
		shared->phys_start = 0xfffffffffffff000ULL;
	else if (!strcmp(argv[1], "shared-from-0")) { /* all memory, from 0 */
		shared->phys_start = 0;
		shared->size = 0xfffffffffffff000ULL;
	} else if (!strcmp(argv[1], "size-wrap"))
		b.regions[0].size = 0xfffffffffff00000ULL;
	else if (!strcmp(argv[1], "guest-wrap"))
		b.regions[0].virt_start = 0xfffffffffff00000ULL;
	else if (!strcmp(argv[1], "hv-memory")) /* the hypervisor's own */
		shared->phys_start = shared->virt_start = 0x80000000;
	else if (!strcmp(argv[1], "arch"))
		b.cell.arch = HVISOR_ARCH_RISCV64;
	else {
		fprintf(stderr, "rawcell: cases are %s\n", cases);
		return 2;
	}
	fd = open("/dev/hvisor", O_RDWR);
	if (fd < 0) {
		perror("/dev/hvisor");
		return 2;
	}
	a.config = (unsigned long)&b;
	a.size = sizeof(b);
	ret = ioctl(fd, HVISOR_IOCTL_CELL_CREATE, &a);
	printf("%s: %s\n", argv[1], ret < 0 ? strerror(errno) : "accepted");
	return ret < 0 ? 1 : 0;
}

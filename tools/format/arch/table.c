/* The plug-ins for the text of the driver's answers, by arch. */
#include "format/arch.h"

extern const struct format_arch_ops format_arch_arm64;
extern const struct format_arch_ops format_arch_riscv64;

const struct format_arch_ops *const format_arches[] = { &format_arch_arm64,
							&format_arch_riscv64,
							NULL };

/* Human-readable text for struct hvisor_info (hvisor info). */
#ifndef HVISOR_TOOLS_FORMAT_INFO_H
#define HVISOR_TOOLS_FORMAT_INFO_H

#include <hvisor/ioctl.h>
#include <stddef.h>
#include <stdio.h>

/* "EL2: available (Linux hyp stub)" and the like, without newline. */
void info_el2_line(const struct hvisor_info *info, char *buf, size_t size);

/* Prints every line of `hvisor info`. */
void info_print(FILE *f, const struct hvisor_info *info);

#endif

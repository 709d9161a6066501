/* Human-readable text for struct hvisor_info (hvisor info). */
#ifndef HVISOR_TOOLS_FORMAT_INFO_H
#define HVISOR_TOOLS_FORMAT_INFO_H

#include <hvisor/ioctl.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Whether the CPU's hypervisor mode can be taken (hyp_state), without
 * newline, in the words of info->arch: "MODE: available (HOW)" and the
 * like, the arch naming the mode and how the kernel hands it over.
 */
void info_hyp_line(const struct hvisor_info *info, char *buf, size_t size);

/* Prints every line of `hvisor info`. */
void info_print(FILE *f, const struct hvisor_info *info);

#endif

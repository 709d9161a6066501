/* Access to /dev/hvisor: opening it, ioctls, and what their errors mean. */
#ifndef HVISOR_TOOLS_DEV_DEVICE_H
#define HVISOR_TOOLS_DEV_DEVICE_H

#include <hvisor/ioctl.h>
#include <stdbool.h>
#include <stdint.h>

#define HVISOR_DEVICE_DEFAULT "/dev/hvisor"

/* $HVISOR_DEVICE if set, else /dev/hvisor. */
const char *device_path(void);

/* Opens the device; prints why not (e.g. driver not loaded) and returns -1. */
int device_open(void);

/* ioctl that retries on EINTR; 0 or -errno. */
int device_ioctl(int fd, unsigned long request, void *arg);

/* Same, keeping the ioctl's non-negative result (e.g. a new cell id). */
int device_ioctl_value(int fd, unsigned long request, void *arg);

/* A short explanation of an ioctl errno, or NULL. */
const char *device_errno_hint(int err);

/* HVISOR_IOCTL_INFO; prints errors; false on failure. */
bool device_info(int fd, struct hvisor_info *info);

/* The HVISOR_ARCH_* the driver runs on, 0 if it does not say (no message). */
uint32_t device_arch(int fd);

#endif

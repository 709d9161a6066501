# Compiler and linker flags for static programs that link the target's json-c, libfdt and liburing from $(KROOT) (the CLI, test programs).
#
# Include after scripts/arch.mk with CC set to the cross compiler. The cross
# compiler also searches the host's /usr/include, where the amd64 json-c
# and libfdt headers live: drop it and keep only its own directories (gcc's
# and the cross glibc's), behind the target's json-c/libfdt headers.
# riscv64: json-c and libfdt are trixie's (bookworm has no riscv64
# packages), glibc is bookworm's cross one (2.36): trixie's libc.a holds
# relocations (R_RISCV_SET_ULEB128) that bookworm's ld 2.40 cannot link.
# trixie's json-c calls the C23 strto(u)ll of glibc 2.38, the same
# functions for its base-10 use.
TARGET_LIBDIR := $(KROOT)/usr/lib/$(MULTIARCH)
CROSS_SYSINC := $(shell echo | $(CC) -xc -E -v - 2>&1 | \
	awk '/<...> search starts here/ { on = 1; next } /^End of search list/ { on = 0 } \
	on && $$1 != "/usr/include" && $$1 != "/usr/local/include" { print "-isystem " $$1 }')
TARGET_CPPFLAGS := -nostdinc -I$(KROOT)/usr/include $(CROSS_SYSINC)
# The release's newer kernel uapi headers, searched last (scripts/deps.sh:
# riscv64's liburing needs linux/blkdev.h, which the cross glibc's lack).
TARGET_CPPFLAGS += $(if $(wildcard $(KROOT)/../uapi/usr/include),-idirafter $(KROOT)/../uapi/usr/include)
TARGET_LDFLAGS := -static
ifeq ($(ARCH),riscv64)
TARGET_LDFLAGS += -Wl,--defsym=__isoc23_strtoll=strtoll \
	-Wl,--defsym=__isoc23_strtoull=strtoull
endif
TARGET_LIBS := $(TARGET_LIBDIR)/libjson-c.a $(TARGET_LIBDIR)/libfdt.a \
	$(TARGET_LIBDIR)/liburing.a

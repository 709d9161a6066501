/* Command mailbox between the root cell and a cell's guest agent (shared page). */
#ifndef HVISOR_MAILBOX_H
#define HVISOR_MAILBOX_H

#include <hvisor/types.h>

#define HVISOR_MAILBOX_MAGIC 0x424d5648 /* "HVMB" */
#define HVISOR_MAILBOX_VERSION 1
#define HVISOR_MAILBOX_CMD_LEN 512
#define HVISOR_MAILBOX_OUT_LEN 3520

/*
 * One page at the cell's config.mailbox_base (inside a region shared with
 * the root). Protocol:
 *   guest: at start zeroes the page, fills magic/version, sets ready = 1.
 *   root:  waits for ready, writes cmd (NUL-terminated "name arg arg..."),
 *          then req_seq + 1 (with a barrier), rings CELL_DOORBELL.
 *   guest: on its doorbell interrupt (or polling), when req_seq != resp_seq,
 *          runs the command, writes out/out_len/status, then resp_seq =
 *          req_seq (with a barrier), and calls GUEST_DOORBELL.
 *   root:  waits (interrupt or polling, with a timeout) for resp_seq ==
 *          req_seq and reads status and out.
 */
struct hvisor_mailbox {
	uint32_t magic;
	uint32_t version;
	uint32_t ready;
	uint32_t req_seq;
	uint32_t resp_seq;
	int32_t status; /* exit status of the command, 0 = success */
	uint32_t out_len;
	uint32_t reserved;
	char cmd[HVISOR_MAILBOX_CMD_LEN];
	char out[HVISOR_MAILBOX_OUT_LEN];
};

#endif

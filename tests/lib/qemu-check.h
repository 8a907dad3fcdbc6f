/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test support: run a QEMU command line with `-S -display none` and check that the only error
 * left is the missing slice (FACTS.md §3), which proves QEMU accepted every property.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The QEMU binary to use (/usr/bin/qemu-system-x86_64 or from PATH), or NULL. */
const char *qemu_check_binary (void);

/* Runs @argv (argv[0] is the binary) and returns its stderr; kills it after @timeout_s
 * seconds (then *still_running is TRUE). */
char *qemu_check_run (const char * const *argv,
                      guint               timeout_s,
                      gboolean           *still_running,
                      GError            **error);

/* TRUE when @stderr_text has exactly one error, and it is the missing mdev @uuid; otherwise
 * FALSE with *why set. Warnings are allowed. */
gboolean qemu_check_only_missing_slice (const char  *stderr_text,
                                        const char  *uuid,
                                        char       **why);

/* The same for the absent PCI device (an SR-IOV VF) at @address (FACTS-SRIOV S4). */
gboolean qemu_check_only_missing_vf    (const char  *stderr_text,
                                        const char  *address,
                                        char       **why);

/* Rewrites libvirt's `qemu-argv` line so it can run outside libvirt: drops environment
 * assignments, monitor sockets and secrets (they live in the libvirt runtime), points disks
 * and firmware at sparse files in @tmpdir, turns tap networking into user networking, strips
 * OpenGL and network listeners from displays, drops an emulated TPM (it needs swtpm running,
 * which only libvirt starts) and the Hyper-V enlightenments only KVM gives, moves shared memory files from /dev/shm (Looking Glass's) into
 * @tmpdir and adds `-display none`. Every other -device stays; PCI
 * passthrough of host devices moves last so that QEMU meets the slice first. */
GStrv qemu_check_rewrite_libvirt (const char  *native,
                                  const char  *tmpdir,
                                  GError     **error);
/* The same, with the host device @vf_address (may be NULL) first among the moved ones, so that
 * it is the one QEMU meets. */
GStrv qemu_check_rewrite_libvirt_vf (const char  *native,
                                     const char  *tmpdir,
                                     const char  *vf_address,
                                     GError     **error);

/* Replaces the display of a bare-QEMU line (from SlicesQemuArgs) the same way. */
GStrv qemu_check_rewrite_display (const char * const *args,
                                  const char         *tmpdir);

G_END_DECLS

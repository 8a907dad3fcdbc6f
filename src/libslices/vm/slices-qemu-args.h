/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesQemuArgs: the bare-QEMU arguments that give a VM a GVT-g slice and a display able to
 * show it (FACTS.md §3). Used by "Copy QEMU command" and `slicectl qemu-args`.
 *
 * The device is always `vfio-pci-nohotplug` (only it has `ramfb`). The display modes:
 *   gtk           -display gtk,gl=on                      (a window on this desktop)
 *   spice         -spice unix=on,addr=SOCKET,disable-ticketing=on,gl=on,rendernode=NODE
 *                 (QEMU allows SPICE GL only on a local socket; open it with
 *                 `remote-viewer spice+unix://SOCKET`)
 *   egl-headless  -display egl-headless,rendernode=NODE -vnc 127.0.0.1:0
 *                 (rendered on the GPU, viewed over VNC: reach it through SSH)
 *   none          display=off on the device: compute, or a remote desktop inside the guest
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SLICES_QEMU_DISPLAY_GTK,
  SLICES_QEMU_DISPLAY_SPICE,
  SLICES_QEMU_DISPLAY_EGL_HEADLESS,
  SLICES_QEMU_DISPLAY_NONE,
} SlicesQemuDisplay;

typedef struct {
  SlicesQemuDisplay display;
  const char *rendernode;    /* absolute path; needed for spice and egl-headless */
  int xres;                  /* 0 with yres 0: the slice type's own resolution */
  int yres;
  gboolean ramfb;            /* boot display; needs a display */
  gboolean opregion;         /* x-igd-opregion */
  const char *spice_socket;  /* NULL: $XDG_RUNTIME_DIR/gpu-slices/<uuid>.sock */
  const char *vnc;           /* NULL: 127.0.0.1:0 (egl-headless only) */
} SlicesQemuArgsOptions;

#define SLICES_QEMU_ARGS_OPTIONS_INIT { SLICES_QEMU_DISPLAY_GTK, NULL, 0, 0, TRUE, TRUE, NULL, NULL }

/* Parses "gtk", "spice", "egl-headless" or "none". */
gboolean slices_qemu_display_from_string (const char        *name,
                                          SlicesQemuDisplay *out);

/* The argument vector (without the QEMU binary), or NULL with a
 * SLICES_DOMAIN_EDIT_ERROR_INVALID / _RESOLUTION error. */
GStrv slices_qemu_args_build (const char                  *uuid,
                              int                          type_width,
                              int                          type_height,
                              const SlicesQemuArgsOptions *opts,
                              GError                     **error);

/* The arguments that give bare QEMU the SR-IOV VF @address (FACTS-SRIOV S4): `-device
 * vfio-pci,host=ADDRESS`; with a Looking Glass picture (@lg_width × @lg_height, 0 × 0 for
 * none; @hdr doubles it) also its shared memory (FACTS-SRIOV S5): `-object
 * memory-backend-file,id=looking-glass,share=on,mem-path=/dev/shm/looking-glass,size=NM` and
 * `-device ivshmem-plain,memdev=looking-glass`. NULL with SLICES_DOMAIN_EDIT_ERROR_INVALID or
 * _RESOLUTION. Whether @address is a VF and not its PF is the caller's to check
 * (slices_host_find_vf_for_vm()). */
GStrv slices_qemu_args_build_vf (const char  *address,
                                 int          lg_width,
                                 int          lg_height,
                                 gboolean     hdr,
                                 GError     **error);

/* @argv joined into one line for a POSIX shell, each argument quoted only where needed. */
char *slices_qemu_args_to_shell (const char * const *argv);

G_END_DECLS

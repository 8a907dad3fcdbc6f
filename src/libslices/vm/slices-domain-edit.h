/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesDomainEdit: the pure libvirt domain XML edit that puts a GVT-g slice into a VM and takes
 * it out again. XML text, slice and options and the connected libvirt's version go in; XML text
 * comes out. Nothing here talks to libvirt, so the whole attach logic is testable offline.
 *
 * What attach writes depends on the libvirt version (FACTS.md §2):
 *   ≥ 8.2.0      ramfb='on', user alias ua-gpu-slices-<first 8 hex of the UUID>, and a
 *                <qemu:override> that sets x-igd-opregion, xres and yres on that alias;
 *   7.9 – 8.1    ramfb='on' only; x-igd-opregion/xres/yres cannot be set (a note says so),
 *                because -device is JSON there and `-set` no longer reaches it;
 *   5.10 – 7.8   ramfb='on' plus <qemu:commandline> `-set device.<alias>.x-igd-opregion=on` …;
 *   4.6 – 5.9    as above without ramfb (a note says so); older versions are refused.
 * `-set device.hostdev0…` is never written.
 *
 * Everything attach replaces (the <graphics> and <video> elements, and <audio>, which libvirt
 * adjusts to the graphics on define) is kept, serialized, in
 * <metadata><gs:gpu-slices xmlns:gs="https://gpuslices.github.io/xmlns/gpu-slices/1.0">, which
 * libvirt keeps for applications, so that detach can restore it exactly.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SLICES_DOMAIN_EDIT_ERROR (slices_domain_edit_error_quark ())

typedef enum {
  SLICES_DOMAIN_EDIT_ERROR_PARSE,         /* not well-formed XML */
  SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN,    /* the root element is not <domain> */
  SLICES_DOMAIN_EDIT_ERROR_UNSAFE,        /* entity declarations, too deep, too large */
  SLICES_DOMAIN_EDIT_ERROR_INVALID,       /* a bad argument: UUID, render node, options */
  SLICES_DOMAIN_EDIT_ERROR_HAS_SLICE,     /* the VM already holds another GVT-g slice */
  SLICES_DOMAIN_EDIT_ERROR_RESOLUTION,    /* resolution above what the slice type offers */
  SLICES_DOMAIN_EDIT_ERROR_NOT_ATTACHED,  /* detach: the slice is not in this VM */
  SLICES_DOMAIN_EDIT_ERROR_UNSUPPORTED,   /* libvirt too old for a slice display */
} SlicesDomainEditError;

typedef enum {
  SLICES_DISPLAY_MODE_LOCAL,   /* SPICE with OpenGL on a local socket (listen type='none') */
  SLICES_DISPLAY_MODE_REMOTE,  /* egl-headless + the VM's VNC/SPICE server (VNC added if none) */
  SLICES_DISPLAY_MODE_OFF,     /* display='off': compute, or a remote desktop inside the guest */
  SLICES_DISPLAY_MODE_LOOKING_GLASS,  /* SR-IOV VF only: Looking Glass (FACTS-SRIOV S5) */
} SlicesDisplayMode;

typedef struct {
  SlicesDisplayMode display;
  const char *rendernode;   /* absolute path such as /dev/dri/renderD128; needed unless OFF */
  int xres;                 /* 0 with yres 0: the slice type's own resolution */
  int yres;
  gboolean ramfb;           /* boot display (firmware output); ignored when display is OFF */
  gboolean opregion;        /* x-igd-opregion: the guest driver's video BIOS tables */
  gboolean mesa_i965;       /* MESA_LOADER_DRIVER_OVERRIDE=i965 in QEMU's environment */
  gboolean replace;         /* detach another slice the VM holds instead of failing */
  gboolean hdr;             /* Looking Glass: HDR frames, twice the shared memory */
} SlicesAttachOptions;

/* The defaults the wizard starts from: local display, ramfb and OpRegion on. */
#define SLICES_ATTACH_OPTIONS_INIT { SLICES_DISPLAY_MODE_LOCAL, NULL, 0, 0, TRUE, TRUE, FALSE, FALSE, FALSE }

/* Versions as virConnectGetLibVersion() returns them: major * 1000000 + minor * 1000 + micro. */
#define SLICES_LIBVIRT_VERSION(major, minor, micro) ((major) * 1000000 + (minor) * 1000 + (micro))

/* The namespace of our <metadata> element. */
#define SLICES_DOMAIN_EDIT_NAMESPACE "https://gpuslices.github.io/xmlns/gpu-slices/1.0"
#define SLICES_QEMU_NAMESPACE "http://libvirt.org/schemas/domain/qemu/1.0"

GQuark slices_domain_edit_error_quark (void);

/* SR-IOV (FACTS-SRIOV S4, S5): @uuid may instead be a VF's PCI address ("0000:00:02.1",
 * slices_pci_address_is_valid()); then @type_id is NULL, the sizes 0, and @opts->display one
 * of LOOKING_GLASS, REMOTE (a remote desktop in the guest; the VM's SPICE/VNC stays for its
 * console) or OFF (none, compute); @opts->xres/yres (0: 1920x1080) and hdr size Looking Glass's
 * memory (slices_domain_looking_glass_mib()). The VF becomes <hostdev mode='subsystem'
 * type='pci' managed='yes'>; the VM keeps or gets a vga console adapter; Looking Glass adds the
 * shmem device and B7's input changes (virtio mouse and keyboard, no tablet, memballoon none).
 * Everything replaced is recorded in <metadata> for detach; a note names Hyper-V
 * enlightenments that users report to cause Code 43. Whether the address is a VF and not a PF
 * is the caller's to check against the host (the edit cannot know). */

/* Looking Glass B7's shared memory in MiB for a @width x @height picture: W*H*4*2 bytes (x8
 * for HDR) + 10 MiB, up to a power of two (1080p 32, 1440p 64, 4K 128; HDR doubles). */
guint slices_domain_looking_glass_mib (int      width,
                                       int      height,
                                       gboolean hdr);

/* Returns the new domain XML. @type_width/@type_height: the slice type's resolution (0 when
 * unknown). @notes_out (may be NULL) receives sentences for people (char *, g_free) about
 * what could not be done on this version or will be lost, e.g. XML comments. Attaching a slice
 * the VM already holds returns @xml unchanged. */
char *slices_domain_attach (const char                *xml,
                            const char                *uuid,
                            const char                *type_id,
                            int                        type_width,
                            int                        type_height,
                            const SlicesAttachOptions *opts,
                            guint                      libvirt_version,
                            GPtrArray                 *notes_out,
                            GError                   **error);

/* Whether @note (one of slices_domain_attach()'s) says what the VM loses, the local display
 * replacing the VM's own VNC or SPICE server: a warning rather than a remark. */
gboolean slices_domain_note_is_warning (const char *note);

/* Removes the slice (a UUID, or a VF's PCI address) and everything attach added, and restores
 * what attach replaced. */
char *slices_domain_detach (const char  *xml,
                            const char  *uuid,
                            GError     **error);

/* The slices in @xml: UUIDs (lowercase) of the mediated devices (<hostdev type='mdev'>) and
 * addresses (lowercase, 0000:00:02.1) of the PCI devices (<hostdev type='pci'>), each a VF or
 * any other device given to the VM, such as a NIC; NULL on error. */
GStrv slices_domain_find_slices (const char  *xml,
                                 GError     **error);

/* Whether @xml holds XML comments (which a libvirt define drops). */
gboolean slices_domain_has_comments (const char *xml);

/* A canonical form for comparing two definitions: whitespace-only text between elements
 * dropped, then W3C Canonical XML 1.0 with comments (attributes sorted, quotes and empty
 * elements normalized, namespace declarations kept where they are). */
char *slices_domain_canonicalize (const char  *xml,
                                  GError     **error);

/* The user alias attach gives the slice's hostdev: "ua-gpu-slices-" + first 8 hex digits, or
 * for a VF its address with "-" for ":" and "." ("ua-gpu-slices-0000-00-02-1"). */
char *slices_domain_slice_alias (const char *uuid);

G_END_DECLS

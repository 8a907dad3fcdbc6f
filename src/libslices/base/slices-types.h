/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Forward typedefs and enums shared across the core.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The model's objects (model/), named here so that headers can pass them around. */
typedef struct _SlicesGpu SlicesGpu;
typedef struct _SlicesHost SlicesHost;
typedef struct _SlicesSlice SlicesSlice;
typedef struct _SlicesSliceType SlicesSliceType;
typedef struct _SlicesSriov SlicesSriov;
typedef struct _SlicesVf SlicesVf;

/* How a GPU shares itself, judged from what its driver shows now (not from its id alone). */
typedef enum {
  SLICES_TECHNOLOGY_NONE,   /* neither: no types, no SR-IOV driver */
  SLICES_TECHNOLOGY_GVT_G,  /* mediated slices (mdev_supported_types) */
  SLICES_TECHNOLOGY_SRIOV,  /* SR-IOV virtual functions (xe, or i915 built with SR-IOV) */
} SlicesTechnology;

/* What virtualization the GPU's platform offers, judged from its PCI device id. */
typedef enum {
  SLICES_GVT_SUPPORT_UNKNOWN,   /* not an Intel GPU we know */
  SLICES_GVT_SUPPORT_GVT_G,     /* Broadwell … Comet Lake: mediated slices */
  SLICES_GVT_SUPPORT_NONE,      /* e.g. Gemini Lake, Ice Lake: neither GVT-g nor SR-IOV */
  SLICES_GVT_SUPPORT_SRIOV,     /* Gen12 and newer: SR-IOV virtual functions instead */
} SlicesGvtSupport;

/* What the libvirt connection answered: the vm/ layer finds out, the doctor and the app's
 * Check Setup say what it means (so the doctor never loads libvirt). */
typedef enum {
  SLICES_LIBVIRT_STATE_UNKNOWN,      /* not checked */
  SLICES_LIBVIRT_STATE_OK,           /* the daemon answers and the user may manage it */
  SLICES_LIBVIRT_STATE_UNREACHABLE,  /* no daemon at the URI */
  SLICES_LIBVIRT_STATE_DENIED,       /* the daemon answers but refuses this user */
  SLICES_LIBVIRT_STATE_MISSING,      /* libvirt's library is not installed */
} SlicesLibvirtState;

#define SLICES_MAX_SLICES_PER_GPU 7
#define SLICES_DEFAULT_SYSFS_ROOT "/sys"

G_END_DECLS

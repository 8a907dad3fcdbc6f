/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core's error domain: what can go wrong when slices are created or removed, whoever
 * does the writing (the root helper through pkexec, or the kernel simulator).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SLICES_ERROR (slices_error_quark ())

typedef enum {
  SLICES_ERROR_FAILED,
  SLICES_ERROR_INVALID_ARGUMENT,  /* bad PCI address or other malformed input */
  SLICES_ERROR_INVALID_UUID,      /* EINVAL from create */
  SLICES_ERROR_UUID_EXISTS,       /* EEXIST from create */
  SLICES_ERROR_NO_ROOM,           /* ENOSPC from create */
  SLICES_ERROR_NO_DEVICE,         /* ENODEV: GPU unregistering */
  SLICES_ERROR_GVT_INACTIVE,      /* ENOENT on create: GVT-g or kvmgt not active */
  SLICES_ERROR_UNKNOWN_GPU,
  SLICES_ERROR_UNKNOWN_TYPE,
  SLICES_ERROR_UNKNOWN_SLICE,
  SLICES_ERROR_IN_USE,            /* a process or VM holds the slice */
  SLICES_ERROR_NOT_AUTHORIZED,    /* pkexec 127: not authorized or no authentication agent */
  SLICES_ERROR_PERMISSION_DENIED, /* EACCES: not root */
  SLICES_ERROR_BAD_TREE,          /* sysfs tree missing or malformed */
} SlicesError;

GQuark slices_error_quark (void);

/* Maps a kernel errno from a create/remove write to a SlicesError code. */
SlicesError slices_error_from_errno (int errno_value);

G_END_DECLS

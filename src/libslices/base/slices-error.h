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

/* The words for what the kernel refused, shared by every writer (the helper client and the
 * simulator), so that a person reads the same whoever wrote. */

/* A write to a type's `create` failed with @errno_value. @n_slices: the slices on the GPU
 * now, -1 when unknown. */
GError *slices_error_new_create   (int         errno_value,
                                   const char *address,
                                   const char *type_id,
                                   const char *uuid,
                                   int         n_slices);
GError *slices_error_new_no_gpu   (const char *address);
/* @types (may be NULL): the ids the GPU offers, named in the message. */
GError *slices_error_new_no_type  (const char         *address,
                                   const char         *type_id,
                                   const char * const *types);
GError *slices_error_new_no_slice (const char *uuid);
/* @holder: "qemu-system-x86 (pid 4242)". */
GError *slices_error_new_in_use   (const char *uuid,
                                   const char *holder);

G_END_DECLS

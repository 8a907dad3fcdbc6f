/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libvirt, loaded on first use. Nothing links libvirt: mapping it and the 50 libraries it
 * needs costs about 14 ms, which `slicectl list` and the app's first window should not pay.
 * The first connection loads it (on its worker thread) and every call goes through the table
 * below, whose entries have exactly the types of libvirt's own declarations. When libvirt is
 * not installed, connecting fails with SLICES_LIBVIRT_ERROR_NOT_INSTALLED and the rest of the
 * program works on.
 *
 * Internal to vm/. To call a function not in the list yet, add it to SLICES_VIRT_FUNCTIONS.
 */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

G_BEGIN_DECLS

#define SLICES_VIRT_FUNCTIONS(F)          \
  F (virConnectClose)                     \
  F (virConnectDomainEventDeregisterAny)  \
  F (virConnectDomainEventRegisterAny)    \
  F (virConnectGetLibVersion)             \
  F (virConnectGetVersion)                \
  F (virConnectListAllDomains)            \
  F (virConnectOpen)                      \
  F (virConnectRef)                       \
  F (virConnectRegisterCloseCallback)     \
  F (virConnectUnregisterCloseCallback)   \
  F (virDomainDefineXMLFlags)             \
  F (virDomainFree)                       \
  F (virDomainGetName)                    \
  F (virDomainGetState)                   \
  F (virDomainGetUUIDString)              \
  F (virDomainGetXMLDesc)                 \
  F (virDomainIsActive)                   \
  F (virDomainIsPersistent)               \
  F (virDomainLookupByName)               \
  F (virDomainLookupByUUIDString)         \
  F (virEventRegisterImpl)                \
  F (virGetLastError)                     \
  F (virGetVersion)                       \
  F (virResetLastError)                   \
  F (virSetErrorFunc)

typedef struct {
#define SLICES_VIRT_ENTRY(name) __typeof__ (name) *name;
  SLICES_VIRT_FUNCTIONS (SLICES_VIRT_ENTRY)
#undef SLICES_VIRT_ENTRY
} SlicesVirt;

/* The loaded functions; NULL until slices_virt_load() succeeded, then for the process. */
extern const SlicesVirt *slices_virt;

/* Loads libvirt once per process (thread-safe; later calls return at once). NULL when it is
 * loaded; else why not (the library is missing, or lacks a function of the list), the same
 * every time. slices_libvirt_load() makes that a GError. */
const char *slices_virt_load (void);

G_END_DECLS

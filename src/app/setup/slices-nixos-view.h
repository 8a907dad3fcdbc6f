/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The NixOS configuration for what exists now (slices_doctor_dup_nixos_snippet(): kvmgt, the
 * slices by type, enable_guc=2 where GuC submission blocks GVT-g, libvirt and the user's
 * groups) in a monospace text view to select from, with a Copy button. On NixOS it replaces
 * "Keep after restart"; elsewhere it is a preview.
 */
#pragma once

#include <adwaita.h>
#include "libslices-doctor.h"

G_BEGIN_DECLS

#define SLICES_TYPE_NIXOS_VIEW (slices_nixos_view_get_type ())
G_DECLARE_FINAL_TYPE (SlicesNixosView, slices_nixos_view, SLICES, NIXOS_VIEW, AdwWindow)

/* Runs @doctor (small file reads) and shows its snippet. */
SlicesNixosView *slices_nixos_view_new             (GtkWindow    *parent,
                                                    SlicesDoctor *doctor);

/* For tests: the text shown, the Copy button, the toasts. Free the text with g_free(). */
char            *slices_nixos_view_dup_text        (SlicesNixosView *self);
GtkWidget       *slices_nixos_view_get_copy_button (SlicesNixosView *self);
const char      *slices_nixos_view_get_last_toast  (SlicesNixosView *self);

G_END_DECLS

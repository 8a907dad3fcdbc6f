/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Create dialog: the type's summary, how many slices (1 … available), a generated or
 * chosen UUID checked as it is typed, and Create. While the backend works it shows a spinner
 * and takes no second click; Cancel really cancels. Emits "created" with the new UUIDs and
 * closes; failures are shown in a message dialog over it, a dismissed password dialog shows
 * nothing.
 */
#pragma once

#include <adwaita.h>
#include "libslices-base.h"
#include "libslices-writers.h"

G_BEGIN_DECLS

#define SLICES_TYPE_CREATE_DIALOG (slices_create_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlicesCreateDialog, slices_create_dialog, SLICES, CREATE_DIALOG, AdwWindow)

SlicesCreateDialog *slices_create_dialog_new (GtkWindow       *parent,
                                              SlicesHost      *host,
                                              SlicesBackend   *backend,
                                              SlicesGpu       *gpu,
                                              SlicesSliceType *type);

/* For tests: the dialog's controls. */
GtkSpinButton *slices_create_dialog_get_count_spin    (SlicesCreateDialog *self);
AdwExpanderRow *slices_create_dialog_get_uuid_expander (SlicesCreateDialog *self);
GtkEditable   *slices_create_dialog_get_uuid_entry    (SlicesCreateDialog *self);
GtkWidget     *slices_create_dialog_get_create_button (SlicesCreateDialog *self);
GtkWidget     *slices_create_dialog_get_cancel_button (SlicesCreateDialog *self);
/* The message under the UUID field, or NULL when there is none. */
const char    *slices_create_dialog_get_problem       (SlicesCreateDialog *self);
gboolean       slices_create_dialog_get_running       (SlicesCreateDialog *self);
/* "Keep after restart" (shown where the backend can keep slices). */
GtkSwitch     *slices_create_dialog_get_keep_switch   (SlicesCreateDialog *self);

G_END_DECLS

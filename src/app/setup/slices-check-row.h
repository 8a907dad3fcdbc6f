/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One Check Setup result: a status icon (coloured, with an accessible name), a name for the
 * check and what it found; expanding shows the explanation and its fixes — commands to copy,
 * one-click fixes with a spinner while they run, links. The row does nothing itself: it emits
 * "fix-activated" and the page copies, runs or opens.
 */
#pragma once

#include <adwaita.h>
#include "libslices-doctor.h"

G_BEGIN_DECLS

#define SLICES_TYPE_CHECK_ROW (slices_check_row_get_type ())
G_DECLARE_FINAL_TYPE (SlicesCheckRow, slices_check_row, SLICES, CHECK_ROW, AdwExpanderRow)

GtkWidget   *slices_check_row_new        (SlicesCheck *check);
SlicesCheck *slices_check_row_get_check  (SlicesCheckRow *self);

/* Shows a spinner on the action fix @action_id (a SLICES_FIX_ACTION_* id) and makes its
 * button insensitive while @running. */
void         slices_check_row_set_running (SlicesCheckRow *self,
                                           const char     *action_id,
                                           gboolean        running);

/* Adds @text (a sentence) below the explanation and the fixes. */
void         slices_check_row_add_note    (SlicesCheckRow *self,
                                           const char     *text);

/* For tests: the status icon; the button of fix @index (the copy button of a command, the
 * button of an action or a link), or NULL. */
GtkImage    *slices_check_row_get_status_icon (SlicesCheckRow *self);
GtkWidget   *slices_check_row_get_fix_button  (SlicesCheckRow *self,
                                               guint           index);

/* The short name shown for a check id ("kvmgt Module"…), translated. */
const char  *slices_check_row_get_check_name  (const char *id);

G_END_DECLS

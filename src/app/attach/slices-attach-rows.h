/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of the attach wizard's lists (slices on the slice page, virtual machines on the VM
 * page): a radio row per choice, keyed by what it chooses, and a status row that says
 * something about the list instead (empty, connecting, an error). Plain functions on a
 * GtkListBox, so that both pages build and read their lists the same way.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Appends a row with @title, @subtitle (may be NULL) and a check button in @group (NULL: it
 * starts one) that stands for @key; @toggled (swapped, @user_data) follows the button. */
GtkCheckButton *slices_attach_rows_add_radio  (GtkListBox     *list,
                                               const char     *title,
                                               const char     *subtitle,
                                               GtkCheckButton *group,
                                               const char     *key,
                                               GCallback       toggled,
                                               gpointer        user_data);
/* Appends a row that is not a choice. @icon_name: an icon, "spinner", or NULL. */
GtkWidget      *slices_attach_rows_add_status (GtkListBox     *list,
                                               const char     *icon_name,
                                               const char     *title,
                                               const char     *subtitle);
/* The key of a radio row's check button. */
const char     *slices_attach_rows_get_key    (GtkCheckButton *check);
void            slices_attach_rows_clear      (GtkListBox     *list);
/* Activates the sensitive radio row of @key as a click does; FALSE when there is none. */
gboolean        slices_attach_rows_choose     (GtkListBox     *list,
                                               const char     *key);
/* The status row's "title\nsubtitle" when @list shows one first, else NULL. */
char           *slices_attach_rows_dup_status (GtkListBox     *list);

G_END_DECLS

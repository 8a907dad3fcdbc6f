/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The attach wizard's list rows: see slices-attach-rows.h. A radio row's key hangs on its
 * check button as object data; a status row is the one without a check button.
 */
#include "config.h"

#include "slices-attach-rows.h"

#define KEY "slices-attach-key"

/* An action row with @title and @subtitle (may be NULL) as plain text, wrapped. */
static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title_markup = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  if (subtitle != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), markup);
    }
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

GtkCheckButton *
slices_attach_rows_add_radio (GtkListBox     *list,
                              const char     *title,
                              const char     *subtitle,
                              GtkCheckButton *group,
                              const char     *key,
                              GCallback       toggled,
                              gpointer        user_data)
{
  GtkWidget *row, *check;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  row = new_row (title, subtitle);
  check = gtk_check_button_new ();
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data_full (G_OBJECT (check), KEY, g_strdup (key), g_free);
  g_signal_connect_swapped (check, "toggled", toggled, user_data);
  gtk_list_box_append (list, row);

  return GTK_CHECK_BUTTON (check);
}

GtkWidget *
slices_attach_rows_add_status (GtkListBox *list,
                               const char *icon_name,
                               const char *title,
                               const char *subtitle)
{
  GtkWidget *row;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  row = new_row (title, subtitle);
  if (g_strcmp0 (icon_name, "spinner") == 0)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);
    }
  else if (icon_name != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

      if (g_str_has_prefix (icon_name, "dialog-error"))
        gtk_widget_add_css_class (image, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (list, row);

  return row;
}

const char *
slices_attach_rows_get_key (GtkCheckButton *check)
{
  g_return_val_if_fail (GTK_IS_CHECK_BUTTON (check), NULL);

  return g_object_get_data (G_OBJECT (check), KEY);
}

void
slices_attach_rows_clear (GtkListBox *list)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

gboolean
slices_attach_rows_choose (GtkListBox *list,
                           const char *key)
{
  g_return_val_if_fail (GTK_IS_LIST_BOX (list), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check;

      if (!ADW_IS_ACTION_ROW (row))
        continue;
      check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
      if (GTK_IS_CHECK_BUTTON (check) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (check), KEY), key) == 0 &&
          gtk_widget_is_sensitive (row))
        {
          /* As a click on the row does. */
          adw_action_row_activate (ADW_ACTION_ROW (row));
          return gtk_check_button_get_active (GTK_CHECK_BUTTON (check));
        }
    }
  return FALSE;
}

char *
slices_attach_rows_dup_status (GtkListBox *list)
{
  GtkWidget *row;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);

  row = gtk_widget_get_first_child (GTK_WIDGET (list));
  if (!ADW_IS_ACTION_ROW (row) ||
      GTK_IS_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row))))
    return NULL;
  return g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}

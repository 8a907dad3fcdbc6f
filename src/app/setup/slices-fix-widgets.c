/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pieces of a fix on screen: see slices-fix-widgets.h.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slices-fix-widgets.h"

static GtkWidget *
make_label (const char *text,
            const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, style);
  return label;
}

GtkWidget *
slices_fix_command_new (const SlicesFix  *fix,
                        GtkWidget       **out_button)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *command = gtk_label_new (fix->text);
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *scroller;
  g_autofree char *accessible = NULL;

  g_return_val_if_fail (fix != NULL && fix->kind == SLICES_FIX_COMMAND, NULL);

  if (fix->label != NULL)
    gtk_box_append (GTK_BOX (box), make_label (fix->label, "caption-heading"));

  /* A command is never wrapped mid-statement: a long one scrolls sideways (overlay
   * scrollbars: GTK 4.8 does not make room for a fixed one under a single line). */
  gtk_label_set_selectable (GTK_LABEL (command), TRUE);
  gtk_label_set_xalign (GTK_LABEL (command), 0);
  gtk_widget_add_css_class (command, "monospace");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), command);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_widget_add_css_class (scroller, "setup-command");
  gtk_box_append (GTK_BOX (line), scroller);

  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Copy Command"));
  accessible = fix->label != NULL
               /* TRANSLATORS: %s says where the command works, e.g. "Debian and Ubuntu" */
               ? g_strdup_printf (_("Copy command for %s"), fix->label)
               : g_strdup (_("Copy Command"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  gtk_box_append (GTK_BOX (line), button);

  gtk_box_append (GTK_BOX (box), line);
  if (out_button != NULL)
    *out_button = button;
  return box;
}

GtkWidget *
slices_fix_link_new (const SlicesFix *fix)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  g_return_val_if_fail (fix != NULL && fix->kind == SLICES_FIX_LINK, NULL);

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "adw-external-link-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content),
                                fix->label != NULL ? fix->label : _("More Information"));
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, fix->text);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

char *
slices_fix_way_dup_title (SlicesFixWay way,
                          guint        number,
                          guint        n_ways)
{
  if (n_ways < 2)
    return g_strdup (slices_fix_way_get_title (way));
  /* TRANSLATORS: "Option 1 of 2: Install i915-sriov-dkms" */
  return g_strdup_printf (_("Option %u of %u: %s"), number, n_ways, slices_fix_way_get_title (way));
}

GtkWidget *
slices_fix_way_heading_new (SlicesFixWay way,
                            guint        number,
                            guint        n_ways)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  g_autofree char *title = NULL;

  g_return_val_if_fail (way != SLICES_FIX_WAY_NONE, NULL);

  title = slices_fix_way_dup_title (way, number, n_ways);
  gtk_box_append (GTK_BOX (box), make_label (title, "heading"));
  gtk_box_append (GTK_BOX (box), make_label (slices_fix_way_get_summary (way), "dim-label"));
  gtk_widget_set_margin_top (box, 6);
  return box;
}

guint
slices_fix_way_number (SlicesCheck  *check,
                       SlicesFixWay  way)
{
  g_autoptr(GArray) ways = slices_check_dup_ways (check);

  for (guint i = 0; i < ways->len; i++)
    if (g_array_index (ways, SlicesFixWay, i) == way)
      return i + 1;
  return 0;
}

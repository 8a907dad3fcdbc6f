/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesDriverWays: see slices-driver-ways.h. The checks run on the UI thread: small file reads
 * (the doctor starts no program in slices_doctor_run()), once per change of the host.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slices-driver-ways.h"
#include "slices-fix-widgets.h"
#include "slices-setup-page.h"

struct _SlicesDriverWays
{
  GtkBox parent_instance;

  GtkListBox *ways_list;

  SlicesCheck *check;
  char *title;
  char *description;
  /* SlicesFixWay → its AdwExpanderRow */
  GHashTable *rows;
};

G_DEFINE_FINAL_TYPE (SlicesDriverWays, slices_driver_ways, GTK_TYPE_BOX)

static void
on_copy_clicked_cb (GtkButton *button,
                    gpointer   user_data)
{
  const SlicesFix *fix = user_data;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), fix->text);
  /* No toast overlay here: the button itself says it worked. */
  gtk_button_set_icon_name (button, "object-select-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), _("Copied"));
}

static void
on_link_clicked_cb (GtkButton *button,
                    gpointer   user_data)
{
  const SlicesFix *fix = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, fix->text, GDK_CURRENT_TIME);
}

/* One way's row: its title and summary, opening to its commands and links. */
static GtkWidget *
make_way_row (SlicesDriverWays *self,
              SlicesFixWay      way,
              guint             number,
              guint             n_ways)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *content_row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GPtrArray *fixes = slices_check_get_fixes (self->check);
  g_autofree char *title = NULL;

  title = slices_fix_way_dup_title (way, number, n_ways);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), slices_fix_way_get_summary (way));

  for (guint i = 0; i < fixes->len; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (fixes, i);
      GtkWidget *button = NULL;

      if (fix->way != way)
        continue;
      if (fix->kind == SLICES_FIX_COMMAND)
        {
          gtk_box_append (GTK_BOX (box), slices_fix_command_new (fix, &button));
          g_signal_connect (button, "clicked", G_CALLBACK (on_copy_clicked_cb), (gpointer) fix);
        }
      else if (fix->kind == SLICES_FIX_LINK)
        {
          button = slices_fix_link_new (fix);
          g_signal_connect (button, "clicked", G_CALLBACK (on_link_clicked_cb), (gpointer) fix);
          gtk_box_append (GTK_BOX (box), button);
        }
    }

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (content_row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (content_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (content_row), FALSE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), content_row);
  return row;
}

static void
clear (SlicesDriverWays *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->ways_list))) != NULL)
    gtk_list_box_remove (self->ways_list, child);
  g_hash_table_remove_all (self->rows);
  g_clear_object (&self->check);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
}

static void
slices_driver_ways_dispose (GObject *object)
{
  SlicesDriverWays *self = SLICES_DRIVER_WAYS (object);

  /* The rows' buttons point at the check's fixes: rows first. */
  if (self->ways_list != NULL)
    clear (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SLICES_TYPE_DRIVER_WAYS);
  self->ways_list = NULL;

  G_OBJECT_CLASS (slices_driver_ways_parent_class)->dispose (object);
}

static void
slices_driver_ways_finalize (GObject *object)
{
  SlicesDriverWays *self = SLICES_DRIVER_WAYS (object);

  g_hash_table_unref (self->rows);

  G_OBJECT_CLASS (slices_driver_ways_parent_class)->finalize (object);
}

static void
slices_driver_ways_class_init (SlicesDriverWaysClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slices_driver_ways_dispose;
  object_class->finalize = slices_driver_ways_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/setup/"
                                               "slices-driver-ways.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesDriverWays, ways_list);
}

static void
slices_driver_ways_init (SlicesDriverWays *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new (g_direct_hash, g_direct_equal);
}

GtkWidget *
slices_driver_ways_new (void)
{
  return g_object_new (SLICES_TYPE_DRIVER_WAYS, NULL);
}

gboolean
slices_driver_ways_update (SlicesDriverWays *self,
                           SlicesHost       *host)
{
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autoptr(GArray) ways = NULL;
  g_autoptr(SlicesCheck) check = NULL;

  g_return_val_if_fail (SLICES_IS_DRIVER_WAYS (self), FALSE);
  g_return_val_if_fail (host == NULL || SLICES_IS_HOST (host), FALSE);

  clear (self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  if (host == NULL)
    return FALSE;

  /* Only the one check it shows: the rest (the /proc walk, the logs) is Check Setup's. */
  doctor = slices_setup_doctor_new (host, FALSE);
  check = slices_doctor_run_sriov_driver (doctor);
  if (check == NULL || slices_check_get_status (check) != SLICES_CHECK_STATUS_ERROR)
    return FALSE;
  ways = slices_check_dup_ways (check);
  if (ways->len == 0)
    return FALSE;

  self->check = g_object_ref (check);
  self->title = g_strdup (_("This GPU Needs an SR-IOV Driver"));
  self->description = g_strdup_printf ("%s. %s", slices_check_get_title (check),
                                       ngettext ("Set up the driver below, then restart the "
                                                 "computer.",
                                                 "Choose one of the ways below, then restart "
                                                 "the computer.", ways->len));
  for (guint i = 0; i < ways->len; i++)
    {
      SlicesFixWay way = g_array_index (ways, SlicesFixWay, i);
      GtkWidget *row = make_way_row (self, way, i + 1, ways->len);

      /* The first way (the one most people take) opens at once: its commands are the
       * answer. */
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), i == 0);
      gtk_list_box_append (self->ways_list, row);
      g_hash_table_insert (self->rows, GUINT_TO_POINTER (way), row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  return TRUE;
}

const char *
slices_driver_ways_get_title (SlicesDriverWays *self)
{
  g_return_val_if_fail (SLICES_IS_DRIVER_WAYS (self), NULL);
  return self->title;
}

const char *
slices_driver_ways_get_description (SlicesDriverWays *self)
{
  g_return_val_if_fail (SLICES_IS_DRIVER_WAYS (self), NULL);
  return self->description;
}

SlicesCheck *
slices_driver_ways_get_check (SlicesDriverWays *self)
{
  g_return_val_if_fail (SLICES_IS_DRIVER_WAYS (self), NULL);
  return self->check;
}

GtkWidget *
slices_driver_ways_get_way_row (SlicesDriverWays *self,
                                SlicesFixWay      way)
{
  g_return_val_if_fail (SLICES_IS_DRIVER_WAYS (self), NULL);
  return g_hash_table_lookup (self->rows, GUINT_TO_POINTER (way));
}

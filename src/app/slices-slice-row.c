/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesSliceRow: one slice that exists now; see slices-slice-row.h. The row's buttons and
 * menu activate window actions with the slice's UUID as target, so the window does the work.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slices-app-format.h"
#include "slices-gpu.h"
#include "slices-slice.h"
#include "slices-slice-row.h"
#include "slices-slice-type.h"

struct _SlicesSliceRow
{
  AdwActionRow parent_instance;

  GtkButton *copy_button;
  GtkMenuButton *menu_button;

  SlicesGpu *gpu;
  SlicesSlice *slice;
};

G_DEFINE_FINAL_TYPE (SlicesSliceRow, slices_slice_row, ADW_TYPE_ACTION_ROW)

static void
update_row (SlicesSliceRow *self)
{
  const char *uuid = slices_slice_get_uuid (self->slice);
  const char *type_id = slices_slice_get_type_id (self->slice);
  SlicesSliceType *type = type_id != NULL ? slices_gpu_find_type (self->gpu, type_id) : NULL;
  g_autofree char *short_uuid = slices_format_short_uuid (uuid);
  g_autofree char *type_text = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *markup = NULL;

  if (type != NULL)
    {
      g_autofree char *resolution = slices_format_resolution (type);

      /* TRANSLATORS: a slice's type: its resolution and the kernel's type name */
      type_text = g_strdup_printf (_("%s (%s)"), resolution, slices_slice_type_get_name (type));
    }
  else
    type_text = g_strdup (type_id != NULL ? type_id : _("Unknown type"));

  /* TRANSLATORS: "1920 × 1200 (GVTg_V5_4) · Not used by a virtual machine" */
  subtitle = g_strdup_printf (_("%s · %s"), type_text, _("Not used by a virtual machine"));
  markup = g_markup_escape_text (subtitle, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), short_uuid);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), markup);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), uuid);
}

static void
on_slice_notify_cb (SlicesSliceRow *self,
                    GParamSpec     *pspec,
                    gpointer        slice)
{
  update_row (self);
}

static void
slices_slice_row_dispose (GObject *object)
{
  SlicesSliceRow *self = SLICES_SLICE_ROW (object);

  if (self->slice != NULL)
    g_signal_handlers_disconnect_by_data (self->slice, self);
  g_clear_object (&self->slice);
  g_clear_object (&self->gpu);

  G_OBJECT_CLASS (slices_slice_row_parent_class)->dispose (object);
}

static void
slices_slice_row_class_init (SlicesSliceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slices_slice_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/"
                                               "slices-slice-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesSliceRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesSliceRow, menu_button);
}

static void
slices_slice_row_init (SlicesSliceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
slices_slice_row_new (SlicesGpu   *gpu,
                      SlicesSlice *slice)
{
  SlicesSliceRow *self;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  const char *uuid;

  g_return_val_if_fail (SLICES_IS_GPU (gpu), NULL);
  g_return_val_if_fail (SLICES_IS_SLICE (slice), NULL);

  self = g_object_new (SLICES_TYPE_SLICE_ROW, NULL);
  self->gpu = g_object_ref (gpu);
  self->slice = g_object_ref (slice);
  uuid = slices_slice_get_uuid (slice);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->copy_button), "s", uuid);

  item = g_menu_item_new (_("Copy _QEMU Arguments"), NULL);
  g_menu_item_set_action_and_target_value (item, "win.copy-qemu-args",
                                           g_variant_new_string (uuid));
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("_Remove…"), NULL);
  g_menu_item_set_action_and_target_value (item, "win.remove-slice", g_variant_new_string (uuid));
  g_menu_append_item (menu, item);
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));

  g_signal_connect_object (slice, "notify", G_CALLBACK (on_slice_notify_cb), self,
                           G_CONNECT_SWAPPED);
  update_row (self);

  return GTK_WIDGET (self);
}

SlicesSlice *
slices_slice_row_get_slice (SlicesSliceRow *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_ROW (self), NULL);

  return self->slice;
}

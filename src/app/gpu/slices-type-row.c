/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesTypeRow: one slice type as a person reads it; see slices-type-row.h.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"

#include "slices-app-format.h"
#include "slices-type-row.h"

struct _SlicesTypeRow
{
  AdwActionRow parent_instance;

  GtkLabel *available_label;
  GtkButton *create_button;

  SlicesGpu *gpu;
  SlicesSliceType *type;
  gboolean compact;
};

G_DEFINE_FINAL_TYPE (SlicesTypeRow, slices_type_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_GPU,
  PROP_SLICE_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_row (SlicesTypeRow *self)
{
  int available = slices_slice_type_get_available (self->type);
  g_autofree char *resolution = slices_format_resolution (self->type);
  g_autofree char *memory = slices_format_memory (self->type);
  g_autofree char *share = slices_format_share (self->type);
  g_autofree char *summary = slices_format_type_summary (self->type);
  g_autofree char *available_text = slices_format_available (available);
  g_autofree char *reason = slices_format_full_reason (self->gpu, self->type);
  g_autofree char *id = g_markup_escape_text (slices_slice_type_get_id (self->type), -1);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GString) tooltip = g_string_new (NULL);

  /* Memory and share on their own lines, so that two types of the same resolution read
   * differently and neither wraps mid-phrase; when narrow, the count moves from beside the
   * button to here. Why a full GPU is full is said once, above the types, not under each. */
  if (memory != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (memory, -1);

      g_string_append (subtitle, markup);
    }
  if (share != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (share, -1);

      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, markup);
    }
  if (self->compact)
    {
      g_autofree char *markup = g_markup_escape_text (available_text, -1);

      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, markup);
    }
  /* The raw kernel id stays visible for people who compare with guides, but secondary. */
  if (subtitle->len > 0)
    g_string_append_c (subtitle, '\n');
  g_string_append_printf (subtitle, "<small>%s</small>", id);

  /* On demand: what the numbers mean. */
  if (memory != NULL)
    g_string_append (tooltip, _("CPU-visible graphics memory lies in the GPU’s aperture, which "
                                "the firmware sets; slices run out of it first."));
  if (share != NULL)
    {
      if (tooltip->len > 0)
        g_string_append (tooltip, "\n");
      g_string_append (tooltip, slices_share_explanation ());
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), resolution);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip->len > 0 ? tooltip->str : NULL);
  gtk_label_set_label (self->available_label, available_text);
  gtk_widget_set_visible (GTK_WIDGET (self->available_label), !self->compact);
  if (self->compact)
    gtk_button_set_icon_name (self->create_button, "list-add-symbolic");
  else
    gtk_button_set_label (self->create_button, _("Create…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->create_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Create…"),
                                  -1);

  if (available != 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->available_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->available_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->available_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->available_label), "error");
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), available > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->create_button),
                               reason != NULL ? reason : _("Create slices of this type"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->available_label), reason);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->create_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  reason != NULL ? reason : summary,
                                  -1);
}

static void
on_type_notify_cb (SlicesTypeRow *self,
                   GParamSpec    *pspec,
                   gpointer       type)
{
  update_row (self);
}

static void
on_slices_items_changed_cb (SlicesTypeRow *self,
                            guint          position,
                            guint          removed,
                            guint          added,
                            GListModel    *slices)
{
  /* The reason a full type gives depends on the slices already there. */
  update_row (self);
}

static void
slices_type_row_constructed (GObject *object)
{
  SlicesTypeRow *self = SLICES_TYPE_ROW (object);

  G_OBJECT_CLASS (slices_type_row_parent_class)->constructed (object);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->create_button), "s",
                                    slices_slice_type_get_id (self->type));
  g_signal_connect_object (self->type, "notify", G_CALLBACK (on_type_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (slices_gpu_get_slices (self->gpu), "items-changed",
                           G_CALLBACK (on_slices_items_changed_cb), self, G_CONNECT_SWAPPED);
  update_row (self);
}

static void
slices_type_row_dispose (GObject *object)
{
  SlicesTypeRow *self = SLICES_TYPE_ROW (object);

  if (self->type != NULL)
    g_signal_handlers_disconnect_by_data (self->type, self);
  if (self->gpu != NULL)
    g_signal_handlers_disconnect_by_data (slices_gpu_get_slices (self->gpu), self);
  g_clear_object (&self->type);
  g_clear_object (&self->gpu);

  G_OBJECT_CLASS (slices_type_row_parent_class)->dispose (object);
}

static void
slices_type_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlicesTypeRow *self = SLICES_TYPE_ROW (object);

  switch (prop_id)
    {
    case PROP_GPU:
      g_value_set_object (value, self->gpu);
      break;
    case PROP_SLICE_TYPE:
      g_value_set_object (value, self->type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_type_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlicesTypeRow *self = SLICES_TYPE_ROW (object);

  switch (prop_id)
    {
    case PROP_GPU:
      self->gpu = g_value_dup_object (value);
      break;
    case PROP_SLICE_TYPE:
      self->type = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_type_row_class_init (SlicesTypeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = slices_type_row_constructed;
  object_class->dispose = slices_type_row_dispose;
  object_class->get_property = slices_type_row_get_property;
  object_class->set_property = slices_type_row_set_property;

  properties[PROP_GPU] =
    g_param_spec_object ("gpu", NULL, NULL, SLICES_TYPE_GPU,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLICE_TYPE] =
    g_param_spec_object ("slice-type", NULL, NULL, SLICES_TYPE_SLICE_TYPE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/gpu/"
                                               "slices-type-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesTypeRow, available_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesTypeRow, create_button);
}

static void
slices_type_row_init (SlicesTypeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
slices_type_row_new (SlicesGpu       *gpu,
                     SlicesSliceType *type)
{
  g_return_val_if_fail (SLICES_IS_GPU (gpu), NULL);
  g_return_val_if_fail (SLICES_IS_SLICE_TYPE (type), NULL);

  return g_object_new (SLICES_TYPE_TYPE_ROW, "gpu", gpu, "slice-type", type, NULL);
}

SlicesSliceType *
slices_type_row_get_slice_type (SlicesTypeRow *self)
{
  g_return_val_if_fail (SLICES_IS_TYPE_ROW (self), NULL);

  return self->type;
}

void
slices_type_row_set_compact (SlicesTypeRow *self,
                             gboolean       compact)
{
  g_return_if_fail (SLICES_IS_TYPE_ROW (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  update_row (self);
}

GtkWidget *
slices_type_row_get_create_button (SlicesTypeRow *self)
{
  g_return_val_if_fail (SLICES_IS_TYPE_ROW (self), NULL);

  return GTK_WIDGET (self->create_button);
}

const char *
slices_type_row_get_available_text (SlicesTypeRow *self)
{
  g_return_val_if_fail (SLICES_IS_TYPE_ROW (self), NULL);

  return gtk_label_get_label (self->available_label);
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesCapacityRow: the room on one GPU; see slices-capacity-row.h. It follows the GPU's
 * slices, each type's available_instances and the VM names, and words the state through the
 * model's SlicesCapacity so that it says what Check Setup and `slicectl list` say.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slices-app-format.h"
#include "slices-capacity-row.h"

struct _SlicesCapacityRow
{
  GtkListBoxRow parent_instance;

  GtkLabel *percent_label;
  GtkLabel *explanation_label;
  GtkLevelBar *level_bar;
  GtkLabel *summary_label;

  SlicesGpu *gpu;
  GPtrArray *watched_types;   /* the types whose "available" is followed */
  SlicesVmTracker *vms;
  SlicesCapacityState state;
};

G_DEFINE_FINAL_TYPE (SlicesCapacityRow, slices_capacity_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_VM_TRACKER,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_row (SlicesCapacityRow *self)
{
  g_autoptr(SlicesCapacity) capacity = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *percent = NULL;
  gboolean full;

  if (self->gpu == NULL)
    return;

  capacity = slices_capacity_new (self->gpu);
  names = slices_format_capacity_names (capacity, self->vms);
  summary = slices_capacity_dup_summary (capacity, (const char * const *) names);
  explanation = slices_capacity_dup_explanation (capacity);
  full = slices_capacity_is_full (capacity);

  gtk_label_set_label (self->summary_label, summary);
  gtk_label_set_label (self->explanation_label, explanation);
  gtk_widget_set_visible (GTK_WIDGET (self->level_bar), capacity->fraction >= 0);
  gtk_level_bar_set_value (self->level_bar, MAX (capacity->fraction, 0));
  /* The sentence gives the share taken; beside the title only the word for a full GPU. */
  if (full)
    /* TRANSLATORS: the GPU has no room for another slice */
    percent = g_strdup (C_("capacity", "Full"));
  gtk_label_set_label (self->percent_label, percent != NULL ? percent : "");
  gtk_widget_set_visible (GTK_WIDGET (self->percent_label), percent != NULL);
  if (full)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "capacity-full");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "capacity-full");
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "dim-label");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->level_bar),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);

  if (self->state != capacity->state)
    {
      self->state = capacity->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
unwatch_types (SlicesCapacityRow *self)
{
  for (guint i = 0; i < self->watched_types->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched_types, i), self);
  g_ptr_array_set_size (self->watched_types, 0);
}

static void
on_type_notify_cb (SlicesCapacityRow *self)
{
  update_row (self);
}

static void
watch_types (SlicesCapacityRow *self)
{
  GListModel *types = slices_gpu_get_types (self->gpu);

  unwatch_types (self);
  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      SlicesSliceType *type = g_list_model_get_item (types, i);

      g_signal_connect_swapped (type, "notify::available", G_CALLBACK (on_type_notify_cb), self);
      g_ptr_array_add (self->watched_types, type);
    }
}

static void
on_types_changed_cb (SlicesCapacityRow *self)
{
  watch_types (self);
  update_row (self);
}

static void
slices_capacity_row_dispose (GObject *object)
{
  SlicesCapacityRow *self = SLICES_CAPACITY_ROW (object);

  slices_capacity_row_set_gpu (self, NULL);
  if (self->vms != NULL)
    g_signal_handlers_disconnect_by_data (self->vms, self);
  g_clear_object (&self->vms);
  g_clear_pointer (&self->watched_types, g_ptr_array_unref);

  G_OBJECT_CLASS (slices_capacity_row_parent_class)->dispose (object);
}

static void
slices_capacity_row_constructed (GObject *object)
{
  SlicesCapacityRow *self = SLICES_CAPACITY_ROW (object);

  G_OBJECT_CLASS (slices_capacity_row_parent_class)->constructed (object);

  /* The VM names the slices go by in a full GPU's sentence. */
  if (self->vms != NULL)
    g_signal_connect_object (self->vms, "changed", G_CALLBACK (update_row), self,
                             G_CONNECT_SWAPPED);
}

static void
slices_capacity_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SlicesCapacityRow *self = SLICES_CAPACITY_ROW (object);

  switch (prop_id)
    {
    case PROP_VM_TRACKER:
      g_value_set_object (value, self->vms);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_capacity_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SlicesCapacityRow *self = SLICES_CAPACITY_ROW (object);

  switch (prop_id)
    {
    case PROP_VM_TRACKER:
      self->vms = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_capacity_row_class_init (SlicesCapacityRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = slices_capacity_row_constructed;
  object_class->dispose = slices_capacity_row_dispose;
  object_class->get_property = slices_capacity_row_get_property;
  object_class->set_property = slices_capacity_row_set_property;

  properties[PROP_VM_TRACKER] =
    g_param_spec_object ("vm-tracker", NULL, NULL, SLICES_TYPE_VM_TRACKER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A SlicesCapacityState. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, SLICES_CAPACITY_UNKNOWN, SLICES_CAPACITY_FULL_APERTURE,
                      SLICES_CAPACITY_UNKNOWN,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/gpu/"
                                               "slices-capacity-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesCapacityRow, percent_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesCapacityRow, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesCapacityRow, level_bar);
  gtk_widget_class_bind_template_child (widget_class, SlicesCapacityRow, summary_label);
}

static void
slices_capacity_row_init (SlicesCapacityRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->watched_types = g_ptr_array_new_with_free_func (g_object_unref);

  /* A bar of what is taken: no "low is bad" colours; full has its own. */
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->level_bar, "capacity-room", 0.995);
  gtk_level_bar_add_offset_value (self->level_bar, "capacity-full", 1.0);
}

GtkWidget *
slices_capacity_row_new (SlicesVmTracker *vms)
{
  g_return_val_if_fail (vms == NULL || SLICES_IS_VM_TRACKER (vms), NULL);

  return g_object_new (SLICES_TYPE_CAPACITY_ROW, "vm-tracker", vms, NULL);
}

void
slices_capacity_row_set_gpu (SlicesCapacityRow *self,
                             SlicesGpu         *gpu)
{
  g_return_if_fail (SLICES_IS_CAPACITY_ROW (self));
  g_return_if_fail (gpu == NULL || SLICES_IS_GPU (gpu));

  if (self->gpu == gpu)
    return;
  if (self->gpu != NULL)
    {
      g_signal_handlers_disconnect_by_data (slices_gpu_get_types (self->gpu), self);
      g_signal_handlers_disconnect_by_data (slices_gpu_get_slices (self->gpu), self);
    }
  unwatch_types (self);
  g_set_object (&self->gpu, gpu);
  if (gpu == NULL)
    return;

  g_signal_connect_object (slices_gpu_get_types (gpu), "items-changed",
                           G_CALLBACK (on_types_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (slices_gpu_get_slices (gpu), "items-changed",
                           G_CALLBACK (update_row), self, G_CONNECT_SWAPPED);
  watch_types (self);
  update_row (self);
}

SlicesCapacityState
slices_capacity_row_get_state (SlicesCapacityRow *self)
{
  g_return_val_if_fail (SLICES_IS_CAPACITY_ROW (self), SLICES_CAPACITY_UNKNOWN);

  return self->state;
}

GtkLevelBar *
slices_capacity_row_get_level_bar (SlicesCapacityRow *self)
{
  g_return_val_if_fail (SLICES_IS_CAPACITY_ROW (self), NULL);

  return self->level_bar;
}

const char *
slices_capacity_row_get_summary (SlicesCapacityRow *self)
{
  g_return_val_if_fail (SLICES_IS_CAPACITY_ROW (self), NULL);

  return gtk_label_get_label (self->summary_label);
}

const char *
slices_capacity_row_get_explanation (SlicesCapacityRow *self)
{
  g_return_val_if_fail (SLICES_IS_CAPACITY_ROW (self), NULL);

  return gtk_label_get_label (self->explanation_label);
}

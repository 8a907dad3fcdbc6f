/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesGpuPage: one GPU, its slice types and its slices; see slices-gpu-page.h.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"

#include "slices-gpu-page.h"
#include "slices-slice-row.h"
#include "slices-type-row.h"

struct _SlicesGpuPage
{
  AdwBin parent_instance;

  AdwPreferencesPage *page;
  AdwPreferencesGroup *gpu_group;
  AdwActionRow *render_row;
  GtkLabel *address_label;
  GtkLabel *render_label;
  GtkListBox *types_list;
  GtkListBox *slices_list;

  SlicesGpu *gpu;
  SlicesPersistence *persistence;
  SlicesVmTracker *vms;
  gboolean compact;
  guint compact_idle_id;
};

G_DEFINE_FINAL_TYPE (SlicesGpuPage, slices_gpu_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_GPU,
  PROP_PERSISTENCE,
  PROP_VM_TRACKER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Below this width the type rows take their narrow layout. */
#define COMPACT_WIDTH 560

static void
update_header (SlicesGpuPage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  const char * const *nodes;
  const char *platform;

  if (self->gpu == NULL)
    return;

  name = slices_gpu_dup_display_name (self->gpu);
  platform = slices_gpu_get_platform (self->gpu);
  if (platform != NULL)
    /* TRANSLATORS: %s is an Intel GPU platform such as "Kaby Lake" */
    description = g_strdup_printf (_("Intel %s graphics"), platform);

  adw_preferences_group_set_title (self->gpu_group, name);
  adw_preferences_group_set_description (self->gpu_group, description);
  gtk_label_set_label (self->address_label, slices_gpu_get_address (self->gpu));

  nodes = slices_gpu_get_render_nodes (self->gpu);
  if (nodes != NULL && nodes[0] != NULL)
    gtk_label_set_label (self->render_label, nodes[0]);
  else
    /* TRANSLATORS: the GPU has no render node (/dev/dri/renderD…) */
    gtk_label_set_label (self->render_label, _("None"));
}

static void
on_gpu_notify_cb (SlicesGpuPage *self,
                  GParamSpec    *pspec,
                  SlicesGpu     *gpu)
{
  update_header (self);
}

static GtkWidget *
create_type_row (gpointer item,
                 gpointer user_data)
{
  SlicesGpuPage *self = user_data;
  GtkWidget *row = slices_type_row_new (self->gpu, item);

  slices_type_row_set_compact (SLICES_TYPE_ROW (row), self->compact);
  return row;
}

static gboolean
apply_compact (gpointer user_data)
{
  SlicesGpuPage *self = user_data;

  self->compact_idle_id = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->types_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SLICES_IS_TYPE_ROW (child))
      slices_type_row_set_compact (SLICES_TYPE_ROW (child), self->compact);

  return G_SOURCE_REMOVE;
}

static GtkWidget *
create_slice_row (gpointer item,
                  gpointer user_data)
{
  SlicesGpuPage *self = user_data;

  return slices_slice_row_new (self->gpu, item, self->persistence, self->vms);
}

/* GTK 4.8 has no breakpoints: the page follows its own width, so it measures and allocates
 * its child itself (instead of AdwBin's layout manager). Rows change outside of the
 * allocation, in a high-priority idle before the next frame. */
static void
slices_gpu_page_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  SlicesGpuPage *self = SLICES_GPU_PAGE (widget);

  gtk_widget_measure (GTK_WIDGET (self->page), orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
slices_gpu_page_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  SlicesGpuPage *self = SLICES_GPU_PAGE (widget);
  gboolean compact = width < COMPACT_WIDTH;

  gtk_widget_allocate (GTK_WIDGET (self->page), width, height, baseline, NULL);

  if (compact != self->compact)
    {
      self->compact = compact;
      if (self->compact_idle_id == 0)
        self->compact_idle_id = g_idle_add_full (G_PRIORITY_HIGH, apply_compact, self, NULL);
    }
}

static void
slices_gpu_page_dispose (GObject *object)
{
  SlicesGpuPage *self = SLICES_GPU_PAGE (object);

  g_clear_handle_id (&self->compact_idle_id, g_source_remove);
  slices_gpu_page_set_gpu (self, NULL);
  g_clear_object (&self->persistence);
  g_clear_object (&self->vms);

  G_OBJECT_CLASS (slices_gpu_page_parent_class)->dispose (object);
}

static void
slices_gpu_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlicesGpuPage *self = SLICES_GPU_PAGE (object);

  switch (prop_id)
    {
    case PROP_GPU:
      g_value_set_object (value, self->gpu);
      break;
    case PROP_PERSISTENCE:
      g_value_set_object (value, self->persistence);
      break;
    case PROP_VM_TRACKER:
      g_value_set_object (value, self->vms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_gpu_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlicesGpuPage *self = SLICES_GPU_PAGE (object);

  switch (prop_id)
    {
    case PROP_GPU:
      slices_gpu_page_set_gpu (self, g_value_get_object (value));
      break;
    case PROP_PERSISTENCE:
      self->persistence = g_value_dup_object (value);
      break;
    case PROP_VM_TRACKER:
      self->vms = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_gpu_page_class_init (SlicesGpuPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slices_gpu_page_dispose;
  object_class->get_property = slices_gpu_page_get_property;
  object_class->set_property = slices_gpu_page_set_property;
  widget_class->measure = slices_gpu_page_measure;
  widget_class->size_allocate = slices_gpu_page_size_allocate;

  properties[PROP_GPU] =
    g_param_spec_object ("gpu", NULL, NULL, SLICES_TYPE_GPU,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSISTENCE] =
    g_param_spec_object ("persistence", NULL, NULL, SLICES_TYPE_PERSISTENCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VM_TRACKER] =
    g_param_spec_object ("vm-tracker", NULL, NULL, SLICES_TYPE_VM_TRACKER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/gpu/"
                                               "slices-gpu-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, page);
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, gpu_group);
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, render_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, address_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, render_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, types_list);
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, slices_list);
}

static void
slices_gpu_page_init (SlicesGpuPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
}

GtkWidget *
slices_gpu_page_new (SlicesPersistence *persistence,
                     SlicesVmTracker   *vms)
{
  g_return_val_if_fail (persistence == NULL || SLICES_IS_PERSISTENCE (persistence), NULL);
  g_return_val_if_fail (vms == NULL || SLICES_IS_VM_TRACKER (vms), NULL);

  return g_object_new (SLICES_TYPE_GPU_PAGE,
                       "persistence", persistence,
                       "vm-tracker", vms,
                       NULL);
}

SlicesGpu *
slices_gpu_page_get_gpu (SlicesGpuPage *self)
{
  g_return_val_if_fail (SLICES_IS_GPU_PAGE (self), NULL);

  return self->gpu;
}

void
slices_gpu_page_set_gpu (SlicesGpuPage *self,
                         SlicesGpu     *gpu)
{
  g_return_if_fail (SLICES_IS_GPU_PAGE (self));
  g_return_if_fail (gpu == NULL || SLICES_IS_GPU (gpu));

  if (self->gpu == gpu)
    return;

  if (self->gpu != NULL)
    g_signal_handlers_disconnect_by_data (self->gpu, self);
  gtk_list_box_bind_model (self->types_list, NULL, NULL, NULL, NULL);
  gtk_list_box_bind_model (self->slices_list, NULL, NULL, NULL, NULL);
  g_set_object (&self->gpu, gpu);

  if (gpu != NULL)
    {
      g_signal_connect_object (gpu, "notify", G_CALLBACK (on_gpu_notify_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_bind_model (self->types_list, slices_gpu_get_types (gpu),
                               create_type_row, self, NULL);
      gtk_list_box_bind_model (self->slices_list, slices_gpu_get_slices (gpu),
                               create_slice_row, self, NULL);
      update_header (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GPU]);
}

GtkWidget *
slices_gpu_page_find_type_row (SlicesGpuPage *self,
                               const char    *type_id)
{
  g_return_val_if_fail (SLICES_IS_GPU_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->types_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (SLICES_IS_TYPE_ROW (child) &&
          g_strcmp0 (slices_slice_type_get_id (
                       slices_type_row_get_slice_type (SLICES_TYPE_ROW (child))),
                     type_id) == 0)
        return child;
    }
  return NULL;
}

GtkWidget *
slices_gpu_page_find_slice_row (SlicesGpuPage *self,
                                const char    *uuid)
{
  g_return_val_if_fail (SLICES_IS_GPU_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->slices_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (SLICES_IS_SLICE_ROW (child) &&
          g_strcmp0 (slices_slice_get_uuid (slices_slice_row_get_slice (SLICES_SLICE_ROW (child))),
                     uuid) == 0)
        return child;
    }
  return NULL;
}

guint
slices_gpu_page_count_slice_rows (SlicesGpuPage *self)
{
  guint n = 0;

  g_return_val_if_fail (SLICES_IS_GPU_PAGE (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->slices_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SLICES_IS_SLICE_ROW (child))
      n++;
  return n;
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesGpuPage: one GPU, its slice types and its slices; see slices-gpu-page.h.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"

#include "slices-capacity-row.h"
#include "slices-gpu-page.h"
#include "slices-slice-row.h"
#include "slices-sriov-page.h"
#include "slices-type-row.h"

struct _SlicesGpuPage
{
  AdwBin parent_instance;

  GtkStack *stack;
  SlicesSriovPage *sriov_page;   /* made with the first SR-IOV GPU */
  char *sysfs_root;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *gpu_group;
  AdwExpanderRow *details_row;
  AdwActionRow *render_row;
  GtkLabel *address_label;
  GtkLabel *render_label;
  GtkListBox *capacity_list;
  GtkListBox *types_list;
  GtkListBox *slices_list;
  SlicesCapacityRow *capacity_row;

  SlicesGpu *gpu;
  SlicesPersistence *persistence;
  SlicesVmTracker *vms;
  gboolean compact;
  guint compact_idle_id;

  /* What the shortcuts act on: the type and the slice whose row had the focus last. */
  char *selected_type_id;
  char *selected_slice_uuid;

  /* A slice row to scroll into view once it is laid out (a new slice, or one a toast is
   * about), above the toasts at the bottom. */
  char *reveal_uuid;
  guint reveal_tick_id;
  guint reveal_frames;   /* frames since the reveal began */
  guint reveal_settled;  /* frames in a row with the row in view */
  gboolean binding;

  char *setup_problem;
};

G_DEFINE_FINAL_TYPE (SlicesGpuPage, slices_gpu_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_GPU,
  PROP_PERSISTENCE,
  PROP_VM_TRACKER,
  PROP_SETUP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Below this width the type rows take their narrow layout. */
#define COMPACT_WIDTH 560

/* What a toast covers at the bottom of the window (its height and margins), kept clear of a
 * row that is scrolled into view. */
#define TOAST_ROOM 96

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
  /* Seen without opening: where the GPU is. */
  adw_expander_row_set_subtitle (self->details_row, slices_gpu_get_address (self->gpu));
}

/* A problem of the setup, not of the user's slices, that keeps every slice off this GPU. */
static void
update_setup_problem (SlicesGpuPage *self)
{
  const char *problem = NULL;

  if (self->gpu != NULL)
    switch (slices_capacity_row_get_state (self->capacity_row))
      {
      case SLICES_CAPACITY_FULL_APERTURE:
        problem = _("No slice fits on this GPU: the aperture set in the firmware is too small");
        break;
      case SLICES_CAPACITY_UNKNOWN:
        problem = _("The kernel does not say how many slices fit on this GPU");
        break;
      case SLICES_CAPACITY_ROOM:
      case SLICES_CAPACITY_FULL_SLICES:
      case SLICES_CAPACITY_FULL_LIMIT:
      default:
        break;
      }

  if (g_strcmp0 (problem, self->setup_problem) == 0)
    return;
  g_free (self->setup_problem);
  self->setup_problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETUP_PROBLEM]);
}

/* Scrolling a row into view */

static GtkWidget *find_slice_row (SlicesGpuPage *self, const char *uuid);
static void set_sriov_gpu (SlicesGpuPage *self, SlicesGpu *gpu);

static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  SlicesGpuPage *self = SLICES_GPU_PAGE (widget);
  GtkWidget *row = self->reveal_uuid != NULL ? find_slice_row (self, self->reveal_uuid) : NULL;
  GtkWidget *scrolled, *content;
  GtkAdjustment *vadjustment;
  double x, y, value, page_size, height;

  if (row == NULL)
    {
      self->reveal_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* Not laid out yet: the next frame. */
  height = gtk_widget_get_height (row);
  scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  content = scrolled != NULL ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))
                             : NULL;
  if (height <= 0 || content == NULL || !gtk_widget_get_mapped (row))
    return G_SOURCE_CONTINUE;
  if (!gtk_widget_translate_coordinates (row, content, 0, 0, &x, &y))
    return G_SOURCE_CONTINUE;

  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (vadjustment);
  page_size = gtk_adjustment_get_page_size (vadjustment);
  if (y < value || y + height > value + page_size - TOAST_ROOM)
    {
      gtk_adjustment_set_value (vadjustment, y < value ? MAX (0, y - 12)
                                             : y + height - page_size + TOAST_ROOM);
      self->reveal_settled = 0;
    }
  else
    self->reveal_settled++;
  /* The page may still grow under the row (its toast, the rows above it named anew), and the
   * adjustment may not reach far enough yet: done once the row stayed in view for a few
   * frames, or after a second of trying. */
  if (self->reveal_settled < 3 && ++self->reveal_frames < 60)
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&self->reveal_uuid, g_free);
  self->reveal_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_slices_items_changed_cb (SlicesGpuPage *self,
                            guint          position,
                            guint          removed,
                            guint          added,
                            GListModel    *slices)
{
  g_autoptr(SlicesSlice) slice = NULL;

  /* A new slice (not a whole list bound anew) is shown where it appeared. */
  if (self->binding || added == 0)
    return;
  slice = g_list_model_get_item (slices, position + added - 1);
  if (slice != NULL)
    slices_gpu_page_reveal_slice (self, slices_slice_get_uuid (slice));
}

/* Which row the shortcuts act on */

static void
on_type_row_focus_enter_cb (GtkEventControllerFocus *controller,
                            SlicesGpuPage           *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  SlicesSliceType *type = slices_type_row_get_slice_type (SLICES_TYPE_ROW (row));

  g_free (self->selected_type_id);
  self->selected_type_id = g_strdup (slices_slice_type_get_id (type));
}

static void
on_slice_row_focus_enter_cb (GtkEventControllerFocus *controller,
                             SlicesGpuPage           *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  SlicesSlice *slice = slices_slice_row_get_slice (SLICES_SLICE_ROW (row));

  g_free (self->selected_slice_uuid);
  self->selected_slice_uuid = g_strdup (slices_slice_get_uuid (slice));
}

static void
on_slice_row_focus_leave_cb (GtkEventControllerFocus *controller,
                             SlicesGpuPage           *self)
{
  /* Attach acts on the slice whose row has the focus now, or opens the wizard. */
  g_clear_pointer (&self->selected_slice_uuid, g_free);
}

static void
on_capacity_state_cb (SlicesGpuPage *self)
{
  update_setup_problem (self);
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
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "enter", G_CALLBACK (on_type_row_focus_enter_cb), self, 0);
  gtk_widget_add_controller (row, focus);
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
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->slices_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SLICES_IS_SLICE_ROW (child))
      slices_slice_row_set_compact (SLICES_SLICE_ROW (child), self->compact);

  return G_SOURCE_REMOVE;
}

static GtkWidget *
create_slice_row (gpointer item,
                  gpointer user_data)
{
  SlicesGpuPage *self = user_data;
  GtkWidget *row = slices_slice_row_new (self->gpu, item, self->persistence, self->vms);
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "enter", G_CALLBACK (on_slice_row_focus_enter_cb), self, 0);
  g_signal_connect_object (focus, "leave", G_CALLBACK (on_slice_row_focus_leave_cb), self, 0);
  gtk_widget_add_controller (row, focus);
  slices_slice_row_set_compact (SLICES_SLICE_ROW (row), self->compact);
  return row;
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

  gtk_widget_measure (GTK_WIDGET (self->stack), orientation, for_size, minimum, natural,
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

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);

  if (compact != self->compact)
    {
      self->compact = compact;
      if (self->compact_idle_id == 0)
        self->compact_idle_id = g_idle_add_full (G_PRIORITY_HIGH, apply_compact, self, NULL);
    }
}

static void
slices_gpu_page_constructed (GObject *object)
{
  SlicesGpuPage *self = SLICES_GPU_PAGE (object);

  G_OBJECT_CLASS (slices_gpu_page_parent_class)->constructed (object);

  /* Made here: it names slices by their VMs, from the construct-only tracker. */
  self->capacity_row = SLICES_CAPACITY_ROW (slices_capacity_row_new (self->vms));
  gtk_list_box_append (self->capacity_list, GTK_WIDGET (self->capacity_row));
  g_signal_connect_object (self->capacity_row, "notify::state", G_CALLBACK (on_capacity_state_cb),
                           self, G_CONNECT_SWAPPED);
  slices_capacity_row_set_gpu (self->capacity_row, self->gpu);
  update_setup_problem (self);
}

static void
slices_gpu_page_dispose (GObject *object)
{
  SlicesGpuPage *self = SLICES_GPU_PAGE (object);

  g_clear_handle_id (&self->compact_idle_id, g_source_remove);
  if (self->reveal_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick_id);
  self->reveal_tick_id = 0;
  slices_gpu_page_set_gpu (self, NULL);
  g_clear_object (&self->persistence);
  g_clear_object (&self->vms);
  g_clear_pointer (&self->selected_type_id, g_free);
  g_clear_pointer (&self->selected_slice_uuid, g_free);
  g_clear_pointer (&self->reveal_uuid, g_free);
  g_clear_pointer (&self->setup_problem, g_free);
  g_clear_pointer (&self->sysfs_root, g_free);

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
    case PROP_SETUP_PROBLEM:
      g_value_set_string (value, self->setup_problem);
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

  object_class->constructed = slices_gpu_page_constructed;
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
  /* A sentence for the window's setup banner, or NULL. */
  properties[PROP_SETUP_PROBLEM] =
    g_param_spec_string ("setup-problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/gpu/"
                                               "slices-gpu-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, page);
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, gpu_group);
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, details_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, render_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesGpuPage, capacity_list);
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

  if (self->sriov_page != NULL)
    slices_sriov_page_set_gpu (self->sriov_page, NULL, NULL);

  if (self->gpu != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->gpu, self);
      g_signal_handlers_disconnect_by_data (slices_gpu_get_slices (self->gpu), self);
    }
  self->binding = TRUE;
  gtk_list_box_bind_model (self->types_list, NULL, NULL, NULL, NULL);
  gtk_list_box_bind_model (self->slices_list, NULL, NULL, NULL, NULL);
  g_set_object (&self->gpu, gpu);
  g_clear_pointer (&self->selected_type_id, g_free);
  g_clear_pointer (&self->selected_slice_uuid, g_free);
  if (gpu != NULL && slices_gpu_get_sriov (gpu) != NULL)
    {
      /* An SR-IOV GPU has no types, no mdev slices and no aperture budget: its own page. */
      self->binding = FALSE;
      set_sriov_gpu (self, gpu);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "gvt");
  if (self->capacity_row != NULL)
    slices_capacity_row_set_gpu (self->capacity_row, gpu);

  if (gpu != NULL)
    {
      g_signal_connect_object (gpu, "notify", G_CALLBACK (on_gpu_notify_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_bind_model (self->types_list, slices_gpu_get_types (gpu),
                               create_type_row, self, NULL);
      gtk_list_box_bind_model (self->slices_list, slices_gpu_get_slices (gpu),
                               create_slice_row, self, NULL);
      /* After the list box's own handler, so that the new row exists. */
      g_signal_connect_object (slices_gpu_get_slices (gpu), "items-changed",
                               G_CALLBACK (on_slices_items_changed_cb), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      update_header (self);
    }
  self->binding = FALSE;
  if (self->capacity_row != NULL)
    update_setup_problem (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GPU]);
}

/* Shows @gpu on the SR-IOV page (the GVT-g rows let go of the last GPU already). */
static void
set_sriov_gpu (SlicesGpuPage *self,
               SlicesGpu     *gpu)
{
  if (self->sriov_page == NULL)
    {
      self->sriov_page = SLICES_SRIOV_PAGE (slices_sriov_page_new (self->vms));
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->sriov_page), "sriov");
    }
  if (self->capacity_row != NULL)
    slices_capacity_row_set_gpu (self->capacity_row, NULL);
  slices_sriov_page_set_gpu (self->sriov_page, gpu, self->sysfs_root);
  gtk_stack_set_visible_child_name (self->stack, "sriov");
  /* Its setup problems are Check Setup's (the banner speaks of GVT-g's budget). */
  if (self->setup_problem != NULL)
    {
      g_clear_pointer (&self->setup_problem, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETUP_PROBLEM]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GPU]);
}

void
slices_gpu_page_set_sysfs_root (SlicesGpuPage *self,
                                const char    *sysfs_root)
{
  g_return_if_fail (SLICES_IS_GPU_PAGE (self));

  g_free (self->sysfs_root);
  self->sysfs_root = g_strdup (sysfs_root);
}

GtkWidget *
slices_gpu_page_get_sriov_page (SlicesGpuPage *self)
{
  g_return_val_if_fail (SLICES_IS_GPU_PAGE (self), NULL);

  if (self->gpu == NULL || slices_gpu_get_sriov (self->gpu) == NULL)
    return NULL;
  return GTK_WIDGET (self->sriov_page);
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

static GtkWidget *
find_slice_row (SlicesGpuPage *self,
                const char    *uuid)
{
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

GtkWidget *
slices_gpu_page_find_slice_row (SlicesGpuPage *self,
                                const char    *uuid)
{
  g_return_val_if_fail (SLICES_IS_GPU_PAGE (self), NULL);

  return find_slice_row (self, uuid);
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

void
slices_gpu_page_reveal_slice (SlicesGpuPage *self,
                              const char    *uuid)
{
  g_return_if_fail (SLICES_IS_GPU_PAGE (self));
  g_return_if_fail (uuid != NULL);

  g_free (self->reveal_uuid);
  self->reveal_uuid = g_strdup (uuid);
  self->reveal_frames = 0;
  self->reveal_settled = 0;
  if (self->reveal_tick_id == 0)
    self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick_cb, NULL,
                                                         NULL);
}

gboolean
slices_gpu_page_is_revealing (SlicesGpuPage *self)
{
  g_return_val_if_fail (SLICES_IS_GPU_PAGE (self), FALSE);

  return self->reveal_tick_id != 0;
}

char *
slices_gpu_page_dup_selected_type_id (SlicesGpuPage *self)
{
  GListModel *types;

  g_return_val_if_fail (SLICES_IS_GPU_PAGE (self), NULL);

  if (self->gpu == NULL)
    return NULL;
  if (self->selected_type_id != NULL &&
      slices_gpu_find_type (self->gpu, self->selected_type_id) != NULL)
    return g_strdup (self->selected_type_id);

  /* No type chosen yet: the smallest that has room (the list is sorted by share). */
  types = slices_gpu_get_types (self->gpu);
  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, i);

      if (slices_slice_type_get_available (type) > 0)
        return g_strdup (slices_slice_type_get_id (type));
    }
  if (g_list_model_get_n_items (types) > 0)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, 0);

      return g_strdup (slices_slice_type_get_id (type));
    }
  return NULL;
}

const char *
slices_gpu_page_get_selected_slice (SlicesGpuPage *self)
{
  g_return_val_if_fail (SLICES_IS_GPU_PAGE (self), NULL);

  if (self->gpu == NULL || self->selected_slice_uuid == NULL ||
      slices_gpu_find_slice (self->gpu, self->selected_slice_uuid) == NULL)
    return NULL;
  return self->selected_slice_uuid;
}

const char *
slices_gpu_page_get_setup_problem (SlicesGpuPage *self)
{
  g_return_val_if_fail (SLICES_IS_GPU_PAGE (self), NULL);

  return self->setup_problem;
}

GtkWidget *
slices_gpu_page_get_capacity_row (SlicesGpuPage *self)
{
  g_return_val_if_fail (SLICES_IS_GPU_PAGE (self), NULL);

  return GTK_WIDGET (self->capacity_row);
}

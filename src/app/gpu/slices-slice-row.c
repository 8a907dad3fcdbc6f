/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesSliceRow: one slice that exists now; see slices-slice-row.h. The row's buttons, switch
 * and menu activate window actions with the slice's UUID as target, so the window does the
 * work; the row only reads its models.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-base.h"
#include "libslices-model.h"

#include "slices-app-format.h"
#include "slices-slice-row.h"

struct _SlicesSliceRow
{
  AdwActionRow parent_instance;

  GtkButton *copy_button;
  GtkButton *vm_button;
  GtkMenuButton *menu_button;

  SlicesGpu *gpu;
  SlicesSlice *slice;
  gboolean compact;

  /* "Keep after restart" (owner: setup): follows the persistence's "changed". */
  GtkSwitch *keep_switch;
  SlicesPersistence *persistence;
  GMenu *menu;
  gboolean syncing_keep;
  gboolean nixos_item_added;

  /* Which VM uses the slice (owner: wizard): the row's Attach… or Detach button. */
  SlicesVmTracker *vms;
};

G_DEFINE_FINAL_TYPE (SlicesSliceRow, slices_slice_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_GPU,
  PROP_SLICE,
  PROP_PERSISTENCE,
  PROP_VM_TRACKER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The main task first: Attach… for a free slice, Detach (undone from its toast, so no dialog
 * and no ellipsis) for one a VM holds. */
static void
update_row (SlicesSliceRow *self)
{
  const char *uuid = slices_slice_get_uuid (self->slice);
  const char *type_id = slices_slice_get_type_id (self->slice);
  SlicesSliceType *type = type_id != NULL ? slices_gpu_find_type (self->gpu, type_id) : NULL;
  const SlicesDomainInfo *user = NULL;
  SlicesVmTrackerState state = SLICES_VM_TRACKER_IDLE;
  g_autofree char *short_uuid = slices_format_short_uuid (uuid);
  g_autofree char *title = NULL;
  g_autofree char *resolution = NULL;
  g_autofree char *share = NULL;
  g_autofree char *busy_share = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *markup = NULL;

  if (self->vms != NULL)
    {
      state = slices_vm_tracker_get_state (self->vms);
      user = slices_vm_tracker_find_user (self->vms, uuid);
    }

  /* Named by its VM when it has one, the short UUID then secondary; the type by its resolution
   * and share, so that two 1920 × 1200 slices read differently. */
  title = slices_format_slice_title (uuid, user != NULL ? user->name : NULL);
  if (user != NULL)
    g_string_append (subtitle, short_uuid);
  if (type != NULL)
    {
      resolution = slices_format_resolution (type);
      share = slices_format_share (type);
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, resolution);
      /* Narrow, the resolution alone: the share is in the tooltip and beside the type. */
      if (share != NULL && !self->compact)
        g_string_append_printf (subtitle, " · %s", share);
    }
  else
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, type_id != NULL ? type_id : _("Unknown type"));
    }

  /* The second line: whether it is in use, and kept. */
  {
    const char *usage = NULL;
    const char *kept = NULL;

    if (user != NULL && user->active)
      /* TRANSLATORS: the VM holding the slice is running */
      usage = _("Running");
    else if (user == NULL && (state == SLICES_VM_TRACKER_READY || self->vms == NULL))
      usage = _("Not used by a virtual machine");
    else if (user == NULL && state == SLICES_VM_TRACKER_FAILED)
      /* Why Attach is off: the virtual machines cannot be reached. */
      usage = g_error_matches (slices_vm_tracker_get_error (self->vms), SLICES_LIBVIRT_ERROR,
                               SLICES_LIBVIRT_ERROR_NOT_RUNNING)
              ? _("Cannot attach: libvirt is not running")
              : _("Cannot attach: the virtual machines are out of reach");
    if (self->persistence != NULL && slices_persistence_is_kept (self->persistence, uuid))
      kept = _("Kept after restart");
    if (usage != NULL && kept != NULL)
      g_string_append_printf (subtitle, "\n%s · %s", usage, kept);
    else if (usage != NULL || kept != NULL)
      g_string_append_printf (subtitle, "\n%s", usage != NULL ? usage : kept);
  }
  markup = g_markup_escape_text (subtitle->str, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), markup);
  busy_share = slices_slice_dup_busy_share_text (self->gpu, self->slice);
  if (busy_share != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf ("%s\n%s\n%s", uuid, busy_share,
                                                  slices_share_explanation ());

      gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), uuid);
  slices_slice_row_update_vm_button (self->vm_button, uuid, user != NULL ? user->name : NULL);
}

static void
on_slice_notify_cb (SlicesSliceRow *self,
                    GParamSpec     *pspec,
                    gpointer        slice)
{
  update_row (self);
}

/* "Keep after restart" */

static char *
dup_install_mdevctl_hint (void)
{
  switch (slices_distro_detect (NULL, NULL))
    {
    case SLICES_DISTRO_DEBIAN:
      return g_strdup (_("Install mdevctl to keep slices after restart: sudo apt install mdevctl"));
    case SLICES_DISTRO_FEDORA:
      return g_strdup (_("Install mdevctl to keep slices after restart: sudo dnf install mdevctl"));
    case SLICES_DISTRO_ARCH:
      return g_strdup (_("Install mdevctl from the AUR to keep slices after restart"));
    case SLICES_DISTRO_NIXOS:
    case SLICES_DISTRO_UNKNOWN:
    default:
      return g_strdup (_("Install mdevctl with your distribution’s package manager to keep "
                         "slices after restart"));
    }
}

static void
update_keep (SlicesSliceRow *self)
{
  SlicesPersistSupport support;
  gboolean kept;

  if (self->persistence == NULL || !slices_persistence_get_known (self->persistence))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->keep_switch), FALSE);
      return;
    }

  support = slices_persistence_get_support (self->persistence);
  kept = slices_persistence_is_kept (self->persistence, slices_slice_get_uuid (self->slice));

  /* On NixOS the configuration keeps slices: the row offers it instead of a switch. */
  gtk_widget_set_visible (GTK_WIDGET (self->keep_switch), support != SLICES_PERSIST_NIXOS);
  if (support == SLICES_PERSIST_NIXOS && !self->nixos_item_added && self->menu != NULL)
    {
      g_menu_append (self->menu, _("_NixOS Configuration"), "win.nixos-config");
      self->nixos_item_added = TRUE;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->keep_switch), support == SLICES_PERSIST_AVAILABLE);
  if (support == SLICES_PERSIST_NO_MDEVCTL)
    {
      g_autofree char *hint = dup_install_mdevctl_hint ();

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->keep_switch), hint);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->keep_switch),
                                 kept ? _("Kept after restart") : _("Keep after restart"));

  self->syncing_keep = TRUE;
  gtk_switch_set_active (self->keep_switch, kept);
  gtk_switch_set_state (self->keep_switch, kept);
  self->syncing_keep = FALSE;
  update_row (self);
}

static gboolean
on_keep_switch_state_set_cb (SlicesSliceRow *self,
                             gboolean        state,
                             GtkSwitch      *keep_switch)
{
  if (self->syncing_keep || self->persistence == NULL)
    return FALSE;
  if (state == slices_persistence_is_kept (self->persistence, slices_slice_get_uuid (self->slice)))
    return FALSE;

  /* The state follows once the system says so (a password may be asked first). */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.keep-slice", "(sb)",
                              slices_slice_get_uuid (self->slice), state);
  return TRUE;
}

static void
slices_slice_row_constructed (GObject *object)
{
  SlicesSliceRow *self = SLICES_SLICE_ROW (object);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  const char *uuid = slices_slice_get_uuid (self->slice);

  G_OBJECT_CLASS (slices_slice_row_parent_class)->constructed (object);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->copy_button), "s", uuid);

  /* In the menu too: narrow rows have no room for the copy button. */
  item = g_menu_item_new (_("_Copy UUID"), NULL);
  g_menu_item_set_action_and_target_value (item, "win.copy-uuid", g_variant_new_string (uuid));
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("Copy _QEMU Arguments"), NULL);
  g_menu_item_set_action_and_target_value (item, "win.copy-qemu-args",
                                           g_variant_new_string (uuid));
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("_Remove…"), NULL);
  g_menu_item_set_action_and_target_value (item, "win.remove-slice", g_variant_new_string (uuid));
  g_menu_append_item (menu, item);
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
  self->menu = g_object_ref (menu);

  g_signal_connect_object (self->slice, "notify", G_CALLBACK (on_slice_notify_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->persistence != NULL)
    g_signal_connect_object (self->persistence, "changed", G_CALLBACK (update_keep), self,
                             G_CONNECT_SWAPPED);
  if (self->vms != NULL)
    g_signal_connect_object (self->vms, "changed", G_CALLBACK (update_row), self,
                             G_CONNECT_SWAPPED);
  update_keep (self);
  update_row (self);
}

static void
slices_slice_row_dispose (GObject *object)
{
  SlicesSliceRow *self = SLICES_SLICE_ROW (object);

  if (self->slice != NULL)
    g_signal_handlers_disconnect_by_data (self->slice, self);
  if (self->persistence != NULL)
    g_signal_handlers_disconnect_by_data (self->persistence, self);
  if (self->vms != NULL)
    g_signal_handlers_disconnect_by_data (self->vms, self);
  g_clear_object (&self->slice);
  g_clear_object (&self->gpu);
  g_clear_object (&self->persistence);
  g_clear_object (&self->vms);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (slices_slice_row_parent_class)->dispose (object);
}

static void
slices_slice_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlicesSliceRow *self = SLICES_SLICE_ROW (object);

  switch (prop_id)
    {
    case PROP_GPU:
      g_value_set_object (value, self->gpu);
      break;
    case PROP_SLICE:
      g_value_set_object (value, self->slice);
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
slices_slice_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SlicesSliceRow *self = SLICES_SLICE_ROW (object);

  switch (prop_id)
    {
    case PROP_GPU:
      self->gpu = g_value_dup_object (value);
      break;
    case PROP_SLICE:
      self->slice = g_value_dup_object (value);
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
slices_slice_row_class_init (SlicesSliceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = slices_slice_row_constructed;
  object_class->dispose = slices_slice_row_dispose;
  object_class->get_property = slices_slice_row_get_property;
  object_class->set_property = slices_slice_row_set_property;

  properties[PROP_GPU] =
    g_param_spec_object ("gpu", NULL, NULL, SLICES_TYPE_GPU,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLICE] =
    g_param_spec_object ("slice", NULL, NULL, SLICES_TYPE_SLICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSISTENCE] =
    g_param_spec_object ("persistence", NULL, NULL, SLICES_TYPE_PERSISTENCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VM_TRACKER] =
    g_param_spec_object ("vm-tracker", NULL, NULL, SLICES_TYPE_VM_TRACKER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/gpu/"
                                               "slices-slice-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesSliceRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesSliceRow, vm_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesSliceRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesSliceRow, keep_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_switch_state_set_cb);
}

static void
slices_slice_row_init (SlicesSliceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
slices_slice_row_new (SlicesGpu         *gpu,
                      SlicesSlice       *slice,
                      SlicesPersistence *persistence,
                      SlicesVmTracker   *vms)
{
  g_return_val_if_fail (SLICES_IS_GPU (gpu), NULL);
  g_return_val_if_fail (SLICES_IS_SLICE (slice), NULL);
  g_return_val_if_fail (persistence == NULL || SLICES_IS_PERSISTENCE (persistence), NULL);
  g_return_val_if_fail (vms == NULL || SLICES_IS_VM_TRACKER (vms), NULL);

  return g_object_new (SLICES_TYPE_SLICE_ROW,
                       "gpu", gpu,
                       "slice", slice,
                       "persistence", persistence,
                       "vm-tracker", vms,
                       NULL);
}

/* The main task first: Attach… for a free slice, Detach (undone from its toast, so no dialog
 * and no ellipsis) for one a VM holds. */
void
slices_slice_row_update_vm_button (GtkButton  *button,
                                   const char *slice,
                                   const char *vm_name)
{
  g_autofree char *tooltip = NULL;

  g_return_if_fail (GTK_IS_BUTTON (button));
  g_return_if_fail (slice != NULL);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", slice);
  if (vm_name != NULL)
    {
      gtk_button_set_label (button, _("_Detach"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.detach-slice");
      /* TRANSLATORS: %s is a VM name */
      tooltip = g_strdup_printf (_("Detach the slice from %s"), vm_name);
    }
  else
    {
      gtk_button_set_label (button, _("_Attach…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.attach-slice");
      tooltip = g_strdup (_("Attach the slice to a virtual machine"));
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), tooltip);
}

SlicesSlice *
slices_slice_row_get_slice (SlicesSliceRow *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_ROW (self), NULL);

  return self->slice;
}

GtkSwitch *
slices_slice_row_get_keep_switch (SlicesSliceRow *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_ROW (self), NULL);

  return self->keep_switch;
}

GtkButton *
slices_slice_row_get_vm_button (SlicesSliceRow *self)
{
  g_return_val_if_fail (SLICES_IS_SLICE_ROW (self), NULL);

  return self->vm_button;
}

void
slices_slice_row_set_compact (SlicesSliceRow *self,
                              gboolean        compact)
{
  g_return_if_fail (SLICES_IS_SLICE_ROW (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  /* Copy UUID stays in the menu. */
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), !compact);
  update_row (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesVfRow: see slices-vf-row.h. Like the slice rows, it reads its models and leaves the
 * work to window actions with the VF's address as target.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-writers.h"

#include "slices-app-format.h"
#include "slices-slice-row.h"
#include "slices-vf-row.h"

struct _SlicesVfRow
{
  AdwExpanderRow parent_instance;

  GtkButton *vm_button;
  AdwEntryRow *quantum_entry;
  AdwEntryRow *preempt_entry;
  AdwActionRow *profile_hint_row;

  SlicesVf *vf;
  SlicesVmTracker *vms;
  char *profile_message;   /* why a number was refused, or NULL: the limits show */
};

G_DEFINE_FINAL_TYPE (SlicesVfRow, slices_vf_row, ADW_TYPE_EXPANDER_ROW)

/* xe's profile files are u32 (FACTS-SRIOV S2), and the helper takes no more. */
#define PROFILE_MAX G_MAXUINT32

static char *
dup_limits (void)
{
  /* TRANSLATORS: %u is 4294967295; the words follow xe's sriov_admin (execution quantum:
   * 0 = unlimited; preemption timeout: 0 is its default) */
  return g_strdup_printf (_("How long this slice runs on the GPU before the next one’s turn, in "
                            "milliseconds (0: no time limit), and its preemption timeout in "
                            "microseconds (0 is the default). Each from 0 to %u."),
                          (guint) PROFILE_MAX);
}

static void
set_entry_number (AdwEntryRow *entry,
                  gint64       value)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (entry));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  g_autofree char *text = value >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, value)
                                     : g_strdup ("");

  /* Not while the user types there. */
  if (focus != NULL && (focus == GTK_WIDGET (entry) ||
                        gtk_widget_is_ancestor (focus, GTK_WIDGET (entry))))
    return;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
update_profile (SlicesVfRow *self)
{
  gboolean has_profile = slices_vf_get_has_profile (self->vf);
  g_autofree char *limits = NULL;

  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), has_profile);
  if (!has_profile)
    return;
  set_entry_number (self->quantum_entry, slices_vf_get_exec_quantum_ms (self->vf));
  set_entry_number (self->preempt_entry, slices_vf_get_preempt_timeout_us (self->vf));
  if (self->profile_message == NULL)
    limits = dup_limits ();
  adw_action_row_set_subtitle (self->profile_hint_row,
                               self->profile_message != NULL ? self->profile_message : limits);
}

static void
update_row (SlicesVfRow *self)
{
  const char *address = slices_vf_get_address (self->vf);
  const SlicesDomainInfo *user = self->vms != NULL ? slices_vm_tracker_find_user (self->vms,
                                                                                  address)
                                                   : NULL;
  g_autofree char *who = NULL;
  g_autofree char *gpu_time = slices_format_vf_gpu_time (self->vf);
  g_autofree char *subtitle = NULL;
  g_autofree char *markup = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self), "vf-host-bound");
  if (user != NULL && user->active)
    /* TRANSLATORS: %s is a VM name; it runs with this slice */
    who = g_strdup_printf (_("Used by %s · Running"), user->name);
  else if (user != NULL)
    /* TRANSLATORS: %s is a VM name whose definition holds this slice */
    who = g_strdup_printf (_("Used by %s"), user->name);
  else if (slices_vf_is_host_bound (self->vf))
    {
      /* TRANSLATORS: %s is a driver, "xe" */
      who = g_strdup_printf (_("The host’s %s driver holds it: no VM can have it"),
                             slices_vf_get_driver (self->vf));
      gtk_widget_add_css_class (GTK_WIDGET (self), "vf-host-bound");
    }
  else if (slices_vf_get_holder (self->vf) != NULL)
    /* TRANSLATORS: %s is a process, "qemu-system-x86 (pid 4242)" */
    who = g_strdup_printf (_("Held open by %s"), slices_vf_get_holder (self->vf));
  else
    who = g_strdup (_("Free for virtual machines"));

  if (gpu_time != NULL)
    /* TRANSLATORS: "Free for virtual machines" and "GPU time: 20 ms turns" on two lines */
    subtitle = g_strdup_printf (_("%s\n%s"), who, gpu_time);
  else
    subtitle = g_steal_pointer (&who);
  markup = g_markup_escape_text (subtitle, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), address);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), markup);

  slices_slice_row_update_vm_button (self->vm_button, address,
                                     user != NULL ? user->name : NULL);
  /* The host's driver must let go first (the fix is on the page). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->vm_button),
                            user != NULL || (!slices_vf_is_host_bound (self->vf) &&
                                             slices_vf_get_holder (self->vf) == NULL));
  update_profile (self);
}

static void
on_entry_apply_cb (SlicesVfRow *self,
                   AdwEntryRow *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  gboolean quantum = entry == self->quantum_entry;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint64 value = 0;

  g_clear_pointer (&self->profile_message, g_free);
  gtk_widget_remove_css_class (GTK_WIDGET (self->quantum_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->preempt_entry), "error");
  if (!g_ascii_string_to_unsigned (stripped, 10, 0, PROFILE_MAX, &value, NULL))
    {
      self->profile_message =
        quantum
        /* TRANSLATORS: %u is 4294967295 */
        ? g_strdup_printf (_("Not set: the execution quantum is a whole number of milliseconds "
                             "from 0 to %u."), (guint) PROFILE_MAX)
        /* TRANSLATORS: %u is 4294967295 */
        : g_strdup_printf (_("Not set: the preemption timeout is a whole number of "
                             "microseconds from 0 to %u."), (guint) PROFILE_MAX);
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      update_profile (self);
      return;
    }
  update_profile (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.set-vf-profile", "(ssu)",
                              slices_vf_get_address (self->vf),
                              quantum ? SLICES_VF_PROFILE_EXEC_QUANTUM_MS
                                      : SLICES_VF_PROFILE_PREEMPT_TIMEOUT_US,
                              (guint32) value);
}

static void
slices_vf_row_dispose (GObject *object)
{
  SlicesVfRow *self = SLICES_VF_ROW (object);

  if (self->vf != NULL)
    g_signal_handlers_disconnect_by_data (self->vf, self);
  if (self->vms != NULL)
    g_signal_handlers_disconnect_by_data (self->vms, self);
  g_clear_object (&self->vf);
  g_clear_object (&self->vms);
  g_clear_pointer (&self->profile_message, g_free);

  G_OBJECT_CLASS (slices_vf_row_parent_class)->dispose (object);
}

static void
slices_vf_row_class_init (SlicesVfRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slices_vf_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/gpu/"
                                               "slices-vf-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesVfRow, vm_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesVfRow, quantum_entry);
  gtk_widget_class_bind_template_child (widget_class, SlicesVfRow, preempt_entry);
  gtk_widget_class_bind_template_child (widget_class, SlicesVfRow, profile_hint_row);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_apply_cb);
}

static void
slices_vf_row_init (SlicesVfRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
slices_vf_row_new (SlicesVf        *vf,
                   SlicesVmTracker *vms)
{
  SlicesVfRow *self;

  g_return_val_if_fail (SLICES_IS_VF (vf), NULL);
  g_return_val_if_fail (vms == NULL || SLICES_IS_VM_TRACKER (vms), NULL);

  self = g_object_new (SLICES_TYPE_VF_ROW, NULL);
  self->vf = g_object_ref (vf);
  self->vms = vms != NULL ? g_object_ref (vms) : NULL;
  g_signal_connect_object (vf, "notify", G_CALLBACK (update_row), self, G_CONNECT_SWAPPED);
  if (vms != NULL)
    g_signal_connect_object (vms, "changed", G_CALLBACK (update_row), self, G_CONNECT_SWAPPED);
  update_row (self);
  return GTK_WIDGET (self);
}

SlicesVf *
slices_vf_row_get_vf (SlicesVfRow *self)
{
  g_return_val_if_fail (SLICES_IS_VF_ROW (self), NULL);
  return self->vf;
}

GtkButton *
slices_vf_row_get_vm_button (SlicesVfRow *self)
{
  g_return_val_if_fail (SLICES_IS_VF_ROW (self), NULL);
  return self->vm_button;
}

AdwEntryRow *
slices_vf_row_get_quantum_entry (SlicesVfRow *self)
{
  g_return_val_if_fail (SLICES_IS_VF_ROW (self), NULL);
  return slices_vf_get_has_profile (self->vf) ? self->quantum_entry : NULL;
}

AdwEntryRow *
slices_vf_row_get_preempt_entry (SlicesVfRow *self)
{
  g_return_val_if_fail (SLICES_IS_VF_ROW (self), NULL);
  return slices_vf_get_has_profile (self->vf) ? self->preempt_entry : NULL;
}

const char *
slices_vf_row_get_profile_message (SlicesVfRow *self)
{
  g_return_val_if_fail (SLICES_IS_VF_ROW (self), NULL);
  return adw_action_row_get_subtitle (self->profile_hint_row);
}

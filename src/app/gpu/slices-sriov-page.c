/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesSriovPage: one SR-IOV GPU and its virtual functions; see slices-sriov-page.h. The VF
 * list is bound to the model's live list, so rows (their focus, their open details) survive
 * refreshes; the GPU's rows follow its SlicesSriov and the VMs.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-writers.h"

#include "slices-sriov-page.h"
#include "slices-vf-row.h"

struct _SlicesSriovPage
{
  AdwBin parent_instance;

  AdwPreferencesPage *page;
  AdwPreferencesGroup *gpu_group;
  AdwActionRow *count_row;
  GtkSpinner *spinner;
  GtkSpinButton *count_spin;
  GtkAdjustment *count_adjustment;
  AdwActionRow *apply_row;
  GtkButton *apply_button;
  AdwActionRow *note_row;
  GtkButton *note_detach_button;
  AdwActionRow *binding_row;
  GtkButton *fix_button;
  AdwActionRow *keep_row;
  GtkSwitch *keep_switch;
  GtkListBox *vfs_list;

  SlicesGpu *gpu;
  SlicesSriov *sriov;
  char *sysfs_root;
  SlicesVmTracker *vms;
  guint kept;          /* the rule's number, G_MAXUINT: none */
  gboolean applying;
  gboolean syncing;
};

G_DEFINE_FINAL_TYPE (SlicesSriovPage, slices_sriov_page, ADW_TYPE_BIN)

/* The first VF that a VM's definition (or, failing that, a process) holds, and by whom. */
static SlicesVf *
find_taken_vf (SlicesSriovPage  *self,
               const char      **holder)
{
  GListModel *vfs = slices_sriov_get_vfs (self->sriov);

  for (guint i = 0; i < g_list_model_get_n_items (vfs); i++)
    {
      g_autoptr(SlicesVf) vf = g_list_model_get_item (vfs, i);
      const SlicesDomainInfo *user = self->vms != NULL
                                     ? slices_vm_tracker_find_user (self->vms,
                                                                    slices_vf_get_address (vf))
                                     : NULL;

      if (user != NULL || slices_vf_get_holder (vf) != NULL)
        {
          *holder = user != NULL ? user->name : slices_vf_get_holder (vf);
          return vf;
        }
    }
  return NULL;
}

/* "win11-vf holds 0000:00:02.3", or NULL when every VF is free to go. */
static char *
dup_refusal (SlicesSriovPage *self)
{
  const char *holder = NULL;
  SlicesVf *vf;

  if (self->sriov == NULL || (vf = find_taken_vf (self, &holder)) == NULL)
    return NULL;
  /* TRANSLATORS: "win11-vf holds 0000:00:02.3" */
  return g_strdup_printf (_("%s holds %s"), holder, slices_vf_get_address (vf));
}

static void
update_count (SlicesSriovPage *self)
{
  guint total = slices_sriov_get_total_vfs (self->sriov);
  guint enabled = slices_sriov_get_enabled_vfs (self->sriov);
  guint wanted = (guint) gtk_spin_button_get_value_as_int (self->count_spin);
  g_autofree char *refusal = dup_refusal (self);
  g_autofree char *made = NULL;
  const char *holder = NULL;
  gboolean vm_holds;
  SlicesVf *held;

  if (self->applying)
    made = g_strdup (_("Making the slices anew…"));
  else
    /* TRANSLATORS: "3 created, up to 7" */
    made = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u created, up to %u",
                                         "%u created, up to %u", enabled), enabled, total);
  adw_action_row_set_subtitle (self->count_row, made);

  /* Said before anyone applies: every slice goes, so none may be in use. A VM's definition
   * that holds one can let go right here. */
  held = self->sriov != NULL ? find_taken_vf (self, &holder) : NULL;
  vm_holds = held != NULL && self->vms != NULL &&
             slices_vm_tracker_find_user (self->vms, slices_vf_get_address (held)) != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->note_detach_button), vm_holds);
  if (vm_holds)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->note_detach_button), "s",
                                      slices_vf_get_address (held));
  if (refusal != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note_row), refusal);
      adw_action_row_set_subtitle (self->note_row,
                                   _("Detach it first: changing the number makes every slice "
                                     "anew, so all of them must be free."));
      adw_action_row_set_icon_name (self->note_row, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->note_row), "warning");
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note_row),
                                     _("Every slice is made anew"));
      adw_action_row_set_subtitle (self->note_row,
                                   _("Changing the number removes all slices before it makes "
                                     "the new ones, so all of them must be free."));
      adw_action_row_set_icon_name (self->note_row, "dialog-information-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->note_row), "warning");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->applying);
  gtk_spinner_set_spinning (self->spinner, self->applying);
  gtk_widget_set_sensitive (GTK_WIDGET (self->count_spin), !self->applying && refusal == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button),
                            !self->applying && refusal == NULL && wanted != enabled);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->apply_button),
                               refusal != NULL ? refusal : _("Make this many slices"));
  if (wanted != enabled && refusal == NULL && !self->applying)
    gtk_widget_add_css_class (GTK_WIDGET (self->apply_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->apply_button), "suggested-action");
  gtk_widget_set_visible (GTK_WIDGET (self->apply_row), wanted != enabled && !self->applying);
  if (wanted == 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->apply_row),
                                   _("Remove every slice"));
  else
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Make %u slice",
                                                             "Make %u slices", wanted), wanted);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->apply_row), title);
    }
  adw_action_row_set_subtitle (self->apply_row, enabled == 0 ? NULL
                               /* TRANSLATORS: in the row "Make 5 slices": what goes first */
                               : g_dngettext (GETTEXT_PACKAGE, "Instead of the one there now",
                                              "Instead of the ones there now", enabled));
}

static void
update_binding (SlicesSriovPage *self)
{
  guint n = slices_sriov_count_host_bound (self->sriov);
  g_autofree char *refusal = dup_refusal (self);
  g_autofree char *title = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->binding_row), n > 0);
  if (n == 0)
    return;
  /* TRANSLATORS: %s is a driver, "xe" */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The host’s %s driver holds %u slice",
                                        "The host’s %s driver holds %u slices", n),
                           slices_sriov_get_driver (self->sriov), n);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->binding_row), title);
  adw_action_row_set_subtitle (self->binding_row,
                               _("No virtual machine can have a slice the host uses. Free Them "
                                 "makes every slice anew, away from the host’s driver."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->fix_button), refusal == NULL && !self->applying);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->fix_button),
                               refusal != NULL ? refusal
                                               : _("Make every slice anew, for virtual machines "
                                                   "only"));
}

static void
update_keep (SlicesSriovPage *self)
{
  g_autofree char *subtitle = NULL;

  if (self->kept == G_MAXUINT)
    subtitle = g_strdup (_("Off: after a restart there are no slices until they are created "
                           "here again."));
  else
    /* TRANSLATORS: %s is a driver, "xe" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u slice is made whenever the %s driver starts.",
                                             "%u slices are made whenever the %s driver starts.",
                                             self->kept),
                                self->kept, slices_sriov_get_driver (self->sriov));
  adw_action_row_set_subtitle (self->keep_row, subtitle);
  self->syncing = TRUE;
  gtk_switch_set_active (self->keep_switch, self->kept != G_MAXUINT);
  gtk_switch_set_state (self->keep_switch, self->kept != G_MAXUINT);
  self->syncing = FALSE;
}

static void
update_header (SlicesSriovPage *self)
{
  g_autofree char *name = slices_gpu_dup_display_name (self->gpu);
  g_autofree char *description = NULL;

  /* The name is the title; below it what the title does not say. */
  /* TRANSLATORS: "SR-IOV through the xe driver · 0000:00:02.0" */
  description = g_strdup_printf (_("SR-IOV through the %s driver · %s"),
                                 slices_sriov_get_driver (self->sriov),
                                 slices_gpu_get_address (self->gpu));
  adw_preferences_group_set_title (self->gpu_group, name);
  adw_preferences_group_set_description (self->gpu_group, description);
}

static void
update_all (SlicesSriovPage *self)
{
  guint total, enabled;

  if (self->sriov == NULL)
    return;
  total = slices_sriov_get_total_vfs (self->sriov);
  enabled = slices_sriov_get_enabled_vfs (self->sriov);
  gtk_adjustment_set_upper (self->count_adjustment, total);
  /* The control follows the system, except for a number the user is choosing. */
  if (!self->applying && !gtk_widget_get_sensitive (GTK_WIDGET (self->apply_button)))
    {
      self->syncing = TRUE;
      gtk_spin_button_set_value (self->count_spin, enabled);
      self->syncing = FALSE;
    }
  update_header (self);
  update_count (self);
  update_binding (self);
  update_keep (self);
}

static void
on_count_changed_cb (SlicesSriovPage *self)
{
  if (!self->syncing && self->sriov != NULL)
    update_count (self);
}

static void
on_apply_clicked_cb (SlicesSriovPage *self)
{
  guint wanted = (guint) gtk_spin_button_get_value_as_int (self->count_spin);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.set-vfs", "u", wanted);
}

static gboolean
on_keep_state_set_cb (SlicesSriovPage *self,
                      gboolean         state)
{
  if (self->syncing || self->sriov == NULL || state == (self->kept != G_MAXUINT))
    return FALSE;
  /* The switch follows once the rule is there (a password may be asked first). */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.keep-vfs", "b", state);
  return TRUE;
}

static GtkWidget *
create_vf_row (gpointer item,
               gpointer user_data)
{
  SlicesSriovPage *self = user_data;

  /* Its driver and holder decide the warning and the refusal above. */
  g_signal_connect_object (item, "notify", G_CALLBACK (update_all), self, G_CONNECT_SWAPPED);
  return slices_vf_row_new (item, self->vms);
}

static void
slices_sriov_page_dispose (GObject *object)
{
  SlicesSriovPage *self = SLICES_SRIOV_PAGE (object);

  slices_sriov_page_set_gpu (self, NULL, NULL);
  if (self->vms != NULL)
    g_signal_handlers_disconnect_by_data (self->vms, self);
  g_clear_object (&self->vms);
  g_clear_pointer (&self->sysfs_root, g_free);

  G_OBJECT_CLASS (slices_sriov_page_parent_class)->dispose (object);
}

static void
slices_sriov_page_class_init (SlicesSriovPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slices_sriov_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/gpu/"
                                               "slices-sriov-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, page);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, gpu_group);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, count_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, count_spin);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, apply_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, apply_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, note_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, note_detach_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, binding_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, fix_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, keep_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, keep_switch);
  gtk_widget_class_bind_template_child (widget_class, SlicesSriovPage, vfs_list);
  gtk_widget_class_bind_template_callback (widget_class, on_count_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_state_set_cb);
}

static void
slices_sriov_page_init (SlicesSriovPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->kept = G_MAXUINT;
}

GtkWidget *
slices_sriov_page_new (SlicesVmTracker *vms)
{
  SlicesSriovPage *self;

  g_return_val_if_fail (vms == NULL || SLICES_IS_VM_TRACKER (vms), NULL);

  self = g_object_new (SLICES_TYPE_SRIOV_PAGE, NULL);
  if (vms != NULL)
    {
      self->vms = g_object_ref (vms);
      g_signal_connect_object (vms, "changed", G_CALLBACK (update_all), self,
                               G_CONNECT_SWAPPED);
    }
  return GTK_WIDGET (self);
}

void
slices_sriov_page_set_gpu (SlicesSriovPage *self,
                           SlicesGpu       *gpu,
                           const char      *sysfs_root)
{
  g_return_if_fail (SLICES_IS_SRIOV_PAGE (self));
  g_return_if_fail (gpu == NULL || SLICES_IS_GPU (gpu));

  g_free (self->sysfs_root);
  self->sysfs_root = g_strdup (sysfs_root);
  if (self->gpu == gpu)
    {
      slices_sriov_page_reload_kept (self);
      return;
    }
  if (self->sriov != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sriov, self);
      g_signal_handlers_disconnect_by_data (slices_sriov_get_vfs (self->sriov), self);
    }
  gtk_list_box_bind_model (self->vfs_list, NULL, NULL, NULL, NULL);
  g_set_object (&self->gpu, gpu);
  g_clear_object (&self->sriov);
  if (gpu != NULL && slices_gpu_get_sriov (gpu) != NULL)
    self->sriov = g_object_ref (slices_gpu_get_sriov (gpu));
  self->applying = FALSE;
  if (self->sriov == NULL)
    return;

  g_signal_connect_object (self->sriov, "notify", G_CALLBACK (update_all), self,
                           G_CONNECT_SWAPPED);
  /* A VF that comes or goes changes who holds what. */
  g_signal_connect_object (slices_sriov_get_vfs (self->sriov), "items-changed",
                           G_CALLBACK (update_all), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_list_box_bind_model (self->vfs_list, slices_sriov_get_vfs (self->sriov), create_vf_row,
                           self, NULL);
  self->syncing = TRUE;
  gtk_spin_button_set_value (self->count_spin, slices_sriov_get_enabled_vfs (self->sriov));
  self->syncing = FALSE;
  slices_sriov_page_reload_kept (self);
}

SlicesGpu *
slices_sriov_page_get_gpu (SlicesSriovPage *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);
  return self->gpu;
}

void
slices_sriov_page_reload_kept (SlicesSriovPage *self)
{
  g_return_if_fail (SLICES_IS_SRIOV_PAGE (self));

  if (self->gpu == NULL)
    return;
  self->kept = slices_vfs_read_kept (self->sysfs_root, slices_gpu_get_address (self->gpu));
  update_all (self);
}

void
slices_sriov_page_set_applying (SlicesSriovPage *self,
                                gboolean         applying)
{
  g_return_if_fail (SLICES_IS_SRIOV_PAGE (self));

  self->applying = !!applying;
  if (!applying && self->sriov != NULL)
    {
      /* Done: the control shows what the system has now. */
      self->syncing = TRUE;
      gtk_spin_button_set_value (self->count_spin, slices_sriov_get_enabled_vfs (self->sriov));
      self->syncing = FALSE;
    }
  update_all (self);
}

char *
slices_sriov_page_dup_refusal (SlicesSriovPage *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);
  return dup_refusal (self);
}

GtkButton *
slices_sriov_page_get_note_detach_button (SlicesSriovPage *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);
  return self->note_detach_button;
}

AdwActionRow *
slices_sriov_page_get_note_row (SlicesSriovPage *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);
  return self->note_row;
}

GtkSpinButton *
slices_sriov_page_get_count_spin (SlicesSriovPage *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);
  return self->count_spin;
}

GtkButton *
slices_sriov_page_get_apply_button (SlicesSriovPage *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);
  return self->apply_button;
}

AdwActionRow *
slices_sriov_page_get_count_row (SlicesSriovPage *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);
  return self->count_row;
}

AdwActionRow *
slices_sriov_page_get_binding_row (SlicesSriovPage *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);
  return self->binding_row;
}

GtkButton *
slices_sriov_page_get_fix_button (SlicesSriovPage *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);
  return self->fix_button;
}

GtkSwitch *
slices_sriov_page_get_keep_switch (SlicesSriovPage *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);
  return self->keep_switch;
}

AdwActionRow *
slices_sriov_page_get_keep_row (SlicesSriovPage *self)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);
  return self->keep_row;
}

GtkWidget *
slices_sriov_page_find_vf_row (SlicesSriovPage *self,
                               const char      *address)
{
  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->vfs_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SLICES_IS_VF_ROW (child) &&
        g_strcmp0 (slices_vf_get_address (slices_vf_row_get_vf (SLICES_VF_ROW (child))),
                   address) == 0)
      return child;
  return NULL;
}

guint
slices_sriov_page_count_vf_rows (SlicesSriovPage *self)
{
  guint n = 0;

  g_return_val_if_fail (SLICES_IS_SRIOV_PAGE (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->vfs_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SLICES_IS_VF_ROW (child))
      n++;
  return n;
}

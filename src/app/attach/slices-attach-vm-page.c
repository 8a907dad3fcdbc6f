/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachVmPage: see slices-attach-vm-page.h. The list is rebuilt whenever the tracker
 * changes; the choice is kept by name across rebuilds.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-vm.h"

#include "slices-app-format.h"
#include "slices-attach-rows.h"
#include "slices-attach-vm-page.h"

struct _SlicesAttachVmPage
{
  AdwPreferencesPage parent_instance;

  /* Template widgets */
  GtkListBox *vms_list;
  GtkWidget *running_group;
  GtkLabel *running_label;
  GtkWidget *replace_group;
  AdwActionRow *replace_row;
  GtkSwitch *replace_switch;

  SlicesVmTracker *vms;
  char *slice_uuid;
  char *vm_name;
  gboolean rebuilding;        /* list rows are being replaced: ignore their toggles */
  gboolean passed;
  gboolean complete;          /* as last notified */
};

G_DEFINE_FINAL_TYPE (SlicesAttachVmPage, slices_attach_vm_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_VMS,
  PROP_SLICE_UUID,
  PROP_VM_NAME,
  PROP_COMPLETE,
  PROP_PASSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

/* The slices @info holds other than the one being attached. */
static gboolean
holds_other_slice (SlicesAttachVmPage     *self,
                   const SlicesDomainInfo *info)
{
  for (guint i = 0; info->slices != NULL && info->slices[i] != NULL; i++)
    if (g_ascii_strcasecmp (info->slices[i], self->slice_uuid != NULL ? self->slice_uuid : "") != 0)
      return TRUE;
  return FALSE;
}

static void
update_complete (SlicesAttachVmPage *self)
{
  gboolean complete = slices_attach_vm_page_get_complete (self);

  if (complete == self->complete)
    return;
  self->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/* Takes @name (may be NULL). */
static void
take_vm_name (SlicesAttachVmPage *self,
              char               *name)
{
  if (g_strcmp0 (name, self->vm_name) == 0)
    {
      g_free (name);
      return;
    }
  g_free (self->vm_name);
  self->vm_name = name;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VM_NAME]);
}

static void
update_replace (SlicesAttachVmPage *self)
{
  const SlicesDomainInfo *vm = slices_attach_vm_page_get_vm (self);
  gboolean other = vm != NULL && holds_other_slice (self, vm);

  gtk_widget_set_visible (self->running_group, vm != NULL && vm->active);
  if (vm != NULL && vm->active)
    {
      g_autofree char *name = slices_format_unbreakable (vm->name);
      /* TRANSLATORS: %s is a VM name */
      g_autofree char *text = g_strdup_printf (_("%s is running already: it gets the slice once "
                                                 "it is shut down and started again."),
                                               name);

      gtk_label_set_label (self->running_label, text);
    }

  gtk_widget_set_visible (self->replace_group, other);
  if (other)
    {
      g_autofree char *short_uuid = slices_format_short_uuid (vm->slices[0]);
      g_autofree char *text = NULL;
      g_autofree char *markup = NULL;

      /* TRANSLATORS: %s are a VM name and the first part of a slice's UUID */
      text = g_strdup_printf (_("%s already has the slice %s. A virtual machine can hold only "
                                "one GVT-g slice, so that one is taken out."),
                              vm->name, short_uuid);
      markup = g_markup_escape_text (text, -1);
      adw_action_row_set_subtitle (self->replace_row, markup);
    }
  else
    gtk_switch_set_active (self->replace_switch, FALSE);
}

static void
on_vm_toggled_cb (SlicesAttachVmPage *self,
                  GtkCheckButton     *check)
{
  if (self->rebuilding || !gtk_check_button_get_active (check))
    return;
  take_vm_name (self, g_strdup (slices_attach_rows_get_key (check)));
  gtk_switch_set_active (self->replace_switch, FALSE);
  update_replace (self);
  update_complete (self);
}

static void
on_retry_clicked_cb (SlicesAttachVmPage *self)
{
  slices_vm_tracker_refresh (self->vms);
}

static char *
dup_vm_subtitle (const SlicesDomainInfo *info)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (info->os_name != NULL)
    g_ptr_array_add (parts, g_strdup (info->os_name));
  else if (info->title != NULL)
    g_ptr_array_add (parts, g_strdup (info->title));
  /* A running VM gets a "Running" mark instead. */
  if (!info->active)
    g_ptr_array_add (parts, g_strdup (slices_domain_state_to_string (info->state)));
  if (info->slices != NULL && info->slices[0] != NULL)
    {
      g_autofree char *short_uuid = slices_format_short_uuid (info->slices[0]);

      /* TRANSLATORS: %s is the first part of a slice's UUID */
      g_ptr_array_add (parts, g_strdup_printf (_("Has the slice %s"), short_uuid));
    }
  g_ptr_array_add (parts, NULL);

  /* TRANSLATORS: the separator between "Windows 10", "Running" and "Has the slice …" */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

/* The VMs as radio rows; TRUE when the chosen one is among them. */
static gboolean
fill_vms (SlicesAttachVmPage *self,
          const char         *uri)
{
  GPtrArray *domains = slices_vm_tracker_get_domains (self->vms);
  GtkCheckButton *group = NULL;
  gboolean found = FALSE;

  for (guint i = 0; i < domains->len; i++)
    {
      const SlicesDomainInfo *info = g_ptr_array_index (domains, i);
      g_autofree char *subtitle = dup_vm_subtitle (info);
      GtkCheckButton *check;

      check = slices_attach_rows_add_radio (self->vms_list, info->name, subtitle, group,
                                            info->name, G_CALLBACK (on_vm_toggled_cb), self);
      if (group == NULL)
        group = check;
      if (info->active)
        {
          GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ACTION_ROW);
          GtkWidget *badge = gtk_label_new (_("Running"));

          gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (badge, "vm-running");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
        }
      if (g_strcmp0 (info->name, self->vm_name) == 0)
        {
          gtk_check_button_set_active (check, TRUE);
          found = TRUE;
        }
    }
  if (domains->len == 0)
    {
      /* TRANSLATORS: %s is a libvirt URI such as qemu:///system */
      g_autofree char *text = g_strdup_printf (_("libvirt at %s has no virtual machines. "
                                                 "Create one in Virtual Machine Manager "
                                                 "or GNOME Boxes first."),
                                               uri != NULL ? uri : "");

      slices_attach_rows_add_status (self->vms_list, "dialog-information-symbolic",
                                     _("No Virtual Machines"), text);
    }
  return found;
}

static void
rebuild (SlicesAttachVmPage *self)
{
  SlicesVmTrackerState state = slices_vm_tracker_get_state (self->vms);
  SlicesLibvirt *libvirt = slices_vm_tracker_get_libvirt (self->vms);
  const char *uri = libvirt != NULL ? slices_libvirt_get_uri (libvirt) : NULL;
  gboolean found = FALSE;

  self->rebuilding = TRUE;
  slices_attach_rows_clear (self->vms_list);

  switch (state)
    {
    case SLICES_VM_TRACKER_IDLE:
      slices_attach_rows_add_status (self->vms_list, "dialog-information-symbolic",
                                     _("Not connected to libvirt"),
                                     _("Choose the libvirt connection with the settings button "
                                       "above."));
      break;

    case SLICES_VM_TRACKER_CONNECTING:
      slices_attach_rows_add_status (self->vms_list, "spinner", _("Connecting to libvirt…"), uri);
      break;

    case SLICES_VM_TRACKER_FAILED:
      {
        const GError *error = slices_vm_tracker_get_error (self->vms);
        GtkWidget *row = slices_attach_rows_add_status (self->vms_list, "dialog-error-symbolic",
                                                        _("Could not reach the virtual machines"),
                                                        error != NULL ? error->message : NULL);
        GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Try Again"));

        gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
        g_signal_connect_swapped (retry, "clicked", G_CALLBACK (on_retry_clicked_cb), self);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), retry);
      }
      break;

    case SLICES_VM_TRACKER_READY:
    default:
      found = fill_vms (self, uri);
      break;
    }

  self->rebuilding = FALSE;
  if (!found && state == SLICES_VM_TRACKER_READY && !self->passed)
    take_vm_name (self, NULL);
  update_replace (self);
  update_complete (self);
}

/* Callbacks */

static void
on_replace_changed_cb (SlicesAttachVmPage *self)
{
  update_complete (self);
}

/* Overrides */

static void
slices_attach_vm_page_constructed (GObject *object)
{
  SlicesAttachVmPage *self = SLICES_ATTACH_VM_PAGE (object);

  G_OBJECT_CLASS (slices_attach_vm_page_parent_class)->constructed (object);

  g_signal_connect_object (self->vms, "changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

static void
slices_attach_vm_page_dispose (GObject *object)
{
  SlicesAttachVmPage *self = SLICES_ATTACH_VM_PAGE (object);

  g_clear_object (&self->vms);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLICES_TYPE_ATTACH_VM_PAGE);

  G_OBJECT_CLASS (slices_attach_vm_page_parent_class)->dispose (object);
}

static void
slices_attach_vm_page_finalize (GObject *object)
{
  SlicesAttachVmPage *self = SLICES_ATTACH_VM_PAGE (object);

  g_free (self->slice_uuid);
  g_free (self->vm_name);

  G_OBJECT_CLASS (slices_attach_vm_page_parent_class)->finalize (object);
}

static void
slices_attach_vm_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SlicesAttachVmPage *self = SLICES_ATTACH_VM_PAGE (object);

  switch (prop_id)
    {
    case PROP_VMS:
      g_value_set_object (value, self->vms);
      break;
    case PROP_SLICE_UUID:
      g_value_set_string (value, self->slice_uuid);
      break;
    case PROP_VM_NAME:
      g_value_set_string (value, self->vm_name);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, slices_attach_vm_page_get_complete (self));
      break;
    case PROP_PASSED:
      g_value_set_boolean (value, self->passed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_attach_vm_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SlicesAttachVmPage *self = SLICES_ATTACH_VM_PAGE (object);

  switch (prop_id)
    {
    case PROP_VMS:
      self->vms = g_value_dup_object (value);
      break;
    case PROP_SLICE_UUID:
      slices_attach_vm_page_set_slice_uuid (self, g_value_get_string (value));
      break;
    case PROP_PASSED:
      slices_attach_vm_page_set_passed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_attach_vm_page_class_init (SlicesAttachVmPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags state = G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = slices_attach_vm_page_constructed;
  object_class->dispose = slices_attach_vm_page_dispose;
  object_class->finalize = slices_attach_vm_page_finalize;
  object_class->get_property = slices_attach_vm_page_get_property;
  object_class->set_property = slices_attach_vm_page_set_property;

  properties[PROP_VMS] =
    g_param_spec_object ("vms", NULL, NULL, SLICES_TYPE_VM_TRACKER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLICE_UUID] = g_param_spec_string ("slice-uuid", NULL, NULL, NULL,
                                                     G_PARAM_READWRITE | state);
  properties[PROP_VM_NAME] = g_param_spec_string ("vm-name", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | state);
  properties[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | state);
  properties[PROP_PASSED] = g_param_spec_boolean ("passed", NULL, NULL, FALSE,
                                                  G_PARAM_READWRITE | state);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/attach/"
                                               "slices-attach-vm-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachVmPage, vms_list);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachVmPage, running_group);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachVmPage, running_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachVmPage, replace_group);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachVmPage, replace_row);
  gtk_widget_class_bind_template_child (widget_class, SlicesAttachVmPage, replace_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_replace_changed_cb);
}

static void
slices_attach_vm_page_init (SlicesAttachVmPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

SlicesAttachVmPage *
slices_attach_vm_page_new (SlicesVmTracker *vms)
{
  g_return_val_if_fail (SLICES_IS_VM_TRACKER (vms), NULL);

  return g_object_new (SLICES_TYPE_ATTACH_VM_PAGE, "vms", vms, NULL);
}

void
slices_attach_vm_page_set_slice_uuid (SlicesAttachVmPage *self,
                                      const char         *uuid)
{
  g_return_if_fail (SLICES_IS_ATTACH_VM_PAGE (self));

  if (g_strcmp0 (uuid, self->slice_uuid) == 0)
    return;
  g_free (self->slice_uuid);
  self->slice_uuid = g_strdup (uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLICE_UUID]);
  /* Whether the VM's slice is "another" one depends on it. */
  update_replace (self);
  update_complete (self);
}

const char *
slices_attach_vm_page_get_vm_name (SlicesAttachVmPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_VM_PAGE (self), NULL);
  return self->vm_name;
}

const SlicesDomainInfo *
slices_attach_vm_page_get_vm (SlicesAttachVmPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_VM_PAGE (self), NULL);
  return self->vm_name != NULL ? slices_vm_tracker_find_domain (self->vms, self->vm_name) : NULL;
}

gboolean
slices_attach_vm_page_get_replace (SlicesAttachVmPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_VM_PAGE (self), FALSE);
  return gtk_switch_get_active (self->replace_switch);
}

gboolean
slices_attach_vm_page_get_complete (SlicesAttachVmPage *self)
{
  const SlicesDomainInfo *vm;

  g_return_val_if_fail (SLICES_IS_ATTACH_VM_PAGE (self), FALSE);

  vm = slices_attach_vm_page_get_vm (self);
  if (vm == NULL)
    return FALSE;
  return !holds_other_slice (self, vm) || gtk_switch_get_active (self->replace_switch);
}

void
slices_attach_vm_page_set_passed (SlicesAttachVmPage *self,
                                  gboolean            passed)
{
  g_return_if_fail (SLICES_IS_ATTACH_VM_PAGE (self));

  passed = !!passed;
  if (self->passed == passed)
    return;
  self->passed = passed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSED]);
}

void
slices_attach_vm_page_forget_vm (SlicesAttachVmPage *self)
{
  g_return_if_fail (SLICES_IS_ATTACH_VM_PAGE (self));

  take_vm_name (self, NULL);
  rebuild (self);
}

gboolean
slices_attach_vm_page_choose (SlicesAttachVmPage *self,
                              const char         *name)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_VM_PAGE (self), FALSE);
  return slices_attach_rows_choose (self->vms_list, name);
}

char *
slices_attach_vm_page_dup_status (SlicesAttachVmPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_VM_PAGE (self), NULL);
  return slices_attach_rows_dup_status (self->vms_list);
}

GtkWidget *
slices_attach_vm_page_get_replace_switch (SlicesAttachVmPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_VM_PAGE (self), NULL);
  return GTK_WIDGET (self->replace_switch);
}

const char *
slices_attach_vm_page_get_running_note (SlicesAttachVmPage *self)
{
  g_return_val_if_fail (SLICES_IS_ATTACH_VM_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->running_group))
    return NULL;
  return gtk_label_get_label (self->running_label);
}

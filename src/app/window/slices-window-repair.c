/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's Repair of a VM that the old GVT-g recipe keeps from starting (win.repair-vm,
 * from the VM problems above the page and Check Setup's vm-recipe check): one repair attach job (slices-domain-recipe.h), read and
 * computed first, its change shown as the line diff the wizard's review shows, applied only
 * over what was shown, with the window's Undo.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-vm.h"

#include "slices-vm-tracker.h"
#include "slices-window-private.h"
#include "slices-window-vms.h"

static void
on_repaired_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlicesWindow) self = user_data;
  SlicesAttachJob *job = SLICES_ATTACH_JOB (source);
  const char *domain = slices_attach_job_get_domain (job);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  slices_vm_tracker_refresh (slices_window_get_vm_tracker (self));
  if (!slices_attach_job_apply_finish (job, result, &error))
    {
      g_autofree char *body = NULL;

      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED))
        /* TRANSLATORS: %s is a VM name */
        body = g_strdup_printf (_("The definition of %s changed at the same moment. Nothing "
                                  "was changed: look at it again, then repair."), domain);
      else
        body = g_strdup_printf (_("%s\n\nNothing was changed."), error->message);
      slices_window_show_message (self, _("Could Not Repair the Virtual Machine"), body);
      return;
    }

  /* TRANSLATORS: %s is a VM name */
  title = g_strdup_printf (_("%s repaired"), domain);
  slices_window_vms_offer_undo (self, job, title);
}

static void
on_repair_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       SlicesWindow     *self)
{
  SlicesAttachJob *job = g_object_get_data (G_OBJECT (dialog), "job");

  if (g_strcmp0 (response, "repair") != 0)
    return;
  /* Over what the dialog showed only: a change meanwhile is reported, not recomputed. */
  slices_attach_job_set_retries (job, 0);
  slices_attach_job_apply_async (job, NULL, on_repaired_cb, g_object_ref (self));
}

/* The change as the wizard's review shows it: the line diff, monospace, scrolling. */
static GtkWidget *
new_diff_view (const char *diff)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *label = gtk_label_new (diff);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Changes to the definition"), -1);
  return scrolled;
}

static void
on_repair_prepared_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SlicesWindow) self = user_data;
  SlicesAttachJob *job = SLICES_ATTACH_JOB (source);
  const char *domain = slices_attach_job_get_domain (job);
  const SlicesDomainInfo *info = slices_vm_tracker_find_domain (slices_window_get_vm_tracker (self),
                                                                 domain);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *diff = NULL;
  GPtrArray *notes;
  GtkWidget *dialog;

  if (!slices_attach_job_prepare_finish (job, result, &error))
    {
      slices_window_show_message (self, _("Could Not Repair the Virtual Machine"),
                                  error->message);
      return;
    }

  /* TRANSLATORS: %s is a VM name */
  heading = g_strdup_printf (_("Repair %s?"), domain);
  if (info != NULL && info->recipe_problem != NULL)
    {
      /* Arguments such as x-igd-opregion never break at their hyphens (U+2011). */
      g_auto(GStrv) parts = g_strsplit (info->recipe_problem, "-", -1);
      g_autofree char *unbroken = g_strjoinv ("\u2011", parts);

      g_string_append (body, unbroken);
    }
  g_string_append (body, body->len > 0 ? "\n\n" : "");
  g_string_append (body, _("Its definition is rewritten into the form this libvirt needs; "
                           "every setting that can work is kept. Undo restores it."));
  notes = slices_attach_job_get_notes (job);
  for (guint i = 0; i < notes->len; i++)
    g_string_append_printf (body, "\n\n%s", (const char *) notes->pdata[i]);

  diff = slices_domain_diff (slices_attach_job_get_old_xml (job),
                             slices_attach_job_get_new_xml (job));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body->str);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), new_diff_view (diff));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "repair", _("_Repair"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "repair",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "repair",
                                           slices_attach_job_has_changes (job));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "repair");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 720, -1);
  g_object_set_data_full (G_OBJECT (dialog), "job", g_object_ref (job), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_repair_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
repair_vm_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesLibvirt *libvirt = slices_vm_tracker_get_libvirt (slices_window_get_vm_tracker (self));
  g_autoptr(SlicesAttachJob) job = NULL;

  if (libvirt == NULL)
    return;
  /* Read and compute first: the dialog shows exactly what Repair writes. */
  job = slices_attach_job_new_repair (libvirt, g_variant_get_string (parameter, NULL));
  slices_attach_job_prepare_async (job, NULL, on_repair_prepared_cb, g_object_ref (self));
}

GPtrArray *
slices_window_repair_find_domains (SlicesVmTracker *tracker)
{
  GPtrArray *found = g_ptr_array_new ();
  GPtrArray *domains;

  if (slices_vm_tracker_get_state (tracker) != SLICES_VM_TRACKER_READY)
    return found;
  domains = slices_vm_tracker_get_domains (tracker);
  for (guint i = 0; i < domains->len; i++)
    if (((SlicesDomainInfo *) domains->pdata[i])->recipe != SLICES_RECIPE_OK)
      g_ptr_array_add (found, domains->pdata[i]);
  return found;
}

static const char *
row_sentence (const SlicesDomainInfo *info)
{
  return info->recipe == SLICES_RECIPE_BROKEN
         ? _("Cannot start: set up with the old GVT-g recipe, which this libvirt cannot pass to "
             "QEMU")
         : _("Some of its GVT-g settings never reach QEMU");
}

static GtkWidget *
new_repair_button (const SlicesDomainInfo *info)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Repair"));
  g_autofree char *tooltip = NULL;

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.repair-vm");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", info->name);
  /* TRANSLATORS: %s is a VM name */
  tooltip = g_strdup_printf (_("Show how the definition of %s changes, then repair it"),
                             info->name);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

GtkWidget *
slices_window_repair_new_row (const SlicesDomainInfo *info)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (info->recipe == SLICES_RECIPE_BROKEN
                                                  ? "dialog-error-symbolic"
                                                  : "dialog-warning-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), row_sentence (info));
  gtk_widget_add_css_class (icon, info->recipe == SLICES_RECIPE_BROKEN ? "error" : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_repair_button (info));
  return row;
}

void
slices_window_repair_add_to_row (GtkWidget              *row,
                                 const SlicesDomainInfo *info)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  /* TRANSLATORS: two sentences about one VM, the row's and the old recipe's */
  subtitle = g_strdup_printf (_("%s. %s"), adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                              row_sentence (info));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* Beside the row's own buttons, one above the other (slices-window-vms.c). */
  if (g_object_get_data (G_OBJECT (row), "buttons") != NULL)
    gtk_box_append (GTK_BOX (g_object_get_data (G_OBJECT (row), "buttons")),
                    new_repair_button (info));
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_repair_button (info));
}

void
slices_window_repair_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.repair-vm", "s", repair_vm_action);
}

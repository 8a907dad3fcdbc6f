/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's "Virtual Machines Connection" dialog: which libvirt connection the window
 * follows (kept in GSettings libvirt-uri). Applying it hands over to slices-window-vms.c.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-vm.h"

#include "slices-app-settings.h"
#include "slices-vm-tracker.h"
#include "slices-window-private.h"

static void
on_connection_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           SlicesWindow     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *uri = g_strdup (g_strstrip ((char *) gtk_editable_get_text (entry)));
  g_autoptr(GSettings) settings = NULL;

  if (g_strcmp0 (response, "apply") != 0)
    return;
  if (*uri == '\0')
    {
      g_free (uri);
      uri = g_strdup ("qemu:///system");
    }

  settings = slices_app_settings_dup ();
  if (settings != NULL)
    g_settings_set_string (settings, "libvirt-uri", uri);

  slices_window_vms_reconnect (self);
}

void
slices_window_connection_show (SlicesWindow    *self,
                               GtkWindow       *parent,
                               SlicesVmTracker *tracker)
{
  g_autofree char *uri = slices_window_dup_settings_uri ();
  g_autoptr(GString) body = g_string_new (NULL);
  const GError *error = slices_vm_tracker_get_error (tracker);
  SlicesLibvirt *libvirt = slices_vm_tracker_get_libvirt (tracker);
  const char *in_use = libvirt != NULL ? slices_libvirt_get_uri (libvirt) : NULL;
  GtkWidget *dialog, *list, *entry;

  g_string_append (body, _("Slices are attached to the virtual machines of this libvirt "
                           "connection: qemu:///system for the computer’s virtual machines, "
                           "qemu:///session for your own, or a remote host such as "
                           "qemu+ssh://user@host/system."));
  if (slices_vm_tracker_get_state (tracker) == SLICES_VM_TRACKER_FAILED && error != NULL)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, error->message);
    }

  if (in_use != NULL && slices_window_get_demo (self))
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("The demo uses its own test connection; the address below is "
                               "used when you leave the demo."));
    }

  dialog = adw_message_dialog_new (parent, _("Virtual Machines Connection"),
                                   body->str);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  /* The connection really in use, when it is not the one set (the demo's test:///…). */
  if (in_use != NULL && g_strcmp0 (in_use, uri) != 0)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (in_use);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("In Use"));
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_tooltip_text (label, in_use);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_object_set_data (G_OBJECT (dialog), "in-use", label);
    }
  entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("libvirt URI"));
  gtk_editable_set_text (GTK_EDITABLE (entry), uri);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (entry), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", _("_Apply"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_connection_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

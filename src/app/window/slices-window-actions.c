/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window's actions on slices and on the setup, kept apart from slices-window.c (see
 * slices-window-private.h): refresh, demo in and out, create (the Create dialog), remove (with
 * a confirmation that names the VMs holding the slice and offers to detach it from them; the
 * work is slices-window-vms.c's), copy a UUID or the QEMU arguments, keep a slice after
 * restart, and open Check Setup or the NixOS configuration. Rows and toasts activate them with a slice's UUID or
 * a type id as target; the work goes to the session's backend, and the window reads the
 * system again afterwards.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "libslices-base.h"
#include "libslices-model.h"
#include "libslices-writers.h"
#include "libslices-vm.h"

#include "slices-app-format.h"
#include "slices-app-session.h"
#include "slices-create-dialog.h"
#include "slices-gpu-page.h"
#include "slices-nixos-view.h"
#include "slices-setup-page.h"
#include "slices-window-private.h"

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  slices_window_refresh (SLICES_WINDOW (widget));
}

static void
explore_demo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  slices_window_set_demo (SLICES_WINDOW (widget), TRUE);
}

static void
leave_demo_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  slices_window_set_demo (SLICES_WINDOW (widget), FALSE);
}

/* Copy */

static void
copy_text (SlicesWindow *self,
           const char   *text,
           const char   *toast_title)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  slices_window_add_toast (self, adw_toast_new (toast_title));
}

static void
copy_uuid_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  const char *uuids = g_variant_get_string (parameter, NULL);

  copy_text (SLICES_WINDOW (widget), uuids,
             strchr (uuids, '\n') != NULL ? _("UUIDs copied") : _("UUID copied"));
}

static void
copy_qemu_args_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesHost *host = slices_window_get_host (self);
  const char *uuid = g_variant_get_string (parameter, NULL);
  SlicesSlice *slice = host != NULL ? slices_host_find_slice (host, uuid) : NULL;
  SlicesQemuArgsOptions options = SLICES_QEMU_ARGS_OPTIONS_INIT;
  SlicesSliceType *type = NULL;
  SlicesGpu *gpu = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  if (slice == NULL)
    return;
  gpu = slices_host_find_gpu (host, slices_slice_get_gpu_address (slice));
  if (gpu != NULL)
    {
      const char * const *nodes = slices_gpu_get_render_nodes (gpu);

      type = slices_gpu_find_type (gpu, slices_slice_get_type_id (slice));
      if (nodes != NULL)
        options.rendernode = nodes[0];
    }

  argv = slices_qemu_args_build (uuid,
                                 type != NULL ? slices_slice_type_get_width (type) : 0,
                                 type != NULL ? slices_slice_type_get_height (type) : 0,
                                 &options, &error);
  if (argv == NULL)
    {
      slices_window_show_message (self, _("Could Not Make QEMU Arguments"), error->message);
      return;
    }

  line = slices_qemu_args_to_shell ((const char * const *) argv);
  copy_text (self, line, _("QEMU arguments copied"));
}

/* Create */

static void
on_create_dialog_created_cb (SlicesWindow       *self,
                             char              **uuids,
                             SlicesCreateDialog *dialog)
{
  guint n = g_strv_length (uuids);
  g_autofree char *title = NULL;
  g_autofree char *joined = g_strjoinv ("\n", uuids);
  AdwToast *toast;

  slices_window_refresh (self);

  if (n == 1)
    title = g_strdup (_("Slice created"));
  else
    title = g_strdup_printf (ngettext ("%u slice created", "%u slices created", n), n);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, n == 1 ? _("Copy UUID") : _("Copy UUIDs"));
  adw_toast_set_action_name (toast, "win.copy-uuid");
  adw_toast_set_action_target_value (toast, g_variant_new_string (joined));
  slices_window_add_toast (self, toast);
}

static void
create_slice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesGpu *gpu = slices_window_get_current_gpu (self);
  SlicesSliceType *type;
  SlicesCreateDialog *dialog;

  if (gpu == NULL)
    return;
  type = slices_gpu_find_type (gpu, g_variant_get_string (parameter, NULL));
  if (type == NULL)
    return;

  dialog = slices_create_dialog_new (GTK_WINDOW (self), slices_window_get_host (self),
                                     slices_window_get_backend (self), gpu, type);
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_create_dialog_created_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Remove */

/* Ctrl+N: a slice of the type the user last looked at, or the smallest with room. */
static void
new_slice_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesGpuPage *page = SLICES_GPU_PAGE (slices_window_get_gpu_page (self));
  g_autofree char *type_id = NULL;

  if (page != NULL && slices_window_get_current_gpu (self) != NULL)
    type_id = slices_gpu_page_dup_selected_type_id (page);
  if (type_id == NULL)
    {
      slices_window_add_toast (self, adw_toast_new (_("There is no GVT-g GPU to take a slice "
                                                      "from")));
      return;
    }
  gtk_widget_activate_action (widget, "win.create-slice", "s", type_id);
}

/* The attach shortcut: the slice whose row has the focus when it is free, else the wizard,
 * which asks for one. */
static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesGpuPage *page = SLICES_GPU_PAGE (slices_window_get_gpu_page (self));
  const char *uuid = page != NULL ? slices_gpu_page_get_selected_slice (page) : NULL;

  if (uuid != NULL &&
      slices_vm_tracker_find_user (slices_window_get_vm_tracker (self), uuid) == NULL)
    gtk_widget_activate_action (widget, "win.attach-slice", "s", uuid);
  else
    gtk_widget_activate_action (widget, "win.attach-wizard", NULL);
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       SlicesWindow     *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (dialog), "uuid");

  if (g_strcmp0 (response, "remove") == 0)
    slices_window_vms_remove_slice (self, uuid, FALSE);
  else if (g_strcmp0 (response, "detach-remove") == 0)
    slices_window_vms_remove_slice (self, uuid, TRUE);
}

/* "win10 (running)", "win10 and debian-build", "win10, fedora and debian-build". */
static char *
dup_vm_list (GPtrArray *holders)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < holders->len; i++)
    {
      const SlicesDomainInfo *info = g_ptr_array_index (holders, i);

      if (i > 0)
        /* TRANSLATORS: between the names of VMs in a list; the last pair gets " and " */
        g_string_append (text, i + 1 == holders->len ? _(" and ") : _(", "));
      if (info->active)
        /* TRANSLATORS: %s is a VM name */
        g_string_append_printf (text, _("%s (running)"), info->name);
      else
        g_string_append (text, info->name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
remove_slice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesHost *host = slices_window_get_host (self);
  SlicesGpu *gpu = slices_window_get_current_gpu (self);
  const char *uuid = g_variant_get_string (parameter, NULL);
  SlicesSlice *slice = host != NULL ? slices_host_find_slice (host, uuid) : NULL;
  g_autofree char *short_uuid = slices_format_short_uuid (uuid);
  g_autofree char *heading = NULL;
  g_autofree char *type_text = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GPtrArray) holders = NULL;
  SlicesSliceType *type = NULL;
  GtkWidget *dialog;

  if (slice == NULL)
    return;
  if (gpu != NULL)
    type = slices_gpu_find_type (gpu, slices_slice_get_type_id (slice));
  type_text = slices_format_type_text (type, slices_slice_get_type_id (slice));
  holders = slices_window_vms_find_holders (self, uuid);

  /* TRANSLATORS: %s is the first part of the slice's UUID, e.g. "1a2b3c4d" */
  heading = g_strdup_printf (_("Remove Slice %s?"), short_uuid);
  if (holders->len == 0)
    /* TRANSLATORS: %s is the slice's type, e.g. "1920 × 1200 (GVTg_V5_4)" */
    body = g_strdup_printf (_("The %s slice is deleted from the GPU. No virtual machine’s "
                              "definition holds it."),
                            type_text);
  else
    {
      g_autofree char *vms = dup_vm_list (holders);

      /* TRANSLATORS: %s are the slice's type and a list of VM names ("win10 (running) and
       * debian-build"); the buttons are "Detach and Remove" and "Remove" */
      body = g_strdup_printf (ngettext ("The %s slice is in the definition of %s. Detach and "
                                        "Remove takes it out first, and the virtual machine gets "
                                        "back the display it had before.\n\nRemove alone "
                                        "leaves it pointing to a slice that no longer exists: it "
                                        "will not start until the slice is detached.",
                                        "The %s slice is in the definitions of %s. Detach and "
                                        "Remove takes it out of each first, and they get back "
                                        "the displays they had before.\n\nRemove alone leaves "
                                        "them pointing to a slice that no longer exists: they "
                                        "will not start until the slice is detached.",
                                        holders->len),
                              type_text, vms);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (holders->len > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "detach-remove",
                                       _("_Detach and Remove"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "detach-remove",
                                                  ADW_RESPONSE_SUGGESTED);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "remove", _("_Remove"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           holders->len > 0 ? "detach-remove" : "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "uuid", g_strdup (uuid), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Keep after restart, Check Setup, NixOS configuration (owner: setup) */

typedef struct {
  SlicesWindow *self;  /* owned */
  gboolean keep;
} KeepCall;

static void
on_keep_finished_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  KeepCall *call = user_data;
  g_autoptr(SlicesWindow) self = call->self;
  g_autoptr(GError) error = NULL;
  gboolean keep = call->keep;

  g_free (call);
  /* The switches follow the persistence, which reads the system again either way. */
  if (!slices_persistence_keep_finish (SLICES_PERSISTENCE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    slices_window_show_message (self,
                                keep ? _("Could Not Keep the Slice After Restart")
                                     : _("Could Not Stop Keeping the Slice"),
                                error->message);
}

static void
keep_slice_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesPersistence *persistence =
    slices_app_session_get_persistence (slices_window_get_session (self));
  KeepCall *call;
  const char *uuid;
  gboolean keep;

  if (slices_persistence_get_backend (persistence) == NULL)
    return;

  g_variant_get (parameter, "(&sb)", &uuid, &keep);
  call = g_new0 (KeepCall, 1);
  call->self = g_object_ref (self);
  call->keep = keep;
  slices_persistence_keep_async (persistence, uuid, keep, NULL, on_keep_finished_cb, call);
}

static void
on_setup_page_changed_cb (SlicesWindow *self)
{
  slices_window_refresh (self);
}

/* win.check-setup, and win.check-setup-at with a check id (the page opens at that check). */
static void
check_setup_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesAppSession *session = slices_window_get_session (self);
  SlicesHost *host = slices_app_session_get_host (session);
  g_autoptr(SlicesDoctor) doctor = NULL;
  SlicesSetupPage *page;

  if (host == NULL)
    return;
  doctor = slices_setup_doctor_new (host, slices_app_session_get_demo (session));
  page = slices_setup_page_new (GTK_WINDOW (self), doctor, host,
                                slices_app_session_get_persistence (session),
                                slices_app_session_get_helper (session),
                                slices_window_get_vm_tracker (self));
  g_signal_connect_object (page, "changed", G_CALLBACK (on_setup_page_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (parameter != NULL)
    slices_setup_page_show_check (page, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (page));
}

static void
nixos_config_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesHost *host = slices_window_get_host (self);
  g_autoptr(SlicesDoctor) doctor = NULL;

  if (host == NULL)
    return;
  doctor = slices_setup_doctor_new (host, slices_window_get_demo (self));
  gtk_window_present (GTK_WINDOW (slices_nixos_view_new (GTK_WINDOW (self), doctor)));
}

/* Built as GtkApplication would build it from gtk/help-overlay.ui, but once the window is on
 * screen (slices-window.c): it is a window of its own, and nobody opens it in the first frame.
 * It adds win.show-help-overlay (Ctrl+?, from the application). */
void
slices_window_actions_load_help_overlay (SlicesWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  g_return_if_fail (SLICES_IS_WINDOW (self));

  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self)) != NULL)
    return;
  builder = gtk_builder_new_from_resource ("/io/github/gpuslices/GpuSlices/window/"
                                           "help-overlay.ui");
  gtk_application_window_set_help_overlay (
    GTK_APPLICATION_WINDOW (self),
    GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

static void
on_menu_button_create_popup_cb (GtkMenuButton *button,
                                gpointer       user_data)
{
  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, G_MENU_MODEL (user_data));
}

/* The main menu's popover (a popover menu of a dozen items) is built when it first opens, not
 * before the first frame. With a create-popup function the button is sensitive meanwhile. */
void
slices_window_actions_build_menu_lazily (GtkMenuButton *button,
                                         GMenuModel    *menu)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (menu));

  gtk_menu_button_set_create_popup_func (button, on_menu_button_create_popup_cb,
                                         g_object_ref (menu), g_object_unref);
}

void
slices_window_actions_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.check-setup", NULL, check_setup_action);
  gtk_widget_class_install_action (widget_class, "win.check-setup-at", "s", check_setup_action);
  gtk_widget_class_install_action (widget_class, "win.nixos-config", NULL, nixos_config_action);
  gtk_widget_class_install_action (widget_class, "win.keep-slice", "(sb)", keep_slice_action);
  gtk_widget_class_install_action (widget_class, "win.explore-demo", NULL, explore_demo_action);
  gtk_widget_class_install_action (widget_class, "win.leave-demo", NULL, leave_demo_action);
  gtk_widget_class_install_action (widget_class, "win.create-slice", "s", create_slice_action);
  gtk_widget_class_install_action (widget_class, "win.new-slice", NULL, new_slice_action);
  gtk_widget_class_install_action (widget_class, "win.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "win.remove-slice", "s", remove_slice_action);
  gtk_widget_class_install_action (widget_class, "win.copy-uuid", "s", copy_uuid_action);
  gtk_widget_class_install_action (widget_class, "win.copy-qemu-args", "s",
                                   copy_qemu_args_action);

  /* Works without an application too (tests). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
}

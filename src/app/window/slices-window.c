/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesWindow: see slices-window.h. Data flows one way: the host's models feed the widgets;
 * actions go to the backend, and the host refreshes from what the system then says.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "slices-app-format.h"
#include "slices-application.h"
#include "slices-backend.h"
#include "slices-create-dialog.h"
#include "slices-error.h"
#include "slices-gpu.h"
#include "slices-gpu-page.h"
#include "slices-helper-client.h"
#include "slices-host.h"
#include "slices-nixos-view.h"
#include "slices-qemu-args.h"
#include "slices-setup-page.h"
#include "slices-simulator.h"
#include "slices-slice.h"
#include "slices-slice-type.h"
#include "slices-window.h"
#include "slices-window-vms.h"

struct _SlicesWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkDropDown *gpu_dropdown;
  GtkRevealer *demo_revealer;
  GtkWidget *demo_banner;
  GtkLabel *demo_label;
  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  AdwStatusPage *status_page;
  GtkWidget *explore_demo_button;
  SlicesGpuPage *gpu_page;

  GSettings *settings;   /* NULL when the schema is not installed */

  /* What the window drives now. */
  SlicesHost *host;
  SlicesBackend *backend;
  gboolean demo;

  /* The real system, kept while the demo runs (NULL until first needed). */
  SlicesHost *real_host;
  SlicesBackend *real_backend;
  SlicesSimulator *simulator;

  guint n_toasts;
  char *last_toast;

  /* Below COMPACT_WIDTH the demo bar says less, so that it stays two lines high. */
  gboolean compact;
  guint compact_idle_id;

  /* slices_window_new(): sources are set up once the first frame is on screen. */
  gboolean start_demo;
  gulong after_paint_id;
  guint setup_idle_id;

  /* Check Setup and "Keep after restart" (owner: setup). */
  GtkWidget *check_setup_button;
  GHashTable *kept;               /* uuid → SlicesMdevDefinition; NULL until listed */
  SlicesPersistSupport persist_support;
  GCancellable *kept_cancellable;
};

G_DEFINE_FINAL_TYPE (SlicesWindow, slices_window, ADW_TYPE_APPLICATION_WINDOW)

/* The width below which the window takes its narrow layout (as SlicesGpuPage does). */
#define COMPACT_WIDTH 560

static void update_view (SlicesWindow *self);
static void refresh_kept (SlicesWindow *self);

enum {
  SIGNAL_KEPT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (SlicesWindow *self,
            AdwToast     *toast)
{
  self->n_toasts++;
  g_free (self->last_toast);
  self->last_toast = g_strdup (adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_message (SlicesWindow *self,
              const char   *heading,
              const char   *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static SlicesGpu *
get_current_gpu (SlicesWindow *self)
{
  return slices_gpu_page_get_gpu (self->gpu_page);
}

static void
refresh_host (SlicesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->host == NULL)
    return;
  if (!slices_host_refresh (self->host, &error))
    {
      g_autofree char *title = g_strdup_printf (_("Could not read the GPUs: %s"), error->message);

      show_toast (self, adw_toast_new (title));
    }
  refresh_kept (self);
}

/* One sentence saying why there is no GPU to show. */
static char *
dup_no_gpu_reason (SlicesWindow *self)
{
  GListModel *inactive = slices_host_get_inactive_gpus (self->host);
  guint n = g_list_model_get_n_items (inactive);
  g_autoptr(SlicesGpu) gpu = NULL;
  const char *platform;

  if (n == 0)
    return g_strdup (_("This computer has no Intel graphics, which GVT-g needs."));

  gpu = g_list_model_get_item (inactive, 0);
  platform = slices_gpu_get_platform (gpu);

  switch (slices_gpu_get_gvt_support (gpu))
    {
    case SLICES_GVT_SUPPORT_GVT_G:
      if (platform == NULL)
        return g_strdup (_("GVT-g is not enabled for this Intel GPU: it needs the kernel "
                           "parameter i915.enable_gvt=1 and the kvmgt module."));
      /* TRANSLATORS: %s is a platform such as "Kaby Lake" */
      return g_strdup_printf (_("GVT-g is not enabled for the %s graphics: it needs the "
                                "kernel parameter i915.enable_gvt=1 and the kvmgt module."),
                              platform);
    case SLICES_GVT_SUPPORT_NONE:
      if (platform == NULL)
        return g_strdup (_("This Intel GPU does not support GVT-g."));
      /* TRANSLATORS: %s is a platform such as "Ice Lake" */
      return g_strdup_printf (_("%s graphics do not support GVT-g."), platform);
    case SLICES_GVT_SUPPORT_SRIOV:
      if (platform == NULL)
        return g_strdup (_("This Intel GPU does not support GVT-g: it shares the GPU through "
                           "SR-IOV instead."));
      /* TRANSLATORS: %s is a platform such as "Tiger Lake" */
      return g_strdup_printf (_("%s graphics do not support GVT-g: they share the GPU "
                                "through SR-IOV instead."),
                              platform);
    case SLICES_GVT_SUPPORT_UNKNOWN:
    default:
      return g_strdup (_("This Intel GPU’s generation is not one that supports GVT-g "
                         "(Broadwell to Comet Lake)."));
    }
}

static void
select_gpu (SlicesWindow *self)
{
  GListModel *gpus = slices_host_get_gpus (self->host);
  guint n = g_list_model_get_n_items (gpus);
  guint selected = gtk_drop_down_get_selected (self->gpu_dropdown);
  g_autoptr(SlicesGpu) gpu = NULL;

  if (n == 0)
    {
      slices_gpu_page_set_gpu (self->gpu_page, NULL);
      return;
    }

  if (selected == GTK_INVALID_LIST_POSITION || selected >= n)
    selected = 0;
  gpu = g_list_model_get_item (gpus, selected);
  slices_gpu_page_set_gpu (self->gpu_page, gpu);
}

static void
restore_last_gpu (SlicesWindow *self)
{
  g_autofree char *last = NULL;
  GListModel *gpus = slices_host_get_gpus (self->host);

  if (self->settings == NULL || self->demo)
    return;

  last = g_settings_get_string (self->settings, "last-gpu");
  for (guint i = 0; i < g_list_model_get_n_items (gpus); i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (gpus, i);

      if (g_strcmp0 (slices_gpu_get_address (gpu), last) == 0)
        {
          gtk_drop_down_set_selected (self->gpu_dropdown, i);
          return;
        }
    }
}

static void
update_view (SlicesWindow *self)
{
  GListModel *gpus = slices_host_get_gpus (self->host);
  guint n = g_list_model_get_n_items (gpus);
  GtkStackTransitionType transition;

  gtk_widget_set_visible (GTK_WIDGET (self->gpu_dropdown), n > 1);
  gtk_revealer_set_reveal_child (self->demo_revealer, self->demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.explore-demo", !self->demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.leave-demo", self->demo);
  /* TRANSLATORS: window subtitle while the demo runs */
  adw_window_title_set_subtitle (self->window_title, self->demo ? _("Demo") : NULL);

  /* The first page shows at once; later changes (demo in and out) cross-fade. */
  transition = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") == 0
               ? GTK_STACK_TRANSITION_TYPE_NONE
               : GTK_STACK_TRANSITION_TYPE_CROSSFADE;
  if (n == 0)
    {
      g_autofree char *reason = dup_no_gpu_reason (self);

      adw_status_page_set_description (self->status_page, reason);
      gtk_stack_set_visible_child_full (self->stack, "empty", transition);
    }
  else
    gtk_stack_set_visible_child_full (self->stack, "gpu", transition);

  select_gpu (self);
}

static void
on_gpus_items_changed_cb (SlicesWindow *self)
{
  update_view (self);
}

static void
on_host_changed_cb (SlicesWindow *self)
{
  /* The inactive GPUs (the reason on the status page) can change without the GPU list. */
  if (g_list_model_get_n_items (slices_host_get_gpus (self->host)) == 0)
    update_view (self);
}

static void
on_gpu_dropdown_selected_cb (SlicesWindow *self)
{
  SlicesGpu *gpu;

  if (self->host == NULL)
    return;
  select_gpu (self);

  gpu = get_current_gpu (self);
  if (gpu != NULL && self->settings != NULL && !self->demo &&
      gtk_widget_get_visible (GTK_WIDGET (self->gpu_dropdown)))
    g_settings_set_string (self->settings, "last-gpu", slices_gpu_get_address (gpu));
}

static char *
dup_gpu_label (SlicesGpu *gpu)
{
  g_autofree char *name = NULL;

  if (gpu == NULL)
    return g_strdup ("");
  name = slices_gpu_dup_display_name (gpu);
  /* TRANSLATORS: GPU name and PCI address in the GPU switcher */
  return g_strdup_printf (_("%s (%s)"), name, slices_gpu_get_address (gpu));
}

static void
set_source (SlicesWindow  *self,
            SlicesHost    *host,
            SlicesBackend *backend,
            gboolean       demo)
{
  if (self->host != NULL)
    {
      g_signal_handlers_disconnect_by_data (slices_host_get_gpus (self->host), self);
      g_signal_handlers_disconnect_by_data (self->host, self);
    }

  /* Unbind the page first so that its rows let go of the old GPUs. */
  slices_gpu_page_set_gpu (self->gpu_page, NULL);
  gtk_drop_down_set_model (self->gpu_dropdown, NULL);

  g_set_object (&self->host, host);
  g_set_object (&self->backend, backend);
  self->demo = demo;

  g_signal_connect_object (slices_host_get_gpus (host), "items-changed",
                           G_CALLBACK (on_gpus_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (host, "changed", G_CALLBACK (on_host_changed_cb), self,
                           G_CONNECT_SWAPPED);

  refresh_host (self);
  gtk_drop_down_set_model (self->gpu_dropdown, slices_host_get_gpus (host));
  restore_last_gpu (self);
  update_view (self);
  slices_window_vms_source_changed (self);
}

static void
ensure_real (SlicesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->real_host != NULL)
    return;

  self->real_host = slices_host_new (NULL);
  if (!slices_host_watch (self->real_host, &error))
    g_message ("Not following GPU changes: %s", error->message);
  self->real_backend = SLICES_BACKEND (slices_helper_client_new ());
}

static void
enter_demo (SlicesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesHost) host = NULL;

  if (self->simulator == NULL)
    {
      self->simulator = slices_simulator_new_demo (&error);
      if (self->simulator == NULL)
        {
          show_message (self, _("Could Not Start the Demo"), error->message);
          return;
        }
    }

  host = slices_host_new (slices_simulator_get_root (self->simulator));
  slices_host_watch_notifier (host, SLICES_NOTIFIER (self->simulator));
  set_source (self, host, SLICES_BACKEND (self->simulator), TRUE);
}

static void
leave_demo (SlicesWindow *self)
{
  ensure_real (self);
  set_source (self, self->real_host, self->real_backend, FALSE);
}

static gboolean
setup_sources (gpointer user_data)
{
  SlicesWindow *self = user_data;

  self->setup_idle_id = 0;
  if (self->host != NULL)
    return G_SOURCE_REMOVE;

  if (self->start_demo)
    enter_demo (self);
  /* Also when the demo could not start: the real system is the fallback. */
  if (self->host == NULL)
    leave_demo (self);

  return G_SOURCE_REMOVE;
}

static void
on_first_paint_cb (GdkFrameClock *clock,
                   SlicesWindow  *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->setup_idle_id == 0)
    self->setup_idle_id = g_idle_add (setup_sources, self);
}

/* Reading the system (and building the demo's tree) waits until the window is on screen:
 * the first frame shows the header bar at once, the page follows in the next one. */
static void
on_first_map_cb (SlicesWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_signal_handlers_disconnect_by_func (self, on_first_map_cb, NULL);
  if (self->host != NULL)
    return;
  if (clock != NULL)
    self->after_paint_id = g_signal_connect (clock, "after-paint",
                                             G_CALLBACK (on_first_paint_cb), self);
  else
    self->setup_idle_id = g_idle_add (setup_sources, self);
}

/* Actions */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh_host (SLICES_WINDOW (widget));
}

static void
explore_demo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  enter_demo (SLICES_WINDOW (widget));
}

static void
leave_demo_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  leave_demo (SLICES_WINDOW (widget));
}

static void
copy_text (SlicesWindow *self,
           const char   *text,
           const char   *toast_title)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  show_toast (self, adw_toast_new (toast_title));
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
  const char *uuid = g_variant_get_string (parameter, NULL);
  SlicesSlice *slice = slices_host_find_slice (self->host, uuid);
  SlicesQemuArgsOptions options = SLICES_QEMU_ARGS_OPTIONS_INIT;
  SlicesSliceType *type = NULL;
  SlicesGpu *gpu = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  if (slice == NULL)
    return;
  gpu = slices_host_find_gpu (self->host, slices_slice_get_gpu_address (slice));
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
      show_message (self, _("Could Not Make QEMU Arguments"), error->message);
      return;
    }

  line = slices_qemu_args_to_shell ((const char * const *) argv);
  copy_text (self, line, _("QEMU arguments copied"));
}

static void
on_create_dialog_created_cb (SlicesWindow       *self,
                             char              **uuids,
                             SlicesCreateDialog *dialog)
{
  guint n = g_strv_length (uuids);
  g_autofree char *title = NULL;
  g_autofree char *joined = g_strjoinv ("\n", uuids);
  AdwToast *toast;

  refresh_host (self);

  if (n == 1)
    title = g_strdup (_("Slice created"));
  else
    title = g_strdup_printf (ngettext ("%u slice created", "%u slices created", n), n);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, n == 1 ? _("Copy UUID") : _("Copy UUIDs"));
  adw_toast_set_action_name (toast, "win.copy-uuid");
  adw_toast_set_action_target_value (toast, g_variant_new_string (joined));
  show_toast (self, toast);
}

static void
create_slice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  SlicesGpu *gpu = get_current_gpu (self);
  SlicesSliceType *type;
  SlicesCreateDialog *dialog;

  if (gpu == NULL)
    return;
  type = slices_gpu_find_type (gpu, g_variant_get_string (parameter, NULL));
  if (type == NULL)
    return;

  dialog = slices_create_dialog_new (GTK_WINDOW (self), self->host, self->backend, gpu, type);
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_create_dialog_created_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_remove_finished_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SlicesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!slices_backend_remove_finish (SLICES_BACKEND (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Another program may have removed the slice, or the helper may have died after removing
       * it: show what the system says now, not what it said before. */
      refresh_host (self);
      if (g_error_matches (error, SLICES_ERROR, SLICES_ERROR_IN_USE))
        show_message (self, _("Slice Is in Use"), error->message);
      else
        show_message (self, _("Could Not Remove Slice"), error->message);
      return;
    }

  refresh_host (self);
  show_toast (self, adw_toast_new (_("Slice removed")));
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       SlicesWindow     *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (dialog), "uuid");

  if (g_strcmp0 (response, "remove") != 0)
    return;

  slices_backend_remove_async (self->backend, uuid, NULL, on_remove_finished_cb,
                               g_object_ref (self));
}

static void
remove_slice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  const char *uuid = g_variant_get_string (parameter, NULL);
  SlicesSlice *slice = slices_host_find_slice (self->host, uuid);
  g_autofree char *short_uuid = slices_format_short_uuid (uuid);
  g_autofree char *heading = NULL;
  g_autofree char *type_text = NULL;
  g_autofree char *body = NULL;
  SlicesSliceType *type = NULL;
  GtkWidget *dialog;

  if (slice == NULL)
    return;
  if (get_current_gpu (self) != NULL)
    type = slices_gpu_find_type (get_current_gpu (self), slices_slice_get_type_id (slice));
  if (type != NULL)
    {
      g_autofree char *resolution = slices_format_resolution (type);

      type_text = g_strdup_printf (_("%s (%s)"), resolution, slices_slice_type_get_name (type));
    }
  else
    type_text = g_strdup (slices_slice_get_type_id (slice));

  /* TRANSLATORS: %s is the first part of the slice's UUID, e.g. "1a2b3c4d" */
  heading = g_strdup_printf (_("Remove slice %s?"), short_uuid);
  /* TRANSLATORS: %s is the slice's type, e.g. "1920 × 1200 (GVTg_V5_4)" */
  body = g_strdup_printf (_("The %s slice is deleted from the GPU. A virtual machine that uses "
                            "it loses its graphics until it gets another slice."),
                          type_text);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "uuid", g_strdup (uuid), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Check Setup, NixOS configuration, keeping slices after restart (owner: setup) */

static void
on_list_kept_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlicesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) kept = NULL;

  kept = slices_backend_list_defined_finish (SLICES_BACKEND (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->backend == NULL)
    return;
  if (kept == NULL)
    {
      g_message ("Cannot tell which slices are kept after restart: %s", error->message);
      kept = slices_mdev_definitions_new ();
    }

  g_clear_pointer (&self->kept, g_hash_table_unref);
  self->kept = g_steal_pointer (&kept);
  g_signal_emit (self, signals[SIGNAL_KEPT_CHANGED], 0);
}

static void
refresh_kept (SlicesWindow *self)
{
  if (self->backend == NULL)
    return;

  self->persist_support = slices_backend_get_persist_support (self->backend);
  /* The NixOS configuration is what keeps slices there; the demo previews it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.nixos-config",
                                 self->demo || self->persist_support == SLICES_PERSIST_NIXOS);

  if (self->kept_cancellable != NULL)
    g_cancellable_cancel (self->kept_cancellable);
  g_clear_object (&self->kept_cancellable);
  self->kept_cancellable = g_cancellable_new ();
  slices_backend_list_defined_async (self->backend, self->kept_cancellable, on_list_kept_cb,
                                     g_object_ref (self));
}

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
  gboolean ok;

  g_free (call);
  if (keep)
    ok = slices_backend_persist_finish (SLICES_BACKEND (source), result, &error);
  else
    ok = slices_backend_unpersist_finish (SLICES_BACKEND (source), result, &error);

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self,
                  keep ? _("Could Not Keep the Slice After Restart")
                       : _("Could Not Stop Keeping the Slice"),
                  error->message);
  /* Also after a failure: the switches go back to what the system says. */
  refresh_kept (self);
}

static void
keep_slice_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  KeepCall *call = g_new0 (KeepCall, 1);
  const char *uuid;

  g_variant_get (parameter, "(&sb)", &uuid, &call->keep);
  call->self = g_object_ref (self);
  if (call->keep)
    slices_backend_persist_async (self->backend, uuid, NULL, on_keep_finished_cb, call);
  else
    slices_backend_unpersist_async (self->backend, uuid, NULL, on_keep_finished_cb, call);
}

static void
on_setup_page_changed_cb (SlicesWindow *self)
{
  refresh_host (self);
}

static void
check_setup_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  g_autoptr(SlicesDoctor) doctor = NULL;
  SlicesSetupPage *page;

  if (self->host == NULL)
    return;
  doctor = slices_setup_doctor_new (self->host, self->demo);
  page = slices_setup_page_new (GTK_WINDOW (self), doctor, self->host, self->backend);
  g_signal_connect_object (page, "changed", G_CALLBACK (on_setup_page_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (page));
}

static void
nixos_config_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  g_autoptr(SlicesDoctor) doctor = NULL;

  if (self->host == NULL)
    return;
  doctor = slices_setup_doctor_new (self->host, self->demo);
  gtk_window_present (GTK_WINDOW (slices_nixos_view_new (GTK_WINDOW (self), doctor)));
}

/* Window state */

static void
save_window_state (SlicesWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
restore_window_state (SlicesWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
slices_window_close_request (GtkWindow *window)
{
  save_window_state (SLICES_WINDOW (window));

  return GTK_WINDOW_CLASS (slices_window_parent_class)->close_request (window);
}

static void
slices_window_dispose (GObject *object)
{
  SlicesWindow *self = SLICES_WINDOW (object);

  g_clear_handle_id (&self->setup_idle_id, g_source_remove);
  if (self->after_paint_id != 0)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      if (clock != NULL)
        g_clear_signal_handler (&self->after_paint_id, clock);
      self->after_paint_id = 0;
    }

  if (self->host != NULL)
    {
      g_signal_handlers_disconnect_by_data (slices_host_get_gpus (self->host), self);
      g_signal_handlers_disconnect_by_data (self->host, self);
    }
  if (self->gpu_page != NULL)
    slices_gpu_page_set_gpu (self->gpu_page, NULL);
  if (self->gpu_dropdown != NULL)
    gtk_drop_down_set_model (self->gpu_dropdown, NULL);

  g_clear_object (&self->host);
  g_clear_object (&self->backend);
  g_clear_object (&self->real_host);
  g_clear_object (&self->real_backend);
  g_clear_object (&self->simulator);
  g_clear_object (&self->settings);
  if (self->kept_cancellable != NULL)
    g_cancellable_cancel (self->kept_cancellable);
  g_clear_object (&self->kept_cancellable);
  g_clear_pointer (&self->kept, g_hash_table_unref);

  g_clear_handle_id (&self->compact_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SLICES_TYPE_WINDOW);

  G_OBJECT_CLASS (slices_window_parent_class)->dispose (object);
}

static gboolean
apply_compact (gpointer user_data)
{
  SlicesWindow *self = user_data;

  self->compact_idle_id = 0;
  gtk_label_set_label (self->demo_label,
                       self->compact
                       ? _("Simulated GPU — nothing here changes")
                       : _("Demo — a simulated GPU; nothing on this computer changes"));
  return G_SOURCE_REMOVE;
}

static void
slices_window_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  SlicesWindow *self = SLICES_WINDOW (widget);
  gboolean compact = width < COMPACT_WIDTH;

  GTK_WIDGET_CLASS (slices_window_parent_class)->size_allocate (widget, width, height, baseline);

  /* A new text changes the size request: not during allocation, but before the next frame. */
  if (compact != self->compact)
    {
      self->compact = compact;
      if (self->compact_idle_id == 0)
        self->compact_idle_id = g_idle_add_full (G_PRIORITY_HIGH, apply_compact, self, NULL);
    }
}

static void
slices_window_finalize (GObject *object)
{
  SlicesWindow *self = SLICES_WINDOW (object);

  g_free (self->last_toast);

  G_OBJECT_CLASS (slices_window_parent_class)->finalize (object);
}

static void
slices_window_class_init (SlicesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = slices_window_dispose;
  object_class->finalize = slices_window_finalize;
  window_class->close_request = slices_window_close_request;
  widget_class->size_allocate = slices_window_size_allocate;

  g_type_ensure (SLICES_TYPE_GPU_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/window/"
                                               "slices-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, gpu_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, demo_banner);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, explore_demo_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, check_setup_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, gpu_page);
  gtk_widget_class_bind_template_callback (widget_class, on_gpu_dropdown_selected_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.check-setup", NULL, check_setup_action);
  gtk_widget_class_install_action (widget_class, "win.nixos-config", NULL, nixos_config_action);
  gtk_widget_class_install_action (widget_class, "win.keep-slice", "(sb)", keep_slice_action);
  /* Emitted when the slices kept after restart (or whether they can be) were read again. */
  signals[SIGNAL_KEPT_CHANGED] =
    g_signal_new ("kept-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_install_action (widget_class, "win.explore-demo", NULL, explore_demo_action);
  gtk_widget_class_install_action (widget_class, "win.leave-demo", NULL, leave_demo_action);
  gtk_widget_class_install_action (widget_class, "win.create-slice", "s", create_slice_action);
  gtk_widget_class_install_action (widget_class, "win.remove-slice", "s", remove_slice_action);
  gtk_widget_class_install_action (widget_class, "win.copy-uuid", "s", copy_uuid_action);
  slices_window_vms_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "win.copy-qemu-args", "s",
                                   copy_qemu_args_action);

  /* Works without an application too (tests). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
}

static void
slices_window_init (SlicesWindow *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (dup_gpu_label), NULL, NULL);
  gtk_drop_down_set_expression (self->gpu_dropdown, expression);

  self->settings = slices_application_dup_settings ();
  restore_window_state (self);
}

SlicesWindow *
slices_window_new_with (AdwApplication *app,
                        SlicesHost     *host,
                        SlicesBackend  *backend,
                        gboolean        demo)
{
  SlicesWindow *self;

  g_return_val_if_fail (app == NULL || ADW_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SLICES_IS_HOST (host), NULL);
  g_return_val_if_fail (SLICES_IS_BACKEND (backend), NULL);

  self = g_object_new (SLICES_TYPE_WINDOW, "application", app, NULL);
  if (!demo)
    {
      self->real_host = g_object_ref (host);
      self->real_backend = g_object_ref (backend);
    }
  set_source (self, host, backend, demo);

  return self;
}

SlicesWindow *
slices_window_new (AdwApplication *app,
                   gboolean        demo)
{
  SlicesWindow *self;

  g_return_val_if_fail (app == NULL || ADW_IS_APPLICATION (app), NULL);

  self = g_object_new (SLICES_TYPE_WINDOW, "application", app, NULL);
  self->start_demo = demo;
  /* Known now, so that the banner does not push the page down a moment later. */
  gtk_revealer_set_transition_type (self->demo_revealer, GTK_REVEALER_TRANSITION_TYPE_NONE);
  gtk_revealer_set_reveal_child (self->demo_revealer, demo);
  gtk_revealer_set_transition_type (self->demo_revealer,
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  g_signal_connect (self, "map", G_CALLBACK (on_first_map_cb), NULL);
  /* The app's own window follows the host's libvirt too (windows for tests do not). */
  slices_window_vms_set_auto (self, TRUE);

  return self;
}

SlicesHost *
slices_window_get_host (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return self->host;
}

SlicesBackend *
slices_window_get_backend (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return self->backend;
}

gboolean
slices_window_get_demo (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), FALSE);
  return self->demo;
}

void
slices_window_set_demo (SlicesWindow *self,
                        gboolean      demo)
{
  g_return_if_fail (SLICES_IS_WINDOW (self));

  if (demo == self->demo && self->host != NULL)
    return;
  if (demo)
    enter_demo (self);
  else
    leave_demo (self);
}

GtkWidget *
slices_window_get_gpu_page (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->gpu_page);
}

GtkWidget *
slices_window_get_status_page (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->status_page);
}

GtkWidget *
slices_window_get_explore_button (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return self->explore_demo_button;
}

GtkWidget *
slices_window_get_demo_banner (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->demo_revealer);
}

GtkWidget *
slices_window_get_gpu_switcher (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->gpu_dropdown);
}

const char *
slices_window_get_view (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

guint
slices_window_get_n_toasts (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), 0);
  return self->n_toasts;
}

const char *
slices_window_get_last_toast (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return self->last_toast;
}

SlicesPersistSupport
slices_window_get_persist_support (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), SLICES_PERSIST_NO_MDEVCTL);
  return self->persist_support;
}

gboolean
slices_window_get_kept_known (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), FALSE);
  return self->kept != NULL;
}

gboolean
slices_window_is_slice_kept (SlicesWindow *self,
                             const char   *uuid)
{
  SlicesMdevDefinition *definition;

  g_return_val_if_fail (SLICES_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (self->kept == NULL)
    return FALSE;
  definition = g_hash_table_lookup (self->kept, uuid);
  return definition != NULL && slices_mdev_definition_is_auto (definition);
}

GtkWidget *
slices_window_get_check_setup_button (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return self->check_setup_button;
}

void
slices_window_add_toast (SlicesWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (SLICES_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));
  show_toast (self, toast);
}

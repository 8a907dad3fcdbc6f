/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesWindow: see slices-window.h. Data flows one way: the session's host feeds the widgets;
 * actions go to the session's backend, and the host refreshes from what the system then says.
 * This file lays out what the session drives (which page, which GPU, the demo banner) and
 * remembers the window's size and last GPU; the actions live in slices-window-actions.c and
 * slices-window-vms.c.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-writers.h"

#include "slices-app-session.h"
#include "slices-app-settings.h"
#include "slices-empty-page.h"
#include "slices-gpu-page.h"
#include "slices-window-private.h"

struct _SlicesWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkDropDown *gpu_dropdown;
  GtkMenuButton *menu_button;
  GMenuModel *primary_menu;
  GtkRevealer *demo_revealer;
  GtkRevealer *vm_problems_revealer;
  GtkWidget *demo_banner;
  GtkLabel *demo_label;
  GtkButton *demo_world_button;
  GtkRevealer *setup_revealer;
  GtkLabel *setup_label;
  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  AdwBin *empty_bin;

  SlicesGpuPage *gpu_page;     /* made with the first host (ensure_gpu_page()) */

  GSettings *settings;   /* NULL when the schema is not installed */

  SlicesAppSession *session;
  /* The host the widgets show now, followed until the session drives another. */
  SlicesHost *host;
  SlicesVmTracker *tracker;

  guint n_toasts;
  char *last_toast;
  guint last_toast_timeout;

  /* Below COMPACT_WIDTH the demo bar says less, so that it stays two lines high. */
  gboolean compact;
  guint compact_idle_id;

  /* After the first frame: the shortcuts window, and for slices_window_new() the sources. */
  gboolean start_sources;
  gboolean start_demo;
  SlicesSimDemo start_world;
  gulong after_paint_id;
  guint setup_idle_id;
};

G_DEFINE_FINAL_TYPE (SlicesWindow, slices_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The width below which the window takes its narrow layout (as SlicesGpuPage does). */
#define COMPACT_WIDTH 560

static void
show_toast (SlicesWindow *self,
            AdwToast     *toast)
{
  const char *title = adw_toast_get_title (toast);

  self->n_toasts++;
  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
  self->last_toast_timeout = adw_toast_get_timeout (toast);
  /* AdwToast's own title never wraps: its width became the window's minimum (810 px for a
   * long one at 360 px). A label that wraps keeps the toast as narrow as the window. */
  if (title != NULL && adw_toast_get_custom_title (toast) == NULL)
    {
      GtkWidget *label = gtk_label_new (title);

      gtk_label_set_use_underline (GTK_LABEL (label), FALSE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      adw_toast_set_custom_title (toast, label);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The banner of a setup problem that keeps slices off the GPU shown. */
static void
update_setup_banner (SlicesWindow *self)
{
  const char *problem = NULL;

  if (self->gpu_page != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "gpu") == 0)
    problem = slices_gpu_page_get_setup_problem (self->gpu_page);
  if (problem != NULL)
    gtk_label_set_label (self->setup_label, problem);
  gtk_revealer_set_reveal_child (self->setup_revealer, problem != NULL);
}

static SlicesPersistence *
get_persistence (SlicesWindow *self)
{
  return slices_app_session_get_persistence (self->session);
}

static void
refresh_kept (SlicesWindow *self)
{
  SlicesPersistence *persistence = get_persistence (self);

  if (slices_persistence_get_backend (persistence) == NULL)
    return;

  slices_persistence_refresh (persistence);
  /* The NixOS configuration is what keeps slices there; the demo previews it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.nixos-config",
                                 slices_app_session_get_demo (self->session) ||
                                 slices_persistence_get_support (persistence) ==
                                 SLICES_PERSIST_NIXOS);
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
  g_autoptr(SlicesGpu) gpu = NULL;

  if (g_list_model_get_n_items (inactive) > 0)
    gpu = g_list_model_get_item (inactive, 0);
  return slices_gpu_support_dup_reason (gpu);
}

/* The GPU page, made when there is a host to show: until then the window is its loading page,
 * and the first frame does not wait for a page nobody sees. */
static SlicesGpuPage *
ensure_gpu_page (SlicesWindow *self)
{
  if (self->gpu_page == NULL)
    {
      self->gpu_page = SLICES_GPU_PAGE (slices_gpu_page_new (get_persistence (self),
                                                             self->tracker));
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->gpu_page), "gpu");
      g_signal_connect_object (self->gpu_page, "notify::setup-problem",
                               G_CALLBACK (update_setup_banner), self, G_CONNECT_SWAPPED);
    }

  return self->gpu_page;
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
      slices_gpu_page_set_gpu (ensure_gpu_page (self), NULL);
      return;
    }

  if (selected == GTK_INVALID_LIST_POSITION || selected >= n)
    selected = 0;
  gpu = g_list_model_get_item (gpus, selected);
  slices_gpu_page_set_gpu (ensure_gpu_page (self), gpu);
}

static void
restore_last_gpu (SlicesWindow *self)
{
  g_autofree char *last = NULL;
  GListModel *gpus = slices_host_get_gpus (self->host);

  if (self->settings == NULL || slices_app_session_get_demo (self->session))
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

static SlicesEmptyPage *
ensure_empty_page (SlicesWindow *self)
{
  if (adw_bin_get_child (self->empty_bin) == NULL)
    adw_bin_set_child (self->empty_bin, GTK_WIDGET (slices_empty_page_new ()));
  return SLICES_EMPTY_PAGE (adw_bin_get_child (self->empty_bin));
}

static void
update_view (SlicesWindow *self)
{
  GListModel *gpus = slices_host_get_gpus (self->host);
  guint n = g_list_model_get_n_items (gpus);
  gboolean demo = slices_app_session_get_demo (self->session);
  GtkStackTransitionType transition;

  gtk_widget_set_visible (GTK_WIDGET (self->gpu_dropdown), n > 1);
  gtk_revealer_set_reveal_child (self->demo_revealer, demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.explore-demo", !demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.leave-demo", demo);
  /* TRANSLATORS: window subtitle while the demo runs */
  adw_window_title_set_subtitle (self->window_title, demo ? _("Demo") : NULL);
  slices_window_sriov_update_demo_button (self, self->demo_world_button);

  /* The first page shows at once; later changes (demo in and out) cross-fade. */
  transition = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") == 0
               ? GTK_STACK_TRANSITION_TYPE_NONE
               : GTK_STACK_TRANSITION_TYPE_CROSSFADE;
  if (n == 0)
    {
      g_autofree char *reason = dup_no_gpu_reason (self);

      /* Built now, not in the template: its widgets and SVG icon (librsvg, the MIME database)
       * would delay the first frame for a page that is not shown then. */
      slices_empty_page_update (ensure_empty_page (self), self->host, reason);
      gtk_stack_set_visible_child_full (self->stack, "empty", transition);
    }
  else
    {
      ensure_gpu_page (self);
      gtk_stack_set_visible_child_full (self->stack, "gpu", transition);
    }

  select_gpu (self);
  update_setup_banner (self);
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

  gpu = slices_window_get_current_gpu (self);
  if (gpu != NULL && self->settings != NULL && !slices_app_session_get_demo (self->session) &&
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
unfollow_host (SlicesWindow *self)
{
  if (self->host == NULL)
    return;
  g_signal_handlers_disconnect_by_data (slices_host_get_gpus (self->host), self);
  g_signal_handlers_disconnect_by_data (self->host, self);
}

/* The session drives another host: show that one. */
static void
on_session_changed_cb (SlicesWindow *self)
{
  SlicesHost *host = slices_app_session_get_host (self->session);

  unfollow_host (self);

  /* Unbind the page first so that its rows let go of the old GPUs. */
  slices_gpu_page_set_gpu (ensure_gpu_page (self), NULL);
  slices_gpu_page_set_sysfs_root (self->gpu_page, slices_host_get_sysfs_root (host));
  gtk_drop_down_set_model (self->gpu_dropdown, NULL);

  g_set_object (&self->host, host);
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
enter_demo (SlicesWindow  *self,
            SlicesSimDemo  world)
{
  g_autoptr(GError) error = NULL;

  if (!slices_app_session_set_demo_world (self->session, world, &error))
    slices_window_show_message (self, _("Could Not Start the Demo"), error->message);
}

static gboolean
after_first_frame (gpointer user_data)
{
  SlicesWindow *self = user_data;

  self->setup_idle_id = 0;
  slices_window_actions_load_help_overlay (self);
  if (!self->start_sources || self->host != NULL)
    return G_SOURCE_REMOVE;

  if (self->start_demo)
    enter_demo (self, self->start_world);
  /* Also when the demo could not start: the real system is the fallback. */
  if (self->host == NULL)
    slices_app_session_set_demo (self->session, FALSE, NULL);

  return G_SOURCE_REMOVE;
}

static void
on_first_paint_cb (GdkFrameClock *clock,
                   SlicesWindow  *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->setup_idle_id == 0)
    self->setup_idle_id = g_idle_add (after_first_frame, self);
}

/* Reading the system (and building the demo's tree) waits until the window is on screen:
 * the first frame shows the header bar at once, the page follows in the next one. So does
 * the shortcuts window, in every window. */
static void
on_first_map_cb (SlicesWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_signal_handlers_disconnect_by_func (self, on_first_map_cb, NULL);
  if (clock != NULL)
    self->after_paint_id = g_signal_connect (clock, "after-paint",
                                             G_CALLBACK (on_first_paint_cb), self);
  else
    self->setup_idle_id = g_idle_add (after_first_frame, self);
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
apply_compact (gpointer user_data)
{
  SlicesWindow *self = user_data;

  self->compact_idle_id = 0;
  gtk_label_set_label (self->demo_label,
                       self->compact
                       ? _("Simulated GPU — nothing here changes")
                       : _("Demo — a simulated GPU; nothing on this computer changes"));
  /* Narrow, the two buttons go under the text. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->demo_banner),
                                  self->compact ? GTK_ORIENTATION_VERTICAL
                                                : GTK_ORIENTATION_HORIZONTAL);
  return G_SOURCE_REMOVE;
}

/* Overrides */

static gboolean
slices_window_close_request (GtkWindow *window)
{
  save_window_state (SLICES_WINDOW (window));

  return GTK_WINDOW_CLASS (slices_window_parent_class)->close_request (window);
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
slices_window_constructed (GObject *object)
{
  SlicesWindow *self = SLICES_WINDOW (object);

  G_OBJECT_CLASS (slices_window_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = slices_app_session_new ();

  g_signal_connect_object (self->session, "changed", G_CALLBACK (on_session_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* A session that drives a host already (slices_window_new_with()) shows it at once. */
  if (slices_app_session_get_host (self->session) != NULL)
    on_session_changed_cb (self);
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

  unfollow_host (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->gpu_page != NULL)
    slices_gpu_page_set_gpu (self->gpu_page, NULL);
  if (self->gpu_dropdown != NULL)
    gtk_drop_down_set_model (self->gpu_dropdown, NULL);

  g_clear_object (&self->host);
  g_clear_object (&self->session);
  g_clear_object (&self->tracker);
  g_clear_object (&self->settings);

  g_clear_handle_id (&self->compact_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SLICES_TYPE_WINDOW);
  self->gpu_page = NULL;

  G_OBJECT_CLASS (slices_window_parent_class)->dispose (object);
}

static void
slices_window_finalize (GObject *object)
{
  SlicesWindow *self = SLICES_WINDOW (object);

  g_free (self->last_toast);

  G_OBJECT_CLASS (slices_window_parent_class)->finalize (object);
}

static void
slices_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlicesWindow *self = SLICES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SlicesWindow *self = SLICES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_window_class_init (SlicesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = slices_window_constructed;
  object_class->dispose = slices_window_dispose;
  object_class->finalize = slices_window_finalize;
  object_class->get_property = slices_window_get_property;
  object_class->set_property = slices_window_set_property;
  window_class->close_request = slices_window_close_request;
  widget_class->size_allocate = slices_window_size_allocate;

  /* NULL: a new session that drives nothing until the window is on screen. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLICES_TYPE_APP_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/window/"
                                               "slices-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, gpu_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, demo_banner);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, demo_world_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, vm_problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, setup_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, setup_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SlicesWindow, empty_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_gpu_dropdown_selected_cb);

  slices_window_actions_install (widget_class);
  slices_window_vms_install (widget_class);
  slices_window_repair_install (widget_class);
  slices_window_sriov_install (widget_class);
}

static void
slices_window_init (SlicesWindow *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (dup_gpu_label), NULL, NULL);
  gtk_drop_down_set_expression (self->gpu_dropdown, expression);
  slices_window_actions_build_menu_lazily (self->menu_button, self->primary_menu);

  self->tracker = slices_vm_tracker_new ();
  self->settings = slices_app_settings_dup ();
  restore_window_state (self);
  g_signal_connect (self, "map", G_CALLBACK (on_first_map_cb), NULL);
}

/* Private API (slices-window-private.h) */

SlicesGpu *
slices_window_get_current_gpu (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return self->gpu_page != NULL ? slices_gpu_page_get_gpu (self->gpu_page) : NULL;
}

void
slices_window_refresh (SlicesWindow *self)
{
  g_return_if_fail (SLICES_IS_WINDOW (self));
  refresh_host (self);
}

void
slices_window_show_message (SlicesWindow *self,
                            const char   *heading,
                            const char   *body)
{
  GtkWidget *dialog;

  g_return_if_fail (SLICES_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Public API */

SlicesWindow *
slices_window_new_with (AdwApplication *app,
                        SlicesHost     *host,
                        SlicesBackend  *backend,
                        gboolean        demo)
{
  g_autoptr(SlicesAppSession) session = NULL;

  g_return_val_if_fail (app == NULL || ADW_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SLICES_IS_HOST (host), NULL);
  g_return_val_if_fail (SLICES_IS_BACKEND (backend), NULL);

  session = slices_app_session_new_with (host, backend, demo);
  return g_object_new (SLICES_TYPE_WINDOW, "application", app, "session", session, NULL);
}

SlicesWindow *
slices_window_new (AdwApplication *app,
                   gboolean        demo)
{
  return slices_window_new_demo_world (app, demo, SLICES_SIM_DEMO_GVT);
}

SlicesWindow *
slices_window_new_demo_world (AdwApplication *app,
                              gboolean        demo,
                              SlicesSimDemo   world)
{
  SlicesWindow *self;

  g_return_val_if_fail (app == NULL || ADW_IS_APPLICATION (app), NULL);

  self = g_object_new (SLICES_TYPE_WINDOW, "application", app, NULL);
  self->start_sources = TRUE;
  self->start_demo = demo;
  self->start_world = world;
  /* Known now, so that the banner does not push the page down a moment later. */
  gtk_revealer_set_transition_type (self->demo_revealer, GTK_REVEALER_TRANSITION_TYPE_NONE);
  gtk_revealer_set_reveal_child (self->demo_revealer, demo);
  gtk_revealer_set_transition_type (self->demo_revealer,
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  /* The app's own window follows the host's libvirt too (windows for tests do not). */
  slices_window_vms_set_auto (self, TRUE);

  return self;
}

SlicesAppSession *
slices_window_get_session (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return self->session;
}

SlicesHost *
slices_window_get_host (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return slices_app_session_get_host (self->session);
}

SlicesBackend *
slices_window_get_backend (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return slices_app_session_get_backend (self->session);
}

gboolean
slices_window_get_demo (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), FALSE);
  return slices_app_session_get_demo (self->session);
}

void
slices_window_set_demo (SlicesWindow *self,
                        gboolean      demo)
{
  g_return_if_fail (SLICES_IS_WINDOW (self));

  if (!!demo == slices_app_session_get_demo (self->session) && self->host != NULL)
    return;
  if (demo)
    enter_demo (self, slices_app_session_get_demo_world (self->session));
  else
    slices_app_session_set_demo (self->session, FALSE, NULL);
}

void
slices_window_set_demo_world (SlicesWindow  *self,
                              SlicesSimDemo  world)
{
  g_return_if_fail (SLICES_IS_WINDOW (self));

  if (!slices_app_session_get_demo (self->session) ||
      slices_app_session_get_demo_world (self->session) != world || self->host == NULL)
    enter_demo (self, world);
}

GtkRevealer *
slices_window_get_vm_problems (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return self->vm_problems_revealer;
}

SlicesVmTracker *
slices_window_get_vm_tracker (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return self->tracker;
}

GtkWidget *
slices_window_get_gpu_page (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return GTK_WIDGET (ensure_gpu_page (self));
}

GtkWidget *
slices_window_get_status_page (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return slices_empty_page_get_status_page (ensure_empty_page (self));
}

GtkWidget *
slices_window_get_explore_button (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return slices_empty_page_get_explore_button (ensure_empty_page (self));
}

GtkWidget *
slices_window_get_setup_banner (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return gtk_revealer_get_reveal_child (self->setup_revealer) ? GTK_WIDGET (self->setup_revealer)
                                                              : NULL;
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

GtkWidget *
slices_window_get_check_setup_button (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), NULL);
  return slices_empty_page_get_check_setup_button (ensure_empty_page (self));
}

void
slices_window_add_toast (SlicesWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (SLICES_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));
  show_toast (self, toast);
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

guint
slices_window_get_last_toast_timeout (SlicesWindow *self)
{
  g_return_val_if_fail (SLICES_IS_WINDOW (self), 0);
  return self->last_toast_timeout;
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesSetupPage: see slices-setup-page.h. A run first reads again which slices are kept after
 * a restart (the persistence asks the backend: mdevctl's list, or the simulator's store) and
 * hands that to the doctor, so that the doctor never runs mdevctl itself; then the doctor runs
 * in the background. The rows go into one list per group (slices-setup-groups.h); the
 * one-click fixes are slices-setup-fixes.c's.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-base.h"
#include "libslices-model.h"
#include "libslices-writers.h"
#include "libslices-simulator.h"

#include "slices-check-row.h"
#include "slices-setup-page-private.h"
#include "slices-setup-vms.h"

G_DEFINE_FINAL_TYPE (SlicesSetupPage, slices_setup_page, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_DOCTOR,
  PROP_HOST,
  PROP_PERSISTENCE,
  PROP_HELPER,
  PROP_VM_TRACKER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The made-up system around the demo's simulator */

#define DEMO_SYSTEM_KEY "slices-demo-system"

static void
free_demo_system (gpointer data)
{
  char *dir = data;

  slices_simulator_remove_demo_system (dir);
  g_free (dir);
}

/* Helpers */

void
slices_setup_page_show_toast (SlicesSetupPage *self,
                              const char      *title)
{
  self->n_toasts++;
  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

void
slices_setup_page_show_error (SlicesSetupPage *self,
                              const char      *heading,
                              const GError    *error)
{
  GtkWidget *dialog;

  /* A dismissed password dialog is the user's answer: nothing to say. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_summary (SlicesSetupPage *self)
{
  const char *icon = "emblem-ok-symbolic";
  const char *style = "success";

  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "error");

  if (slices_doctor_count (self->doctor, SLICES_CHECK_STATUS_ERROR) > 0)
    {
      icon = "dialog-error-symbolic";
      style = "error";
    }
  else if (slices_doctor_count (self->doctor, SLICES_CHECK_STATUS_WARNING) > 0)
    {
      icon = "dialog-warning-symbolic";
      style = "warning";
    }

  g_free (self->summary);
  self->summary = slices_doctor_dup_summary (self->doctor);
  gtk_label_set_label (self->summary_label, self->summary);
  gtk_image_set_from_icon_name (self->summary_icon, icon);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), style);
}

static void
update_running (SlicesSetupPage *self)
{
  gtk_widget_set_sensitive (self->refresh_button, !self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->header_spinner), self->running && self->has_run);
  gtk_spinner_set_spinning (self->header_spinner, self->running && self->has_run);
  gtk_spinner_set_spinning (self->page_spinner, !self->has_run);
  gtk_stack_set_visible_child_name (self->stack, self->has_run ? "results" : "running");
}

/* Every row of every group, in order; NULL after the last. */
static GtkWidget *
next_row (SlicesSetupPage *self,
          GtkWidget       *row)
{
  GtkWidget *next = row != NULL ? gtk_widget_get_next_sibling (row) : NULL;
  guint group = 0;

  if (row != NULL)
    while (group < SLICES_SETUP_N_GROUPS &&
           gtk_widget_get_parent (row) != GTK_WIDGET (self->lists[group]))
      group++;
  for (; next == NULL && group < SLICES_SETUP_N_GROUPS; group++)
    if (row == NULL || gtk_widget_get_parent (row) != GTK_WIDGET (self->lists[group]))
      next = gtk_widget_get_first_child (GTK_WIDGET (self->lists[group]));
  return next;
}

void
slices_setup_page_set_action_running (SlicesSetupPage *self,
                                      const char      *action_id,
                                      gboolean         running)
{
  if (running)
    g_hash_table_add (self->running_actions, g_strdup (action_id));
  else
    g_hash_table_remove (self->running_actions, action_id);

  for (GtkWidget *child = next_row (self, NULL); child != NULL; child = next_row (self, child))
    if (SLICES_IS_CHECK_ROW (child))
      slices_check_row_set_running (SLICES_CHECK_ROW (child), action_id, running);
}

void
slices_setup_page_fix_done (SlicesSetupPage *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  slices_setup_page_refresh (self);
}

/* Running the checks */

/* The main window's libvirt connection, or NULL: none, a page without the window (tests), or
 * the demo, whose doctor knows its test:/// host already. */
static SlicesVmTracker *
get_vm_tracker (SlicesSetupPage *self)
{
  SlicesLibvirt *libvirt;

  if (self->vms == NULL)
    return NULL;
  libvirt = slices_vm_tracker_get_libvirt (self->vms);
  if (libvirt == NULL || slices_libvirt_is_demo (libvirt))
    return NULL;
  return self->vms;
}

/* What the tracker found, as the libvirt check's state; still connecting or idle: unknown. */
static SlicesLibvirtState
get_tracker_libvirt_state (SlicesVmTracker *tracker)
{
  switch (slices_vm_tracker_get_state (tracker))
    {
    case SLICES_VM_TRACKER_READY:
      return SLICES_LIBVIRT_STATE_OK;
    case SLICES_VM_TRACKER_FAILED:
      return slices_libvirt_state_from_error (slices_vm_tracker_get_error (tracker));
    case SLICES_VM_TRACKER_IDLE:
    case SLICES_VM_TRACKER_CONNECTING:
    default:
      return SLICES_LIBVIRT_STATE_UNKNOWN;
    }
}

/* Before each run: tells the doctor whether libvirt answered the window (the doctor cannot
 * ask libvirt itself: that takes a connection, which the window has). */
static void
feed_libvirt (SlicesSetupPage *self)
{
  SlicesVmTracker *tracker = get_vm_tracker (self);
  const GError *error;

  if (tracker == NULL)
    return;

  self->libvirt_state = get_tracker_libvirt_state (tracker);
  error = slices_vm_tracker_get_error (tracker);
  slices_doctor_set_libvirt (self->doctor, self->libvirt_state,
                             slices_libvirt_get_uri (slices_vm_tracker_get_libvirt (tracker)),
                             self->libvirt_state != SLICES_LIBVIRT_STATE_OK && error != NULL
                             ? error->message : NULL);
}

/* The connection finished (or failed, or came back) while the page is open: check again. */
static void
on_vm_tracker_changed_cb (SlicesSetupPage *self)
{
  SlicesVmTracker *tracker = get_vm_tracker (self);

  if (tracker != NULL && !self->running &&
      get_tracker_libvirt_state (tracker) != self->libvirt_state)
    slices_setup_page_refresh (self);
  /* The VMs' recipes changed (a repair, say): the vm-recipe check follows them. */
  else if (!self->running && slices_setup_vm_recipes_changed (self->vms, self->vm_recipes_key))
    slices_setup_page_refresh (self);
}

/* The highlighted row at the top of the view, once it has its place: a frame after the rows
 * were made. Focus follows, for the keyboard and screen readers. */
static gboolean
scroll_to_highlight_cb (GtkWidget     *widget,
                        GdkFrameClock *clock,
                        gpointer       user_data)
{
  SlicesSetupPage *self = SLICES_SETUP_PAGE (widget);
  GtkWidget *row = self->highlighted != NULL ? slices_setup_page_find_row (self,
                                                                           self->highlighted)
                                             : NULL;
  GtkWidget *scroller = gtk_widget_get_first_child (self->page);
  GtkAdjustment *adjustment;
  graphene_point_t point;

  if (row == NULL || !GTK_IS_SCROLLED_WINDOW (scroller))
    {
      self->scroll_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (!gtk_widget_get_mapped (row) || gtk_widget_get_height (row) == 0 ||
      !gtk_widget_compute_point (row, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                 &GRAPHENE_POINT_INIT (0, 0), &point))
    return G_SOURCE_CONTINUE;

  /* The point is in the viewport's own coordinates: where the row is now on screen. Its
   * group's title stays in sight above it. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment,
                            MAX (gtk_adjustment_get_value (adjustment) + point.y - 48, 0));
  /* The expander row itself takes no focus: its header does. */
  if (!gtk_widget_grab_focus (row))
    gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
  self->scroll_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
show_highlight (SlicesSetupPage *self)
{
  GtkWidget *row;

  if (self->highlighted == NULL || !self->has_run ||
      (row = slices_setup_page_find_row (self, self->highlighted)) == NULL)
    return;
  gtk_widget_add_css_class (row, "setup-highlight");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self),
                                                         scroll_to_highlight_cb, NULL, NULL);
}

static void
on_doctor_run_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlicesSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!slices_doctor_run_finish (SLICES_DOCTOR (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Checking the setup failed: %s", error->message);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  self->running = FALSE;
  self->has_run = TRUE;
  update_summary (self);
  update_running (self);
  show_highlight (self);
  /* The connection may have settled while the checks ran. */
  on_vm_tracker_changed_cb (self);
}

static void
on_kept_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlicesSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = slices_persistence_refresh_finish (SLICES_PERSISTENCE (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (ok)
    {
      slices_doctor_set_mdevctl_defined (self->doctor,
                                         slices_persistence_get_definitions (self->persistence));
    }
  else
    {
      /* The doctor then asks mdevctl itself. */
      g_debug ("Could not list the slices kept after restart: %s", error->message);
      slices_doctor_set_mdevctl_defined (self->doctor, NULL);
    }

  feed_libvirt (self);
  slices_setup_feed_vm_slices (self->doctor, self->vms, self->host);
  slices_setup_feed_vms (self->doctor, self->vms, self->host);
  g_free (self->vm_recipes_key);
  self->vm_recipes_key = slices_setup_feed_vm_recipes (self->doctor, self->vms);
  slices_doctor_run_async (self->doctor, self->cancellable, on_doctor_run_cb,
                           g_object_ref (self));
}

/* Callbacks */

static void
on_fix_activated_cb (SlicesSetupPage *self,
                     const SlicesFix *fix,
                     SlicesCheckRow  *row)
{
  switch (fix->kind)
    {
    case SLICES_FIX_COMMAND:
      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), fix->text);
      slices_setup_page_show_toast (self, _("Copied"));
      break;
    case SLICES_FIX_LINK:
      gtk_show_uri (GTK_WINDOW (self), fix->text, GDK_CURRENT_TIME);
      break;
    case SLICES_FIX_ACTION:
      slices_setup_page_run_action (self, fix->text);
      break;
    default:
      break;
    }
}

static void
on_row_expanded_cb (SlicesSetupPage *self,
                    GParamSpec      *pspec,
                    SlicesCheckRow  *row)
{
  const char *id = slices_check_get_id (slices_check_row_get_check (row));

  if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
    g_hash_table_add (self->expanded, g_strdup (id));
  else
    g_hash_table_remove (self->expanded, id);
}

static GtkWidget *
create_check_row (gpointer item,
                  gpointer user_data)
{
  SlicesSetupPage *self = user_data;
  GtkWidget *row = slices_check_row_new (item);
  GHashTableIter iter;
  gpointer action_id;

  /* The cause that others follow from leads, open, and names them (they have no rows:
   * is_shown_check). */
  if (slices_doctor_count_blocked_by (self->doctor, slices_check_get_id (item)) > 0)
    {
      g_autofree char *note = slices_setup_dup_blocked_note (self->doctor,
                                                             slices_check_get_id (item));

      slices_check_row_add_note (SLICES_CHECK_ROW (row), note);
      if (!self->has_run)
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    }
  if (g_hash_table_contains (self->expanded, slices_check_get_id (item)) ||
      g_strcmp0 (self->highlighted, slices_check_get_id (item)) == 0)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  if (g_strcmp0 (self->highlighted, slices_check_get_id (item)) == 0)
    gtk_widget_add_css_class (row, "setup-highlight");
  g_hash_table_iter_init (&iter, self->running_actions);
  while (g_hash_table_iter_next (&iter, &action_id, NULL))
    slices_check_row_set_running (SLICES_CHECK_ROW (row), action_id, TRUE);

  g_signal_connect_object (row, "fix-activated", G_CALLBACK (on_fix_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (on_row_expanded_cb), self,
                           G_CONNECT_SWAPPED);
  return row;
}

static void
on_refresh_clicked_cb (SlicesSetupPage *self)
{
  slices_setup_page_refresh (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  slices_setup_page_refresh (SLICES_SETUP_PAGE (widget));
}

/* Overrides */

/* A check that follows from another's failure gets no row of its own ("not checked" seven
 * times over says nothing): the failed check names it. */
static gboolean
is_shown_check (gpointer item,
                gpointer user_data)
{
  return slices_check_get_blocked_by (item) == NULL &&
         slices_setup_group_for_check (slices_check_get_id (item)) ==
         (SlicesSetupGroup) GPOINTER_TO_UINT (user_data);
}

/* A group without checks (Looking Glass on a GVT-g computer) is not shown at all. */
static void
on_group_items_changed_cb (GListModel *model,
                           guint       position,
                           guint       removed,
                           guint       added,
                           gpointer    user_data)
{
  gtk_widget_set_visible (user_data, g_list_model_get_n_items (model) > 0);
}

static void
slices_setup_page_constructed (GObject *object)
{
  SlicesSetupPage *self = SLICES_SETUP_PAGE (object);

  G_OBJECT_CLASS (slices_setup_page_parent_class)->constructed (object);

  /* The demo's results are made up around the simulated GPU: never "checked on this
   * computer". */
  if (g_object_get_data (G_OBJECT (self->doctor), DEMO_SYSTEM_KEY) != NULL)
    gtk_label_set_label (self->intro_label,
                         _("Simulated: the demo’s GPU in a made-up, healthy computer, not "
                           "checked on this one. Expand a check to see what to do."));
  for (guint group = 0; group < SLICES_SETUP_N_GROUPS; group++)
    {
      g_autoptr(GtkFilterListModel) shown = NULL;
      GtkCustomFilter *filter = gtk_custom_filter_new (is_shown_check,
                                                       GUINT_TO_POINTER (group), NULL);

      adw_preferences_group_set_title (self->groups[group], slices_setup_group_get_title (group));
      adw_preferences_group_set_description (self->groups[group],
                                             slices_setup_group_get_description (group));
      shown = gtk_filter_list_model_new (g_object_ref (slices_doctor_get_checks (self->doctor)),
                                         GTK_FILTER (filter));
      gtk_widget_set_visible (GTK_WIDGET (self->groups[group]), FALSE);
      g_signal_connect_object (shown, "items-changed", G_CALLBACK (on_group_items_changed_cb),
                               self->groups[group], 0);
      gtk_list_box_bind_model (self->lists[group], G_LIST_MODEL (shown), create_check_row, self,
                               NULL);
    }
  if (self->vms != NULL)
    g_signal_connect_object (self->vms, "changed", G_CALLBACK (on_vm_tracker_changed_cb), self,
                             G_CONNECT_SWAPPED);
  slices_setup_page_refresh (self);
}

static void
slices_setup_page_dispose (GObject *object)
{
  SlicesSetupPage *self = SLICES_SETUP_PAGE (object);

  /* Pending calls see the cancellation (kept until finalize) and touch nothing. */
  g_cancellable_cancel (self->cancellable);
  for (guint group = 0; group < SLICES_SETUP_N_GROUPS; group++)
    if (self->lists[group] != NULL)
      gtk_list_box_bind_model (self->lists[group], NULL, NULL, NULL, NULL);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
  self->scroll_tick_id = 0;
  if (self->vms != NULL)
    g_signal_handlers_disconnect_by_data (self->vms, self);
  g_clear_object (&self->doctor);
  g_clear_object (&self->host);
  g_clear_object (&self->persistence);
  g_clear_object (&self->helper);
  g_clear_object (&self->vms);

  G_OBJECT_CLASS (slices_setup_page_parent_class)->dispose (object);
}

static void
slices_setup_page_finalize (GObject *object)
{
  SlicesSetupPage *self = SLICES_SETUP_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->summary);
  g_free (self->last_toast);
  g_free (self->vm_recipes_key);
  g_free (self->highlighted);
  g_hash_table_unref (self->expanded);
  g_hash_table_unref (self->running_actions);

  G_OBJECT_CLASS (slices_setup_page_parent_class)->finalize (object);
}

static void
slices_setup_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlicesSetupPage *self = SLICES_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOCTOR:
      g_value_set_object (value, self->doctor);
      break;
    case PROP_HOST:
      g_value_set_object (value, self->host);
      break;
    case PROP_PERSISTENCE:
      g_value_set_object (value, self->persistence);
      break;
    case PROP_HELPER:
      g_value_set_object (value, self->helper);
      break;
    case PROP_VM_TRACKER:
      g_value_set_object (value, self->vms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_setup_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SlicesSetupPage *self = SLICES_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOCTOR:
      self->doctor = g_value_dup_object (value);
      break;
    case PROP_HOST:
      self->host = g_value_dup_object (value);
      break;
    case PROP_PERSISTENCE:
      self->persistence = g_value_dup_object (value);
      break;
    case PROP_HELPER:
      self->helper = g_value_dup_object (value);
      break;
    case PROP_VM_TRACKER:
      self->vms = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_setup_page_class_init (SlicesSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = slices_setup_page_constructed;
  object_class->dispose = slices_setup_page_dispose;
  object_class->finalize = slices_setup_page_finalize;
  object_class->get_property = slices_setup_page_get_property;
  object_class->set_property = slices_setup_page_set_property;

  properties[PROP_DOCTOR] =
    g_param_spec_object ("doctor", NULL, NULL, SLICES_TYPE_DOCTOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOST] =
    g_param_spec_object ("host", NULL, NULL, SLICES_TYPE_HOST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSISTENCE] =
    g_param_spec_object ("persistence", NULL, NULL, SLICES_TYPE_PERSISTENCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HELPER] =
    g_param_spec_object ("helper", NULL, NULL, SLICES_TYPE_HELPER_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VM_TRACKER] =
    g_param_spec_object ("vm-tracker", NULL, NULL, SLICES_TYPE_VM_TRACKER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after a one-click fix changed the system (the window reads it again). */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gpuslices/GpuSlices/setup/"
                                               "slices-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlicesSetupPage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, SlicesSetupPage, header_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlicesSetupPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlicesSetupPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SlicesSetupPage, page_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlicesSetupPage, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, SlicesSetupPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesSetupPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, SlicesSetupPage, page);
  for (guint group = 0; group < SLICES_SETUP_N_GROUPS; group++)
    {
      static const char * const names[] = { "gpu", "vms", "looking_glass", "computer" };
      g_autofree char *group_id = g_strdup_printf ("%s_group", names[group]);
      g_autofree char *list_id = g_strdup_printf ("%s_list", names[group]);

      /* The template keeps the names (GtkBuilder looks them up by these strings later). */
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (group_id), FALSE,
                                                 G_STRUCT_OFFSET (SlicesSetupPage,
                                                                  groups[group]));
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (list_id), FALSE,
                                                 G_STRUCT_OFFSET (SlicesSetupPage,
                                                                  lists[group]));
    }
  gtk_widget_class_bind_template_callback (widget_class, on_refresh_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "setup.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "setup.refresh", NULL);
}

static void
slices_setup_page_init (SlicesSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->running_actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Which of the demo's worlds @host shows: its made-up computer fits that GPU. */
static SlicesSimDemo
get_demo_world (SlicesHost *host)
{
  GListModel *gpus = host != NULL ? slices_host_get_gpus (host) : NULL;

  for (guint i = 0; gpus != NULL && i < g_list_model_get_n_items (gpus); i++)
    {
      g_autoptr(SlicesGpu) gpu = g_list_model_get_item (gpus, i);

      if (slices_gpu_get_sriov (gpu) != NULL)
        return SLICES_SIM_DEMO_SRIOV;
    }
  return SLICES_SIM_DEMO_GVT;
}

/* Public API */

SlicesDoctor *
slices_setup_doctor_new (SlicesHost *host,
                         gboolean    demo)
{
  SlicesDoctorEnv env = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *root = NULL;
  g_autofree char *dev = NULL;
  g_autofree char *proc = NULL;
  g_autofree char *log = NULL;
  g_autofree char *mdevctl = NULL;
  g_autoptr(GHashTable) none_defined = NULL;
  const char * const groups[] = { "libvirt", "render", NULL };
  SlicesDoctor *doctor;

  g_return_val_if_fail (host == NULL || SLICES_IS_HOST (host), NULL);

  env.sysfs_root = host != NULL ? slices_host_get_sysfs_root (host) : NULL;
  if (!demo)
    return slices_doctor_new (&env);

  base = slices_simulator_make_demo_system_for (get_demo_world (host), &error);
  if (base == NULL)
    {
      /* Still checks the simulated GPU; the rest is then the real system's. */
      g_warning ("Could not make the demo's system: %s", error->message);
      return slices_doctor_new (&env);
    }

  root = g_build_filename (base, NULL);
  dev = g_build_filename (base, "dev", NULL);
  proc = g_build_filename (base, "proc", NULL);
  log = g_build_filename (base, "log", NULL);
  mdevctl = g_build_filename (base, "bin", "mdevctl", NULL);
  env.root_dir = root;
  env.dev_root = dev;
  env.proc_root = proc;
  env.qemu_log_dir = log;
  env.mdevctl_path = mdevctl;
  none_defined = slices_mdev_definitions_new ();
  env.mdevctl_defined = none_defined;
  env.libvirt_state = SLICES_LIBVIRT_STATE_OK;
  env.libvirt_uri = "test:///default";
  env.user_groups = groups;
  doctor = slices_doctor_new (&env);
  g_object_set_data_full (G_OBJECT (doctor), DEMO_SYSTEM_KEY, g_steal_pointer (&base),
                          free_demo_system);
  return doctor;
}

SlicesSetupPage *
slices_setup_page_new (GtkWindow          *parent,
                       SlicesDoctor       *doctor,
                       SlicesHost         *host,
                       SlicesPersistence  *persistence,
                       SlicesHelperClient *helper,
                       SlicesVmTracker    *vms)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SLICES_IS_DOCTOR (doctor), NULL);
  g_return_val_if_fail (host == NULL || SLICES_IS_HOST (host), NULL);
  g_return_val_if_fail (SLICES_IS_PERSISTENCE (persistence), NULL);
  g_return_val_if_fail (helper == NULL || SLICES_IS_HELPER_CLIENT (helper), NULL);
  g_return_val_if_fail (vms == NULL || SLICES_IS_VM_TRACKER (vms), NULL);

  return g_object_new (SLICES_TYPE_SETUP_PAGE,
                       "transient-for", parent,
                       "doctor", doctor,
                       "host", host,
                       "persistence", persistence,
                       "helper", helper,
                       "vm-tracker", vms,
                       NULL);
}

void
slices_setup_page_refresh (SlicesSetupPage *self)
{
  g_return_if_fail (SLICES_IS_SETUP_PAGE (self));

  if (self->running)
    return;
  self->running = TRUE;
  update_running (self);
  slices_persistence_refresh_async (self->persistence, self->cancellable, on_kept_read_cb,
                                    g_object_ref (self));
}

SlicesDoctor *
slices_setup_page_get_doctor (SlicesSetupPage *self)
{
  g_return_val_if_fail (SLICES_IS_SETUP_PAGE (self), NULL);
  return self->doctor;
}

gboolean
slices_setup_page_get_running (SlicesSetupPage *self)
{
  g_return_val_if_fail (SLICES_IS_SETUP_PAGE (self), FALSE);
  return self->running;
}

const char *
slices_setup_page_get_summary (SlicesSetupPage *self)
{
  g_return_val_if_fail (SLICES_IS_SETUP_PAGE (self), NULL);
  return self->has_run ? self->summary : NULL;
}

GtkImage *
slices_setup_page_get_summary_icon (SlicesSetupPage *self)
{
  g_return_val_if_fail (SLICES_IS_SETUP_PAGE (self), NULL);
  return self->summary_icon;
}

GtkWidget *
slices_setup_page_find_row (SlicesSetupPage *self,
                            const char      *id)
{
  g_return_val_if_fail (SLICES_IS_SETUP_PAGE (self), NULL);

  for (GtkWidget *child = next_row (self, NULL); child != NULL; child = next_row (self, child))
    if (SLICES_IS_CHECK_ROW (child) &&
        g_strcmp0 (slices_check_get_id (slices_check_row_get_check (SLICES_CHECK_ROW (child))),
                   id) == 0)
      return child;
  return NULL;
}

GtkWidget *
slices_setup_page_get_refresh_button (SlicesSetupPage *self)
{
  g_return_val_if_fail (SLICES_IS_SETUP_PAGE (self), NULL);
  return self->refresh_button;
}

guint
slices_setup_page_get_n_toasts (SlicesSetupPage *self)
{
  g_return_val_if_fail (SLICES_IS_SETUP_PAGE (self), 0);
  return self->n_toasts;
}

const char *
slices_setup_page_get_intro (SlicesSetupPage *self)
{
  g_return_val_if_fail (SLICES_IS_SETUP_PAGE (self), NULL);
  return gtk_label_get_label (self->intro_label);
}

const char *
slices_setup_page_get_last_toast (SlicesSetupPage *self)
{
  g_return_val_if_fail (SLICES_IS_SETUP_PAGE (self), NULL);
  return self->last_toast;
}

void
slices_setup_page_show_check (SlicesSetupPage *self,
                              const char      *id)
{
  g_return_if_fail (SLICES_IS_SETUP_PAGE (self));
  g_return_if_fail (id != NULL);

  for (GtkWidget *child = next_row (self, NULL); child != NULL; child = next_row (self, child))
    gtk_widget_remove_css_class (child, "setup-highlight");
  g_free (self->highlighted);
  self->highlighted = g_strdup (id);
  show_highlight (self);
}

const char *
slices_setup_page_get_highlighted (SlicesSetupPage *self)
{
  GtkWidget *row;

  g_return_val_if_fail (SLICES_IS_SETUP_PAGE (self), NULL);

  row = self->highlighted != NULL ? slices_setup_page_find_row (self, self->highlighted) : NULL;
  return row != NULL && gtk_widget_has_css_class (row, "setup-highlight") ? self->highlighted
                                                                          : NULL;
}

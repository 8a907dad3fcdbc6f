/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GUI tests: drive the real window, rows and dialogs (clicks, typed text, dialog responses)
 * in demo mode under Xvfb, and check what a person would see: rows that appear and go,
 * availability that drops and returns, "Full" with a reason, refused UUIDs, no noise after a
 * dismissed password dialog, and the empty state with its way into the demo.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "slices-app-settings.h"
#include "slices-application.h"
#include "slices-backend.h"
#include "slices-capacity-row.h"
#include "slices-create-dialog.h"
#include "slices-error.h"
#include "slices-gpu.h"
#include "slices-gpu-page.h"
#include "slices-host.h"
#include "slices-persistence.h"
#include "slices-simulator.h"
#include "slices-slice.h"
#include "slices-slice-row.h"
#include "slices-slice-type.h"
#include "slices-type-row.h"
#include "slices-window.h"
#include "slices-test-gui-util.h"
#include "slices-test-setup-util.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 10

/* A backend whose every call ends as if the user dismissed the password dialog. */

#define TEST_TYPE_DISMISSING_BACKEND (test_dismissing_backend_get_type ())
G_DECLARE_FINAL_TYPE (TestDismissingBackend, test_dismissing_backend, TEST, DISMISSING_BACKEND,
                      GObject)

struct _TestDismissingBackend
{
  GObject parent_instance;
  guint n_calls;
  /* What every call fails with: by default a dismissed password dialog. */
  GQuark domain;
  int code;
  const char *message;
};

static void test_dismissing_backend_iface_init (SlicesBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestDismissingBackend, test_dismissing_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SLICES_TYPE_BACKEND,
                                                      test_dismissing_backend_iface_init))

static void
dismissing_create_async (SlicesBackend       *backend,
                         const char          *gpu_address,
                         const char          *type_id,
                         const char          *uuid,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  TestDismissingBackend *self = TEST_DISMISSING_BACKEND (backend);

  self->n_calls++;
  g_task_report_new_error (backend, callback, user_data, dismissing_create_async,
                           self->domain, self->code, "%s", self->message);
}

static gboolean
dismissing_finish (SlicesBackend  *backend,
                   GAsyncResult   *result,
                   GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
dismissing_remove_async (SlicesBackend       *backend,
                         const char          *uuid,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  TestDismissingBackend *self = TEST_DISMISSING_BACKEND (backend);

  self->n_calls++;
  g_task_report_new_error (backend, callback, user_data, dismissing_remove_async,
                           self->domain, self->code, "%s", self->message);
}

static void
test_dismissing_backend_iface_init (SlicesBackendInterface *iface)
{
  iface->create_async = dismissing_create_async;
  iface->create_finish = dismissing_finish;
  iface->remove_async = dismissing_remove_async;
  iface->remove_finish = dismissing_finish;
}

static void
test_dismissing_backend_class_init (TestDismissingBackendClass *klass)
{
}

static void
test_dismissing_backend_init (TestDismissingBackend *self)
{
  self->domain = G_IO_ERROR;
  self->code = G_IO_ERROR_CANCELLED;
  self->message = "The authentication dialog was dismissed";
}

/* Waiting on the main loop, never sleeping */

static gboolean
is_demo_view (gpointer data)
{
  SlicesWindow *window = data;

  return slices_window_get_demo (window) &&
         g_strcmp0 (slices_window_get_view (window), "gpu") == 0;
}

static SlicesWindow *
open_demo_window (void)
{
  SlicesWindow *window = slices_window_new (NULL, TRUE);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));
  /* The demo is built once the first frame is on screen. */
  g_assert_true (slices_test_wait_until (is_demo_view, window, TIMEOUT_SECONDS));
  return window;
}

static SlicesGpuPage *
get_page (SlicesWindow *window)
{
  return SLICES_GPU_PAGE (slices_window_get_gpu_page (window));
}

static SlicesTypeRow *
get_type_row (SlicesWindow *window,
              const char   *type_id)
{
  GtkWidget *row = slices_gpu_page_find_type_row (get_page (window), type_id);

  g_assert_nonnull (row);
  return SLICES_TYPE_ROW (row);
}

static SlicesCapacityRow *
get_capacity_row (SlicesWindow *window)
{
  return SLICES_CAPACITY_ROW (slices_gpu_page_get_capacity_row (get_page (window)));
}

static const char *
get_capacity_summary (SlicesWindow *window)
{
  return slices_capacity_row_get_summary (get_capacity_row (window));
}

/* Clicks a type row's Create… button and returns the dialog that opens. */
static SlicesCreateDialog *
open_create_dialog (SlicesWindow *window,
                    const char   *type_id)
{
  GtkWidget *button = slices_type_row_get_create_button (get_type_row (window, type_id));

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_create_dialog, NULL, TIMEOUT_SECONDS));
  return SLICES_CREATE_DIALOG (slices_test_find_toplevel (SLICES_TYPE_CREATE_DIALOG));
}

typedef struct {
  SlicesWindow *window;
  guint n;
} RowCount;

static gboolean
has_n_slice_rows (gpointer data)
{
  RowCount *count = data;

  return slices_gpu_page_count_slice_rows (get_page (count->window)) == count->n;
}

static void
wait_for_slice_rows (SlicesWindow *window,
                     guint         n)
{
  RowCount count = { window, n };

  g_assert_true (slices_test_wait_until (has_n_slice_rows, &count, TIMEOUT_SECONDS));
}

static char *
dup_first_slice_uuid (SlicesWindow *window)
{
  SlicesGpu *gpu = slices_gpu_page_get_gpu (get_page (window));
  g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices_gpu_get_slices (gpu), 0);

  g_assert_nonnull (slice);
  return g_strdup (slices_slice_get_uuid (slice));
}

/* Creates @count slices of @type_id through the dialog and waits for the rows. */
static void
create_through_dialog (SlicesWindow *window,
                       const char   *type_id,
                       int           count)
{
  guint before = slices_gpu_page_count_slice_rows (get_page (window));
  SlicesCreateDialog *dialog = open_create_dialog (window, type_id);

  gtk_spin_button_set_value (slices_create_dialog_get_count_spin (dialog), count);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (slices_create_dialog_get_count_spin (dialog)),
                   ==, count);
  g_signal_emit_by_name (slices_create_dialog_get_create_button (dialog), "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  wait_for_slice_rows (window, before + count);
}

static gboolean skip_all;

static gboolean
should_skip (void)
{
  if (skip_all)
    g_test_skip ("No X display (DISPLAY is unset): the GUI tests run under xvfb-run, "
                 "as build-aux/test does");
  return skip_all;
}

/* Tests */

static void
test_create (void)
{
  SlicesWindow *window;
  SlicesTypeRow *row;
  g_autofree char *uuid = NULL;

  if (should_skip ())
    return;

  window = open_demo_window ();
  row = get_type_row (window, "i915-GVTg_V5_4");
  g_assert_cmpstr (slices_type_row_get_available_text (row), ==, "5 available");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "1920 × 1200");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "640 MB graphics memory (128 MB CPU-visible)\n1/4 share of GPU "
                            "time"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "i915-GVTg_V5_4"));
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (window)), ==, 0);

  create_through_dialog (window, "i915-GVTg_V5_4", 1);

  /* The same row object, updated in place. */
  g_assert_true (row == get_type_row (window, "i915-GVTg_V5_4"));
  g_assert_cmpstr (slices_type_row_get_available_text (row), ==, "4 available");
  g_assert_cmpuint (slices_window_get_n_toasts (window), ==, 1);
  g_assert_cmpstr (slices_window_get_last_toast (window), ==, "Slice created");

  uuid = dup_first_slice_uuid (window);
  {
    GtkWidget *slice_row = slices_gpu_page_find_slice_row (get_page (window), uuid);
    g_autofree char *short_uuid = g_strndup (uuid, 8);

    g_assert_nonnull (slice_row);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (slice_row)), ==,
                     short_uuid);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (slice_row)),
                              "1920 × 1200"));
  }

  /* Several at once. */
  create_through_dialog (window, "i915-GVTg_V5_8", 2);
  g_assert_cmpstr (slices_window_get_last_toast (window), ==, "2 slices created");

  slices_test_destroy_all_windows ();
}

static void
test_full (void)
{
  SlicesWindow *window;
  SlicesTypeRow *row;
  GtkWidget *button;
  SlicesCreateDialog *dialog;
  const char *subtitle;

  if (should_skip ())
    return;

  window = open_demo_window ();
  row = get_type_row (window, "i915-GVTg_V5_1");
  g_assert_cmpstr (slices_type_row_get_available_text (row), ==, "1 available");

  create_through_dialog (window, "i915-GVTg_V5_1", 1);

  /* The largest type no longer fits, though smaller ones do: the button says so; the row does
   * not repeat a GPU-wide sentence. */
  g_assert_cmpstr (slices_type_row_get_available_text (row), ==, "Full");
  button = slices_type_row_get_create_button (row);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "needs more room than is left"));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_null (strstr (subtitle, "room"));

  /* What is left of the high graphics memory (640 MB) is too little for a 1024 MB type. */
  row = get_type_row (window, "i915-GVTg_V5_2");
  g_assert_cmpstr (slices_type_row_get_available_text (row), ==, "Full");

  /* Reached anyway (e.g. through the action), the dialog explains and refuses. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.create-slice", "s", "i915-GVTg_V5_2");
  g_assert_true (slices_test_wait_until (slices_test_has_create_dialog, NULL, TIMEOUT_SECONDS));
  dialog = SLICES_CREATE_DIALOG (slices_test_find_toplevel (SLICES_TYPE_CREATE_DIALOG));
  g_assert_false (gtk_widget_get_sensitive (slices_create_dialog_get_create_button (dialog)));
  g_assert_nonnull (slices_create_dialog_get_problem (dialog));
  g_assert_nonnull (strstr (slices_create_dialog_get_problem (dialog), "needs more room"));

  slices_test_destroy_all_windows ();
}

static void
test_full_at_seven (void)
{
  SlicesWindow *window;
  SlicesTypeRow *row;

  if (should_skip ())
    return;

  window = open_demo_window ();
  create_through_dialog (window, "i915-GVTg_V5_8", 7);

  row = get_type_row (window, "i915-GVTg_V5_8");
  g_assert_cmpstr (slices_type_row_get_available_text (row), ==, "Full");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (slices_type_row_get_create_button (row)),
                            "the most GVT-g allows"));
  g_assert_nonnull (strstr (get_capacity_summary (window), "the most GVT-g allows"));

  slices_test_destroy_all_windows ();
}

typedef struct {
  SlicesTypeRow *row;
  const char *text;
} AvailableText;

static gboolean
has_available_text (gpointer data)
{
  AvailableText *expected = data;

  return g_strcmp0 (slices_type_row_get_available_text (expected->row), expected->text) == 0;
}

static void
test_remove (void)
{
  SlicesWindow *window;
  SlicesTypeRow *row;
  GtkWindow *confirm;
  g_autofree char *uuid = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *short_uuid = NULL;
  AvailableText five = { NULL, "5 available" };

  if (should_skip ())
    return;

  window = open_demo_window ();
  create_through_dialog (window, "i915-GVTg_V5_4", 1);
  row = get_type_row (window, "i915-GVTg_V5_4");
  g_assert_cmpstr (slices_type_row_get_available_text (row), ==, "4 available");
  uuid = dup_first_slice_uuid (window);
  short_uuid = g_strndup (uuid, 8);

  /* What the row's menu item does. */
  gtk_widget_activate_action (slices_gpu_page_find_slice_row (get_page (window), uuid),
                              "win.remove-slice", "s", uuid);
  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  confirm = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  heading = g_strdup_printf ("Remove Slice %s?", short_uuid);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (confirm)), ==, heading);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)),
                            "1920 × 1200"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (confirm),
                                                               "remove"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  slices_test_click_response (confirm, "remove");

  wait_for_slice_rows (window, 0);
  five.row = row;
  g_assert_true (slices_test_wait_until (has_available_text, &five, TIMEOUT_SECONDS));
  g_assert_cmpstr (slices_window_get_last_toast (window), ==, "Slice removed");
  g_assert_false (slices_test_has_message_dialog (NULL));

  slices_test_destroy_all_windows ();
}

static void
test_remove_in_use (void)
{
  SlicesWindow *window;
  SlicesSimulator *simulator;
  GtkWindow *dialog;
  g_autofree char *uuid = NULL;
  g_autoptr(GError) error = NULL;

  if (should_skip ())
    return;

  window = open_demo_window ();
  create_through_dialog (window, "i915-GVTg_V5_4", 1);
  uuid = dup_first_slice_uuid (window);

  simulator = SLICES_SIMULATOR (slices_window_get_backend (window));
  g_assert_true (slices_simulator_set_in_use (simulator, uuid, "qemu-system-x86 (pid 4242)",
                                              &error));
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-slice", "s", uuid);
  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  slices_test_click_response (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "remove");
  slices_test_flush_main_loop ();

  /* The confirmation closes and an error names the holder. */
  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  dialog = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Slice Is in Use");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "qemu-system-x86"));
  g_assert_nonnull (slices_gpu_page_find_slice_row (get_page (window), uuid));

  slices_test_destroy_all_windows ();
}

static void
test_malformed_uuid (void)
{
  SlicesWindow *window;
  SlicesCreateDialog *dialog;
  GtkWidget *create;
  GtkEditable *entry;
  const char *custom = "1A2B3C4D-0000-4000-8000-00000000ABCD";

  if (should_skip ())
    return;

  window = open_demo_window ();
  dialog = open_create_dialog (window, "i915-GVTg_V5_4");
  create = slices_create_dialog_get_create_button (dialog);
  entry = slices_create_dialog_get_uuid_entry (dialog);
  g_assert_true (gtk_widget_get_sensitive (create));

  adw_expander_row_set_enable_expansion (slices_create_dialog_get_uuid_expander (dialog), TRUE);
  /* Empty: nothing to create with yet, but nothing typed is not shown as wrong either. */
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_null (slices_create_dialog_get_problem (dialog));

  gtk_editable_set_text (entry, "1a2b3c4d-nope");
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_nonnull (slices_create_dialog_get_problem (dialog));
  g_assert_nonnull (strstr (slices_create_dialog_get_problem (dialog), "not a UUID"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));

  /* Clicking anyway does nothing. */
  g_signal_emit_by_name (create, "clicked");
  slices_test_flush_main_loop ();
  g_assert_false (slices_create_dialog_get_running (dialog));
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (window)), ==, 0);

  /* A choice of UUID only makes sense for one slice. */
  gtk_editable_set_text (entry, custom);
  g_assert_true (gtk_widget_get_sensitive (create));
  g_assert_null (slices_create_dialog_get_problem (dialog));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  gtk_spin_button_set_value (slices_create_dialog_get_count_spin (dialog), 2);
  {
    AdwExpanderRow *expander = slices_create_dialog_get_uuid_expander (dialog);

    /* Off, not greyed while on, and it says why. */
    g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (expander)));
    g_assert_false (adw_expander_row_get_enable_expansion (expander));
    g_assert_nonnull (strstr (adw_expander_row_get_subtitle (expander), "single slice"));
    g_assert_true (gtk_widget_get_sensitive (create));
    gtk_spin_button_set_value (slices_create_dialog_get_count_spin (dialog), 1);
    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (expander)));
    g_assert_null (strstr (adw_expander_row_get_subtitle (expander), "single slice"));
    adw_expander_row_set_enable_expansion (expander, TRUE);
  }
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, custom);

  /* Typed in capitals, named in lowercase as the kernel does. */
  g_signal_emit_by_name (create, "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  wait_for_slice_rows (window, 1);
  g_assert_nonnull (slices_gpu_page_find_slice_row (get_page (window),
                                                    "1a2b3c4d-0000-4000-8000-00000000abcd"));

  /* The same UUID again is refused as typed. */
  dialog = open_create_dialog (window, "i915-GVTg_V5_8");
  adw_expander_row_set_enable_expansion (slices_create_dialog_get_uuid_expander (dialog), TRUE);
  gtk_editable_set_text (slices_create_dialog_get_uuid_entry (dialog), custom);
  g_assert_false (gtk_widget_get_sensitive (slices_create_dialog_get_create_button (dialog)));
  g_assert_nonnull (strstr (slices_create_dialog_get_problem (dialog), "exists already"));

  slices_test_destroy_all_windows ();
}

/* Enter in the number field creates, as Create does. */
static void
test_create_enter (void)
{
  SlicesWindow *window;
  SlicesCreateDialog *dialog;
  GtkEditable *text;

  if (should_skip ())
    return;

  window = open_demo_window ();
  dialog = open_create_dialog (window, "i915-GVTg_V5_8");
  gtk_spin_button_set_value (slices_create_dialog_get_count_spin (dialog), 2);
  text = gtk_editable_get_delegate (GTK_EDITABLE (slices_create_dialog_get_count_spin (dialog)));
  g_assert_true (GTK_IS_TEXT (text));
  g_signal_emit_by_name (text, "activate");
  g_assert_true (slices_create_dialog_get_running (dialog));
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  wait_for_slice_rows (window, 2);

  slices_test_destroy_all_windows ();
}

typedef struct {
  SlicesCreateDialog *dialog;
  TestDismissingBackend *backend;
} DismissState;

static gboolean
dismissed_and_idle (gpointer data)
{
  DismissState *state = data;

  return state->backend->n_calls == 1 && !slices_create_dialog_get_running (state->dialog);
}

static void
test_dismissed (void)
{
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(TestDismissingBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  SlicesWindow *window;
  SlicesCreateDialog *dialog;
  DismissState state;

  if (should_skip ())
    return;

  simulator = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  host = slices_host_new (slices_simulator_get_root (simulator));
  slices_host_watch_notifier (host, SLICES_NOTIFIER (simulator));
  backend = g_object_new (TEST_TYPE_DISMISSING_BACKEND, NULL);

  window = slices_window_new_with (NULL, host, SLICES_BACKEND (backend), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));
  g_assert_cmpstr (slices_window_get_view (window), ==, "gpu");

  dialog = open_create_dialog (window, "i915-GVTg_V5_4");
  g_signal_emit_by_name (slices_create_dialog_get_create_button (dialog), "clicked");
  state.dialog = dialog;
  state.backend = backend;
  g_assert_true (slices_test_wait_until (dismissed_and_idle, &state, TIMEOUT_SECONDS));
  slices_test_flush_main_loop ();

  /* Nothing at all: no error dialog, no toast, no slice; the dialog is ready again. */
  g_assert_null (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (slices_window_get_n_toasts (window), ==, 0);
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (window)), ==, 0);
  g_assert_true (slices_test_find_toplevel (SLICES_TYPE_CREATE_DIALOG) == GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_get_sensitive (slices_create_dialog_get_create_button (dialog)));

  /* The same for a remove. */
  g_assert_true (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_4",
                                                "1a2b3c4d-0000-4000-8000-00000000abcd",
                                                36) == 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_slice_rows (window, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-slice", "s",
                              "1a2b3c4d-0000-4000-8000-00000000abcd");
  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  slices_test_click_response (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "remove");
  slices_test_flush_main_loop ();
  g_assert_cmpuint (backend->n_calls, ==, 2);
  g_assert_null (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (slices_window_get_n_toasts (window), ==, 0);

  slices_test_destroy_all_windows ();
}

static void
test_empty (void)
{
  g_autofree char *root = NULL;
  g_autofree char *devices = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(TestDismissingBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  SlicesWindow *window;
  const char *description;

  if (should_skip ())
    return;

  /* A sysfs tree with no GPU at all. */
  root = g_dir_make_tmp ("gpu-slices-empty-XXXXXX", &error);
  g_assert_no_error (error);
  devices = g_build_filename (root, "bus", "pci", "devices", NULL);
  g_assert_cmpint (g_mkdir_with_parents (devices, 0755), ==, 0);

  host = slices_host_new (root);
  backend = g_object_new (TEST_TYPE_DISMISSING_BACKEND, NULL);
  window = slices_window_new_with (NULL, host, SLICES_BACKEND (backend), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));

  g_assert_cmpstr (slices_window_get_view (window), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (
                     ADW_STATUS_PAGE (slices_window_get_status_page (window))),
                   ==, "No GVT-g GPU Found");
  description = adw_status_page_get_description (
                  ADW_STATUS_PAGE (slices_window_get_status_page (window)));
  g_assert_nonnull (strstr (description, "no Intel graphics"));
  g_assert_false (gtk_revealer_get_reveal_child (
                    GTK_REVEALER (slices_window_get_demo_banner (window))));

  g_signal_emit_by_name (slices_window_get_explore_button (window), "clicked");
  g_assert_true (slices_test_wait_until (is_demo_view, window, TIMEOUT_SECONDS));
  g_assert_true (gtk_revealer_get_reveal_child (
                   GTK_REVEALER (slices_window_get_demo_banner (window))));
  g_assert_nonnull (get_type_row (window, "i915-GVTg_V5_4"));
  g_assert_true (SLICES_IS_SIMULATOR (slices_window_get_backend (window)));

  /* Leaving the demo returns to the system as it was. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.leave-demo", NULL);
  g_assert_false (slices_window_get_demo (window));
  g_assert_cmpstr (slices_window_get_view (window), ==, "empty");
  g_assert_true (slices_window_get_host (window) == host);

  slices_test_destroy_all_windows ();
  g_rmdir (devices);
  {
    g_autofree char *pci = g_path_get_dirname (devices);
    g_autofree char *bus = g_path_get_dirname (pci);

    g_rmdir (pci);
    g_rmdir (bus);
  }
  g_rmdir (root);
}

static void
test_copy (void)
{
  SlicesWindow *window;
  GtkWidget *row;
  g_autofree char *uuid = NULL;
  g_autofree char *text = NULL;
  g_autofree char *device = NULL;

  if (should_skip ())
    return;

  window = open_demo_window ();
  create_through_dialog (window, "i915-GVTg_V5_4", 1);
  uuid = dup_first_slice_uuid (window);
  row = slices_gpu_page_find_slice_row (get_page (window), uuid);

  /* The row's copy button and its menu item. */
  gtk_widget_activate_action (row, "win.copy-uuid", "s", uuid);
  text = slices_test_read_clipboard (GTK_WIDGET (window), TIMEOUT_SECONDS);
  g_assert_cmpstr (text, ==, uuid);
  g_assert_cmpstr (slices_window_get_last_toast (window), ==, "UUID copied");
  g_clear_pointer (&text, g_free);

  gtk_widget_activate_action (row, "win.copy-qemu-args", "s", uuid);
  text = slices_test_read_clipboard (GTK_WIDGET (window), TIMEOUT_SECONDS);
  device = g_strdup_printf ("vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/%s", uuid);
  g_assert_nonnull (strstr (text, device));
  g_assert_nonnull (strstr (text, "xres=1920"));
  g_assert_nonnull (strstr (text, "yres=1200"));
  g_assert_cmpstr (slices_window_get_last_toast (window), ==, "QEMU arguments copied");

  slices_test_destroy_all_windows ();
}

static gboolean
has_about_window (gpointer data)
{
  return slices_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static void
test_application (void)
{
  g_autoptr(SlicesApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  g_autoptr(GSettings) settings = NULL;
  SlicesWindow *window;
  GtkMenuButton *menu_button;
  GtkWindow *about;

  if (should_skip ())
    return;

  app = slices_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>q"));
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "window.close");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>w"));
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.refresh");
  g_assert_true (g_strv_contains ((const char * const *) accels, "F5"));

  window = slices_window_new (ADW_APPLICATION (app), TRUE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (is_demo_view, window, TIMEOUT_SECONDS));
  /* The shortcuts window (window/help-overlay.ui), loaded after the first frame. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                  "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));
  g_clear_pointer (&accels, g_strfreev);
  /* The main menu opens, although its popover is only built on the first click. */
  menu_button = GTK_MENU_BUTTON (slices_test_find_descendant (GTK_WIDGET (window),
                                                              GTK_TYPE_MENU_BUTTON));
  gtk_menu_button_popup (menu_button);
  g_assert_true (G_IS_MENU_MODEL (gtk_menu_button_get_menu_model (menu_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (menu_button))));
  gtk_menu_button_popdown (menu_button);

  /* Window size is kept in GSettings when the schema is installed. */
  settings = slices_app_settings_dup ();
  if (settings != NULL)
    {
      SlicesWindow *second;
      int width, height;

      gtk_window_set_default_size (GTK_WINDOW (window), 700, 500);
      gtk_window_close (GTK_WINDOW (window));
      g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
      g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);

      second = slices_window_new (ADW_APPLICATION (app), TRUE);
      gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
      g_assert_cmpint (width, ==, 700);
      g_assert_cmpint (height, ==, 500);
      window = second;
      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (slices_test_wait_until (is_demo_view, window, TIMEOUT_SECONDS));
    }
  else
    g_test_message ("The GSettings schema is not installed: window state not checked");

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (slices_test_wait_until (has_about_window, NULL, TIMEOUT_SECONDS));
  about = slices_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);

  slices_test_destroy_all_windows ();
}

static GtkLabel *
demo_bar_label (SlicesWindow *window)
{
  GtkWidget *box = gtk_revealer_get_child (GTK_REVEALER (slices_window_get_demo_banner (window)));

  return GTK_LABEL (gtk_widget_get_first_child (box));
}

static gboolean
demo_bar_is_short (gpointer data)
{
  return strstr (gtk_label_get_label (demo_bar_label (data)), "this computer") == NULL;
}

static gboolean
demo_bar_is_long (gpointer data)
{
  return !demo_bar_is_short (data);
}

/* The demo bar at phone width: a shorter text, so that it takes two lines at most; at desktop
 * width the whole sentence on one line. */
static void
test_demo_bar_narrow (void)
{
  SlicesWindow *window;
  PangoLayout *layout;

  if (should_skip ())
    return;

  window = slices_window_new (NULL, TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (is_demo_view, window, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_until (demo_bar_is_short, window, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (window), 3, TIMEOUT_SECONDS));
  g_assert_cmpstr (gtk_label_get_label (demo_bar_label (window)), ==,
                   "Simulated GPU — nothing here changes");
  layout = gtk_label_get_layout (demo_bar_label (window));
  g_assert_cmpint (pango_layout_get_line_count (layout), <=, 2);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  g_assert_true (slices_test_wait_until (demo_bar_is_long, window, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (window), 3, TIMEOUT_SECONDS));
  layout = gtk_label_get_layout (demo_bar_label (window));
  g_assert_cmpint (pango_layout_get_line_count (layout), ==, 1);

  slices_test_destroy_all_windows ();
}

typedef struct {
  guint device_id;
  const char *expected;
} ReasonCase;

/* An Intel display device without slice types: the status page says why in one sentence (or,
 * for SR-IOV without a driver, what is missing before the ways out). */
static void
test_empty_reasons (void)
{
  static const ReasonCase cases[] = {
    { 0x8a52, "Ice Lake graphics do not support GVT-g." },
    /* SR-IOV could share it, but no driver took it: what is missing, and the ways out. */
    { 0x9a49, "No driver is bound to Intel Tiger Lake GPU (0000:00:02.0). Choose one of the ways" },
    { 0x5916, "GVT-g is not enabled for the Kaby Lake graphics" },
  };

  if (should_skip ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *root = g_dir_make_tmp ("gpu-slices-reason-XXXXXX", &error);
      g_autofree char *device = NULL;
      g_autofree char *device_id = g_strdup_printf ("0x%04x\n", cases[i].device_id);
      g_autoptr(SlicesHost) host = NULL;
      g_autoptr(TestDismissingBackend) backend = NULL;
      SlicesWindow *window;
      const char *description;
      static const char *files[] = { "vendor", "class", "device" };

      g_assert_no_error (error);
      device = g_build_filename (root, "bus", "pci", "devices", "0000:00:02.0", NULL);
      g_assert_cmpint (g_mkdir_with_parents (device, 0755), ==, 0);
      for (guint f = 0; f < G_N_ELEMENTS (files); f++)
        {
          g_autofree char *path = g_build_filename (device, files[f], NULL);
          const char *contents = f == 0 ? "0x8086\n" : f == 1 ? "0x030000\n" : device_id;

          g_assert_true (g_file_set_contents (path, contents, -1, &error));
          g_assert_no_error (error);
        }

      host = slices_host_new (root);
      backend = g_object_new (TEST_TYPE_DISMISSING_BACKEND, NULL);
      window = slices_window_new_with (NULL, host, SLICES_BACKEND (backend), FALSE);
      g_assert_cmpstr (slices_window_get_view (window), ==, "empty");
      description = adw_status_page_get_description (
                      ADW_STATUS_PAGE (slices_window_get_status_page (window)));
      g_assert_nonnull (strstr (description, cases[i].expected));
      gtk_window_destroy (GTK_WINDOW (window));

      for (guint f = 0; f < G_N_ELEMENTS (files); f++)
        {
          g_autofree char *path = g_build_filename (device, files[f], NULL);

          g_unlink (path);
        }
      while (g_strcmp0 (device, root) != 0 && g_rmdir (device) == 0)
        {
          char *parent = g_path_get_dirname (device);

          g_free (device);
          device = parent;
        }
      g_rmdir (root);
    }
}

static void
test_two_gpus (void)
{
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  SlicesSimGpuSpec spec;
  SlicesWindow *window;
  GtkDropDown *switcher;

  if (should_skip ())
    return;

  simulator = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  slices_sim_gpu_spec_init (&spec, "0000:03:00.0");
  spec.aperture_mb = 256;
  spec.render_minor = 129;
  spec.card_minor = 2;
  g_assert_true (slices_simulator_add_gpu (simulator, &spec, &error));
  g_assert_no_error (error);
  host = slices_host_new (slices_simulator_get_root (simulator));
  slices_host_watch_notifier (host, SLICES_NOTIFIER (simulator));

  window = slices_window_new_with (NULL, host, SLICES_BACKEND (simulator), TRUE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));

  switcher = GTK_DROP_DOWN (slices_window_get_gpu_switcher (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (switcher)));
  g_assert_cmpstr (slices_gpu_get_address (slices_gpu_page_get_gpu (get_page (window))), ==,
                   "0000:00:02.0");
  g_assert_nonnull (slices_gpu_page_find_type_row (get_page (window), "i915-GVTg_V5_1"));

  /* The second GPU has a 256 MB aperture: two types only. */
  gtk_drop_down_set_selected (switcher, 1);
  g_assert_cmpstr (slices_gpu_get_address (slices_gpu_page_get_gpu (get_page (window))), ==,
                   "0000:03:00.0");
  g_assert_nonnull (slices_gpu_page_find_type_row (get_page (window), "i915-GVTg_V5_4"));
  g_assert_null (slices_gpu_page_find_type_row (get_page (window), "i915-GVTg_V5_1"));

  /* Creating goes to the GPU on show. */
  create_through_dialog (window, "i915-GVTg_V5_8", 1);
  g_assert_cmpuint (g_list_model_get_n_items (
                      slices_gpu_get_slices (slices_host_find_gpu (host, "0000:03:00.0"))), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (
                      slices_gpu_get_slices (slices_host_find_gpu (host, "0000:00:02.0"))), ==, 0);

  slices_test_destroy_all_windows ();
}

/* A failure the helper reports (here: no room, as after fragmentation) is shown in words,
 * over the dialog, which stays open. */
static void
test_create_error (void)
{
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(TestDismissingBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  SlicesWindow *window;
  SlicesCreateDialog *dialog;
  GtkWindow *message;
  const char *text = "No room for another i915-GVTg_V5_4 slice on 0000:00:02.0 (it has 0 "
                     "slices): the graphics aperture set in the firmware is too small.";

  if (should_skip ())
    return;

  simulator = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  host = slices_host_new (slices_simulator_get_root (simulator));
  slices_host_watch_notifier (host, SLICES_NOTIFIER (simulator));
  backend = g_object_new (TEST_TYPE_DISMISSING_BACKEND, NULL);
  backend->domain = SLICES_ERROR;
  backend->code = SLICES_ERROR_NO_ROOM;
  backend->message = text;

  window = slices_window_new_with (NULL, host, SLICES_BACKEND (backend), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));

  dialog = open_create_dialog (window, "i915-GVTg_V5_4");
  g_signal_emit_by_name (slices_create_dialog_get_create_button (dialog), "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  message = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (message)), ==,
                   "Could Not Create Slice");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), ==, text);
  g_assert_true (gtk_window_get_transient_for (message) == GTK_WINDOW (dialog));
  g_assert_cmpuint (slices_window_get_n_toasts (window), ==, 0);
  g_assert_false (slices_create_dialog_get_running (dialog));
  g_assert_true (gtk_widget_get_sensitive (slices_create_dialog_get_create_button (dialog)));

  /* The dialog follows the system while open: a slice made elsewhere lowers the count. */
  g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_1",
                                                  "1a2b3c4d-0000-4000-8000-00000000abcd", 36),
                   ==, 0);
  g_assert_true (slices_host_refresh (host, NULL));
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (
                       slices_create_dialog_get_count_spin (dialog))), ==, 1);

  slices_test_destroy_all_windows ();
}

/* What a window drives comes from its session, chosen in one place: a caller's host and
 * backend, the demo and back again. The kept slices follow the backend in the same object (the
 * rows hold it), and Check Setup is offered no helper for a backend it did not make. */
static void
on_session_changed_cb (SlicesAppSession *session,
                       guint            *changes)
{
  (*changes)++;
}

static void
test_session (void)
{
  g_autoptr(SlicesAppSession) fresh = slices_app_session_new ();
  g_autoptr(SlicesAppSession) session = NULL;
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  SlicesPersistence *persistence;
  SlicesBackend *demo_backend;
  guint changes = 0;

  /* A window's own session reads nothing before the window is on screen. */
  g_assert_null (slices_app_session_get_host (fresh));
  g_assert_null (slices_app_session_get_backend (fresh));
  g_assert_false (slices_app_session_get_demo (fresh));
  g_assert_null (slices_app_session_get_helper (fresh));
  g_assert_null (slices_persistence_get_backend (slices_app_session_get_persistence (fresh)));

  simulator = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  host = slices_host_new (slices_simulator_get_root (simulator));
  session = slices_app_session_new_with (host, SLICES_BACKEND (simulator), FALSE);
  g_signal_connect (session, "changed", G_CALLBACK (on_session_changed_cb), &changes);
  persistence = slices_app_session_get_persistence (session);
  g_assert_true (slices_app_session_get_host (session) == host);
  g_assert_true (slices_app_session_get_backend (session) == SLICES_BACKEND (simulator));
  g_assert_false (slices_app_session_get_demo (session));
  g_assert_null (slices_app_session_get_helper (session));
  g_assert_true (slices_persistence_get_backend (persistence) == SLICES_BACKEND (simulator));

  g_assert_true (slices_app_session_set_demo (session, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (slices_app_session_get_demo (session));
  demo_backend = slices_app_session_get_backend (session);
  g_assert_true (SLICES_IS_SIMULATOR (demo_backend));
  g_assert_true (demo_backend != SLICES_BACKEND (simulator));
  g_assert_true (slices_app_session_get_host (session) != host);
  g_assert_null (slices_app_session_get_helper (session));
  g_assert_true (slices_app_session_get_persistence (session) == persistence);
  g_assert_true (slices_persistence_get_backend (persistence) == demo_backend);

  /* Leaving returns to what was given, and the demo keeps its simulator for next time. */
  g_assert_true (slices_app_session_set_demo (session, FALSE, &error));
  g_assert_cmpuint (changes, ==, 2);
  g_assert_false (slices_app_session_get_demo (session));
  g_assert_true (slices_app_session_get_host (session) == host);
  g_assert_true (slices_persistence_get_backend (persistence) == SLICES_BACKEND (simulator));
  g_assert_true (slices_app_session_set_demo (session, TRUE, &error));
  g_assert_true (slices_app_session_get_backend (session) == demo_backend);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      skip_all = TRUE;
      g_test_init (&argc, &argv, NULL);
    }
  else
    {
      gtk_test_init (&argc, &argv, NULL);
      adw_init ();
    }

  g_test_add_func ("/slices/gui/create", test_create);
  g_test_add_func ("/slices/gui/full", test_full);
  g_test_add_func ("/slices/gui/full-at-seven", test_full_at_seven);
  g_test_add_func ("/slices/gui/remove", test_remove);
  g_test_add_func ("/slices/gui/remove-in-use", test_remove_in_use);
  g_test_add_func ("/slices/gui/malformed-uuid", test_malformed_uuid);
  g_test_add_func ("/slices/gui/create-enter", test_create_enter);
  g_test_add_func ("/slices/gui/dismissed", test_dismissed);
  g_test_add_func ("/slices/gui/create-error", test_create_error);
  g_test_add_func ("/slices/gui/empty", test_empty);
  g_test_add_func ("/slices/gui/empty-reasons", test_empty_reasons);
  g_test_add_func ("/slices/gui/two-gpus", test_two_gpus);
  g_test_add_func ("/slices/gui/demo-bar-narrow", test_demo_bar_narrow);
  g_test_add_func ("/slices/gui/copy", test_copy);
  g_test_add_func ("/slices/gui/application", test_application);
  g_test_add_func ("/slices/gui/session", test_session);

  return g_test_run ();
}

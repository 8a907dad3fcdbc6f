/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Faults injected under the real window, dialogs and backends (demo trees, Xvfb): pkexec
 * dismissed (126) and not authorized (127) and a helper killed mid-run, through the real
 * SlicesHelperClient with a shell script standing in for pkexec; ENOSPC and EEXIST from the
 * simulated kernel after a second SlicesSimulator (a second app instance, slicectl --simulate)
 * changed the same tree behind the window's back; that second instance adding and removing
 * slices while the window is open. Each case checks what a person sees (a message in words, or
 * nothing for a dismissed password dialog), that the window still works afterwards (another
 * create or remove goes through), and that the rows match the tree on disk. The attach wizard
 * meets a virtual machine undefined between its review and Apply (test:///default, changed
 * through a second connection), and a libvirt daemon that dies between the review and Apply
 * (a private, unprivileged libvirtd in a temporary folder): a result page that says so, no
 * definition written or brought back, and the window still creating slices.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <libvirt/libvirt.h>

#include "slices-attach-wizard.h"
#include "slices-backend.h"
#include "slices-create-dialog.h"
#include "slices-error.h"
#include "slices-gpu.h"
#include "slices-gpu-page.h"
#include "slices-helper-client.h"
#include "slices-host.h"
#include "slices-libvirt.h"
#include "slices-simulator.h"
#include "slices-slice.h"
#include "slices-type-row.h"
#include "slices-window.h"
#include "slices-window-vms.h"
#include "slices-test-gui-util.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 15
#define GPU_ADDR "0000:00:02.0"
#define UUID_A "1a2b3c4d-0000-4000-8000-00000000000a"
#define UUID_B "1a2b3c4d-0000-4000-8000-00000000000b"
#define UUID_C "1a2b3c4d-0000-4000-8000-00000000000c"

/* --- waiting in the main loop, never sleeping ---------------------------------------------- */

/* The error dialog now on screen: checks its heading and that the body contains @needle,
 * then closes it as a person would. */
static void
expect_message (const char *heading,
                const char *needle)
{
  GtkWindow *dialog;
  const char *shown;
  const char *body;

  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  dialog = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  shown = adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("Shown: “%s”: %s", shown, body);
  g_assert_cmpstr (shown, ==, heading);
  g_assert_nonnull (strstr (body, needle));
  slices_test_click_response (dialog, "close");
  g_assert_true (slices_test_wait_until (slices_test_has_no_message_dialog, NULL, TIMEOUT_SECONDS));
}

static SlicesGpuPage *
get_page (SlicesWindow *window)
{
  return SLICES_GPU_PAGE (slices_window_get_gpu_page (window));
}

static SlicesCreateDialog *
open_create_dialog (SlicesWindow *window,
                    const char   *type_id)
{
  GtkWidget *row = slices_gpu_page_find_type_row (get_page (window), type_id);
  GtkWidget *button;

  g_assert_nonnull (row);
  button = slices_type_row_get_create_button (SLICES_TYPE_ROW (row));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_create_dialog, NULL, TIMEOUT_SECONDS));
  return SLICES_CREATE_DIALOG (slices_test_find_toplevel (SLICES_TYPE_CREATE_DIALOG));
}

static void
choose_uuid (SlicesCreateDialog *dialog,
             const char         *uuid)
{
  adw_expander_row_set_enable_expansion (slices_create_dialog_get_uuid_expander (dialog), TRUE);
  gtk_editable_set_text (slices_create_dialog_get_uuid_entry (dialog), uuid);
}

static void
click_create (SlicesCreateDialog *dialog)
{
  GtkWidget *button = slices_create_dialog_get_create_button (dialog);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (slices_create_dialog_get_running (dialog));
}

static gboolean
dialog_is_idle (gpointer data)
{
  return !slices_create_dialog_get_running (data);
}

/* Opens the remove confirmation for @uuid and clicks Remove. */
static void
remove_through_dialog (SlicesWindow *window,
                       const char   *uuid)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-slice", "s", uuid);
  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  slices_test_click_response (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "remove");
  g_assert_true (slices_test_wait_until (slices_test_has_no_message_dialog, NULL, TIMEOUT_SECONDS));
}

/* The slices on disk: the names under ROOT/bus/mdev/devices, sorted. */
static GPtrArray *
dup_tree_uuids (const char *root)
{
  g_autofree char *path = g_build_filename (root, "bus", "mdev", "devices", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (uuids, g_strdup (name));
  g_ptr_array_sort (uuids, (GCompareFunc) g_ascii_strcasecmp);
  return uuids;
}

typedef struct {
  SlicesWindow *window;
  const char *root;
} Match;

/* Every slice on disk has a row, and there are no other rows. */
static gboolean
rows_match_tree (gpointer data)
{
  Match *match = data;
  g_autoptr(GPtrArray) uuids = dup_tree_uuids (match->root);

  if (slices_gpu_page_count_slice_rows (get_page (match->window)) != uuids->len)
    return FALSE;
  for (guint i = 0; i < uuids->len; i++)
    if (slices_gpu_page_find_slice_row (get_page (match->window),
                                        g_ptr_array_index (uuids, i)) == NULL)
      return FALSE;
  return TRUE;
}

static void
assert_rows_match_tree (SlicesWindow *window,
                        const char   *root)
{
  Match match = { window, root };

  if (!slices_test_wait_until (rows_match_tree, &match, TIMEOUT_SECONDS))
    {
      g_autoptr(GPtrArray) uuids = dup_tree_uuids (root);

      g_test_message ("%u rows, %u slices on disk",
                      slices_gpu_page_count_slice_rows (get_page (window)), uuids->len);
      g_assert_not_reached ();
    }
}

typedef struct {
  SlicesWindow *window;
  const char *uuid;
} RowRef;

static gboolean
slice_row_gone (gpointer data)
{
  RowRef *ref = data;

  return slices_gpu_page_find_slice_row (get_page (ref->window), ref->uuid) == NULL;
}

static void
wait_for_row_gone (SlicesWindow *window,
                   const char   *uuid)
{
  RowRef ref = { window, uuid };

  g_assert_true (slices_test_wait_until (slice_row_gone, &ref, TIMEOUT_SECONDS));
}

static const char *
available_text (SlicesWindow *window,
                const char   *type_id)
{
  GtkWidget *row = slices_gpu_page_find_type_row (get_page (window), type_id);

  g_assert_nonnull (row);
  return slices_type_row_get_available_text (SLICES_TYPE_ROW (row));
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

/* --- the real helper client with a stand-in pkexec ----------------------------------------- */

/* One stand-in for pkexec whose behaviour is the word in DIR/mode (a file, since setenv() is
 * unsafe once GLib runs threads). $1 is the helper, then its arguments. "ok" really does the
 * work: slicectl --simulate on the same tree, as the helper would on /sys. Each run appends
 * its mode and the helper's command (after its first word, "slices") to DIR/calls. */
static const char fake_pkexec[] =
  "#!/bin/sh\n"
  "mode=$(cat '@DIR@/mode')\n"
  "echo \"$mode $3\" >> '@DIR@/calls'\n"
  "case \"$mode\" in\n"
  "dismissed) exit 126 ;;\n"
  "not-authorized)\n"
  "  echo 'Error executing command as another user: Not authorized' >&2\n"
  "  echo '' >&2\n"
  "  echo 'This incident has been reported.' >&2\n"
  "  exit 127 ;;\n"
  "killed) kill -9 $$ ;;\n"
  /* The helper did its work, then pkexec died before it could say so. */
  "done-then-killed)\n"
  "  shift 2\n"
  "  '" SLICECTL_PATH "' --sysfs-root '@ROOT@' --simulate create --gpu \"$2\" --type \"$3\" "
  "--uuid \"$4\" >/dev/null\n"
  "  kill -9 $$ ;;\n"
  /* Waits for a password that never comes, until killed. */
  "hang)\n"
  "  echo $$ > '@DIR@/pid.tmp'\n"
  "  mv '@DIR@/pid.tmp' '@DIR@/pid'\n"
  "  exec sleep 600 ;;\n"
  /* The kernel's EINVAL on create, as the helper reports it. */
  "einval)\n"
  "  echo \"the kernel refused UUID $6\" >&2\n"
  "  exit 7 ;;\n"
  "ok)\n"
  "  shift 2\n"
  "  case \"$1\" in\n"
  "  create) exec '" SLICECTL_PATH "' --sysfs-root '@ROOT@' --simulate create --gpu \"$2\" "
  "--type \"$3\" --uuid \"$4\" ;;\n"
  "  remove) exec '" SLICECTL_PATH "' --sysfs-root '@ROOT@' --simulate remove \"$2\" ;;\n"
  "  esac ;;\n"
  "esac\n"
  "exit 99\n";

typedef struct {
  char *dir;
  SlicesSimulator *simulator;  /* owns the tree; the window never writes through it */
  SlicesHost *host;
  SlicesHelperClient *client;
  SlicesWindow *window;
} Helper;

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

static void
set_mode (Helper     *helper,
          const char *mode)
{
  g_autofree char *path = g_build_filename (helper->dir, "mode", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, mode, -1, &error);
  g_assert_no_error (error);
}

static guint
count_calls (Helper *helper)
{
  g_autofree char *path = g_build_filename (helper->dir, "calls", NULL);
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
helper_set_up (Helper *helper)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *with_dir = NULL;
  g_autofree char *script = NULL;
  g_autofree char *pkexec = NULL;
  g_autofree char *fake_helper = NULL;
  g_autofree char *no_mdevctl = NULL;

  helper->dir = g_dir_make_tmp ("test-faults-XXXXXX", &error);
  g_assert_no_error (error);
  helper->simulator = slices_simulator_new_demo (&error);
  g_assert_no_error (error);

  with_dir = replace_all (fake_pkexec, "@DIR@", helper->dir);
  script = replace_all (with_dir, "@ROOT@", slices_simulator_get_root (helper->simulator));
  pkexec = g_build_filename (helper->dir, "pkexec", NULL);
  g_file_set_contents (pkexec, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (pkexec, 0755), ==, 0);

  /* The client checks that the helper is installed; the stand-in never runs it. */
  fake_helper = g_build_filename (helper->dir, "gpu-slices-helper", NULL);
  g_file_set_contents (fake_helper, "#!/bin/sh\nexit 99\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (fake_helper, 0755), ==, 0);

  helper->client = slices_helper_client_new_full (pkexec, fake_helper);
  /* Never the host's mdevctl: nothing is kept here. */
  no_mdevctl = g_build_filename (helper->dir, "no-mdevctl", NULL);
  slices_helper_client_set_persist_env (helper->client, no_mdevctl, helper->dir);

  helper->host = slices_host_new (slices_simulator_get_root (helper->simulator));
  helper->window = slices_window_new_with (NULL, helper->host, SLICES_BACKEND (helper->client),
                                           FALSE);
  gtk_window_present (GTK_WINDOW (helper->window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, helper->window, TIMEOUT_SECONDS));
  g_assert_cmpstr (slices_window_get_view (helper->window), ==, "gpu");
  set_mode (helper, "ok");
}

static void
helper_tear_down (Helper *helper)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  slices_test_destroy_all_windows ();
  g_clear_object (&helper->host);
  g_clear_object (&helper->client);
  g_clear_object (&helper->simulator);

  dir = g_dir_open (helper->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (helper->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (helper->dir);
  g_free (helper->dir);
}

/* Creates @uuid through the dialog with the stand-in in "ok" mode (the work really happens). */
static void
create_ok (Helper     *helper,
           const char *uuid)
{
  SlicesCreateDialog *dialog;
  guint n = count_calls (helper);

  set_mode (helper, "ok");
  dialog = open_create_dialog (helper->window, "i915-GVTg_V5_4");
  choose_uuid (dialog, uuid);
  click_create (dialog);
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  g_assert_cmpuint (count_calls (helper), ==, n + 1);
  g_assert_nonnull (slices_gpu_page_find_slice_row (get_page (helper->window), uuid));
  g_assert_cmpstr (slices_window_get_last_toast (helper->window), ==, "Slice created");
}

typedef struct {
  Helper *helper;
  guint n;
} Calls;

static gboolean
has_n_calls (gpointer data)
{
  Calls *calls = data;

  return count_calls (calls->helper) >= calls->n;
}

static void
wait_for_calls (Helper *helper,
                guint   n)
{
  Calls calls = { helper, n };

  g_assert_true (slices_test_wait_until (has_n_calls, &calls, TIMEOUT_SECONDS));
}

static gboolean
row_gone (gpointer data)
{
  Helper *helper = data;

  return slices_gpu_page_find_slice_row (get_page (helper->window), UUID_A) == NULL;
}

/* 126: the person closed the password dialog. Nothing is said, nothing changes, and the next
 * try works. */
static void
test_dismissed (void)
{
  Helper helper = { 0 };
  SlicesCreateDialog *dialog;
  const char *root;

  if (should_skip ())
    return;

  helper_set_up (&helper);
  root = slices_simulator_get_root (helper.simulator);

  set_mode (&helper, "dismissed");
  dialog = open_create_dialog (helper.window, "i915-GVTg_V5_4");
  choose_uuid (dialog, UUID_A);
  click_create (dialog);
  g_assert_true (slices_test_wait_until (dialog_is_idle, dialog, TIMEOUT_SECONDS));
  slices_test_flush_main_loop ();
  g_assert_cmpuint (count_calls (&helper), ==, 1);
  g_assert_null (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (slices_window_get_n_toasts (helper.window), ==, 0);
  assert_rows_match_tree (helper.window, root);
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (helper.window)), ==, 0);

  /* The same dialog, still open, tries again and the slice is made. */
  g_assert_true (slices_test_find_toplevel (SLICES_TYPE_CREATE_DIALOG) == GTK_WINDOW (dialog));
  set_mode (&helper, "ok");
  click_create (dialog);
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  assert_rows_match_tree (helper.window, root);
  g_assert_nonnull (slices_gpu_page_find_slice_row (get_page (helper.window), UUID_A));
  g_assert_cmpstr (available_text (helper.window, "i915-GVTg_V5_4"), ==, "4 available");

  /* Remove, dismissed: silent, the slice stays. A dismissed remove that said anything would
   * leave a dialog or a toast behind; the next remove goes through the same client. */
  set_mode (&helper, "dismissed");
  remove_through_dialog (helper.window, UUID_A);
  wait_for_calls (&helper, 3);
  set_mode (&helper, "ok");
  remove_through_dialog (helper.window, UUID_A);
  g_assert_true (slices_test_wait_until (row_gone, &helper, TIMEOUT_SECONDS));
  slices_test_flush_main_loop ();
  g_assert_cmpuint (count_calls (&helper), ==, 4);
  g_assert_null (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (slices_window_get_n_toasts (helper.window), ==, 2);
  g_assert_cmpstr (slices_window_get_last_toast (helper.window), ==, "Slice removed");
  assert_rows_match_tree (helper.window, root);

  helper_tear_down (&helper);
}

/* 127: not authorized, or no authentication agent. A dialog explains the agent, over the
 * create dialog (which stays usable) and over the window for a remove. */
static void
test_not_authorized (void)
{
  Helper helper = { 0 };
  SlicesCreateDialog *dialog;
  const char *root;

  if (should_skip ())
    return;

  helper_set_up (&helper);
  root = slices_simulator_get_root (helper.simulator);

  set_mode (&helper, "not-authorized");
  dialog = open_create_dialog (helper.window, "i915-GVTg_V5_4");
  choose_uuid (dialog, UUID_A);
  click_create (dialog);
  expect_message ("Could Not Create Slice", "authentication agent");
  g_assert_false (slices_create_dialog_get_running (dialog));
  g_assert_cmpuint (slices_window_get_n_toasts (helper.window), ==, 0);
  assert_rows_match_tree (helper.window, root);
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (helper.window)), ==, 0);

  /* Once the agent runs, the same dialog goes through. */
  set_mode (&helper, "ok");
  click_create (dialog);
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  assert_rows_match_tree (helper.window, root);
  g_assert_nonnull (slices_gpu_page_find_slice_row (get_page (helper.window), UUID_A));

  set_mode (&helper, "not-authorized");
  remove_through_dialog (helper.window, UUID_A);
  expect_message ("Could Not Remove Slice", "pkttyagent");
  g_assert_nonnull (slices_gpu_page_find_slice_row (get_page (helper.window), UUID_A));
  assert_rows_match_tree (helper.window, root);

  set_mode (&helper, "ok");
  remove_through_dialog (helper.window, UUID_A);
  g_assert_true (slices_test_wait_until (row_gone, &helper, TIMEOUT_SECONDS));
  g_assert_cmpstr (slices_window_get_last_toast (helper.window), ==, "Slice removed");
  assert_rows_match_tree (helper.window, root);

  helper_tear_down (&helper);
}

/* pkexec (or the helper) killed by SIGKILL: a message in words, and the rows show what the
 * system has, also when the helper had done its work before it died. */
static void
test_killed (void)
{
  Helper helper = { 0 };
  SlicesCreateDialog *dialog;
  const char *root;

  if (should_skip ())
    return;

  helper_set_up (&helper);
  root = slices_simulator_get_root (helper.simulator);

  set_mode (&helper, "killed");
  dialog = open_create_dialog (helper.window, "i915-GVTg_V5_4");
  choose_uuid (dialog, UUID_A);
  click_create (dialog);
  expect_message ("Could Not Create Slice", "stopped by signal 9");
  g_assert_false (slices_create_dialog_get_running (dialog));
  assert_rows_match_tree (helper.window, root);
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (helper.window)), ==, 0);

  /* The slice was made, then the answer was lost: the window shows the slice anyway. */
  set_mode (&helper, "done-then-killed");
  click_create (dialog);
  expect_message ("Could Not Create Slice", "refresh the list");
  assert_rows_match_tree (helper.window, root);
  g_assert_nonnull (slices_gpu_page_find_slice_row (get_page (helper.window), UUID_A));
  gtk_window_destroy (GTK_WINDOW (dialog));

  set_mode (&helper, "killed");
  remove_through_dialog (helper.window, UUID_A);
  expect_message ("Could Not Remove Slice", "stopped by signal 9");
  assert_rows_match_tree (helper.window, root);

  /* Still usable: another slice, then the remove again. */
  create_ok (&helper, UUID_B);
  set_mode (&helper, "ok");
  remove_through_dialog (helper.window, UUID_A);
  g_assert_true (slices_test_wait_until (row_gone, &helper, TIMEOUT_SECONDS));
  assert_rows_match_tree (helper.window, root);
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (helper.window)), ==, 1);

  helper_tear_down (&helper);
}

static gboolean
pid_file_exists (gpointer data)
{
  Helper *helper = data;
  g_autofree char *path = g_build_filename (helper->dir, "pid", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
process_gone (gpointer data)
{
  return kill (GPOINTER_TO_INT (data), 0) != 0 && errno == ESRCH;
}

/* Cancel while pkexec waits (for a password, or a helper that hangs): the dialog closes at
 * once without a message, the child is killed, and nothing was made. */
static void
test_cancelled (void)
{
  Helper helper = { 0 };
  SlicesCreateDialog *dialog;
  g_autofree char *pid_path = NULL;
  g_autofree char *pid_text = NULL;
  int pid;

  if (should_skip ())
    return;

  helper_set_up (&helper);
  set_mode (&helper, "hang");
  dialog = open_create_dialog (helper.window, "i915-GVTg_V5_4");
  choose_uuid (dialog, UUID_A);
  click_create (dialog);
  g_assert_true (slices_test_wait_until (pid_file_exists, &helper, TIMEOUT_SECONDS));
  pid_path = g_build_filename (helper.dir, "pid", NULL);
  g_assert_true (g_file_get_contents (pid_path, &pid_text, NULL, NULL));
  pid = atoi (pid_text);
  g_assert_cmpint (pid, >, 1);

  g_signal_emit_by_name (slices_create_dialog_get_cancel_button (dialog), "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_until (process_gone, GINT_TO_POINTER (pid), TIMEOUT_SECONDS));
  slices_test_flush_main_loop ();
  g_assert_null (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (slices_window_get_n_toasts (helper.window), ==, 0);
  assert_rows_match_tree (helper.window, slices_simulator_get_root (helper.simulator));
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (helper.window)), ==, 0);

  /* The next try goes through. */
  create_ok (&helper, UUID_A);
  assert_rows_match_tree (helper.window, slices_simulator_get_root (helper.simulator));

  helper_tear_down (&helper);
}

/* The kernel's EINVAL, as the helper reports it: the client says it in the simulator's words,
 * naming the UUID. */
static void
test_einval (void)
{
  Helper helper = { 0 };
  SlicesCreateDialog *dialog;

  if (should_skip ())
    return;

  helper_set_up (&helper);
  set_mode (&helper, "einval");
  dialog = open_create_dialog (helper.window, "i915-GVTg_V5_4");
  click_create (dialog);
  expect_message ("Could Not Create Slice", "is not a valid UUID.");
  g_assert_true (gtk_widget_get_sensitive (slices_create_dialog_get_create_button (dialog)));
  assert_rows_match_tree (helper.window, slices_simulator_get_root (helper.simulator));
  gtk_window_destroy (GTK_WINDOW (dialog));

  create_ok (&helper, UUID_A);
  assert_rows_match_tree (helper.window, slices_simulator_get_root (helper.simulator));

  helper_tear_down (&helper);
}

/* --- a second instance on the same simulated tree ------------------------------------------ */

typedef struct {
  SlicesSimulator *simulator;  /* the window's */
  SlicesSimulator *other;      /* a second app instance, or slicectl --simulate */
  SlicesHost *host;
  SlicesWindow *window;
  const char *root;
} Twin;

static void
twin_set_up (Twin *twin)
{
  g_autoptr(GError) error = NULL;

  twin->simulator = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  twin->root = slices_simulator_get_root (twin->simulator);
  twin->other = slices_simulator_open (twin->root, &error);
  g_assert_no_error (error);
  twin->host = slices_host_new (twin->root);
  slices_host_watch_notifier (twin->host, SLICES_NOTIFIER (twin->simulator));

  twin->window = slices_window_new_with (NULL, twin->host, SLICES_BACKEND (twin->simulator),
                                         TRUE);
  gtk_window_present (GTK_WINDOW (twin->window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, twin->window, TIMEOUT_SECONDS));
  g_assert_cmpstr (slices_window_get_view (twin->window), ==, "gpu");
}

static void
twin_tear_down (Twin *twin)
{
  slices_test_destroy_all_windows ();
  g_clear_object (&twin->host);
  g_clear_object (&twin->other);
  g_clear_object (&twin->simulator);
}

static gboolean
type_is_full (gpointer data)
{
  Twin *twin = data;

  return g_strcmp0 (available_text (twin->window, "i915-GVTg_V5_4"), "Full") == 0;
}

/* ENOSPC: the other instance filled the GPU while the window still offered room. */
static void
test_no_room (void)
{
  Twin twin = { 0 };
  SlicesCreateDialog *dialog;

  if (should_skip ())
    return;

  twin_set_up (&twin);
  g_assert_cmpstr (available_text (twin.window, "i915-GVTg_V5_4"), ==, "5 available");
  g_assert_cmpint (slices_simulator_write_create (twin.other, GPU_ADDR, "i915-GVTg_V5_4",
                                                  UUID_C "\n", 37), ==, 0);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      g_assert_cmpint (slices_simulator_write_create (twin.other, GPU_ADDR, "i915-GVTg_V5_4",
                                                      uuid, 36), ==, 0);
    }
  /* Nothing told the window yet. */
  g_assert_cmpstr (available_text (twin.window, "i915-GVTg_V5_4"), ==, "5 available");

  dialog = open_create_dialog (twin.window, "i915-GVTg_V5_4");
  click_create (dialog);
  expect_message ("Could Not Create Slice", "No room for another GVTg_V5_4 slice");
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (twin.window)), ==, 5);
  g_assert_false (slices_create_dialog_get_running (dialog));

  /* The failure made the window look again: the other slice is listed, the type is full. */
  assert_rows_match_tree (twin.window, twin.root);
  g_assert_nonnull (slices_gpu_page_find_slice_row (get_page (twin.window), UUID_C));
  g_assert_true (slices_test_wait_until (type_is_full, &twin, TIMEOUT_SECONDS));
  g_assert_false (gtk_widget_get_sensitive (slices_create_dialog_get_create_button (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Still usable: remove the other instance's slice, then create. */
  remove_through_dialog (twin.window, UUID_C);
  wait_for_row_gone (twin.window, UUID_C);
  assert_rows_match_tree (twin.window, twin.root);
  g_assert_cmpstr (slices_window_get_last_toast (twin.window), ==, "Slice removed");
  dialog = open_create_dialog (twin.window, "i915-GVTg_V5_4");
  click_create (dialog);
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  assert_rows_match_tree (twin.window, twin.root);
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (twin.window)), ==, 5);
  g_assert_null (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  twin_tear_down (&twin);
}

/* EEXIST: the other instance used the UUID a moment before; the dialog could not know. */
static void
test_uuid_exists (void)
{
  Twin twin = { 0 };
  SlicesCreateDialog *dialog;

  if (should_skip ())
    return;

  twin_set_up (&twin);
  dialog = open_create_dialog (twin.window, "i915-GVTg_V5_4");
  choose_uuid (dialog, UUID_B);
  g_assert_null (slices_create_dialog_get_problem (dialog));
  g_assert_cmpint (slices_simulator_write_create (twin.other, GPU_ADDR, "i915-GVTg_V5_8",
                                                  UUID_B, 36), ==, 0);
  click_create (dialog);
  expect_message ("Could Not Create Slice", "already exists");

  /* The window looked again: the other slice is listed and the dialog now says why. */
  assert_rows_match_tree (twin.window, twin.root);
  g_assert_nonnull (slices_gpu_page_find_slice_row (get_page (twin.window), UUID_B));
  gtk_editable_set_text (slices_create_dialog_get_uuid_entry (dialog), UUID_B);
  g_assert_nonnull (slices_create_dialog_get_problem (dialog));
  g_assert_nonnull (strstr (slices_create_dialog_get_problem (dialog), "exists already"));

  /* Another UUID goes through. */
  gtk_editable_set_text (slices_create_dialog_get_uuid_entry (dialog), UUID_A);
  click_create (dialog);
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  assert_rows_match_tree (twin.window, twin.root);
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (twin.window)), ==, 2);

  twin_tear_down (&twin);
}

/* The other instance adds and removes slices while the window is open: a refresh (F5, or
 * any write of the window's own) shows them; removing one that vanished says so in words. */
static void
test_second_instance (void)
{
  Twin twin = { 0 };
  Match match;
  GtkWidget *stale;

  if (should_skip ())
    return;

  twin_set_up (&twin);
  match.window = twin.window;
  match.root = twin.root;

  g_assert_cmpint (slices_simulator_write_create (twin.other, GPU_ADDR, "i915-GVTg_V5_4",
                                                  UUID_A, 36), ==, 0);
  g_assert_cmpint (slices_simulator_write_create (twin.other, GPU_ADDR, "i915-GVTg_V5_4",
                                                  UUID_B, 36), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (twin.window), "win.refresh", NULL);
  assert_rows_match_tree (twin.window, twin.root);
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (twin.window)), ==, 2);
  g_assert_cmpstr (available_text (twin.window, "i915-GVTg_V5_4"), ==, "3 available");

  /* Gone behind the window's back; the window still lists it. */
  g_assert_cmpint (slices_simulator_write_remove (twin.other, UUID_A, "1", 1), ==, 0);
  stale = slices_gpu_page_find_slice_row (get_page (twin.window), UUID_A);
  g_assert_nonnull (stale);
  remove_through_dialog (twin.window, UUID_A);
  expect_message ("Could Not Remove Slice", "There is no slice " UUID_A);
  g_assert_true (GTK_IS_WINDOW (twin.window));

  /* Still usable: the other slice is removed, and the window shows what is on disk. */
  remove_through_dialog (twin.window, UUID_B);
  wait_for_row_gone (twin.window, UUID_B);
  g_assert_true (slices_test_wait_until (rows_match_tree, &match, TIMEOUT_SECONDS));
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (twin.window)), ==, 0);
  g_assert_cmpstr (slices_window_get_last_toast (twin.window), ==, "Slice removed");
  g_assert_cmpstr (available_text (twin.window, "i915-GVTg_V5_4"), ==, "5 available");

  twin_tear_down (&twin);
}

/* After a remove failed because the slice had vanished, the row should go without F5.
 * slices-window.c's on_remove_finished_cb does not refresh the host on failure. */
static void
test_vanished_row_goes (void)
{
  Twin twin = { 0 };
  Match match;

  if (should_skip ())
    return;

  twin_set_up (&twin);
  match.window = twin.window;
  match.root = twin.root;
  g_assert_cmpint (slices_simulator_write_create (twin.other, GPU_ADDR, "i915-GVTg_V5_4",
                                                  UUID_A, 36), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (twin.window), "win.refresh", NULL);
  assert_rows_match_tree (twin.window, twin.root);

  g_assert_cmpint (slices_simulator_write_remove (twin.other, UUID_A, "1", 1), ==, 0);
  remove_through_dialog (twin.window, UUID_A);
  expect_message ("Could Not Remove Slice", "There is no slice " UUID_A);
  slices_test_flush_main_loop ();
  /* A failed remove refreshes the host: the vanished slice's row goes without F5. */
  g_assert_true (rows_match_tree (&match));

  twin_tear_down (&twin);
}

/* --- the attach wizard: the VM or the connection goes away before Apply --------------------- */

#define WIZARD_DOMAIN_XML \
  "<domain type='test'><name>%s</name><uuid>%s</uuid><memory>131072</memory>" \
  "<os><type arch='x86_64'>hvm</type></os><devices/></domain>"

static gboolean
tracker_ready (gpointer data)
{
  return slices_vm_tracker_get_state (slices_window_get_vm_tracker (data)) ==
         SLICES_VM_TRACKER_READY;
}

static gboolean
has_wizard (gpointer data)
{
  return slices_test_find_toplevel (SLICES_TYPE_ATTACH_WIZARD) != NULL;
}

static gboolean
wizard_complete (gpointer data)
{
  return slices_attach_wizard_get_complete (data);
}

static gboolean
wizard_has_result (gpointer data)
{
  return g_strcmp0 (slices_attach_wizard_get_result (data), "progress") != 0 &&
         !slices_attach_wizard_get_applying (data);
}

typedef struct {
  SlicesAttachWizard *wizard;
  const char *vm;
} VmChoice;

static gboolean
vm_chosen (gpointer data)
{
  VmChoice *choice = data;

  return slices_attach_wizard_choose_vm (choice->wizard, choice->vm);
}

static void
wizard_next (SlicesAttachWizard *wizard,
             const char         *expected_page)
{
  GtkWidget *next = slices_attach_wizard_get_next_button (wizard);

  g_assert_true (slices_test_wait_until (wizard_complete, wizard, TIMEOUT_SECONDS));
  g_assert_true (gtk_widget_is_sensitive (next));
  g_signal_emit_by_name (next, "clicked");
  if (expected_page != NULL)
    g_assert_cmpstr (slices_attach_wizard_get_page (wizard), ==, expected_page);
}

/* The demo window with one slice, following @libvirt for its virtual machines; opens the
 * wizard for that slice and walks to the review of @vm. */
static SlicesAttachWizard *
wizard_to_review (SlicesWindow  *window,
                  SlicesLibvirt *libvirt,
                  const char    *vm)
{
  SlicesAttachWizard *wizard;
  VmChoice choice;

  g_assert_cmpint (slices_simulator_write_create (
                     SLICES_SIMULATOR (slices_window_get_backend (window)), GPU_ADDR,
                     "i915-GVTg_V5_4", UUID_A, 36), ==, 0);
  g_assert_true (slices_host_refresh (slices_window_get_host (window), NULL));
  slices_window_set_libvirt (window, libvirt);
  g_assert_true (slices_test_wait_until (tracker_ready, window, TIMEOUT_SECONDS));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", UUID_A);
  g_assert_true (slices_test_wait_until (has_wizard, NULL, TIMEOUT_SECONDS));
  wizard = SLICES_ATTACH_WIZARD (slices_test_find_toplevel (SLICES_TYPE_ATTACH_WIZARD));
  g_assert_cmpstr (slices_attach_wizard_get_page (wizard), ==, "vm");
  choice.wizard = wizard;
  choice.vm = vm;
  g_assert_true (slices_test_wait_until (vm_chosen, &choice, TIMEOUT_SECONDS));
  wizard_next (wizard, "display");
  slices_attach_wizard_choose_display (wizard, "off");
  wizard_next (wizard, "review");
  g_assert_true (slices_test_wait_until (wizard_complete, wizard, TIMEOUT_SECONDS));
  return wizard;
}

static SlicesWindow *
open_demo_window (void)
{
  SlicesWindow *window = slices_window_new (NULL, TRUE);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_until (tracker_ready, window, TIMEOUT_SECONDS));
  return window;
}

/* After a failed apply the window still does its main job. */
static void
assert_window_still_creates (SlicesWindow *window)
{
  SlicesCreateDialog *dialog;
  guint before = slices_gpu_page_count_slice_rows (get_page (window));

  dialog = open_create_dialog (window, "i915-GVTg_V5_8");
  click_create (dialog);
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  g_assert_cmpuint (slices_gpu_page_count_slice_rows (get_page (window)), ==, before + 1);
  assert_rows_match_tree (window,
                          slices_simulator_get_root (
                            SLICES_SIMULATOR (slices_window_get_backend (window))));
}

/* virsh undefine between the review and Apply: NO_DOMAIN in words, the VM is not brought
 * back by our define. */
static void
test_wizard_vm_undefined (void)
{
  g_autoptr(SlicesLibvirt) libvirt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *xml = g_strdup_printf (WIZARD_DOMAIN_XML, "faults-vm", uuid);
  SlicesAttachWizard *wizard;
  SlicesWindow *window;
  virConnectPtr other;
  virDomainPtr dom;

  if (should_skip ())
    return;

  /* test:///default is shared by every connection of this process: "another program". */
  other = virConnectOpen ("test:///default");
  g_assert_nonnull (other);
  dom = virDomainDefineXML (other, xml);
  g_assert_nonnull (dom);

  window = open_demo_window ();
  libvirt = slices_libvirt_new ("test:///default");
  wizard = wizard_to_review (window, libvirt, "faults-vm");

  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);

  wizard_next (wizard, NULL);
  g_assert_true (slices_test_wait_until (wizard_has_result, wizard, TIMEOUT_SECONDS));
  g_test_message ("Shown: %s: %s", slices_attach_wizard_get_result_title (wizard),
                  slices_attach_wizard_get_result_description (wizard));
  g_assert_cmpstr (slices_attach_wizard_get_result (wizard), ==, "error");
  g_assert_cmpstr (slices_attach_wizard_get_result_title (wizard), ==,
                   "faults‑vm No Longer Exists");
  g_assert_nonnull (strstr (slices_attach_wizard_get_result_description (wizard),
                            "Nothing was changed"));

  /* Not recreated by the apply. */
  dom = virDomainLookupByName (other, "faults-vm");
  g_assert_null (dom);
  g_assert_cmpint (virDomainDefineXML (other, xml) != NULL, ==, TRUE);
  dom = virDomainLookupByName (other, "faults-vm");
  g_assert_nonnull (dom);
  {
    char *stored = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);

    g_assert_null (strstr (stored, UUID_A));
    free (stored);
  }
  virDomainUndefine (dom);
  virDomainFree (dom);

  gtk_window_destroy (GTK_WINDOW (wizard));
  assert_window_still_creates (window);

  slices_test_destroy_all_windows ();
  virConnectClose (other);
}

/* A private, unprivileged libvirtd (session mode) with every file under a temporary folder,
 * serving test:///default; the same as in test-faults-core.c. */
typedef struct {
  char *dir;
  char *socket;
  char *uri;
  GSubprocess *daemon;
  gboolean exited;
} Daemon;

static void
on_daemon_exited_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  Daemon *daemon = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  daemon->exited = TRUE;
}

static gboolean
daemon_socket_ready (gpointer data)
{
  Daemon *daemon = data;

  return slices_test_socket_accepts (daemon->socket) || daemon->exited;
}

static gboolean
daemon_exited (gpointer data)
{
  return ((Daemon *) data)->exited;
}

static gboolean
daemon_start (Daemon  *daemon,
              GError **error)
{
  g_autofree char *libvirtd = g_find_program_in_path ("libvirtd");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *home = NULL;
  g_autofree char *run = NULL;

  if (libvirtd == NULL && g_file_test ("/usr/sbin/libvirtd", G_FILE_TEST_IS_EXECUTABLE))
    libvirtd = g_strdup ("/usr/sbin/libvirtd");
  if (libvirtd == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "libvirtd is not installed (package libvirt-daemon)");
      return FALSE;
    }

  /* Under root the daemon runs as nobody, who must reach its folder wherever TMPDIR is. */
  daemon->dir = slices_test_make_public_dir ("test-faults-libvirtd-XXXXXX");
  home = g_build_filename (daemon->dir, "home", NULL);
  run = g_build_filename (daemon->dir, "run", NULL);
  g_mkdir_with_parents (home, 0700);
  g_mkdir_with_parents (run, 0700);
  daemon->socket = g_build_filename (run, "libvirt", "libvirt-sock", NULL);
  daemon->uri = g_strdup_printf ("test+unix:///default?socket=%s", daemon->socket);

  if (geteuid () == 0)
    {
      /* A root libvirtd is the system daemon (/run/libvirt, /var/lib/libvirt): never that. */
      if (chown (daemon->dir, 65534, 65534) != 0 || chown (home, 65534, 65534) != 0 ||
          chown (run, 65534, 65534) != 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "Could not hand the folder to nobody: %s", g_strerror (errno));
          return FALSE;
        }
      g_ptr_array_add (argv, "setpriv");
      g_ptr_array_add (argv, "--reuid=65534");
      g_ptr_array_add (argv, "--regid=65534");
      g_ptr_array_add (argv, "--clear-groups");
    }
  g_ptr_array_add (argv, libvirtd);
  g_ptr_array_add (argv, "--timeout=120");
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_environ (launcher, NULL);
  g_subprocess_launcher_setenv (launcher, "PATH", "/usr/sbin:/usr/bin:/sbin:/bin", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", run, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS", "disabled:", TRUE);

  daemon->daemon = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                 error);
  if (daemon->daemon == NULL)
    return FALSE;
  g_subprocess_wait_async (daemon->daemon, NULL, on_daemon_exited_cb, daemon);
  if (!slices_test_wait_until (daemon_socket_ready, daemon, TIMEOUT_SECONDS) || daemon->exited)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "libvirtd did not start");
      return FALSE;
    }
  return TRUE;
}

static void
daemon_stop (Daemon *daemon)
{
  if (daemon->daemon != NULL)
    {
      if (!daemon->exited)
        g_subprocess_send_signal (daemon->daemon, SIGKILL);
      g_assert_true (slices_test_wait_until (daemon_exited, daemon, TIMEOUT_SECONDS));
    }
  g_clear_object (&daemon->daemon);
}

static void
daemon_clear (Daemon *daemon)
{
  daemon_stop (daemon);
  if (daemon->dir != NULL)
    slices_test_remove_tree (daemon->dir);
  g_clear_pointer (&daemon->dir, g_free);
  g_clear_pointer (&daemon->socket, g_free);
  g_clear_pointer (&daemon->uri, g_free);
}

/* The daemon dies between the review and Apply: the apply page says what happened, the window
 * keeps working with its slices. */
static void
test_wizard_connection_dropped (void)
{
  Daemon daemon = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesLibvirt) libvirt = NULL;
  SlicesAttachWizard *wizard;
  SlicesWindow *window;
  const char *description;

  if (should_skip ())
    return;
  if (!daemon_start (&daemon, &error))
    {
      g_autofree char *reason = g_strdup_printf ("No private libvirtd: %s", error->message);

      daemon_clear (&daemon);
      g_test_skip (reason);
      return;
    }

  window = open_demo_window ();
  libvirt = slices_libvirt_new (daemon.uri);
  /* "test" is the test driver's own VM (running). */
  wizard = wizard_to_review (window, libvirt, "test");

  daemon_stop (&daemon);
  wizard_next (wizard, NULL);
  g_assert_true (slices_test_wait_until (wizard_has_result, wizard, TIMEOUT_SECONDS));
  description = slices_attach_wizard_get_result_description (wizard);
  g_test_message ("Shown: %s: %s", slices_attach_wizard_get_result_title (wizard), description);
  g_assert_cmpstr (slices_attach_wizard_get_result (wizard), ==, "error");
  g_assert_cmpstr (slices_attach_wizard_get_result_title (wizard), ==,
                   "Could Not Attach the Slice");
  g_assert_nonnull (strstr (description, "stopped or restarted"));
  g_assert_false (slices_attach_wizard_get_applying (wizard));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (wizard)));

  gtk_window_destroy (GTK_WINDOW (wizard));
  assert_window_still_creates (window);

  slices_test_destroy_all_windows ();
  daemon_clear (&daemon);
}

int
main (int   argc,
      char *argv[])
{
  /* Before this process's own virConnectOpen() calls. */
  g_assert_true (slices_libvirt_init_events (NULL));

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      skip_all = TRUE;
      g_test_init (&argc, &argv, NULL);
    }
  else
    {
      gtk_test_init (&argc, &argv, NULL);
      adw_init ();
      /* GTK 4.8 warns (fatally here) when a focused entry with a blinking cursor is disposed
       * before its focus-out arrives, as when a dialog closes itself after Create. */
      g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
    }

  g_test_add_func ("/slices/faults/pkexec-dismissed", test_dismissed);
  g_test_add_func ("/slices/faults/pkexec-not-authorized", test_not_authorized);
  g_test_add_func ("/slices/faults/helper-killed", test_killed);
  g_test_add_func ("/slices/faults/helper-cancelled", test_cancelled);
  g_test_add_func ("/slices/faults/helper-einval", test_einval);
  g_test_add_func ("/slices/faults/kernel-no-room", test_no_room);
  g_test_add_func ("/slices/faults/kernel-uuid-exists", test_uuid_exists);
  g_test_add_func ("/slices/faults/second-instance", test_second_instance);
  g_test_add_func ("/slices/faults/vanished-row-goes", test_vanished_row_goes);
  g_test_add_func ("/slices/faults/wizard-vm-undefined", test_wizard_vm_undefined);
  g_test_add_func ("/slices/faults/wizard-connection-dropped", test_wizard_connection_dropped);

  return g_test_run ();
}

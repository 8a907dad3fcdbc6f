/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The attach wizard in demo mode under Xvfb: the demo window follows its private test:///
 * libvirt host (win10 running; fedora-workstation, ubuntu-server, debian-build and gvt-legacy
 * shut off).
 * Walks every page, applies, sees the slice row say which VM uses the slice, undoes back to
 * the original definition, and checks the cases that must not lose anything: a definition
 * changed by someone else before Apply, a running VM, Cancel (also while the review reads the
 * definition), Detach and its Undo. And removing a slice that VMs hold: the Remove dialog names
 * them, Detach and Remove leaves their definitions without it; plain Remove leaves a VM that
 * points to a missing slice, which the window flags, and its Detach fixes.
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "slices-app-settings.h"
#include "slices-attach-job.h"
#include "slices-attach-review-page.h"
#include "slices-attach-wizard.h"
#include "slices-domain-edit.h"
#include "slices-gpu-page.h"
#include "slices-host.h"
#include "slices-libvirt.h"
#include "slices-simulator.h"
#include "slices-slice-row.h"
#include "slices-window.h"
#include "slices-window-private.h"
#include "slices-window-vms.h"
#include "slices-test-gui-util.h"
#include "slices-test-util.h"
#include "slices-test-wizard-util.h"

#define TIMEOUT_SECONDS SLICES_TEST_WIZARD_TIMEOUT
#define SLICE_A "1a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d"
#define SLICE_B "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"

/* The demo window, with its VMs listed and the given slices on the simulated GPU. */

static gboolean
is_ready (gpointer data)
{
  SlicesWindow *window = data;

  return slices_window_get_demo (window) &&
         g_strcmp0 (slices_window_get_view (window), "gpu") == 0 &&
         slices_vm_tracker_get_state (slices_window_get_vm_tracker (window)) ==
           SLICES_VM_TRACKER_READY;
}

static SlicesGpuPage *
get_page (SlicesWindow *window)
{
  return SLICES_GPU_PAGE (slices_window_get_gpu_page (window));
}

typedef struct {
  SlicesWindow *window;
  const char *uuid;
  const char *text;
} RowText;

static gboolean
row_subtitle_has (gpointer data)
{
  RowText *row_text = data;
  GtkWidget *row = slices_gpu_page_find_slice_row (get_page (row_text->window), row_text->uuid);

  g_autofree char *text = NULL;

  if (row == NULL)
    return FALSE;
  /* The title names the slice by its VM; the subtitle says the rest. */
  text = g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  return strstr (text, row_text->text) != NULL;
}

static void
wait_for_row_text (SlicesWindow *window,
                   const char   *uuid,
                   const char   *text)
{
  RowText row_text = { window, uuid, text };

  if (!slices_test_wait_until (row_subtitle_has, &row_text, TIMEOUT_SECONDS))
    {
      GtkWidget *row = slices_gpu_page_find_slice_row (get_page (window), uuid);

      g_error ("The row of %s says “%s / %s”, not “%s”", uuid,
               row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : "",
               row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : "(no row)",
               text);
    }
}

static SlicesWindow *
open_demo_window (const char * const *slices)
{
  SlicesWindow *window = slices_window_new (NULL, TRUE);
  SlicesSimulator *simulator;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (is_ready, window, TIMEOUT_SECONDS));

  simulator = SLICES_SIMULATOR (slices_window_get_backend (window));
  for (guint i = 0; slices != NULL && slices[i] != NULL; i++)
    g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_4",
                                                    slices[i], 36), ==, 0);
  g_assert_true (slices_host_refresh (slices_window_get_host (window), NULL));
  for (guint i = 0; slices != NULL && slices[i] != NULL; i++)
    wait_for_row_text (window, slices[i], "Not used by a virtual machine");
  return window;
}

static SlicesLibvirt *
get_libvirt (SlicesWindow *window)
{
  return slices_vm_tracker_get_libvirt (slices_window_get_vm_tracker (window));
}

/* libvirt calls, waited for in the main loop */

typedef struct {
  gboolean done;
  char *xml;
  GError *error;
} XmlCall;

static gboolean
is_done (gpointer data)
{
  return ((XmlCall *) data)->done;
}

static void
on_define_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  XmlCall *call = user_data;

  call->xml = slices_libvirt_define_finish (SLICES_LIBVIRT (source), result, NULL, &call->error);
  call->done = TRUE;
}

/* Someone else changes @domain's definition. */
static void
define_behind_the_back (SlicesWindow *window,
                        const char   *domain,
                        const char   *new_xml)
{
  XmlCall call = { 0 };

  slices_libvirt_define_async (get_libvirt (window), domain, NULL, new_xml, NULL, on_define_cb,
                               &call);
  g_assert_true (slices_test_wait_until (is_done, &call, TIMEOUT_SECONDS));
  g_assert_no_error (call.error);
  g_free (call.xml);
}

/* Driving the wizard */

/* From the VM page on: picks @vm, the display, opens the review and waits for it. */
static void
walk_to_review (SlicesAttachWizard *wizard,
                const char         *vm,
                const char         *display)
{
  g_assert_cmpstr (slices_attach_wizard_get_page (wizard), ==, "vm");
  g_assert_false (slices_attach_wizard_get_complete (wizard));
  g_assert_true (slices_attach_wizard_choose_vm (wizard, vm));
  slices_test_wizard_next (wizard, "display");

  slices_attach_wizard_choose_display (wizard, display);
  slices_test_wizard_next (wizard, "review");
  g_assert_true (slices_test_wait_until (slices_test_wizard_is_complete, wizard, TIMEOUT_SECONDS));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (slices_attach_wizard_get_next_button (wizard))),
                   ==, "_Apply");
}

static void
on_applied_cb (SlicesAttachWizard *wizard,
               SlicesAttachJob    *job,
               SlicesAttachJob   **out)
{
  g_assert_true (SLICES_IS_ATTACH_JOB (job));
  g_set_object (out, job);
}

/* Tests */

static void
test_attach_and_undo (void)
{
  const char *slices[] = { SLICE_A, NULL };
  SlicesWindow *window;
  SlicesAttachWizard *wizard;
  g_autofree char *original = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *alias = slices_domain_slice_alias (SLICE_A);
  g_autoptr(SlicesAttachJob) applied = NULL;
  const char *summary;

  if (slices_test_gui_should_skip ())
    return;

  window = open_demo_window (slices);
  original = slices_test_get_vm_xml (window, "fedora-workstation");
  g_assert_null (strstr (original, SLICE_A));

  /* From the primary menu: the wizard starts with the slice. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-wizard", NULL);
  wizard = slices_test_get_wizard ();
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (wizard)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (wizard)) == GTK_WINDOW (window));
  g_assert_cmpstr (slices_attach_wizard_get_page (wizard), ==, "slice");
  g_assert_false (slices_attach_wizard_get_complete (wizard));
  g_assert_false (gtk_widget_get_visible (slices_attach_wizard_get_back_button (wizard)));
  g_assert_true (slices_attach_wizard_choose_slice (wizard, SLICE_A));
  slices_test_wizard_next (wizard, "vm");

  /* Back and forth keeps the choice. */
  g_assert_true (gtk_widget_get_visible (slices_attach_wizard_get_back_button (wizard)));
  g_signal_emit_by_name (slices_attach_wizard_get_back_button (wizard), "clicked");
  g_assert_cmpstr (slices_attach_wizard_get_page (wizard), ==, "slice");
  g_assert_true (slices_attach_wizard_get_complete (wizard));
  slices_test_wizard_next (wizard, "vm");

  walk_to_review (wizard, "fedora-workstation", "local");

  summary = slices_attach_wizard_get_summary (wizard);
  g_assert_nonnull (strstr (summary, "fedora-workstation"));
  g_assert_nonnull (strstr (summary, "1a2b3c4d"));
  g_assert_null (strstr (summary, "running"));
  notes = slices_attach_wizard_dup_notes (wizard);
  g_assert_nonnull (strstr (notes, "test driver"));

  /* The diff adds the hostdev with the slice and the libvirt ≥ 8.2 form of the options. */
  diff = slices_attach_wizard_dup_diff (wizard);
  g_assert_nonnull (strstr (diff, "@@ -"));
  {
    g_auto(GStrv) lines = g_strsplit (diff, "\n", -1);
    gboolean uuid_added = FALSE, override_added = FALSE, alias_added = FALSE;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (lines[i][0] != '+')
          continue;
        uuid_added |= strstr (lines[i], SLICE_A) != NULL;
        override_added |= strstr (lines[i], "<qemu:override>") != NULL;
        alias_added |= strstr (lines[i], alias) != NULL;
      }
    g_assert_true (uuid_added);
    g_assert_true (override_added);
    g_assert_true (alias_added);
  }
  g_assert_nonnull (strstr (diff, "x-igd-opregion"));
  g_assert_null (strstr (diff, "device.hostdev0"));

  g_signal_connect (wizard, "applied", G_CALLBACK (on_applied_cb), &applied);
  slices_test_wizard_apply (wizard);
  g_assert_cmpstr (slices_attach_wizard_get_result (wizard), ==, "done");
  g_assert_cmpstr (slices_attach_wizard_get_result_title (wizard), ==,
                   "Slice Attached to fedora‑workstation");
  /* The window gets the applied job, which is what it undoes. */
  g_assert_nonnull (applied);
  g_assert_cmpint (slices_attach_job_get_phase (applied), ==, SLICES_ATTACH_JOB_PHASE_APPLIED);
  g_assert_cmpstr (slices_attach_job_get_domain (applied), ==, "fedora-workstation");
  g_assert_cmpstr (slices_attach_job_get_slice_uuid (applied), ==, SLICE_A);
  slices_test_assert_same_definition (slices_attach_job_get_old_xml (applied), original);
  g_assert_nonnull (slices_attach_job_get_stored_xml (applied));
  g_assert_cmpstr (slices_window_get_last_toast (window), ==,
                   "Slice attached to fedora-workstation");
  g_assert_false (gtk_widget_get_visible (slices_attach_wizard_get_cancel_button (wizard)));

  wait_for_row_text (window, SLICE_A, "fedora-workstation’s slice");
  after = slices_test_get_vm_xml (window, "fedora-workstation");
  g_assert_nonnull (strstr (after, SLICE_A));

  /* Close. */
  slices_test_wizard_next (wizard, NULL);
  g_assert_true (slices_test_wait_until (slices_test_has_no_wizard, NULL, TIMEOUT_SECONDS));

  /* Undo: the definition is the original again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-vm-change", NULL);
  wait_for_row_text (window, SLICE_A, "Not used by a virtual machine");
  slices_test_wait_for_toast (window, "Change undone");
  undone = slices_test_get_vm_xml (window, "fedora-workstation");
  slices_test_assert_same_definition (original, undone);

  slices_test_destroy_all_windows ();
}

static void
test_running_vm (void)
{
  const char *slices[] = { SLICE_A, NULL };
  SlicesWindow *window;
  SlicesAttachWizard *wizard;
  g_autofree char *diff = NULL;

  if (slices_test_gui_should_skip ())
    return;

  window = open_demo_window (slices);

  /* From the slice row's menu: the wizard starts at the VM page. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", SLICE_A);
  wizard = slices_test_get_wizard ();
  walk_to_review (wizard, "win10", "local");
  {
    g_autofree char *warnings = slices_attach_review_page_dup_warnings (
      SLICES_ATTACH_REVIEW_PAGE (slices_attach_wizard_get_review_page (wizard)));

    g_assert_nonnull (strstr (warnings, "win10 is running: the change takes effect once the "
                                        "virtual machine is shut down and started again."));
  }
  /* The password stays in the definition but is not shown. */
  diff = slices_attach_wizard_dup_diff (wizard);
  g_assert_null (strstr (diff, "demo-password"));

  slices_test_wizard_apply (wizard);
  g_assert_cmpstr (slices_attach_wizard_get_result (wizard), ==, "done");
  g_assert_nonnull (strstr (slices_attach_wizard_get_result_description (wizard),
                            "after it is shut down and started again"));
  wait_for_row_text (window, SLICE_A, "win10’s slice");
  wait_for_row_text (window, SLICE_A, "Running");
  {
    g_autofree char *xml = slices_test_get_vm_xml (window, "win10");

    g_assert_nonnull (strstr (xml, "demo-password"));
  }

  slices_test_destroy_all_windows ();
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* The review of a running VM whose SPICE server the local display replaces: the summary as
 * rows, both warnings as warnings (apart from the demo's remark), and the change behind a
 * closed "Show Changes", readable XML with the password masked, long lines scrolling. */
static void
test_review_warnings (void)
{
  const char *slices[] = { SLICE_A, NULL };
  SlicesWindow *window;
  SlicesAttachWizard *wizard;
  SlicesAttachReviewPage *review;
  GtkWidget *warnings_box;
  GtkExpander *expander;
  GtkTextView *diff_view;
  GtkWidget *scrolled;
  GtkPolicyType hpolicy;
  g_autofree char *warnings = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *diff = NULL;
  const char *summary;
  guint n_warnings = 0;

  if (slices_test_gui_should_skip ())
    return;

  window = open_demo_window (slices);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", SLICE_A);
  wizard = slices_test_get_wizard ();

  /* The VM page says so as soon as the running VM is chosen. */
  g_assert_null (slices_attach_wizard_get_vm_running_note (wizard));
  g_assert_true (slices_attach_wizard_choose_vm (wizard, "win10"));
  g_assert_nonnull (slices_attach_wizard_get_vm_running_note (wizard));
  g_assert_true (g_str_has_prefix (slices_attach_wizard_get_vm_running_note (wizard),
                                   "win10 is running already"));
  g_assert_true (slices_attach_wizard_choose_vm (wizard, "fedora-workstation"));
  g_assert_null (slices_attach_wizard_get_vm_running_note (wizard));
  g_assert_true (slices_attach_wizard_choose_vm (wizard, "win10"));
  slices_test_wizard_next (wizard, "display");
  slices_attach_wizard_choose_display (wizard, "local");
  slices_test_wizard_next (wizard, "review");
  g_assert_true (slices_test_wait_until (slices_test_wizard_is_complete, wizard, TIMEOUT_SECONDS));
  review = SLICES_ATTACH_REVIEW_PAGE (slices_attach_wizard_get_review_page (wizard));

  summary = slices_attach_wizard_get_summary (wizard);
  g_assert_nonnull (strstr (summary, "Virtual Machine: win10\n"));
  g_assert_nonnull (strstr (summary, "Slice: 1a2b3c4d\n"));
  g_assert_nonnull (strstr (summary, "Render Node: renderD128\n"));
  g_assert_nonnull (strstr (summary, "Resolution: 1920 × 1200\n"));
  g_assert_nonnull (strstr (summary, "Boot Display: Shown"));

  warnings = slices_attach_review_page_dup_warnings (review);
  g_assert_nonnull (strstr (warnings, "win10 is running"));
  g_assert_nonnull (strstr (warnings, "own SPICE server is replaced"));
  g_assert_null (strstr (warnings, "test driver"));
  notes = slices_attach_wizard_dup_notes (wizard);
  g_assert_nonnull (strstr (notes, "test driver"));
  g_assert_null (strstr (notes, "SPICE server"));
  warnings_box = slices_attach_review_page_get_warnings_box (review);
  for (GtkWidget *box = gtk_widget_get_first_child (warnings_box); box != NULL;
       box = gtk_widget_get_next_sibling (box))
    {
      GtkWidget *icon = gtk_widget_get_first_child (box);

      g_assert_true (gtk_widget_is_visible (box));
      g_assert_true (gtk_widget_has_css_class (box, "review-warning"));
      g_assert_true (GTK_IS_IMAGE (icon));
      g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==,
                       "dialog-warning-symbolic");
      g_assert_true (gtk_widget_has_css_class (icon, "warning"));
      n_warnings++;
    }
  g_assert_cmpuint (n_warnings, ==, 2);

  /* Show Changes: closed at first, the diff not on screen. */
  expander = slices_attach_review_page_get_diff_expander (review);
  diff_view = slices_attach_review_page_get_diff_view (review);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (expander)));
  g_assert_false (gtk_expander_get_expanded (expander));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (diff_view)));
  gtk_expander_set_expanded (expander, TRUE);
  g_assert_true (slices_test_wait_until (is_mapped, diff_view, TIMEOUT_SECONDS));

  diff = slices_attach_wizard_dup_diff (wizard);
  g_assert_null (strstr (diff, "&lt;"));
  g_assert_nonnull (strstr (diff, "<gs:element passwd=\"yes\"><graphics type=\"spice\""));
  g_assert_null (strstr (diff, "demo-password"));
  g_assert_nonnull (strstr (diff, "passwd=\"••••••\""));
  g_assert_cmpint (gtk_text_view_get_wrap_mode (diff_view), ==, GTK_WRAP_NONE);
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (diff_view), GTK_TYPE_SCROLLED_WINDOW);
  gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (scrolled), &hpolicy, NULL);
  g_assert_cmpint (hpolicy, !=, GTK_POLICY_NEVER);
  g_assert_false (gtk_scrolled_window_get_overlay_scrolling (GTK_SCROLLED_WINDOW (scrolled)));

  slices_test_destroy_all_windows ();
}

static void
test_changed_meanwhile (void)
{
  const char *slices[] = { SLICE_A, NULL };
  SlicesWindow *window;
  SlicesAttachWizard *wizard;
  g_autofree char *xml = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *final = NULL;

  if (slices_test_gui_should_skip ())
    return;

  window = open_demo_window (slices);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", SLICE_A);
  wizard = slices_test_get_wizard ();
  walk_to_review (wizard, "debian-build", "off");
  g_assert_null (slices_attach_wizard_get_review_message (wizard));

  /* Someone else edits the VM between the review and Apply. */
  xml = slices_test_get_vm_xml (window, "debian-build");
  {
    g_autoptr(GString) text = g_string_new (xml);

    g_assert_cmpuint (g_string_replace (text, "</name>",
                                        "</name>\n  <description>Edited elsewhere</description>",
                                        1), ==, 1);
    changed = g_string_free (g_steal_pointer (&text), FALSE);
  }
  define_behind_the_back (window, "debian-build", changed);

  /* Apply does not overwrite it: the review comes back, computed from the new definition. */
  slices_test_wizard_next (wizard, NULL);
  g_assert_true (slices_test_wait_until (slices_test_wizard_is_complete, wizard, TIMEOUT_SECONDS));
  g_assert_cmpstr (slices_attach_wizard_get_page (wizard), ==, "review");
  g_assert_nonnull (slices_attach_wizard_get_review_message (wizard));
  g_assert_nonnull (strstr (slices_attach_wizard_get_review_message (wizard),
                            "changed while this window was open"));

  slices_test_wizard_apply (wizard);
  g_assert_cmpstr (slices_attach_wizard_get_result (wizard), ==, "done");
  final = slices_test_get_vm_xml (window, "debian-build");
  g_assert_nonnull (strstr (final, "Edited elsewhere"));
  g_assert_nonnull (strstr (final, SLICE_A));
  wait_for_row_text (window, SLICE_A, "debian-build’s slice");
  gtk_window_destroy (GTK_WINDOW (wizard));

  /* Undo after someone else changed the VM again would overwrite that: it refuses. */
  {
    g_autoptr(GString) text = g_string_new (final);
    g_autofree char *again = NULL;
    g_autofree char *kept = NULL;
    GtkWindow *dialog;

    g_assert_cmpuint (g_string_replace (text, "Edited elsewhere", "Edited twice", 1), ==, 1);
    define_behind_the_back (window, "debian-build", text->str);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-vm-change", NULL);
    g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
    dialog = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                     "Could Not Undo");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                              "Nothing was changed"));
    kept = slices_test_get_vm_xml (window, "debian-build");
    g_assert_nonnull (strstr (kept, "Edited twice"));
    g_assert_nonnull (strstr (kept, SLICE_A));
  }

  slices_test_destroy_all_windows ();
}

static void
test_cancel (void)
{
  const char *slices[] = { SLICE_A, NULL };
  SlicesWindow *window;
  SlicesAttachWizard *wizard;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (slices_test_gui_should_skip ())
    return;

  window = open_demo_window (slices);
  before = slices_test_get_vm_xml (window, "ubuntu-server");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", SLICE_A);
  wizard = slices_test_get_wizard ();
  walk_to_review (wizard, "ubuntu-server", "remote");
  g_signal_emit_by_name (slices_attach_wizard_get_cancel_button (wizard), "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_no_wizard, NULL, TIMEOUT_SECONDS));
  slices_test_flush_main_loop ();

  after = slices_test_get_vm_xml (window, "ubuntu-server");
  g_assert_cmpstr (before, ==, after);
  wait_for_row_text (window, SLICE_A, "Not used by a virtual machine");

  slices_test_destroy_all_windows ();
}

/* Cancel while the review reads the definition: the wizard goes at once, the read is dropped
 * and nothing is written. */
static void
test_cancel_while_loading (void)
{
  const char *slices[] = { SLICE_A, NULL };
  SlicesWindow *window;
  SlicesAttachWizard *wizard;
  GtkWidget *cancel;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (slices_test_gui_should_skip ())
    return;

  window = open_demo_window (slices);
  before = slices_test_get_vm_xml (window, "fedora-workstation");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", SLICE_A);
  wizard = slices_test_get_wizard ();
  g_assert_true (slices_attach_wizard_choose_vm (wizard, "fedora-workstation"));
  slices_test_wizard_next (wizard, "display");
  slices_test_wizard_next (wizard, "review");

  /* The read runs on a worker thread: its answer needs the main loop, which has not run. */
  g_assert_false (slices_attach_wizard_get_complete (wizard));
  g_assert_false (gtk_widget_is_sensitive (slices_attach_wizard_get_next_button (wizard)));
  g_assert_false (gtk_widget_is_sensitive (slices_attach_wizard_get_back_button (wizard)));
  cancel = slices_attach_wizard_get_cancel_button (wizard);
  g_assert_true (gtk_widget_is_sensitive (cancel));
  g_signal_emit_by_name (cancel, "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_no_wizard, NULL, TIMEOUT_SECONDS));
  slices_test_flush_main_loop ();

  after = slices_test_get_vm_xml (window, "fedora-workstation");
  g_assert_cmpstr (before, ==, after);
  wait_for_row_text (window, SLICE_A, "Not used by a virtual machine");

  slices_test_destroy_all_windows ();
}

static void
test_replace_and_detach (void)
{
  const char *slices[] = { SLICE_A, SLICE_B, NULL };
  SlicesWindow *window;
  SlicesAttachWizard *wizard;
  GtkWidget *replace;
  g_autofree char *original = NULL;
  g_autofree char *xml = NULL;

  if (slices_test_gui_should_skip ())
    return;

  window = open_demo_window (slices);
  original = slices_test_get_vm_xml (window, "ubuntu-server");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", SLICE_A);
  wizard = slices_test_get_wizard ();
  walk_to_review (wizard, "ubuntu-server", "local");
  slices_test_wizard_apply (wizard);
  g_assert_cmpstr (slices_attach_wizard_get_result (wizard), ==, "done");
  gtk_window_destroy (GTK_WINDOW (wizard));
  wait_for_row_text (window, SLICE_A, "ubuntu-server’s slice");

  /* A second slice for the same VM: only by replacing the first (one GVT-g slice per VM). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", SLICE_B);
  wizard = slices_test_get_wizard ();
  g_assert_true (slices_attach_wizard_choose_vm (wizard, "ubuntu-server"));
  g_assert_false (slices_attach_wizard_get_complete (wizard));
  replace = slices_attach_wizard_get_replace_switch (wizard);
  g_assert_true (gtk_widget_is_visible (replace));
  gtk_switch_set_active (GTK_SWITCH (replace), TRUE);
  g_assert_true (slices_attach_wizard_get_complete (wizard));
  slices_test_wizard_next (wizard, "display");
  slices_test_wizard_next (wizard, "review");
  g_assert_true (slices_test_wait_until (slices_test_wizard_is_complete, wizard, TIMEOUT_SECONDS));
  g_assert_nonnull (strstr (slices_attach_wizard_get_summary (wizard),
                            "Replaces Slice: 1a2b3c4d"));
  slices_test_wizard_apply (wizard);
  g_assert_cmpstr (slices_attach_wizard_get_result (wizard), ==, "done");
  gtk_window_destroy (GTK_WINDOW (wizard));
  wait_for_row_text (window, SLICE_B, "ubuntu-server’s slice");
  wait_for_row_text (window, SLICE_A, "Not used by a virtual machine");
  xml = slices_test_get_vm_xml (window, "ubuntu-server");
  g_assert_null (strstr (xml, SLICE_A));
  g_clear_pointer (&xml, g_free);

  /* Detach with the row's own button: no confirmation (Undo is on the toast, long enough to
   * reach), and the VM gets its display back. */
  {
    GtkButton *button = slices_slice_row_get_vm_button (
      SLICES_SLICE_ROW (slices_gpu_page_find_slice_row (get_page (window), SLICE_B)));

    g_assert_cmpstr (gtk_button_get_label (button), ==, "_Detach");
    g_assert_true (gtk_widget_is_visible (GTK_WIDGET (button)));
    g_signal_emit_by_name (button, "clicked");
  }
  g_assert_false (slices_test_has_message_dialog (NULL));
  wait_for_row_text (window, SLICE_B, "Not used by a virtual machine");
  slices_test_wait_for_toast (window, "Slice detached from ubuntu-server");
  g_assert_false (slices_test_has_message_dialog (NULL));
  g_assert_cmpuint (slices_window_get_last_toast_timeout (window), >=, 10);
  xml = slices_test_get_vm_xml (window, "ubuntu-server");
  slices_test_assert_same_definition (original, xml);
  g_clear_pointer (&xml, g_free);

  /* Undo of a detach gives the slice back, with the display it had. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-vm-change", NULL);
  wait_for_row_text (window, SLICE_B, "ubuntu-server’s slice");
  slices_test_wait_for_toast (window, "Change undone");
  xml = slices_test_get_vm_xml (window, "ubuntu-server");
  g_assert_nonnull (strstr (xml, SLICE_B));
  g_assert_null (strstr (xml, SLICE_A));

  slices_test_destroy_all_windows ();
}

static void
on_job_applied_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  XmlCall *call = user_data;

  slices_attach_job_apply_finish (SLICES_ATTACH_JOB (source), result, &call->error);
  call->done = TRUE;
}

/* @domain's definition gets @uuid, as the wizard would give it. */
static void
attach_behind_the_scenes (SlicesWindow *window,
                          const char   *domain,
                          const char   *uuid)
{
  SlicesAttachOptions options = SLICES_ATTACH_OPTIONS_INIT;
  g_autoptr(SlicesAttachJob) job = NULL;
  XmlCall call = { 0 };

  options.rendernode = "/dev/dri/renderD128";
  job = slices_attach_job_new_attach (get_libvirt (window), domain, uuid, "i915-GVTg_V5_4",
                                      1920, 1200, &options);
  slices_attach_job_apply_async (job, NULL, on_job_applied_cb, &call);
  g_assert_true (slices_test_wait_until (is_done, &call, TIMEOUT_SECONDS));
  g_assert_no_error (call.error);
  slices_vm_tracker_refresh (slices_window_get_vm_tracker (window));
}

typedef struct {
  SlicesWindow *window;
  guint n;
} Holders;

static gboolean
has_holders (gpointer data)
{
  Holders *holders = data;
  g_autoptr(GPtrArray) found = slices_window_vms_find_holders (holders->window, SLICE_A);

  return found->len == holders->n;
}

/* The window's list of VMs has @n whose definition holds SLICE_A. */
static void
wait_for_holders (SlicesWindow *window,
                  guint         n)
{
  Holders holders = { window, n };

  g_assert_true (slices_test_wait_until (has_holders, &holders, TIMEOUT_SECONDS));
}

static GtkWindow *
open_remove_dialog (SlicesWindow *window,
                    const char   *uuid)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-slice", "s", uuid);
  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  return slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

/* Whether a problem row above the page names @domain (the demo's gvt-legacy has one of its
 * own: its slice is not on the demo GPU). */
static gboolean
has_row_titled (GtkWidget  *widget,
                const char *domain)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), domain) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_row_titled (child, domain))
      return TRUE;
  return FALSE;
}

/* The Remove dialog names both VMs, the running one as such; Detach and Remove takes the slice
 * out of both definitions, then removes it. */
static void
test_remove_detaches (void)
{
  const char *slices[] = { SLICE_A, NULL };
  SlicesWindow *window;
  AdwMessageDialog *dialog;
  g_autofree char *win10 = NULL;
  g_autofree char *debian = NULL;

  if (slices_test_gui_should_skip ())
    return;

  window = open_demo_window (slices);
  attach_behind_the_scenes (window, "win10", SLICE_A);
  attach_behind_the_scenes (window, "debian-build", SLICE_A);
  wait_for_holders (window, 2);

  dialog = ADW_MESSAGE_DIALOG (open_remove_dialog (window, SLICE_A));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "debian-build and win10 (running)"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "will not start"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "detach-remove"), ==,
                   ADW_RESPONSE_SUGGESTED);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "remove"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "detach-remove");
  slices_test_click_response (GTK_WINDOW (dialog), "detach-remove");

  slices_test_wait_for_toast (window, "Slice detached from debian-build, win10 and removed");
  g_assert_null (slices_gpu_page_find_slice_row (get_page (window), SLICE_A));
  win10 = slices_test_get_vm_xml (window, "win10");
  debian = slices_test_get_vm_xml (window, "debian-build");
  g_assert_null (strstr (win10, SLICE_A));
  g_assert_null (strstr (debian, SLICE_A));
  /* The display each had before is back. */
  g_assert_nonnull (strstr (win10, "demo-password"));
  g_assert_false (has_row_titled (GTK_WIDGET (slices_window_get_vm_problems (window)),
                                  "debian-build"));
  g_assert_false (has_row_titled (GTK_WIDGET (slices_window_get_vm_problems (window)), "win10"));

  slices_test_destroy_all_windows ();
}

static gboolean
problems_shown (gpointer data)
{
  GtkRevealer *revealer = slices_window_get_vm_problems (data);

  return gtk_revealer_get_reveal_child (revealer) &&
         has_row_titled (GTK_WIDGET (revealer), "debian-build");
}

static gboolean
problems_hidden (gpointer data)
{
  return !problems_shown (data);
}

/* Remove alone: the VM keeps pointing to the slice, the window flags it above the page, and
 * its Detach button takes the slice out of the definition. */
static void
test_missing_slice (void)
{
  const char *slices[] = { SLICE_A, NULL };
  SlicesWindow *window;
  GtkRevealer *problems;
  GtkWidget *row;
  GtkWidget *button;
  g_autofree char *xml = NULL;

  if (slices_test_gui_should_skip ())
    return;

  window = open_demo_window (slices);
  attach_behind_the_scenes (window, "debian-build", SLICE_A);
  wait_for_holders (window, 1);

  slices_test_click_response (open_remove_dialog (window, SLICE_A), "remove");
  slices_test_wait_for_toast (window, "Slice removed");
  xml = slices_test_get_vm_xml (window, "debian-build");
  g_assert_nonnull (strstr (xml, SLICE_A));
  g_clear_pointer (&xml, g_free);

  g_assert_true (slices_test_wait_until (problems_shown, window, TIMEOUT_SECONDS));
  problems = slices_window_get_vm_problems (window);
  row = slices_test_find_button_with_label (GTK_WIDGET (problems), "_Detach");
  g_assert_nonnull (row);
  button = row;
  row = gtk_widget_get_ancestor (button, ADW_TYPE_ACTION_ROW);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "debian-build");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "1a2b3c4d"));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, button, TIMEOUT_SECONDS));

  gtk_widget_activate (button);
  slices_test_wait_for_toast (window, "debian-build no longer points to the missing slice");
  g_assert_true (slices_test_wait_until (problems_hidden, window, TIMEOUT_SECONDS));
  xml = slices_test_get_vm_xml (window, "debian-build");
  g_assert_null (strstr (xml, SLICE_A));

  slices_test_destroy_all_windows ();
}

/* The demo's VM with the old recipe: Repair shows the change, writes the working form, and
 * Undo brings the old definition back. */
static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
recipe_is (gpointer data)
{
  SlicesWindow *window = data;
  const SlicesDomainInfo *info =
    slices_vm_tracker_find_domain (slices_window_get_vm_tracker (window), "gvt-legacy");

  return info != NULL &&
         (int) info->recipe == GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "want"));
}

static void
wait_for_recipe (SlicesWindow      *window,
                 SlicesRecipeState  state)
{
  g_object_set_data (G_OBJECT (window), "want", GINT_TO_POINTER (state));
  g_assert_true (slices_test_wait_until (recipe_is, window, TIMEOUT_SECONDS));
}

static gboolean
has_repair_button (gpointer data)
{
  return slices_test_find_button_with_label (
    GTK_WIDGET (slices_window_get_vm_problems (data)), "_Repair") != NULL;
}

static gboolean
has_no_repair_button (gpointer data)
{
  return !has_repair_button (data);
}

static void
test_repair (void)
{
  SlicesWindow *window = open_demo_window (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *button;

  wait_for_recipe (window, SLICES_RECIPE_BROKEN);
  before = slices_test_get_vm_xml (window, "gvt-legacy");
  g_assert_nonnull (strstr (before, "device.hostdev0.x-igd-opregion=on"));

  /* The VM list above the page flags it, with Repair. */
  g_assert_true (slices_test_wait_until (has_repair_button, window, TIMEOUT_SECONDS));
  button = slices_test_find_button_with_label (GTK_WIDGET (slices_window_get_vm_problems (window)),
                                               "_Repair");
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, button, TIMEOUT_SECONDS));
  gtk_widget_activate (button);
  g_assert_true (slices_test_wait_until (has_message_dialog, NULL, TIMEOUT_SECONDS));
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Repair gvt-legacy?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "refuses to start"));
  adw_message_dialog_response (dialog, "repair");
  gtk_window_close (GTK_WINDOW (dialog));

  slices_test_wait_for_toast (window, "gvt-legacy repaired");
  after = slices_test_get_vm_xml (window, "gvt-legacy");
  g_assert_null (strstr (after, "-set"));
  g_assert_nonnull (strstr (after, "<qemu:device alias=\"ua-gpu-slices-0f9e8d7c\">"));
  g_assert_nonnull (strstr (after, "/var/lib/libvirt/vbios_gvt_uefi.rom"));
  g_assert_nonnull (strstr (after, "MESA_LOADER_DRIVER_OVERRIDE"));
  wait_for_recipe (window, SLICES_RECIPE_OK);
  g_assert_true (slices_test_wait_until (has_no_repair_button, window, TIMEOUT_SECONDS));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-vm-change", NULL);
  slices_test_wait_for_toast (window, "Change undone");
  undone = slices_test_get_vm_xml (window, "gvt-legacy");
  slices_test_assert_same_definition (before, undone);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* libvirt cannot be reached: the slices still work, a toast says so without a dialog, and the
 * wizard's VM page explains why instead of listing VMs. */
static void
test_unreachable (void)
{
  const char *slices[] = { SLICE_A, NULL };
  SlicesWindow *window;
  SlicesAttachWizard *wizard;
  g_autoptr(SlicesLibvirt) broken = NULL;
  g_autofree char *status = NULL;
  GtkWidget *row;

  if (slices_test_gui_should_skip ())
    return;

  window = open_demo_window (slices);
  /* A wizard open when the connection goes: its VM page says why. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", SLICE_A);
  wizard = slices_test_get_wizard ();
  broken = slices_libvirt_new ("test:///nonexistent/gpu-slices/host.xml");
  slices_window_set_libvirt (window, broken);
  slices_test_wait_for_toast (window, "Could not reach the virtual machines");
  g_assert_false (slices_test_has_message_dialog (NULL));
  row = slices_gpu_page_find_slice_row (get_page (window), SLICE_A);
  /* Unknown, so not claimed to be unused; Attach is off, and the row says why. */
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Not used"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "Cannot attach: the virtual machines are out of reach"));

  g_assert_cmpstr (slices_attach_wizard_get_page (wizard), ==, "vm");
  status = slices_attach_wizard_dup_vm_status (wizard);
  g_assert_nonnull (status);
  g_assert_true (g_str_has_prefix (status, "Could not reach the virtual machines\n"));
  g_assert_cmpuint (strlen (status), >, strlen ("Could not reach the virtual machines\n"));
  g_assert_false (slices_attach_wizard_get_complete (wizard));
  g_assert_false (gtk_widget_is_sensitive (slices_attach_wizard_get_next_button (wizard)));

  /* Attach is off: neither the row's nor the menu's opens a wizard. */
  gtk_window_destroy (GTK_WINDOW (wizard));
  g_assert_true (slices_test_has_no_wizard (NULL));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", SLICE_A);
  g_assert_true (slices_test_has_no_wizard (NULL));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-wizard", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (slices_test_has_no_wizard (NULL));

  slices_test_destroy_all_windows ();
}

/* The connection preference: an entry in a small dialog, saved in GSettings. */
static void
test_connection_setting (void)
{
  SlicesWindow *window;
  GtkWindow *dialog;
  GtkEditable *entry;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *uri = NULL;

  if (slices_test_gui_should_skip ())
    return;

  window = open_demo_window (NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.vm-connection", NULL);
  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  dialog = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_assert_true (ADW_IS_ENTRY_ROW (entry));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "qemu:///system");
  /* The connection really in use is shown: the demo's own test driver. */
  {
    GtkLabel *in_use = g_object_get_data (G_OBJECT (dialog), "in-use");

    g_assert_nonnull (in_use);
    g_assert_true (gtk_widget_is_visible (GTK_WIDGET (in_use)));
    g_assert_true (g_str_has_prefix (gtk_label_get_label (in_use), "test:///"));
    g_assert_cmpstr (gtk_label_get_label (in_use), ==,
                     slices_libvirt_get_uri (get_libvirt (window)));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                              "demo uses its own test connection"));
  }
  gtk_editable_set_text (entry, " qemu:///session ");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  gtk_window_destroy (dialog);

  settings = slices_app_settings_dup ();
  g_assert_nonnull (settings);
  uri = g_settings_get_string (settings, "libvirt-uri");
  g_assert_cmpstr (uri, ==, "qemu:///session");
  /* The demo keeps its own host meanwhile. */
  g_assert_true (slices_libvirt_is_demo (get_libvirt (window)));
  g_settings_reset (settings, "libvirt-uri");

  slices_test_destroy_all_windows ();
}

int
main (int   argc,
      char *argv[])
{
  slices_test_gui_init (&argc, &argv);

  g_test_add_func ("/slices/wizard/attach-and-undo", test_attach_and_undo);
  g_test_add_func ("/slices/wizard/running-vm", test_running_vm);
  g_test_add_func ("/slices/wizard/review-warnings", test_review_warnings);
  g_test_add_func ("/slices/wizard/changed-meanwhile", test_changed_meanwhile);
  g_test_add_func ("/slices/wizard/cancel", test_cancel);
  g_test_add_func ("/slices/wizard/cancel-while-loading", test_cancel_while_loading);
  g_test_add_func ("/slices/wizard/replace-and-detach", test_replace_and_detach);
  g_test_add_func ("/slices/wizard/remove-detaches", test_remove_detaches);
  g_test_add_func ("/slices/wizard/missing-slice", test_missing_slice);
  g_test_add_func ("/slices/wizard/unreachable", test_unreachable);
  g_test_add_func ("/slices/wizard/repair", test_repair);
  g_test_add_func ("/slices/wizard/connection-setting", test_connection_setting);

  return g_test_run ();
}

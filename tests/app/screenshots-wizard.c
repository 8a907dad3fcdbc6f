/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves PNGs of every page of the attach wizard in demo mode (slice, virtual machine,
 * display, review, done), of the main window with the slice in use, of the Remove dialog that
 * names its VM, of the window flagging that VM after a plain Remove, and of the review of a
 * repair of the old GVT-g recipe (the demo's gvt-legacy), and of the display page and the
 * review for an SR-IOV VF (Looking Glass on win10, in the SR-IOV demo): at the wizard's own
 * size, at 1280×800, at 360 px, and dark; in the environment's language (LANGUAGE=de for German). Rendered in-process with the window's renderer. Output folder: first argument.
 */
#include "config.h"

#include <adwaita.h>

#include "slices-attach-review-page.h"
#include "slices-attach-wizard.h"
#include "slices-host.h"
#include "slices-libvirt.h"
#include "slices-simulator.h"
#include "slices-window.h"
#include "slices-window-private.h"
#include "slices-window-vms.h"

#include "slices-test-gui-util.h"
#include "slices-test-util.h"
#include "slices-test-wizard-util.h"

#define TIMEOUT_SECONDS 10
#define SLICE_A "1a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d"
#define SLICE_B "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"

/* Saves @window once it has drawn a few frames (or after the timeout: the picture is still
 * worth having). */
static void
save_window (GtkWidget  *window,
             const char *name)
{
  slices_test_wait_for_frames (window, SLICES_SCREENSHOT_FRAMES, TIMEOUT_SECONDS);
  slices_screenshots_save (window, name);
}

static gboolean
is_ready (gpointer data)
{
  SlicesWindow *window = data;

  return g_strcmp0 (slices_window_get_view (window), "gpu") == 0 &&
         slices_vm_tracker_get_state (slices_window_get_vm_tracker (window)) ==
           SLICES_VM_TRACKER_READY;
}

static gboolean
is_complete (gpointer data)
{
  return slices_attach_wizard_get_complete (data);
}

static gboolean
has_result (gpointer data)
{
  return g_strcmp0 (slices_attach_wizard_get_result (data), "progress") != 0;
}

static SlicesAttachWizard *
find_wizard (void)
{
  return (SlicesAttachWizard *) slices_test_find_toplevel (SLICES_TYPE_ATTACH_WIZARD);
}

static gboolean
problems_shown (gpointer data)
{
  return gtk_revealer_get_child_revealed (slices_window_get_vm_problems (data));
}

static gboolean
is_held (gpointer data)
{
  g_autoptr(GPtrArray) holders = slices_window_vms_find_holders (data, SLICE_A);

  return holders->len > 0;
}

static void
next (SlicesAttachWizard *wizard)
{
  g_assert_true (slices_test_wait_until (is_complete, wizard, TIMEOUT_SECONDS));
  g_signal_emit_by_name (slices_attach_wizard_get_next_button (wizard), "clicked");
}

static void
shoot (const char *variant,
       int         width,
       int         height,
       gboolean    dark)
{
  SlicesWindow *window;
  SlicesSimulator *simulator;
  SlicesAttachWizard *wizard;
  SlicesAttachReviewPage *review;
  g_autofree char *name = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);

  window = slices_window_new (NULL, TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), MAX (width, 820), MAX (height, 680));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (is_ready, window, TIMEOUT_SECONDS));
  simulator = SLICES_SIMULATOR (slices_window_get_backend (window));
  g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_4",
                                                  SLICE_A, 36), ==, 0);
  g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_8",
                                                  SLICE_B, 36), ==, 0);
  g_assert_true (slices_host_refresh (slices_window_get_host (window), NULL));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-wizard", NULL);
  wizard = find_wizard ();
  g_assert_nonnull (wizard);
  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (wizard), width, height);
  g_assert_true (slices_attach_wizard_choose_slice (wizard, SLICE_A));
  name = g_strdup_printf ("wizard-1-slice-%s", variant);
  save_window (GTK_WIDGET (wizard), name);

  next (wizard);
  g_assert_true (slices_attach_wizard_choose_vm (wizard, "win10"));
  g_free (name);
  name = g_strdup_printf ("wizard-2-vm-%s", variant);
  save_window (GTK_WIDGET (wizard), name);

  next (wizard);
  g_free (name);
  name = g_strdup_printf ("wizard-3-display-%s", variant);
  save_window (GTK_WIDGET (wizard), name);

  next (wizard);
  g_assert_true (slices_test_wait_until (is_complete, wizard, TIMEOUT_SECONDS));
  g_free (name);
  name = g_strdup_printf ("wizard-4-review-%s", variant);
  save_window (GTK_WIDGET (wizard), name);
  /* Show Changes open: the saved elements as XML, long lines scrolling. */
  review = SLICES_ATTACH_REVIEW_PAGE (slices_attach_wizard_get_review_page (wizard));
  gtk_expander_set_expanded (slices_attach_review_page_get_diff_expander (review), TRUE);
  g_free (name);
  name = g_strdup_printf ("wizard-4-review-changes-%s", variant);
  save_window (GTK_WIDGET (wizard), name);

  next (wizard);
  g_assert_true (slices_test_wait_until (has_result, wizard, TIMEOUT_SECONDS));
  g_free (name);
  name = g_strdup_printf ("wizard-5-done-%s", variant);
  save_window (GTK_WIDGET (wizard), name);

  gtk_window_destroy (GTK_WINDOW (wizard));
  g_free (name);
  name = g_strdup_printf ("window-vm-used-%s", variant);
  /* The window at the variant's own size (it was kept wide for the wizard above it), with the
   * attach toast: a toast must not widen a narrow window. */
  if (width > 0)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
      g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (window), SLICES_SCREENSHOT_FRAMES,
                                                  TIMEOUT_SECONDS));
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
    }
  save_window (GTK_WIDGET (window), name);

  /* Remove names the VM; plain Remove leaves it pointing to a missing slice, flagged. */
  {
    GtkWindow *dialog;

    if (width > 0)
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
    g_assert_true (slices_test_wait_until (is_held, window, TIMEOUT_SECONDS));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-slice", "s", SLICE_A);
    g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL,
                                           TIMEOUT_SECONDS));
    dialog = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_free (name);
    name = g_strdup_printf ("remove-dialog-%s", variant);
    save_window (GTK_WIDGET (dialog), name);
    slices_test_click_response (dialog, "remove");
    g_assert_true (slices_test_wait_until (problems_shown, window, TIMEOUT_SECONDS));
    g_free (name);
    name = g_strdup_printf ("window-vm-missing-slice-%s", variant);
    save_window (GTK_WIDGET (window), name);
  }

  /* libvirt out of reach: the VM page says why; the connection dialog. */
  {
    g_autoptr(SlicesLibvirt) broken = slices_libvirt_new ("test:///nonexistent/host.xml");
    GtkWindow *dialog;

    slices_window_set_libvirt (window, broken);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", SLICE_B);
    wizard = find_wizard ();
    g_assert_nonnull (wizard);
    if (width > 0)
      gtk_window_set_default_size (GTK_WINDOW (wizard), width, height);
    slices_test_wait_for_frames (GTK_WIDGET (wizard), SLICES_SCREENSHOT_FRAMES, TIMEOUT_SECONDS);
    g_free (name);
    name = g_strdup_printf ("wizard-2-vm-error-%s", variant);
    save_window (GTK_WIDGET (wizard), name);

    gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.connection", NULL);
    dialog = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    g_free (name);
    name = g_strdup_printf ("connection-dialog-%s", variant);
    save_window (GTK_WIDGET (dialog), name);
    gtk_window_destroy (dialog);
    gtk_window_destroy (GTK_WINDOW (wizard));
  }
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
has_dialog (gpointer data)
{
  return slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* The review of a repair: the demo's gvt-legacy, set up with the old recipe. */
static void
shoot_repair (const char *variant,
              int         width,
              gboolean    dark)
{
  SlicesWindow *window = slices_window_new (NULL, TRUE);
  g_autofree char *name = g_strdup_printf ("repair-dialog-%s", variant);
  GtkWindow *dialog;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (is_ready, window, TIMEOUT_SECONDS));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.repair-vm", "s", "gvt-legacy");
  g_assert_true (slices_test_wait_until (has_dialog, NULL, TIMEOUT_SECONDS));
  dialog = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  if (width < 720)
    gtk_window_set_default_size (dialog, width, -1);
  save_window (GTK_WIDGET (dialog), name);
  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A VF in the SR-IOV demo: the display page with Looking Glass at 1440p, its review. */
static void
shoot_vf (const char *variant,
          int         width,
          int         height,
          gboolean    dark)
{
  SlicesTestSriovDemo demo = { 0 };
  SlicesWindow *window;
  SlicesAttachWizard *wizard;
  g_autofree char *name = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = slices_test_sriov_demo_open (&demo, MAX (width, 820), MAX (height, 680));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", "0000:00:02.1");
  wizard = find_wizard ();
  g_assert_nonnull (wizard);
  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (wizard), width, height);
  g_assert_true (slices_attach_wizard_choose_vm (wizard, "win10"));
  next (wizard);
  g_assert_true (slices_attach_wizard_choose_looking_glass (wizard, 2560, 1440, FALSE));
  name = g_strdup_printf ("wizard-vf-3-display-%s", variant);
  save_window (GTK_WIDGET (wizard), name);

  next (wizard);
  g_assert_true (slices_test_wait_until (is_complete, wizard, TIMEOUT_SECONDS));
  g_free (name);
  name = g_strdup_printf ("wizard-vf-4-review-%s", variant);
  save_window (GTK_WIDGET (wizard), name);
  /* Nothing on the review makes a narrow window wider, in German either (longest header). */
  if (width > 0)
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (wizard)), <=, width);
  /* Its end: the guest's driver and its link, the notes. */
  {
    GtkWidget *scrolled = gtk_widget_get_first_child (slices_attach_wizard_get_review_page (wizard));
    GtkAdjustment *adjustment =
      gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    g_free (name);
    name = g_strdup_printf ("wizard-vf-4-review-end-%s", variant);
    save_window (GTK_WIDGET (wizard), name);
  }

  slices_test_sriov_demo_close (&demo);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  int status = slices_screenshots_init (argc, argv);

  if (status >= 0)
    return status;

  shoot ("light", 0, 0, FALSE);
  shoot ("1280x800-light", 1280, 800, FALSE);
  shoot ("360x720-light", 360, 720, FALSE);
  shoot ("dark", 0, 0, TRUE);
  shoot ("1280x800-dark", 1280, 800, TRUE);
  shoot ("360x720-dark", 360, 720, TRUE);
  shoot_vf ("light", 0, 0, FALSE);
  shoot_vf ("1280x800-light", 1280, 800, FALSE);
  shoot_vf ("360x720-light", 360, 720, FALSE);
  shoot_vf ("1280x800-dark", 1280, 800, TRUE);
  shoot_vf ("360x720-dark", 360, 720, TRUE);
  shoot_repair ("1280-light", 1280, FALSE);
  shoot_repair ("1280-dark", 1280, TRUE);
  shoot_repair ("360-light", 360, FALSE);
  shoot_repair ("360-dark", 360, TRUE);

  return 0;
}

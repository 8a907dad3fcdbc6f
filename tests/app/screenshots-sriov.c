/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves PNGs of the SR-IOV demo (gpu-slices --demo=sriov) as people see it: the SR-IOV page
 * with its VFs (one held by win11-vf, one taken by the host's driver, one row's GPU time
 * open), and the dialog that says every slice is made anew before the number changes; 1280×800
 * and 360×720, light and dark, in the language of the environment (LANGUAGE=de for German).
 * The pictures go to the folder given as the first argument.
 */
#include "config.h"

#include <adwaita.h>

#include "slices-gpu-page.h"
#include "slices-host.h"
#include "slices-simulator.h"
#include "slices-sriov-page.h"
#include "slices-vm-tracker.h"
#include "slices-window.h"

#include "slices-test-gui-util.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 10
#define PF "0000:00:02.0"

static gboolean
is_ready (gpointer data)
{
  SlicesWindow *window = data;
  GtkWidget *page = slices_window_get_gpu_page (window);

  return g_strcmp0 (slices_window_get_view (window), "gpu") == 0 &&
         slices_gpu_page_get_sriov_page (SLICES_GPU_PAGE (page)) != NULL &&
         slices_vm_tracker_get_state (slices_window_get_vm_tracker (window)) ==
           SLICES_VM_TRACKER_READY;
}

static gboolean
has_no_refusal (gpointer data)
{
  g_autofree char *refusal = slices_sriov_page_dup_refusal (data);

  return refusal == NULL;
}

static void
shoot (const char *name,
       int         width,
       int         height,
       gboolean    dark)
{
  SlicesWindow *window;
  SlicesSriovPage *page;
  SlicesSimulator *simulator;
  GtkWidget *row;
  GtkWindow *dialog;
  g_autofree char *dialog_name = NULL;
  g_autofree char *changed_name = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = slices_window_new_demo_world (NULL, TRUE, SLICES_SIM_DEMO_SRIOV);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (is_ready, window, TIMEOUT_SECONDS));
  page = SLICES_SRIOV_PAGE (slices_gpu_page_get_sriov_page (
    SLICES_GPU_PAGE (slices_window_get_gpu_page (window))));

  /* The host's xe takes VF 2, as it does with autoprobe on: the warning and its fix show. */
  simulator = SLICES_SIMULATOR (slices_window_get_backend (window));
  g_assert_cmpint (slices_simulator_write_sriov_autoprobe (simulator, PF, "1", 1), ==, 0);
  g_assert_cmpint (slices_simulator_write_drivers_probe (simulator, "0000:00:02.2", 12), ==, 0);
  g_assert_true (slices_host_refresh (slices_window_get_host (window), NULL));
  row = slices_sriov_page_find_vf_row (page, "0000:00:02.1");
  g_assert_nonnull (row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (window), SLICES_SCREENSHOT_FRAMES,
                                              TIMEOUT_SECONDS));
  /* Nothing on the page may make a narrow window wider (German words are longer). */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
  slices_screenshots_save (GTK_WIDGET (window), name);

  /* Its dialog: the number changes only once people know every slice is made anew. The VF
   * win11-vf holds goes first, so that the number may change. */
  g_assert_cmpint (slices_simulator_write_unbind (simulator, "xe", "0000:00:02.2", 12), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.detach-slice", "s", "0000:00:02.3");
  g_assert_true (slices_test_wait_until (has_no_refusal, page, TIMEOUT_SECONDS));
  gtk_spin_button_set_value (slices_sriov_page_get_count_spin (page), 5);
  /* The chosen number brings its own row with the button, whatever the window's width. */
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (
    GTK_WIDGET (slices_sriov_page_get_apply_button (page)), ADW_TYPE_ACTION_ROW)));
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (window), SLICES_SCREENSHOT_FRAMES,
                                              TIMEOUT_SECONDS));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
  changed_name = g_strdup_printf ("sriov-count-changed-%s-%s", width > 1000 ? "1280" : "360",
                                  dark ? "dark" : "light");
  slices_screenshots_save (GTK_WIDGET (window), changed_name);
  gtk_widget_activate (GTK_WIDGET (slices_sriov_page_get_apply_button (page)));
  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  dialog = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (dialog), SLICES_SCREENSHOT_FRAMES,
                                              TIMEOUT_SECONDS));
  dialog_name = g_strdup_printf ("sriov-count-dialog-%s-%s", width > 1000 ? "1280" : "360",
                                 dark ? "dark" : "light");
  slices_screenshots_save (GTK_WIDGET (dialog), dialog_name);
  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status = slices_screenshots_init (argc, argv);

  if (status >= 0)
    return status;

  shoot ("sriov-1280x800-light", 1280, 800, FALSE);
  shoot ("sriov-360x720-light", 360, 720, FALSE);
  shoot ("sriov-1280x800-dark", 1280, 800, TRUE);
  shoot ("sriov-360x720-dark", 360, 720, TRUE);

  return 0;
}

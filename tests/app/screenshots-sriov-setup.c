/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves PNGs of Check Setup for SR-IOV as people see it, at 1280×800 and 360×720, light and
 * dark: the window's first screen on an Alder Lake on stock i915 (`slicectl simulate
 * --platform adl-stock`: what is missing and the two ways out), Check Setup there with the
 * driver's ways open, and Check Setup on the SR-IOV demo (Panther Lake on xe, its test VMs)
 * opened at the guest's driver as the wizard's link opens it. In the language of the
 * environment (LANGUAGE=de for German).
 */
#include "config.h"

#include <adwaita.h>

#include "slices-host.h"
#include "slices-setup-page.h"
#include "slices-simulator.h"
#include "slices-window.h"

#include "slices-test-gui-util.h"
#include "slices-test-setup-util.h"
#include "slices-test-util.h"
#include "slices-test-wizard-util.h"

#define TIMEOUT_SECONDS 10


static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* The Check Setup window the last action opened at check @id, sized, once it has run, and
 * scrolled to the check again for this size (it first opened at its own). */
static SlicesSetupPage *
wait_for_page (const char *id,
               int         width,
               int         height)
{
  SlicesSetupPage *page = SLICES_SETUP_PAGE (slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE));

  g_assert_nonnull (page);
  gtk_window_set_default_size (GTK_WINDOW (page), width, height);
  g_assert_true (slices_test_wait_until (slices_test_setup_page_has_run, page, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (page), SLICES_SCREENSHOT_FRAMES,
                                              TIMEOUT_SECONDS));
  slices_setup_page_show_check (page, id);
  return page;
}

static void
save (GtkWidget  *window,
      const char *name)
{
  g_assert_true (slices_test_wait_for_frames (window, SLICES_SCREENSHOT_FRAMES,
                                              TIMEOUT_SECONDS));
  slices_screenshots_save (window, name);
}

/* Alder Lake-P on stock i915: the first screen, then (@with_setup) Check Setup over it with
 * the driver's check open. */
static void
shoot_adl_stock (const char *size,
                 int         width,
                 int         height,
                 gboolean    dark,
                 gboolean    with_setup)
{
  g_autofree char *root = slices_test_make_tmp_dir ("sriov-shots-XXXXXX");
  g_autoptr(SlicesSimulator) simulator = slices_simulator_new (root);
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  SlicesSimGpuSpec spec;
  SlicesWindow *window;

  set_dark (dark);
  slices_sim_gpu_spec_init_adl_stock (&spec, "0000:00:02.0");
  g_assert_true (slices_simulator_add_gpu (simulator, &spec, &error));
  g_assert_no_error (error);
  host = slices_host_new (root);
  g_assert_true (slices_host_refresh (host, NULL));
  window = slices_window_new_with (NULL, host, SLICES_BACKEND (simulator), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  name = g_strdup_printf ("sriov-first-screen-%s-%s", size, dark ? "dark" : "light");
  save (GTK_WIDGET (window), name);

  if (with_setup)
    {
      SlicesSetupPage *page;

      gtk_widget_activate_action (GTK_WIDGET (window), "win.check-setup-at", "s",
                                  "sriov-driver");
      page = wait_for_page ("sriov-driver", width, height);
      g_free (name);
      name = g_strdup_printf ("sriov-setup-ways-%s-%s", size, dark ? "dark" : "light");
      save (GTK_WIDGET (page), name);
    }
  slices_test_destroy_all_windows ();
  slices_test_remove_tree (root);
}

/* The SR-IOV demo: Check Setup opened at the guest's driver. */
static void
shoot_sriov_setup (const char *size,
                   int         width,
                   int         height,
                   gboolean    dark)
{
  SlicesTestSriovDemo sriov = { 0 };
  g_autofree char *name = g_strdup_printf ("sriov-setup-%s-%s", size, dark ? "dark" : "light");
  SlicesWindow *window;
  SlicesSetupPage *page;

  set_dark (dark);
  window = slices_test_sriov_demo_open (&sriov, width, height);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.check-setup-at", "s",
                              "sriov-guest-driver");
  page = wait_for_page ("sriov-guest-driver", width, height);
  save (GTK_WIDGET (page), name);
  slices_test_sriov_demo_close (&sriov);
}

int
main (int   argc,
      char *argv[])
{
  int status = slices_screenshots_init (argc, argv);

  if (status >= 0)
    return status;

  shoot_adl_stock ("1280x800", 1280, 800, FALSE, TRUE);
  shoot_adl_stock ("1280x800", 1280, 800, TRUE, TRUE);
  shoot_adl_stock ("360x720", 360, 720, FALSE, TRUE);
  shoot_adl_stock ("360x720", 360, 720, TRUE, FALSE);
  shoot_sriov_setup ("1280x800", 1280, 800, FALSE);
  shoot_sriov_setup ("1280x800", 1280, 800, TRUE);
  shoot_sriov_setup ("360x720", 360, 720, FALSE);
  shoot_sriov_setup ("360x720", 360, 720, TRUE);

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves PNGs of Check Setup as people see it: the demo with GuC submission turned on and kvmgt
 * missing (so that errors, a one-click fix and copyable commands show), at 1280×800 light and
 * dark and at 360×720; the NixOS configuration; and the demo window with "Keep after restart"
 * switches at 360 px; Check Setup on a computer without an Intel GPU, at 1280 and 360 px, light
 * and dark. In the language of the environment (LANGUAGE=de for German). Renders
 * in-process like tests/screenshots.c. The pictures go to the folder given as first argument.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "slices-check-row.h"
#include "slices-doctor.h"
#include "slices-host.h"
#include "slices-nixos-view.h"
#include "slices-persistence.h"
#include "slices-setup-page.h"
#include "slices-simulator.h"
#include "slices-window.h"

#include "slices-test-gui-util.h"
#include "slices-test-setup-util.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 10

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (slices_window_get_view (data), "gpu") == 0 &&
         slices_persistence_get_known (
           slices_app_session_get_persistence (slices_window_get_session (data)));
}


/* The demo window with two slices, one of them kept after restart. */
static SlicesWindow *
open_demo (int width,
           int height)
{
  SlicesWindow *window = slices_window_new (NULL, TRUE);
  SlicesSimulator *simulator;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (window_ready, window, TIMEOUT_SECONDS));

  simulator = SLICES_SIMULATOR (slices_window_get_backend (window));
  g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_4",
                                                  "1a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d", 36),
                   ==, 0);
  g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_8",
                                                  "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", 36),
                   ==, 0);
  g_assert_true (slices_backend_persist_sync (SLICES_BACKEND (simulator),
                                              "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", NULL));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  g_assert_true (slices_test_wait_until (window_ready, window, TIMEOUT_SECONDS));
  return window;
}

static void
break_demo (SlicesWindow *window)
{
  SlicesSimulator *simulator = SLICES_SIMULATOR (slices_window_get_backend (window));
  const char *root = slices_simulator_get_root (simulator);
  g_autofree char *guc = g_build_filename (root, "module", "i915", "parameters", "enable_guc",
                                           NULL);
  g_autofree char *kvmgt = g_build_filename (root, "module", "kvmgt", NULL);

  g_assert_true (g_file_set_contents (guc, "3\n", -1, NULL));
  g_rmdir (kvmgt);
}

static void
shoot_setup (const char *name,
             int         width,
             int         height,
             gboolean    dark)
{
  SlicesWindow *window;
  SlicesSetupPage *page;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = open_demo (width, height);
  break_demo (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.check-setup", NULL);
  page = SLICES_SETUP_PAGE (slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE));
  g_assert_nonnull (page);
  gtk_window_set_default_size (GTK_WINDOW (page), width, height);
  g_assert_true (slices_test_wait_until (slices_test_setup_page_has_run, page, TIMEOUT_SECONDS));
  adw_expander_row_set_expanded (
    ADW_EXPANDER_ROW (slices_setup_page_find_row (page, SLICES_CHECK_GUC_SUBMISSION)), TRUE);
  adw_expander_row_set_expanded (
    ADW_EXPANDER_ROW (slices_setup_page_find_row (page, SLICES_CHECK_KVMGT_MODULE)), TRUE);
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (page), SLICES_SCREENSHOT_FRAMES,
                                              TIMEOUT_SECONDS));
  slices_screenshots_save (GTK_WIDGET (page), name);
  gtk_window_destroy (GTK_WINDOW (page));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Check Setup on a made-up computer without an Intel GPU (an empty PCI bus, the demo's healthy
 * rest): the one root cause first, what follows from it not checked. */
static void
shoot_no_gpu (const char *name,
              int         width,
              int         height,
              gboolean    dark)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = slices_simulator_make_demo_system (&error);
  g_autofree char *sys = NULL;
  g_autofree char *devices = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autoptr(SlicesPersistence) persistence = NULL;
  SlicesSetupPage *page;

  g_assert_no_error (error);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  sys = g_build_filename (base, "sys", NULL);
  devices = g_build_filename (sys, "bus", "pci", "devices", NULL);
  g_assert_cmpint (g_mkdir_with_parents (devices, 0700), ==, 0);
  doctor = slices_test_demo_system_doctor (sys, base);
  simulator = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  persistence = slices_persistence_new (SLICES_BACKEND (simulator));

  page = slices_setup_page_new (NULL, doctor, NULL, persistence, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (page), width, height);
  gtk_window_present (GTK_WINDOW (page));
  g_assert_true (slices_test_wait_until (slices_test_setup_page_has_run, page, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (page), SLICES_SCREENSHOT_FRAMES,
                                              TIMEOUT_SECONDS));
  slices_screenshots_save (GTK_WIDGET (page), name);
  gtk_window_destroy (GTK_WINDOW (page));
  slices_simulator_remove_demo_system (base);
}

static void
shoot_nixos_and_rows (void)
{
  SlicesWindow *window;
  GtkWindow *view;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  /* Tall, so that the slice rows below the types show. */
  window = open_demo (360, 1300);
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (window), SLICES_SCREENSHOT_FRAMES,
                                              TIMEOUT_SECONDS));
  slices_screenshots_save (GTK_WIDGET (window), "window-keep-360x1300-light");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.nixos-config", NULL);
  view = slices_test_find_toplevel (SLICES_TYPE_NIXOS_VIEW);
  g_assert_nonnull (view);
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (view), SLICES_SCREENSHOT_FRAMES,
                                              TIMEOUT_SECONDS));
  slices_screenshots_save (GTK_WIDGET (view), "nixos-config-light");
  gtk_window_destroy (view);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status = slices_screenshots_init (argc, argv);

  if (status >= 0)
    return status;

  shoot_setup ("setup-1280x800-light", 1280, 800, FALSE);
  shoot_setup ("setup-1280x800-dark", 1280, 800, TRUE);
  shoot_setup ("setup-360x720-light", 360, 720, FALSE);
  shoot_no_gpu ("setup-no-gpu-1280x800-light", 1280, 800, FALSE);
  shoot_no_gpu ("setup-no-gpu-1280x800-dark", 1280, 800, TRUE);
  shoot_no_gpu ("setup-no-gpu-360x720-light", 360, 720, FALSE);
  shoot_no_gpu ("setup-no-gpu-360x720-dark", 360, 720, TRUE);
  shoot_nixos_and_rows ();

  return 0;
}

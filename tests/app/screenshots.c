/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves PNGs of the demo window as people see it, with a few slices and with a full GPU:
 * 1280×800 and 360×720, light and dark, in
 * the language of the environment (run with LANGUAGE=de for German). Renders in-process with
 * the window's own renderer, so no window manager or screen grab is needed. The pictures go
 * to the folder given as the first argument (meson: the build's meson-logs/screenshots).
 */
#include "config.h"

#include <adwaita.h>

#include <glib/gstdio.h>

#include "slices-create-dialog.h"
#include "slices-gpu.h"
#include "slices-helper-client.h"
#include "slices-host.h"
#include "slices-simulator.h"
#include "slices-window.h"

#include "slices-test-gui-util.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 10

static gboolean
page_shown (gpointer data)
{
  return g_strcmp0 (slices_window_get_view (data), "loading") != 0;
}

/* A demo with a few slices, so that every part of the page shows. */
static void
add_demo_slices (SlicesWindow *window)
{
  SlicesSimulator *simulator = SLICES_SIMULATOR (slices_window_get_backend (window));
  static const struct { const char *type; const char *uuid; } slices[] = {
    { "i915-GVTg_V5_4", "1a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d" },
    { "i915-GVTg_V5_8", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (slices); i++)
    g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", slices[i].type,
                                                    slices[i].uuid, 36), ==, 0);
  g_assert_true (slices_host_refresh (slices_window_get_host (window), NULL));
}

/* The Create dialog over @window, with a chosen UUID that is not one yet. */
static void
shoot_create_dialog (SlicesWindow *window,
                     const char   *name)
{
  SlicesCreateDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.create-slice", "s", "i915-GVTg_V5_4");
  dialog = (SlicesCreateDialog *) slices_test_find_toplevel (SLICES_TYPE_CREATE_DIALOG);
  g_assert_nonnull (dialog);

  adw_expander_row_set_enable_expansion (slices_create_dialog_get_uuid_expander (dialog), TRUE);
  adw_expander_row_set_expanded (slices_create_dialog_get_uuid_expander (dialog), TRUE);
  gtk_editable_set_text (slices_create_dialog_get_uuid_entry (dialog), "1a2b3c4d-0000");
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (dialog), SLICES_SCREENSHOT_FRAMES,
                                              TIMEOUT_SECONDS));
  slices_screenshots_save (GTK_WIDGET (dialog), name);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A full GPU: the largest type and a small one take all the room. */
static void
fill_demo_gpu (SlicesWindow *window)
{
  SlicesSimulator *simulator = SLICES_SIMULATOR (slices_window_get_backend (window));

  g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_1",
                                                  "1a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d", 36),
                   ==, 0);
  g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_8",
                                                  "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", 36),
                   ==, 0);
  g_assert_true (slices_host_refresh (slices_window_get_host (window), NULL));
}

static void
shoot (const char *name,
       int         width,
       int         height,
       gboolean    dark,
       gboolean    empty)
{
  SlicesWindow *window;
  g_autofree char *root = NULL;
  g_autofree char *devices = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);

  if (empty)
    {
      g_autoptr(SlicesHost) host = NULL;
      g_autoptr(SlicesHelperClient) client = slices_helper_client_new ();

      /* A computer without a GVT-g GPU: an empty tree. */
      root = g_dir_make_tmp ("gpu-slices-shot-XXXXXX", NULL);
      g_assert_nonnull (root);
      devices = g_build_filename (root, "bus", "pci", "devices", NULL);
      g_assert_cmpint (g_mkdir_with_parents (devices, 0755), ==, 0);
      host = slices_host_new (root);
      window = slices_window_new_with (NULL, host, SLICES_BACKEND (client), FALSE);
    }
  else
    window = slices_window_new (NULL, TRUE);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  /* The demo is built after the first frame. */
  g_assert_true (slices_test_wait_until (page_shown, window, TIMEOUT_SECONDS));
  if (!empty)
    {
      g_assert_cmpstr (slices_window_get_view (window), ==, "gpu");
      if (g_str_has_prefix (name, "full-"))
        fill_demo_gpu (window);
      else
        add_demo_slices (window);
    }
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (window), SLICES_SCREENSHOT_FRAMES,
                                              TIMEOUT_SECONDS));
  slices_screenshots_save (GTK_WIDGET (window), name);
  if (!empty && width > 1000 && !g_str_has_prefix (name, "full-"))
    {
      g_autofree char *dialog_name = g_strdup_printf ("create-dialog-%s", dark ? "dark" : "light");

      shoot_create_dialog (window, dialog_name);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  /* Remove the empty tree, innermost folder first. */
  while (devices != NULL && g_strcmp0 (devices, root) != 0 && g_rmdir (devices) == 0)
    {
      char *parent = g_path_get_dirname (devices);

      g_free (devices);
      devices = parent;
    }
  if (root != NULL)
    g_rmdir (root);
}

int
main (int   argc,
      char *argv[])
{
  int status = slices_screenshots_init (argc, argv);

  if (status >= 0)
    return status;

  shoot ("window-1280x800-light", 1280, 800, FALSE, FALSE);
  shoot ("window-360x720-light", 360, 720, FALSE, FALSE);
  shoot ("window-1280x800-dark", 1280, 800, TRUE, FALSE);
  shoot ("window-360x720-dark", 360, 720, TRUE, FALSE);
  shoot ("full-1280x800-light", 1280, 800, FALSE, FALSE);
  shoot ("full-360x720-light", 360, 720, FALSE, FALSE);
  shoot ("full-1280x800-dark", 1280, 800, TRUE, FALSE);
  shoot ("full-360x720-dark", 360, 720, TRUE, FALSE);
  shoot ("empty-1280x800-light", 1280, 800, FALSE, TRUE);
  shoot ("empty-360x720-dark", 360, 720, TRUE, TRUE);

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves PNGs of the demo window as people see it: 1280×800 and 360×720, light and dark, in
 * the language of the environment (run with LANGUAGE=de for German). Renders in-process with
 * the window's own renderer, so no window manager or screen grab is needed. The pictures go
 * to the folder given as the first argument (meson: the build's meson-logs/screenshots).
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include <glib/gstdio.h>

#include "slices-create-dialog.h"
#include "slices-gpu.h"
#include "slices-helper-client.h"
#include "slices-host.h"
#include "slices-simulator.h"
#include "slices-window.h"

#define TIMEOUT_SECONDS 10

static const char *output_dir;
static const char *suffix;

static gboolean
on_timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  guint *frames = data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

/* Waits until the window is mapped and has drawn a few frames (layout settled). */
static gboolean
wait_for_frames (GtkWidget *window,
                 guint      n_frames)
{
  gboolean timed_out = FALSE;
  guint frames = 0;
  guint timeout_id = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout_cb, &timed_out);
  guint tick_id = gtk_widget_add_tick_callback (window, on_tick_cb, &frames, NULL);

  while (frames < n_frames && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  gtk_widget_remove_tick_callback (window, tick_id);
  if (!timed_out)
    g_source_remove (timeout_id);
  return !timed_out;
}

/* Waits until the window shows its page (the demo is built after the first frame). */
static gboolean
wait_for_page (SlicesWindow *window)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout_cb, &timed_out);

  while (g_strcmp0 (slices_window_get_view (window), "loading") == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);
  return !timed_out;
}

static void
save_window (GtkWidget  *window,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = g_strdup_printf ("%s%s%s.png", name,
                                                suffix != NULL ? "-" : "",
                                                suffix != NULL ? suffix : "");
  g_autofree char *path = g_build_filename (output_dir, file_name, NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("%s (%d×%d)\n", path, width, height);
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
  GListModel *toplevels = gtk_window_get_toplevels ();
  SlicesCreateDialog *dialog = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.create-slice", "s", "i915-GVTg_V5_4");
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (SLICES_IS_CREATE_DIALOG (toplevel))
        dialog = SLICES_CREATE_DIALOG (toplevel);
    }
  g_assert_nonnull (dialog);

  adw_expander_row_set_enable_expansion (slices_create_dialog_get_uuid_expander (dialog), TRUE);
  adw_expander_row_set_expanded (slices_create_dialog_get_uuid_expander (dialog), TRUE);
  gtk_editable_set_text (slices_create_dialog_get_uuid_entry (dialog), "1a2b3c4d-0000");
  g_assert_true (wait_for_frames (GTK_WIDGET (dialog), 30));
  save_window (GTK_WIDGET (dialog), name);
  gtk_window_destroy (GTK_WINDOW (dialog));
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
  g_assert_true (wait_for_page (window));
  if (!empty)
    {
      g_assert_cmpstr (slices_window_get_view (window), ==, "gpu");
      add_demo_slices (window);
    }
  g_assert_true (wait_for_frames (GTK_WIDGET (window), 20));
  save_window (GTK_WIDGET (window), name);
  if (!empty && width > 1000)
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
  g_autoptr(GtkCssProvider) css = NULL;

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      g_printerr ("Usage: %s OUTPUT-DIR [LOCALEDIR]\n", argv[0]);
      return 2;
    }
  output_dir = argv[1];
  bindtextdomain (GETTEXT_PACKAGE, argc > 2 ? argv[2] : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  suffix = g_getenv ("LANGUAGE");
  if (suffix != NULL && *suffix == '\0')
    suffix = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("SKIP: no X display (DISPLAY is unset); build-aux/test runs this under xvfb-run\n");
      return 77;
    }

  gtk_init ();
  adw_init ();
  /* What AdwApplication does for the app: the stylesheet at the resource base. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/gpuslices/GpuSlices/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_assert_cmpint (g_mkdir_with_parents (output_dir, 0755), ==, 0);

  shoot ("window-1280x800-light", 1280, 800, FALSE, FALSE);
  shoot ("window-360x720-light", 360, 720, FALSE, FALSE);
  shoot ("window-1280x800-dark", 1280, 800, TRUE, FALSE);
  shoot ("window-360x720-dark", 360, 720, TRUE, FALSE);
  shoot ("empty-1280x800-light", 1280, 800, FALSE, TRUE);
  shoot ("empty-360x720-dark", 360, 720, TRUE, TRUE);

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves PNGs of Check Setup as people see it: the demo with GuC submission turned on and kvmgt
 * missing (so that errors, a one-click fix and copyable commands show), at 1280×800 light and
 * dark and at 360×720; the NixOS configuration; and the demo window with "Keep after restart"
 * switches at 360 px. In the language of the environment (LANGUAGE=de for German). Renders
 * in-process like tests/screenshots.c. The pictures go to the folder given as first argument.
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "slices-check-row.h"
#include "slices-doctor.h"
#include "slices-host.h"
#include "slices-nixos-view.h"
#include "slices-setup-page.h"
#include "slices-simulator.h"
#include "slices-window.h"

#define TIMEOUT_SECONDS 10

static const char *output_dir;
static const char *suffix;

static gboolean
on_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

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

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_until (Condition condition,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
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

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (slices_window_get_view (data), "gpu") == 0 &&
         slices_window_get_kept_known (data);
}

static gboolean
page_ready (gpointer data)
{
  return !slices_setup_page_get_running (data) && slices_setup_page_get_summary (data) != NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
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
  g_assert_true (wait_until (window_ready, window));

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
  g_assert_true (wait_until (window_ready, window));
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
  page = SLICES_SETUP_PAGE (find_toplevel (SLICES_TYPE_SETUP_PAGE));
  g_assert_nonnull (page);
  gtk_window_set_default_size (GTK_WINDOW (page), width, height);
  g_assert_true (wait_until (page_ready, page));
  adw_expander_row_set_expanded (
    ADW_EXPANDER_ROW (slices_setup_page_find_row (page, SLICES_CHECK_GUC_SUBMISSION)), TRUE);
  adw_expander_row_set_expanded (
    ADW_EXPANDER_ROW (slices_setup_page_find_row (page, SLICES_CHECK_KVMGT_MODULE)), TRUE);
  g_assert_true (wait_for_frames (GTK_WIDGET (page), 30));
  save_window (GTK_WIDGET (page), name);
  gtk_window_destroy (GTK_WINDOW (page));
  gtk_window_destroy (GTK_WINDOW (window));
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
  g_assert_true (wait_for_frames (GTK_WIDGET (window), 20));
  save_window (GTK_WIDGET (window), "window-keep-360x1300-light");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.nixos-config", NULL);
  view = find_toplevel (SLICES_TYPE_NIXOS_VIEW);
  g_assert_nonnull (view);
  g_assert_true (wait_for_frames (GTK_WIDGET (view), 20));
  save_window (GTK_WIDGET (view), "nixos-config-light");
  gtk_window_destroy (view);
  gtk_window_destroy (GTK_WINDOW (window));
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
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/gpuslices/GpuSlices/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_assert_cmpint (g_mkdir_with_parents (output_dir, 0755), ==, 0);

  shoot_setup ("setup-1280x800-light", 1280, 800, FALSE);
  shoot_setup ("setup-1280x800-dark", 1280, 800, TRUE);
  shoot_setup ("setup-360x720-light", 360, 720, FALSE);
  shoot_nixos_and_rows ();

  return 0;
}

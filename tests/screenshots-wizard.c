/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves PNGs of every page of the attach wizard in demo mode (slice, virtual machine,
 * display, review, done) and of the main window with the slice in use: at the wizard's own
 * size, at 1280×800, at 360 px, and dark; in the environment's language (LANGUAGE=de for
 * German). Rendered in-process with the window's renderer. Output folder: first argument.
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "slices-attach-wizard.h"
#include "slices-host.h"
#include "slices-libvirt.h"
#include "slices-simulator.h"
#include "slices-window.h"
#include "slices-window-vms.h"

#define TIMEOUT_SECONDS 10
#define SLICE_A "1a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d"
#define SLICE_B "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"

static const char *output_dir;
static const char *suffix;

typedef gboolean (*Condition) (gpointer data);

static gboolean
on_timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

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

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  guint *frames = data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static void
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
}

static void
save_window (GtkWidget  *window,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  int width, height;

  wait_for_frames (window, 30);
  paintable = gtk_widget_paintable_new (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  file_name = g_strdup_printf ("%s%s%s.png", name, suffix != NULL ? "-" : "",
                               suffix != NULL ? suffix : "");
  path = g_build_filename (output_dir, file_name, NULL);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("%s (%d×%d)\n", path, width, height);
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
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (SLICES_IS_ATTACH_WIZARD (toplevel))
        return SLICES_ATTACH_WIZARD (toplevel);
    }
  return NULL;
}

static GtkWindow *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        return GTK_WINDOW (toplevel);
    }
  return NULL;
}

static void
next (SlicesAttachWizard *wizard)
{
  g_assert_true (wait_until (is_complete, wizard));
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
  g_autofree char *name = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);

  window = slices_window_new (NULL, TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), MAX (width, 820), MAX (height, 680));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_until (is_ready, window));
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
  g_assert_true (wait_until (is_complete, wizard));
  g_free (name);
  name = g_strdup_printf ("wizard-4-review-%s", variant);
  save_window (GTK_WIDGET (wizard), name);

  next (wizard);
  g_assert_true (wait_until (has_result, wizard));
  g_free (name);
  name = g_strdup_printf ("wizard-5-done-%s", variant);
  save_window (GTK_WIDGET (wizard), name);

  gtk_window_destroy (GTK_WINDOW (wizard));
  g_free (name);
  name = g_strdup_printf ("window-vm-used-%s", variant);
  save_window (GTK_WIDGET (window), name);

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
    wait_for_frames (GTK_WIDGET (wizard), 10);
    g_free (name);
    name = g_strdup_printf ("wizard-2-vm-error-%s", variant);
    save_window (GTK_WIDGET (wizard), name);

    gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.connection", NULL);
    dialog = find_message_dialog ();
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

  shoot ("light", 0, 0, FALSE);
  shoot ("1280x800-light", 1280, 800, FALSE);
  shoot ("360x720-light", 360, 720, FALSE);
  shoot ("dark", 0, 0, TRUE);

  return 0;
}

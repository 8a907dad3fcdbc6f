/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared GTK test helpers: toplevel lookup, frame waits, and the screenshot programs' start and
 * PNG saving. See slices-test-gui-util.h.
 */
#include "config.h"

#include "slices-test-gui-util.h"
#include "slices-create-dialog.h"
#include "slices-setup-page.h"
#include "slices-test-util.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <adwaita.h>

static const char *output_dir;
static const char *suffix;

static gboolean gui_available;

void
slices_test_gui_init (int    *argc,
                      char ***argv)
{
  g_test_init (argc, argv, NULL);
  gui_available = g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;
  if (gui_available)
    {
      gtk_init ();
      adw_init ();
    }
}

gboolean
slices_test_gui_available (void)
{
  return gui_available;
}

gboolean
slices_test_gui_should_skip (void)
{
  if (!gui_available)
    g_test_skip ("No X display (DISPLAY is unset): the GUI tests run under xvfb-run, "
                 "as build-aux/test does");
  return !gui_available;
}

void
slices_test_flush_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

gboolean
slices_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

GtkWindow *
slices_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

gboolean
slices_test_has_setup_page (gpointer data)
{
  return slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE) != NULL;
}

gboolean
slices_test_has_create_dialog (gpointer data)
{
  return slices_test_find_toplevel (SLICES_TYPE_CREATE_DIALOG) != NULL;
}

gboolean
slices_test_has_no_create_dialog (gpointer data)
{
  return slices_test_find_toplevel (SLICES_TYPE_CREATE_DIALOG) == NULL;
}

gboolean
slices_test_has_message_dialog (gpointer data)
{
  return slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

gboolean
slices_test_has_no_message_dialog (gpointer data)
{
  return slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

void
slices_test_destroy_all_windows (void)
{
  GtkWindow *window;

  while ((window = slices_test_find_toplevel (GTK_TYPE_WINDOW)) != NULL)
    gtk_window_destroy (window);
  slices_test_flush_main_loop ();
}

GtkWidget *
slices_test_find_button_with_label (GtkWidget  *widget,
                                    const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = slices_test_find_button_with_label (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
slices_test_click_response (GtkWindow  *dialog,
                            const char *response)
{
  const char *label = adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog),
                                                             response);
  GtkWidget *button = slices_test_find_button_with_label (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

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

gboolean
slices_test_wait_for_frames (GtkWidget *widget,
                             guint      n_frames,
                             guint      timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint frames = 0;
  guint timeout_id = g_timeout_add_seconds (timeout_seconds, on_timeout_cb, &timed_out);
  guint tick_id = gtk_widget_add_tick_callback (widget, on_tick_cb, &frames, NULL);

  while (frames < n_frames && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  gtk_widget_remove_tick_callback (widget, tick_id);
  if (!timed_out)
    g_source_remove (timeout_id);
  return !timed_out;
}

typedef struct {
  char *text;
  gboolean done;
} ClipboardRead;

static void
on_clipboard_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

char *
slices_test_read_clipboard (GtkWidget *widget,
                            guint      timeout_seconds)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL,
                                 on_clipboard_read_cb, &read);
  g_assert_true (slices_test_wait_until (clipboard_read_done, &read, timeout_seconds));
  return read.text;
}

int
slices_screenshots_init (int    argc,
                         char **argv)
{
  static GtkCssProvider *css;

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
  /* Transitions end at once, so a window is settled a few frames after its content is. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* What AdwApplication does for the app: the stylesheet at the resource base. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/gpuslices/GpuSlices/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_assert_cmpint (g_mkdir_with_parents (output_dir, 0755), ==, 0);
  return -1;
}

void
slices_screenshots_save (GtkWidget  *window,
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

  g_assert_nonnull (output_dir);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("%s (%d×%d)\n", path, width, height);
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GPU page as a person reads it, in demo mode under Xvfb: the capacity bar agrees with
 * available_instances after creates and removes, a full GPU is explained once and names its
 * slices (by VM where one holds them), the user's slices come first with a visible Attach… or
 * Detach, and the shortcuts (pressed as real keys through the X server's XTest extension) do
 * what the shortcuts window says.
 */
#include "config.h"

#include <dlfcn.h>
#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "slices-application.h"
#include "slices-attach-wizard.h"
#include "slices-capacity-row.h"
#include "slices-create-dialog.h"
#include "slices-gpu.h"
#include "slices-gpu-page.h"
#include "slices-host.h"
#include "slices-libvirt.h"
#include "slices-setup-page.h"
#include "slices-simulator.h"
#include "slices-slice-row.h"
#include "slices-slice-type.h"
#include "slices-slice.h"
#include "slices-type-row.h"
#include "slices-vm-tracker.h"
#include "slices-window.h"
#include "slices-window-private.h"
#include "slices-window-vms.h"
#include "slices-test-gui-util.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 10
#define GPU "0000:00:02.0"
#define SLICE_A "aaaaaaaa-1111-4111-8111-111111111111"
#define SLICE_B "bbbbbbbb-2222-4222-8222-222222222222"

static gboolean skip_all;

static gboolean
should_skip (void)
{
  if (skip_all)
    g_test_skip ("No X display (DISPLAY is unset): the GUI tests run under xvfb-run, "
                 "as build-aux/test does");
  return skip_all;
}

static gboolean
is_demo_view (gpointer data)
{
  SlicesWindow *window = data;

  return slices_window_get_demo (window) &&
         g_strcmp0 (slices_window_get_view (window), "gpu") == 0;
}

static SlicesWindow *
open_demo_window_for (AdwApplication *app)
{
  SlicesWindow *window = slices_window_new (app, TRUE);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_until (is_demo_view, window, TIMEOUT_SECONDS));
  return window;
}

static SlicesWindow *
open_demo_window (void)
{
  return open_demo_window_for (NULL);
}

static SlicesGpuPage *
get_page (SlicesWindow *window)
{
  return SLICES_GPU_PAGE (slices_window_get_gpu_page (window));
}

static SlicesCapacityRow *
get_capacity_row (SlicesWindow *window)
{
  return SLICES_CAPACITY_ROW (slices_gpu_page_get_capacity_row (get_page (window)));
}

static SlicesSimulator *
get_simulator (SlicesWindow *window)
{
  return SLICES_SIMULATOR (slices_window_get_backend (window));
}

typedef struct {
  SlicesWindow *window;
  guint n;
} RowCount;

static gboolean
has_n_slice_rows (gpointer data)
{
  RowCount *count = data;

  return slices_gpu_page_count_slice_rows (get_page (count->window)) == count->n;
}

static void
wait_for_slice_rows (SlicesWindow *window,
                     guint         n)
{
  RowCount count = { window, n };

  g_assert_true (slices_test_wait_until (has_n_slice_rows, &count, TIMEOUT_SECONDS));
}

/* What the kernel would do (the simulator's writes); the window follows as it would. */
static void
kernel_create (SlicesWindow *window,
               const char   *type_id,
               const char   *uuid)
{
  guint before = slices_gpu_page_count_slice_rows (get_page (window));

  g_assert_cmpint (slices_simulator_write_create (get_simulator (window), GPU, type_id, uuid,
                                                  strlen (uuid)), ==, 0);
  wait_for_slice_rows (window, before + 1);
}

static void
kernel_remove (SlicesWindow *window,
               const char   *uuid)
{
  guint before = slices_gpu_page_count_slice_rows (get_page (window));

  g_assert_cmpint (slices_simulator_write_remove (get_simulator (window), uuid, "1\n", 2), ==, 0);
  wait_for_slice_rows (window, before - 1);
}

/* Creates one slice of @type_id through the type row's Create… button and the dialog. */
static void
create_through_dialog (SlicesWindow *window,
                       const char   *type_id)
{
  guint before = slices_gpu_page_count_slice_rows (get_page (window));
  GtkWidget *row = slices_gpu_page_find_type_row (get_page (window), type_id);
  SlicesCreateDialog *dialog;

  g_assert_nonnull (row);
  g_signal_emit_by_name (slices_type_row_get_create_button (SLICES_TYPE_ROW (row)), "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_create_dialog, NULL, TIMEOUT_SECONDS));
  dialog = SLICES_CREATE_DIALOG (slices_test_find_toplevel (SLICES_TYPE_CREATE_DIALOG));
  g_signal_emit_by_name (slices_create_dialog_get_create_button (dialog), "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  wait_for_slice_rows (window, before + 1);
}

static int
max_available (SlicesWindow *window)
{
  GListModel *types = slices_gpu_get_types (slices_gpu_page_get_gpu (get_page (window)));
  int max = -1;

  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, i);

      max = MAX (max, slices_slice_type_get_available (type));
    }
  return max;
}

/* The bar and its sentence say what the types' available_instances say, and the type rows
 * agree. Returns the bar's value. */
static double
assert_bar_agrees (SlicesWindow *window)
{
  SlicesCapacityRow *row = get_capacity_row (window);
  GtkLevelBar *bar = slices_capacity_row_get_level_bar (row);
  const char *summary = slices_capacity_row_get_summary (row);
  double value = gtk_level_bar_get_value (bar);
  int available = max_available (window);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  if (available > 0)
    {
      g_autofree char *more = g_strdup_printf ("Up to %d", available);

      g_assert_cmpfloat (value, <, 1.0);
      g_assert_nonnull (strstr (summary, more));
      g_assert_false (g_str_has_prefix (summary, "Full"));
    }
  else
    {
      g_assert_cmpfloat (value, ==, 1.0);
      g_assert_true (g_str_has_prefix (summary, "Full"));
    }
  return value;
}

/* Every mapped label's text in @widget, for "said once". */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static guint
count_labels_with (SlicesWindow *window,
                   const char   *needle)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  guint n = 0;

  collect_labels (GTK_WIDGET (window), texts);
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), needle) != NULL)
      n++;
  return n;
}

/* A libvirt host where win10's definition holds SLICE_A: in the test driver's own file. */
static SlicesLibvirt *
new_libvirt_with_win10 (char **dir)
{
  static const char host[] =
    "<node>\n"
    "  <domain type='test'>\n"
    "    <name>win10</name>\n"
    "    <memory>1048576</memory>\n"
    "    <os><type>hvm</type></os>\n"
    "    <devices>\n"
    "      <graphics type='spice' autoport='yes'/>\n"
    "      <video><model type='none'/></video>\n"
    "      <hostdev mode='subsystem' type='mdev' model='vfio-pci' display='on'>\n"
    "        <source><address uuid='" SLICE_A "'/></source>\n"
    "      </hostdev>\n"
    "    </devices>\n"
    "  </domain>\n"
    "</node>\n";
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;

  *dir = slices_test_make_tmp_dir ("test-gpu-page-XXXXXX");
  path = g_build_filename (*dir, "host.xml", NULL);
  g_assert_true (g_file_set_contents (path, host, -1, NULL));
  uri = g_strdup_printf ("test://%s", path);
  return slices_libvirt_new (uri);
}

typedef struct {
  SlicesWindow *window;
  const char *uuid;
  const char *title;
} RowTitle;

static gboolean
row_has_title (gpointer data)
{
  RowTitle *expected = data;
  GtkWidget *row = slices_gpu_page_find_slice_row (get_page (expected->window), expected->uuid);

  return row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                    expected->title) == 0;
}

static void
wait_for_row_title (SlicesWindow *window,
                    const char   *uuid,
                    const char   *title)
{
  RowTitle expected = { window, uuid, title };

  if (!slices_test_wait_until (row_has_title, &expected, TIMEOUT_SECONDS))
    {
      GtkWidget *row = slices_gpu_page_find_slice_row (get_page (window), uuid);

      g_error ("The row of %s is called “%s”, not “%s”", uuid,
               row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : "-",
               title);
    }
}

static GtkButton *
get_vm_button (SlicesWindow *window,
               const char   *uuid)
{
  GtkWidget *row = slices_gpu_page_find_slice_row (get_page (window), uuid);

  g_assert_nonnull (row);
  return slices_slice_row_get_vm_button (SLICES_SLICE_ROW (row));
}

/* Tests */

static void
test_capacity_bar (void)
{
  SlicesWindow *window;
  GListModel *slices;
  double empty, one, three, full;
  g_autofree char *first = NULL;

  if (should_skip ())
    return;

  window = open_demo_window ();
  empty = assert_bar_agrees (window);
  g_assert_cmpfloat (empty, ==, 0.0);

  /* Creates through the window: the bar grows with each. */
  create_through_dialog (window, "i915-GVTg_V5_4");
  one = assert_bar_agrees (window);
  g_assert_cmpfloat (one, >, empty);
  create_through_dialog (window, "i915-GVTg_V5_8");
  create_through_dialog (window, "i915-GVTg_V5_8");
  three = assert_bar_agrees (window);
  g_assert_cmpfloat (three, >, one);

  /* Removes give the room back, to the same figure. */
  slices = slices_gpu_get_slices (slices_gpu_page_get_gpu (get_page (window)));
  while (g_list_model_get_n_items (slices) > 1)
    {
      g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices, 0);
      g_autofree char *uuid = g_strdup (slices_slice_get_uuid (slice));
      SlicesSliceType *type = slices_gpu_find_type (slices_gpu_page_get_gpu (get_page (window)),
                                                    slices_slice_get_type_id (slice));

      /* Keep the 1/4 slice, so that the figure is the one measured after the first create. */
      if (slices_slice_type_get_weight (type) == 4)
        {
          g_autoptr(SlicesSlice) other = g_list_model_get_item (slices, 1);

          g_free (uuid);
          uuid = g_strdup (slices_slice_get_uuid (other));
        }
      kernel_remove (window, uuid);
      assert_bar_agrees (window);
    }
  g_assert_cmpfloat (assert_bar_agrees (window), ==, one);

  /* A full GPU: the 1/1 type does not fit beside the 1/4, so fill with 1/8 slices. */
  first = g_strdup (slices_slice_get_uuid (g_list_model_get_item (slices, 0)));
  g_object_unref (g_list_model_get_item (slices, 0));
  while (max_available (window) > 0)
    {
      create_through_dialog (window, "i915-GVTg_V5_8");
      assert_bar_agrees (window);
    }
  full = assert_bar_agrees (window);
  g_assert_cmpfloat (full, ==, 1.0);
  g_assert_cmpint (slices_capacity_row_get_state (get_capacity_row (window)), ==,
                   SLICES_CAPACITY_FULL_SLICES);
  for (guint i = 0; i < 4; i++)
    {
      static const char *types[] = {
        "i915-GVTg_V5_8", "i915-GVTg_V5_4", "i915-GVTg_V5_2", "i915-GVTg_V5_1",
      };
      GtkWidget *row = slices_gpu_page_find_type_row (get_page (window), types[i]);

      g_assert_cmpstr (slices_type_row_get_available_text (SLICES_TYPE_ROW (row)), ==, "Full");
      g_assert_false (gtk_widget_get_sensitive (
                        slices_type_row_get_create_button (SLICES_TYPE_ROW (row))));
    }

  /* One removed: room again, and the bar says so. */
  kernel_remove (window, first);
  g_assert_cmpfloat (assert_bar_agrees (window), <, 1.0);

  slices_test_destroy_all_windows ();
}

static void
test_full_explanation (void)
{
  SlicesWindow *window;
  g_autoptr(SlicesLibvirt) libvirt = NULL;
  g_autofree char *dir = NULL;
  const char *summary;
  GtkWidget *first;

  if (should_skip ())
    return;

  window = open_demo_window ();
  libvirt = new_libvirt_with_win10 (&dir);
  slices_window_set_libvirt (window, libvirt);

  /* The largest type and a small one take all the room of the rest of graphics memory. */
  kernel_create (window, "i915-GVTg_V5_1", SLICE_A);
  kernel_create (window, "i915-GVTg_V5_8", SLICE_B);
  wait_for_row_title (window, SLICE_A, "win10’s slice");
  wait_for_row_title (window, SLICE_B, "bbbbbbbb");
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, get_capacity_row (window),
                                         TIMEOUT_SECONDS));

  /* Said once, for the GPU, naming the slices by what people call them. */
  summary = slices_capacity_row_get_summary (get_capacity_row (window));
  g_assert_cmpstr (summary, ==, "Full: win10’s slice and bbbbbbbb take all the room. Remove "
                                "one to make room for another.");
  g_assert_cmpuint (count_labels_with (window, "take all the room"), ==, 1);
  g_assert_cmpuint (count_labels_with (window, "smaller type"), ==, 0);
  /* The user's slices are not the aperture's fault, and no setup banner blames it. */
  g_assert_null (strstr (summary, "aperture"));
  g_assert_null (slices_window_get_setup_banner (window));
  /* On demand: what runs out. */
  g_assert_nonnull (strstr (slices_capacity_row_get_explanation (get_capacity_row (window)),
                            "CPU can reach"));

  /* The user's slices first, before the types; each with its visible main action. */
  first = gtk_widget_get_first_child (GTK_WIDGET (get_page (window)));
  g_assert_nonnull (first);
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (window), 3, TIMEOUT_SECONDS));
  {
    double slice_y = 0, type_y = 0;
    GtkWidget *slice_row = slices_gpu_page_find_slice_row (get_page (window), SLICE_A);
    GtkWidget *type_row = slices_gpu_page_find_type_row (get_page (window), "i915-GVTg_V5_8");

    g_assert_true (gtk_widget_translate_coordinates (slice_row, GTK_WIDGET (window), 0, 0, NULL,
                                                     &slice_y));
    g_assert_true (gtk_widget_translate_coordinates (type_row, GTK_WIDGET (window), 0, 0, NULL,
                                                     &type_y));
    g_assert_cmpfloat (slice_y, <, type_y);
    /* Above the fold at 1280 × 800 (the window's default size is smaller still). */
    g_assert_cmpfloat (slice_y, <, 400);
  }
  g_assert_cmpstr (gtk_button_get_label (get_vm_button (window, SLICE_A)), ==, "_Detach");
  g_assert_cmpstr (gtk_button_get_label (get_vm_button (window, SLICE_B)), ==, "_Attach…");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (get_vm_button (window, SLICE_B))));

  slices_test_destroy_all_windows ();
  slices_test_remove_tree (dir);
}

static gboolean
shows_aperture_problem (gpointer data)
{
  return count_labels_with (data, "aperture set in the firmware is too small") > 0;
}

/* A GPU whose aperture is too small for any slice: the setup banner with Check Setup. */
static void
test_setup_banner (void)
{
  SlicesWindow *window;
  SlicesSimulator *simulator;
  GListModel *types;

  if (should_skip ())
    return;

  window = open_demo_window ();
  g_assert_null (slices_window_get_setup_banner (window));

  /* The kernel lists the types but says none fits, with nothing on the GPU. */
  simulator = get_simulator (window);
  types = slices_gpu_get_types (slices_gpu_page_get_gpu (get_page (window)));
  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(SlicesSliceType) type = g_list_model_get_item (types, i);
      g_autofree char *path = g_build_filename (slices_simulator_get_root (simulator), "bus",
                                                "pci", "devices", GPU, "mdev_supported_types",
                                                slices_slice_type_get_id (type),
                                                "available_instances", NULL);

      g_assert_true (g_file_set_contents (path, "0\n", -1, NULL));
    }
  g_assert_true (slices_host_refresh (slices_window_get_host (window), NULL));

  g_assert_cmpint (slices_capacity_row_get_state (get_capacity_row (window)), ==,
                   SLICES_CAPACITY_FULL_APERTURE);
  g_assert_nonnull (slices_window_get_setup_banner (window));
  g_assert_true (slices_test_wait_until (shows_aperture_problem, window, TIMEOUT_SECONDS));

  slices_test_destroy_all_windows ();
}

/* Keys through XTest, as a keyboard would press them */

typedef int (*FakeKeyEvent) (Display *display, unsigned int keycode, int is_press,
                             unsigned long delay);

static void
send_key (Display      *xdisplay,
          FakeKeyEvent  fake,
          KeySym        keysym,
          gboolean      press)
{
  KeyCode keycode = XKeysymToKeycode (xdisplay, keysym);

  g_assert_cmpuint (keycode, !=, 0);
  fake (xdisplay, keycode, press, 0);
}

static gboolean
is_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

static void
press_accel (GtkWindow  *window,
             const char *accel)
{
  static FakeKeyEvent fake;
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Display *xdisplay;
  guint keyval;
  GdkModifierType mods;

  g_assert_true (gtk_accelerator_parse (accel, &keyval, &mods));
  g_assert_true (GDK_IS_X11_DISPLAY (display));
  if (fake == NULL)
    {
      void *xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_LOCAL);

      g_assert_nonnull (xtst);
      fake = (FakeKeyEvent) dlsym (xtst, "XTestFakeKeyEvent");
      g_assert_nonnull (fake);
    }
  xdisplay = gdk_x11_display_get_xdisplay (display);

  /* No window manager under Xvfb: give the window the keyboard as one would. */
  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XSync (xdisplay, False);
  g_assert_true (slices_test_wait_until (is_active, window, TIMEOUT_SECONDS));

  if (mods & GDK_CONTROL_MASK)
    send_key (xdisplay, fake, XK_Control_L, TRUE);
  if (mods & GDK_SHIFT_MASK)
    send_key (xdisplay, fake, XK_Shift_L, TRUE);
  send_key (xdisplay, fake, keyval, TRUE);
  send_key (xdisplay, fake, keyval, FALSE);
  if (mods & GDK_SHIFT_MASK)
    send_key (xdisplay, fake, XK_Shift_L, FALSE);
  if (mods & GDK_CONTROL_MASK)
    send_key (xdisplay, fake, XK_Control_L, FALSE);
  XFlush (xdisplay);
}

static gboolean
has_setup_page (gpointer data)
{
  return slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE) != NULL;
}

static gboolean
has_wizard (gpointer data)
{
  return slices_test_find_toplevel (SLICES_TYPE_ATTACH_WIZARD) != NULL;
}

static gboolean
has_last_toast (gpointer data)
{
  RowTitle *expected = data;

  const char *last = slices_window_get_last_toast (expected->window);

  return last != NULL && g_str_has_prefix (last, expected->title);
}

static void
wait_for_toast (SlicesWindow *window,
                const char   *title)
{
  RowTitle expected = { window, NULL, title };

  if (!slices_test_wait_until (has_last_toast, &expected, TIMEOUT_SECONDS))
    g_error ("The last toast says “%s”, not “%s…”", slices_window_get_last_toast (window), title);
}

/* The created slice's type, once there is one more slice than @before. */
static char *
dup_newest_type (SlicesWindow *window,
                 const char   *other)
{
  GListModel *slices = slices_gpu_get_slices (slices_gpu_page_get_gpu (get_page (window)));

  for (guint i = 0; i < g_list_model_get_n_items (slices); i++)
    {
      g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices, i);

      if (g_strcmp0 (slices_slice_get_uuid (slice), other) != 0)
        return g_strdup (slices_slice_get_type_id (slice));
    }
  return NULL;
}

/* Walks the shortcuts window for the actions it lists. */
static void
collect_shortcut_actions (GtkWidget *widget,
                          GPtrArray *actions)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      char *action = NULL;

      g_object_get (widget, "action-name", &action, NULL);
      if (action != NULL)
        g_ptr_array_add (actions, action);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcut_actions (child, actions);
}

static void
test_shortcuts (void)
{
  g_autoptr(SlicesApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  SlicesWindow *window;
  g_autoptr(SlicesLibvirt) libvirt = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *type_id = NULL;
  GtkWidget *row;
  GtkWindow *dialog;

  if (should_skip ())
    return;

  /* The accelerators are the application's. */
  app = slices_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = open_demo_window_for (ADW_APPLICATION (app));
  libvirt = new_libvirt_with_win10 (&dir);
  slices_window_set_libvirt (window, libvirt);
  kernel_create (window, "i915-GVTg_V5_1", SLICE_A);
  wait_for_row_title (window, SLICE_A, "win10’s slice");

  /* Ctrl+N with a type row chosen: a slice of that type. */
  row = slices_gpu_page_find_type_row (get_page (window), "i915-GVTg_V5_4");
  gtk_widget_grab_focus (row);
  press_accel (GTK_WINDOW (window), "<Control>n");
  g_assert_true (slices_test_wait_until (slices_test_has_create_dialog, NULL, TIMEOUT_SECONDS));
  dialog = slices_test_find_toplevel (SLICES_TYPE_CREATE_DIALOG);
  g_signal_emit_by_name (slices_create_dialog_get_create_button (SLICES_CREATE_DIALOG (dialog)),
                         "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));
  wait_for_slice_rows (window, 2);
  type_id = dup_newest_type (window, SLICE_A);
  g_assert_cmpstr (type_id, ==, "i915-GVTg_V5_4");

  /* Check Setup. */
  press_accel (GTK_WINDOW (window), "<Control><Shift>s");
  g_assert_true (slices_test_wait_until (has_setup_page, NULL, TIMEOUT_SECONDS));
  gtk_window_destroy (slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE));

  /* Attach, with no slice row chosen: the wizard, which asks for the slice. */
  press_accel (GTK_WINDOW (window), "<Control><Shift>a");
  g_assert_true (slices_test_wait_until (has_wizard, NULL, TIMEOUT_SECONDS));
  g_assert_cmpstr (slices_attach_wizard_get_page (
                     SLICES_ATTACH_WIZARD (slices_test_find_toplevel (SLICES_TYPE_ATTACH_WIZARD))),
                   ==, "slice");
  gtk_window_destroy (slices_test_find_toplevel (SLICES_TYPE_ATTACH_WIZARD));

  /* Detach with the row's button, then Ctrl+Z gives win10 its slice back. */
  g_signal_emit_by_name (get_vm_button (window, SLICE_A), "clicked");
  g_assert_false (slices_test_has_message_dialog (NULL));
  /* win10 runs in the test driver: it lets go when shut down. */
  wait_for_toast (window, "Slice detached from win10");
  press_accel (GTK_WINDOW (window), "<Control>z");
  wait_for_toast (window, "Change undone");
  wait_for_row_title (window, SLICE_A, "win10’s slice");

  /* The shortcuts window lists each of them. */
  {
    GtkWidget *overlay = GTK_WIDGET (
      gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
    g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
    const char *expected[] = {
      "win.new-slice", "win.attach", "win.undo-vm-change", "win.check-setup",
    };

    if (overlay == NULL)
      {
        g_autoptr(GtkBuilder) builder =
          gtk_builder_new_from_resource ("/io/github/gpuslices/GpuSlices/window/help-overlay.ui");

        overlay = GTK_WIDGET (g_object_ref_sink (gtk_builder_get_object (builder,
                                                                         "help_overlay")));
        collect_shortcut_actions (overlay, actions);
        gtk_window_destroy (GTK_WINDOW (overlay));
        g_object_unref (overlay);
      }
    else
      collect_shortcut_actions (overlay, actions);
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_true (g_ptr_array_find_with_equal_func (actions, expected[i], g_str_equal, NULL));
  }

  slices_test_destroy_all_windows ();
  slices_test_remove_tree (dir);
}

static gboolean
is_not_revealing (gpointer data)
{
  return !slices_gpu_page_is_revealing (data);
}

/* The row is inside the visible part of its scrolled window, and above the bottom 96 px where
 * the toast sits. */
static gboolean
is_in_view_above_toast (gpointer data)
{
  GtkWidget *row = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  double y = -1;

  return gtk_widget_translate_coordinates (row, scrolled, 0, 0, NULL, &y) && y >= 0 &&
         y + gtk_widget_get_height (row) <= gtk_widget_get_height (scrolled) - 96 + 1;
}

/* The VM problems above the page (the demo's gvt-legacy) have slid in: the page's height is
 * final. */
static gboolean
problems_settled (gpointer data)
{
  GtkRevealer *revealer = slices_window_get_vm_problems (data);

  return gtk_revealer_get_reveal_child (revealer) && gtk_revealer_get_child_revealed (revealer);
}

/* A slice made with the window's own Create scrolls into view, clear of its toast. */
static void
test_new_slice_in_view (void)
{
  SlicesWindow *window;

  if (should_skip ())
    return;

  window = open_demo_window ();
  /* A phone's size. The demo's gvt-legacy (set up with the old recipe, its slice gone) has a
   * row of VM problems above the page, which leaves the page too short at 480 px. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  g_assert_true (slices_test_wait_until (problems_settled, window, TIMEOUT_SECONDS));
  for (guint n = 0; n < 5; n++)
    {
      GListModel *slices = slices_gpu_get_slices (slices_gpu_page_get_gpu (get_page (window)));
      g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
      g_autofree char *uuid = NULL;
      GtkWidget *row;

      for (guint i = 0; i < g_list_model_get_n_items (slices); i++)
        {
          g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices, i);

          g_hash_table_add (before, g_strdup (slices_slice_get_uuid (slice)));
        }
      create_through_dialog (window, "i915-GVTg_V5_8");
      for (guint i = 0; i < g_list_model_get_n_items (slices) && uuid == NULL; i++)
        {
          g_autoptr(SlicesSlice) slice = g_list_model_get_item (slices, i);

          if (!g_hash_table_contains (before, slices_slice_get_uuid (slice)))
            uuid = g_strdup (slices_slice_get_uuid (slice));
        }
      g_assert_nonnull (uuid);
      g_assert_true (slices_test_wait_until (is_not_revealing, get_page (window),
                                             TIMEOUT_SECONDS));
      /* The scroll follows the layout of the new row, a few frames later on a busy machine. */
      row = slices_gpu_page_find_slice_row (get_page (window), uuid);
      g_assert_nonnull (row);
      g_assert_true (slices_test_wait_until (is_in_view_above_toast, row, TIMEOUT_SECONDS));
    }

  slices_test_destroy_all_windows ();
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL)
    {
      skip_all = TRUE;
      g_test_init (&argc, &argv, NULL);
    }
  else
    {
      gtk_test_init (&argc, &argv, NULL);
      adw_init ();
    }

  g_test_add_func ("/slices/gpu-page/capacity-bar", test_capacity_bar);
  g_test_add_func ("/slices/gpu-page/full-explanation", test_full_explanation);
  g_test_add_func ("/slices/gpu-page/setup-banner", test_setup_banner);
  g_test_add_func ("/slices/gpu-page/shortcuts", test_shortcuts);
  g_test_add_func ("/slices/gpu-page/new-slice-in-view", test_new_slice_in_view);

  return g_test_run ();
}

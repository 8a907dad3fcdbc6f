/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup for SR-IOV, through the real widgets under Xvfb:
 *   - the first screen on a simulated Alder Lake on stock i915 (`slicectl simulate
 *     --platform adl-stock`): what is missing, the two ways out with the commands the doctor
 *     gives this distribution, a copy that works, and Check Setup leading;
 *   - Check Setup on the SR-IOV demo in groups a person reads (This GPU, Virtual Machines,
 *     Looking Glass, This Computer), no GVT-g error, and no Looking Glass group on GVT-g;
 *   - the ways out under their headings in the sriov-driver row;
 *   - Looking Glass's one-click fix through the helper client (a script stands in for pkexec
 *     and the helper), dismissed and then done;
 *   - the deep link: win.check-setup-at and the wizard's guest-driver row open Check Setup
 *     scrolled to sriov-guest-driver, expanded and highlighted.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "slices-attach-wizard.h"
#include "slices-check-row.h"
#include "slices-driver-ways.h"
#include "slices-helper-client.h"
#include "slices-host.h"
#include "slices-persistence.h"
#include "slices-setup-page.h"
#include "slices-simulator.h"
#include "slices-window.h"
#include "slices-test-gui-util.h"
#include "slices-test-setup-util.h"
#include "slices-test-util.h"
#include "slices-test-wizard-util.h"

#define TIMEOUT_SECONDS 10
#define PF SLICES_TEST_SRIOV_PF
#define VF1 "0000:00:02.1"

/* A simulated tree with one GPU of @init, and the host on it. */
typedef struct {
  char            *root;
  SlicesSimulator *simulator;
  SlicesHost      *host;
} Tree;

static Tree *
tree_new (void (*init) (SlicesSimGpuSpec *spec, const char *address))
{
  Tree *tree = g_new0 (Tree, 1);
  g_autoptr(GError) error = NULL;
  SlicesSimGpuSpec spec;

  tree->root = slices_test_make_tmp_dir ("sriov-setup-XXXXXX");
  tree->simulator = slices_simulator_new (tree->root);
  init (&spec, PF);
  g_assert_true (slices_simulator_add_gpu (tree->simulator, &spec, &error));
  g_assert_no_error (error);
  tree->host = slices_host_new (tree->root);
  g_assert_true (slices_host_refresh (tree->host, NULL));
  return tree;
}

static void
tree_free (Tree *tree)
{
  slices_test_destroy_all_windows ();
  g_clear_object (&tree->host);
  g_clear_object (&tree->simulator);
  g_assert_true (slices_test_remove_tree (tree->root));
  g_free (tree->root);
  g_free (tree);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tree, tree_free)



/* The first button under @widget with icon @icon, or NULL. */
static GtkWidget *
find_icon_button (GtkWidget  *widget,
                  const char *icon)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_icon_button (child, icon);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first command fix of @way in @check. */
static const SlicesFix *
first_command (SlicesCheck  *check,
               SlicesFixWay  way)
{
  GPtrArray *fixes = slices_check_get_fixes (check);

  for (guint i = 0; i < fixes->len; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (fixes, i);

      if (fix->way == way && fix->kind == SLICES_FIX_COMMAND)
        return fix;
    }
  g_error ("no command for way %s", slices_fix_way_to_string (way));
}

static gboolean
has_setup_page (gpointer data)
{
  return slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE) != NULL;
}


/* The Check Setup window that is open, once its checks have run. */
static SlicesSetupPage *
wait_for_setup_page (void)
{
  SlicesSetupPage *page;

  g_assert_true (slices_test_wait_until (has_setup_page, NULL, TIMEOUT_SECONDS));
  page = SLICES_SETUP_PAGE (slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE));
  slices_test_setup_wait (page);
  return page;
}

static GtkWidget *
get_row (SlicesSetupPage *page,
         const char      *id)
{
  return GTK_WIDGET (slices_test_setup_get_row (page, id));
}

/* The title of the group the row of check @id is shown in. */
static const char *
group_of (SlicesSetupPage *page,
          const char      *id)
{
  GtkWidget *group = gtk_widget_get_ancestor (get_row (page, id), ADW_TYPE_PREFERENCES_GROUP);

  g_assert_nonnull (group);
  g_assert_true (gtk_widget_get_visible (group));
  return adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group));
}

static gboolean
row_is_error (SlicesSetupPage *page,
              const char      *id)
{
  GtkImage *icon = slices_check_row_get_status_icon (SLICES_CHECK_ROW (get_row (page, id)));

  return gtk_widget_has_css_class (GTK_WIDGET (icon), "error");
}

/* --- the first screen --- */

static void
test_first_screen (void)
{
  g_autoptr(Tree) tree = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autofree char *copied = NULL;
  SlicesWindow *window;
  GtkWidget *status_page, *ways, *dkms, *xe, *copy, *check_setup;
  SlicesCheck *check;
  const SlicesFix *fix;
  SlicesSetupPage *page;

  if (slices_test_gui_should_skip ())
    return;

  tree = tree_new (slices_sim_gpu_spec_init_adl_stock);
  window = slices_window_new_with (NULL, tree->host, SLICES_BACKEND (tree->simulator), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_for_frames (GTK_WIDGET (window), 2, TIMEOUT_SECONDS));

  /* What is missing, for this GPU. */
  g_assert_cmpstr (slices_window_get_view (window), ==, "empty");
  status_page = slices_window_get_status_page (window);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==,
                   "This GPU Needs an SR-IOV Driver");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status_page)),
                            "The i915 driver of this kernel cannot make virtual functions for "
                            "Intel Alder Lake-P GPU (0000:00:02.0). Choose one of the ways"));

  /* The two ways out, the first open with its commands. */
  ways = slices_test_find_descendant (status_page, SLICES_TYPE_DRIVER_WAYS);
  g_assert_nonnull (ways);
  g_assert_true (gtk_widget_get_visible (ways));
  dkms = slices_driver_ways_get_way_row (SLICES_DRIVER_WAYS (ways),
                                         SLICES_FIX_WAY_I915_SRIOV_DKMS);
  xe = slices_driver_ways_get_way_row (SLICES_DRIVER_WAYS (ways), SLICES_FIX_WAY_XE_FORCE_PROBE);
  g_assert_nonnull (dkms);
  g_assert_nonnull (xe);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (dkms)), ==,
                   "Option 1 of 2: Install i915-sriov-dkms");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (xe)), ==,
                   "Option 2 of 2: Use the xe driver");
  g_assert_true (gtk_widget_get_prev_sibling (xe) == dkms);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (dkms)));
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (xe)));

  /* The commands are the doctor's for this computer's distribution (os-release decides). */
  check = slices_driver_ways_get_check (SLICES_DRIVER_WAYS (ways));
  doctor = slices_setup_doctor_new (tree->host, FALSE);
  slices_doctor_run (doctor);
  for (SlicesFixWay way = SLICES_FIX_WAY_I915_SRIOV_DKMS; way <= SLICES_FIX_WAY_XE_FORCE_PROBE;
       way++)
    {
      fix = first_command (check, way);
      g_assert_cmpstr (fix->text, ==,
                       first_command (slices_doctor_find_check (doctor,
                                                                SLICES_CHECK_SRIOV_DRIVER),
                                      way)->text);
      g_assert_nonnull (slices_test_find_label (way == SLICES_FIX_WAY_XE_FORCE_PROBE ? xe : dkms,
                                    fix->text));
    }
  g_assert_nonnull (strstr (first_command (check, SLICES_FIX_WAY_XE_FORCE_PROBE)->text,
                            "xe.force_probe=46a6 i915.force_probe=!46a6"));

  /* Copy: the command is on the clipboard, and the button says so. */
  fix = first_command (check, SLICES_FIX_WAY_I915_SRIOV_DKMS);
  copy = find_icon_button (dkms, "edit-copy-symbolic");
  g_assert_nonnull (copy);
  g_signal_emit_by_name (copy, "clicked");
  copied = slices_test_read_clipboard (copy, TIMEOUT_SECONDS);
  g_assert_cmpstr (copied, ==, fix->text);
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (copy)), ==, "object-select-symbolic");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (copy), ==, "Copied");

  /* Check Setup leads (first, suggested) and opens at the driver's problem. */
  check_setup = slices_window_get_check_setup_button (window);
  g_assert_true (gtk_widget_has_css_class (check_setup, "suggested-action"));
  g_assert_null (gtk_widget_get_prev_sibling (check_setup));
  g_signal_emit_by_name (check_setup, "clicked");
  page = wait_for_setup_page ();
  g_assert_true (row_is_error (page, SLICES_CHECK_SRIOV_DRIVER));
  g_assert_cmpstr (group_of (page, SLICES_CHECK_SRIOV_DRIVER), ==, "This GPU");
}

/* --- Check Setup in groups --- */

static gboolean
shows_gpu (gpointer data)
{
  return g_strcmp0 (slices_window_get_view (data), "gpu") == 0;
}

static void
test_groups (void)
{
  SlicesTestSriovDemo sriov = { 0 };
  SlicesSetupPage *page;
  SlicesWindow *window;
  const char *not_errors[] = {
    SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_KVMGT_MODULE,
    SLICES_CHECK_SLICE_TYPES,
  };
  GtkWidget *gpu_group, *vms_group;

  if (slices_test_gui_should_skip ())
    return;

  window = slices_test_sriov_demo_open (&sriov, -1, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.check-setup", NULL));
  page = wait_for_setup_page ();

  g_assert_cmpstr (group_of (page, SLICES_CHECK_GPU_GENERATION), ==, "This GPU");
  g_assert_cmpstr (group_of (page, SLICES_CHECK_SRIOV_DRIVER), ==, "This GPU");
  g_assert_cmpstr (group_of (page, SLICES_CHECK_SRIOV_HOST_BINDING), ==, "This GPU");
  g_assert_cmpstr (group_of (page, SLICES_CHECK_SRIOV_GUEST_DRIVER), ==, "Virtual Machines");
  g_assert_cmpstr (group_of (page, SLICES_CHECK_IOMMU), ==, "Virtual Machines");
  g_assert_cmpstr (group_of (page, SLICES_CHECK_LOOKING_GLASS_SHM), ==, "Looking Glass");
  g_assert_cmpstr (group_of (page, SLICES_CHECK_POLKIT_AGENT), ==, "This Computer");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     get_row (page, SLICES_CHECK_SRIOV_GUEST_DRIVER))), ==,
                   "Driver in the Guest");
  /* The GPU first, then its virtual machines. */
  gpu_group = gtk_widget_get_ancestor (get_row (page, SLICES_CHECK_SRIOV_DRIVER),
                                       ADW_TYPE_PREFERENCES_GROUP);
  vms_group = gtk_widget_get_ancestor (get_row (page, SLICES_CHECK_LIBVIRT),
                                       ADW_TYPE_PREFERENCES_GROUP);
  g_assert_true (gtk_widget_get_next_sibling (gpu_group) == vms_group ||
                 gtk_widget_get_next_sibling (gtk_widget_get_parent (gpu_group)) ==
                 gtk_widget_get_parent (vms_group));
  /* On an SR-IOV GPU nothing about GVT-g is an error. */
  for (gsize i = 0; i < G_N_ELEMENTS (not_errors); i++)
    g_assert_false (row_is_error (page, not_errors[i]));
  slices_test_sriov_demo_close (&sriov);

  /* GVT-g (the demo's Kaby Lake): no Looking Glass group, the rest as before. */
  window = slices_window_new (NULL, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (shows_gpu, window, TIMEOUT_SECONDS));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.check-setup", NULL);
  page = wait_for_setup_page ();
  g_assert_null (slices_setup_page_find_row (page, SLICES_CHECK_LOOKING_GLASS_SHM));
  g_assert_null (slices_setup_page_find_row (page, SLICES_CHECK_SRIOV_DRIVER));
  g_assert_cmpstr (group_of (page, SLICES_CHECK_SLICE_TYPES), ==, "This GPU");
  g_assert_false (row_is_error (page, SLICES_CHECK_SLICE_TYPES));
  slices_test_destroy_all_windows ();
}

/* --- the ways in Check Setup, and Looking Glass's fix --- */


static SlicesSetupPage *
open_lone_page (Tree               *tree,
                SlicesDoctor       *doctor,
                SlicesHelperClient *helper)
{
  g_autoptr(SlicesPersistence) persistence =
    slices_persistence_new (SLICES_BACKEND (tree->simulator));
  SlicesSetupPage *page = slices_setup_page_new (NULL, doctor, tree->host, persistence, helper,
                                                 NULL);

  gtk_window_present (GTK_WINDOW (page));
  slices_test_setup_wait (page);
  return page;
}

static void
test_ways_in_setup (void)
{
  g_autoptr(Tree) tree = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *system = NULL;
  SlicesSetupPage *page;
  GtkWidget *row, *first, *second;

  if (slices_test_gui_should_skip ())
    return;

  tree = tree_new (slices_sim_gpu_spec_init_adl_stock);
  system = slices_simulator_make_demo_system (&error);
  g_assert_no_error (error);
  doctor = slices_test_demo_system_doctor (tree->root, system);
  page = open_lone_page (tree, doctor, NULL);

  row = get_row (page, SLICES_CHECK_SRIOV_DRIVER);
  g_assert_true (row_is_error (page, SLICES_CHECK_SRIOV_DRIVER));
  first = slices_test_find_label (row, "Option 1 of 2: Install i915-sriov-dkms");
  second = slices_test_find_label (row, "Option 2 of 2: Use the xe driver");
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_nonnull (slices_test_find_label (row, first_command (slices_check_row_get_check (
                                                      SLICES_CHECK_ROW (row)),
                                                    SLICES_FIX_WAY_XE_FORCE_PROBE)->text));
  /* Only the driver is a problem: GuC follows from it. */
  g_assert_false (row_is_error (page, SLICES_CHECK_SRIOV_GUC));

  slices_test_destroy_all_windows ();
  slices_simulator_remove_demo_system (system);
}


static gboolean
looking_glass_set_up (gpointer data)
{
  SlicesSetupPage *page = data;
  GtkWidget *row = slices_setup_page_find_row (page, SLICES_CHECK_LOOKING_GLASS_SHM);

  return row != NULL && !slices_setup_page_get_running (page) &&
         g_strcmp0 (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                    "Looking Glass’s shared memory is set up") == 0;
}

static void
test_looking_glass_fix (void)
{
  g_autoptr(Tree) tree = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autoptr(SlicesHelperClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *system = NULL;
  g_autofree char *helper = NULL;
  g_autofree char *calls = NULL;
  g_autofree char *script = NULL;
  g_autofree char *args = NULL;
  g_autofree char *expected = NULL;
  SlicesSetupPage *page;
  GtkWidget *row, *button;

  if (slices_test_gui_should_skip ())
    return;

  tree = tree_new (slices_sim_gpu_spec_init_ptl);
  system = slices_simulator_make_demo_system (&error);
  g_assert_no_error (error);
  /* The helper's stand-in: the first call is a dismissed password prompt (126); the second
   * writes the tmpfiles line as `configure-host looking-glass USER` does. */
  helper = g_build_filename (system, "bin", "helper", NULL);
  calls = g_build_filename (system, "calls", NULL);
  script = g_strdup_printf ("#!/bin/sh\n"
                            "echo \"$*\" >> '%s'\n"
                            "[ $(wc -l < '%s') = 1 ] && exit 126\n"
                            "mkdir -p '%s/etc/tmpfiles.d'\n"
                            "echo \"f /dev/shm/looking-glass 0660 $3 kvm -\" > "
                            "'%s/etc/tmpfiles.d/gpu-slices-looking-glass.conf'\n",
                            calls, calls, system, system);
  g_assert_true (g_file_set_contents (helper, script, -1, NULL));
  g_assert_cmpint (g_chmod (helper, 0755), ==, 0);
  client = slices_helper_client_new_full (NULL, helper);
  doctor = slices_test_demo_system_doctor (tree->root, system);
  page = open_lone_page (tree, doctor, client);

  /* No VM uses it yet: a calm hint, in its own group, with the one-click fix. */
  row = get_row (page, SLICES_CHECK_LOOKING_GLASS_SHM);
  g_assert_cmpstr (group_of (page, SLICES_CHECK_LOOKING_GLASS_SHM), ==, "Looking Glass");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (slices_check_row_get_status_icon (
                                             SLICES_CHECK_ROW (row))), "accent"));
  button = slices_test_setup_find_action_button (page, SLICES_CHECK_LOOKING_GLASS_SHM,
                               SLICES_FIX_ACTION_LOOKING_GLASS);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Make It Yours at Every Boot");

  /* Dismissed: nothing said, the button back. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (slices_test_wait_until ((SlicesTestCondition) gtk_widget_get_sensitive, button,
                                         TIMEOUT_SECONDS));
  slices_test_flush_main_loop ();
  g_assert_null (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (slices_setup_page_get_n_toasts (page), ==, 0);

  /* Done: the helper got the user, a toast, and the check sees the tmpfiles line. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (slices_test_wait_until (looking_glass_set_up, page, TIMEOUT_SECONDS));
  g_assert_cmpstr (slices_setup_page_get_last_toast (page), ==,
                   "Shared memory made yours at every boot");
  g_assert_true (g_file_get_contents (calls, &args, NULL, NULL));
  expected = g_strdup_printf ("configure-host looking-glass %s\n"
                              "configure-host looking-glass %s\n", g_get_user_name (),
                              g_get_user_name ());
  g_assert_cmpstr (args, ==, expected);

  slices_test_destroy_all_windows ();
  slices_simulator_remove_demo_system (system);
}

/* --- the deep link --- */

static gboolean
highlight_in_view (gpointer data)
{
  SlicesSetupPage *page = data;
  GtkWidget *row = slices_setup_page_find_row (page, SLICES_CHECK_SRIOV_GUEST_DRIVER);
  GtkWidget *scroller = row != NULL ? gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW)
                                    : NULL;
  GtkAdjustment *adjustment;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (page));

  /* The row's own ancestors: a command's scroller is never above a row. */
  if (scroller == NULL ||
      g_strcmp0 (slices_setup_page_get_highlighted (page), SLICES_CHECK_SRIOV_GUEST_DRIVER) != 0)
    return FALSE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  /* Scrolled down to it, and the keyboard is there (on the row's header). */
  return gtk_adjustment_get_value (adjustment) > 0 && focus != NULL &&
         (focus == row || gtk_widget_is_ancestor (focus, row));
}

static void
assert_opened_at_guest_driver (void)
{
  SlicesSetupPage *page = wait_for_setup_page ();
  GtkWidget *row = get_row (page, SLICES_CHECK_SRIOV_GUEST_DRIVER);

  g_assert_true (slices_test_wait_until (highlight_in_view, page, TIMEOUT_SECONDS));
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_true (gtk_widget_has_css_class (row, "setup-highlight"));
  /* One row is highlighted, not every one. */
  g_assert_false (gtk_widget_has_css_class (get_row (page, SLICES_CHECK_SRIOV_DRIVER),
                                            "setup-highlight"));
  /* Checking again keeps the place. */
  slices_setup_page_refresh (page);
  g_assert_true (slices_test_wait_until (slices_test_setup_page_has_run, page, TIMEOUT_SECONDS));
  g_assert_cmpstr (slices_setup_page_get_highlighted (page), ==, SLICES_CHECK_SRIOV_GUEST_DRIVER);
  gtk_window_destroy (GTK_WINDOW (page));
}

static void
test_deep_link (void)
{
  SlicesTestSriovDemo sriov = { 0 };
  SlicesAttachWizard *wizard;
  SlicesWindow *window;

  if (slices_test_gui_should_skip ())
    return;

  /* Small enough that the check is below the fold. */
  window = slices_test_sriov_demo_open (&sriov, 800, 600);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.check-setup-at", "s",
                              SLICES_CHECK_SRIOV_GUEST_DRIVER);
  assert_opened_at_guest_driver ();

  /* The wizard's guest-driver row (its action, with the check's id) opens it there too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.attach-slice", "s", VF1);
  wizard = slices_test_get_wizard ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.check-setup", "s",
                                             SLICES_CHECK_SRIOV_GUEST_DRIVER));
  assert_opened_at_guest_driver ();

  slices_test_sriov_demo_close (&sriov);
}

int
main (int   argc,
      char *argv[])
{
  slices_test_gui_init (&argc, &argv);

  g_test_add_func ("/slices/sriov-setup-gui/first-screen", test_first_screen);
  g_test_add_func ("/slices/sriov-setup-gui/groups", test_groups);
  g_test_add_func ("/slices/sriov-setup-gui/ways-in-setup", test_ways_in_setup);
  g_test_add_func ("/slices/sriov-setup-gui/looking-glass-fix", test_looking_glass_fix);
  g_test_add_func ("/slices/sriov-setup-gui/deep-link", test_deep_link);

  return g_test_run ();
}

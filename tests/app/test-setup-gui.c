/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup, "Keep after restart" and the NixOS configuration, driven through the real
 * widgets under Xvfb: the page on fake systems with one failure each (the failing row shows
 * an error and the summary counts it), the healthy demo, copying a fix's command, the empty
 * state's way in, the slice row's switch against the simulator's store, and the snippet with
 * the demo's slices.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "slices-check-row.h"
#include "slices-create-dialog.h"
#include "slices-doctor.h"
#include "slices-gpu.h"
#include "slices-gpu-page.h"
#include "slices-helper-client.h"
#include "slices-host.h"
#include "slices-libvirt.h"
#include "slices-mdevctl.h"
#include "slices-nixos-view.h"
#include "slices-persistence.h"
#include "slices-setup-page.h"
#include "slices-simulator.h"
#include "slices-slice.h"
#include "slices-slice-row.h"
#include "slices-vm-tracker.h"
#include "slices-window.h"
#include "slices-window-vms.h"
#include "slices-test-gui-util.h"
#include "slices-test-setup-util.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 10
#define KBL_HD620 0x5916
#define ICL_IRIS  0x8a52
#define UUID_A "4b20d080-1b54-4048-85b3-a6a62d165c01"
#define UUID_B "4b20d080-1b54-4048-85b3-a6a62d165c02"

static gboolean skip_all;

static gboolean
should_skip (void)
{
  if (skip_all)
    g_test_skip ("No X display (DISPLAY is unset): the GUI tests run under xvfb-run, "
                 "as build-aux/test does");
  return skip_all;
}

/* Waiting on the main loop, never sleeping */

static gboolean
has_setup_page (gpointer data)
{
  return slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE) != NULL;
}

static gboolean
has_nixos_view (gpointer data)
{
  return slices_test_find_toplevel (SLICES_TYPE_NIXOS_VIEW) != NULL;
}

/* A fake system in a temporary folder (as tests/test-doctor.c builds them): ROOT/sys,
 * ROOT/root (etc), ROOT/dev, ROOT/proc, ROOT/log, ROOT/bin/mdevctl. */

typedef struct {
  char *base;
  char *sys;
  char *root;
  char *dev;
  char *proc;
  char *log;
  char *mdevctl;
  GHashTable *none_defined;  /* what env.mdevctl_defined points at: mdevctl keeps nothing */
  const char *groups[4];
  SlicesDoctorEnv env;
} FakeSystem;

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0644, &error);
  g_assert_no_error (error);
}

static void
make_link (const char *target,
           const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

static void
sys_write (FakeSystem *fake,
           const char *relative,
           const char *contents)
{
  g_autofree char *path = g_build_filename (fake->sys, relative, NULL);

  write_file (path, contents);
}

static void
sys_mkdir (FakeSystem *fake,
           const char *relative)
{
  g_autofree char *path = g_build_filename (fake->sys, relative, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

static void
sys_remove (FakeSystem *fake,
            const char *relative)
{
  g_autofree char *path = g_build_filename (fake->sys, relative, NULL);

  g_assert_true (slices_test_remove_tree (path));
}

static void
add_gpu (FakeSystem *fake,
         guint       device_id)
{
  const char *dir = "devices/pci0000:00/0000:00:02.0";
  g_autofree char *file = NULL;
  g_autofree char *value = g_strdup_printf ("0x%04x\n", device_id);
  g_autofree char *link = NULL;
  g_autofree char *dev_node = NULL;

  file = g_strdup_printf ("%s/vendor", dir);
  sys_write (fake, file, "0x8086\n");
  g_free (file);
  file = g_strdup_printf ("%s/device", dir);
  sys_write (fake, file, value);
  g_free (file);
  file = g_strdup_printf ("%s/class", dir);
  sys_write (fake, file, "0x030000\n");

  link = g_build_filename (fake->sys, "bus/pci/devices/0000:00:02.0", NULL);
  make_link ("../../../devices/pci0000:00/0000:00:02.0", link);
  g_free (link);
  sys_mkdir (fake, "bus/pci/drivers/i915");
  link = g_build_filename (fake->sys, dir, "driver", NULL);
  make_link ("../../../bus/pci/drivers/i915", link);

  g_free (file);
  file = g_strdup_printf ("%s/drm/renderD128/uevent", dir);
  sys_write (fake, file, "MAJOR=226\nMINOR=128\nDEVNAME=dri/renderD128\nDEVTYPE=drm_minor\n");
  dev_node = g_build_filename (fake->dev, "dri", "renderD128", NULL);
  write_file (dev_node, "");
  g_assert_cmpint (g_chmod (dev_node, 0666), ==, 0);
}

static void
add_type (FakeSystem *fake,
          const char *type_id,
          int         available)
{
  g_autofree char *type_dir = g_strdup_printf ("devices/pci0000:00/0000:00:02.0/"
                                               "mdev_supported_types/%s", type_id);
  g_autofree char *file = NULL;
  g_autofree char *value = g_strdup_printf ("%d\n", available);

  file = g_strdup_printf ("%s/available_instances", type_dir);
  sys_write (fake, file, value);
  g_free (file);
  file = g_strdup_printf ("%s/device_api", type_dir);
  sys_write (fake, file, "vfio-pci\n");
  g_free (file);
  file = g_strdup_printf ("%s/devices", type_dir);
  sys_mkdir (fake, file);
}

/* A healthy Kaby Lake laptop on Debian 12. */
static FakeSystem *
fake_system_new_healthy (void)
{
  FakeSystem *fake = g_new0 (FakeSystem, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *os_release = NULL;
  g_autofree char *contents = NULL;

  fake->base = g_dir_make_tmp ("test-setup-gui-XXXXXX", &error);
  g_assert_no_error (error);
  fake->sys = g_build_filename (fake->base, "sys", NULL);
  fake->root = g_build_filename (fake->base, "root", NULL);
  fake->dev = g_build_filename (fake->base, "dev", NULL);
  fake->proc = g_build_filename (fake->base, "proc", NULL);
  fake->log = g_build_filename (fake->base, "log", NULL);
  fake->mdevctl = g_build_filename (fake->base, "bin", "mdevctl", NULL);

  add_gpu (fake, KBL_HD620);
  add_type (fake, "i915-GVTg_V5_4", 5);
  add_type (fake, "i915-GVTg_V5_8", 7);
  sys_write (fake, "module/i915/parameters/enable_gvt", "Y\n");
  sys_write (fake, "module/i915/parameters/enable_guc", "-1\n");
  sys_mkdir (fake, "module/kvmgt");
  sys_mkdir (fake, "module/vfio/parameters");
  sys_mkdir (fake, "module/mdev");
  sys_mkdir (fake, "module/vfio_iommu_type1/parameters");
  sys_mkdir (fake, "class/iommu/dmar0");

  os_release = g_test_build_filename (G_TEST_DIST, "data", "doctor", "os-release-debian12",
                                      NULL);
  g_assert_true (g_file_get_contents (os_release, &contents, NULL, NULL));
  path = g_build_filename (fake->root, "etc", "os-release", NULL);
  write_file (path, contents);
  g_free (path);

  path = g_strdup_printf ("%s/%u/comm", fake->proc, (guint) getpid ());
  write_file (path, "gnome-shell\n");
  g_free (path);
  path = g_strdup_printf ("%s/%u/cmdline", fake->proc, (guint) getpid ());
  write_file (path, "/usr/bin/gnome-shell");

  g_assert_cmpint (g_mkdir_with_parents (fake->log, 0755), ==, 0);
  write_file (fake->mdevctl, "#!/bin/sh\necho '[]'\n");
  g_assert_cmpint (g_chmod (fake->mdevctl, 0755), ==, 0);

  fake->groups[0] = "users";
  fake->groups[1] = "libvirt";
  fake->groups[2] = "render";
  fake->env.sysfs_root = fake->sys;
  fake->env.root_dir = fake->root;
  fake->env.dev_root = fake->dev;
  fake->env.proc_root = fake->proc;
  fake->env.qemu_log_dir = fake->log;
  fake->env.mdevctl_path = fake->mdevctl;
  fake->none_defined = slices_mdev_definitions_new ();
  fake->env.mdevctl_defined = fake->none_defined;
  fake->env.libvirt_state = SLICES_LIBVIRT_STATE_OK;
  fake->env.user_groups = fake->groups;
  fake->env.user_name = "alice";
  return fake;
}

static void
fake_system_free (FakeSystem *fake)
{
  g_assert_true (slices_test_remove_tree (fake->base));
  g_free (fake->base);
  g_free (fake->sys);
  g_free (fake->root);
  g_free (fake->dev);
  g_free (fake->proc);
  g_free (fake->log);
  g_free (fake->mdevctl);
  g_hash_table_unref (fake->none_defined);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeSystem, fake_system_free)

/* Check Setup */

/* A page without the main window: it keeps slices through @backend, and runs the fixes that need
 * root through @helper (NULL: as in the demo). */
static SlicesSetupPage *
new_lone_page (SlicesDoctor       *doctor,
               SlicesBackend      *backend,
               SlicesHelperClient *helper)
{
  g_autoptr(SlicesPersistence) persistence = slices_persistence_new (backend);

  return slices_setup_page_new (NULL, doctor, NULL, persistence, helper, NULL);
}

/* Opens the page on @fake, with a simulator (nothing kept) as backend. */
static SlicesSetupPage *
open_page_on (FakeSystem       *fake,
              SlicesSimulator **out_simulator)
{
  g_autoptr(SlicesDoctor) doctor = slices_doctor_new (&fake->env);
  g_autoptr(GError) error = NULL;
  SlicesSimulator *simulator = slices_simulator_new_demo (&error);
  SlicesSetupPage *page;

  g_assert_no_error (error);
  page = new_lone_page (doctor, SLICES_BACKEND (simulator), NULL);
  gtk_window_present (GTK_WINDOW (page));
  slices_test_setup_wait (page);
  *out_simulator = simulator;
  return page;
}


/* What a person sees on the row: the icon, its colour and its accessible name. */
static void
assert_row_status (SlicesSetupPage *page,
                   const char      *id,
                   const char      *icon_name,
                   const char      *style)
{
  GtkImage *icon = slices_check_row_get_status_icon (slices_test_setup_get_row (page, id));

  g_assert_cmpstr (gtk_image_get_icon_name (icon), ==, icon_name);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (icon), style));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (icon)));
}

static guint
count_rows_with_class (SlicesSetupPage *page,
                       const char      *style)
{
  SlicesDoctor *doctor = slices_setup_page_get_doctor (page);
  GListModel *checks = slices_doctor_get_checks (doctor);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (checks, i);
      GtkWidget *row = slices_setup_page_find_row (page, slices_check_get_id (check));
      GtkImage *icon;

      /* Only a check that follows from another has no row. */
      g_assert_true (row != NULL || slices_check_get_blocked_by (check) != NULL);
      if (row == NULL)
        continue;
      icon = slices_check_row_get_status_icon (SLICES_CHECK_ROW (row));
      if (gtk_widget_has_css_class (GTK_WIDGET (icon), style))
        n++;
    }
  return n;
}

static char *
dup_expected_summary (SlicesDoctor *doctor)
{
  guint problems = slices_doctor_count (doctor, SLICES_CHECK_STATUS_ERROR) +
                   slices_doctor_count (doctor, SLICES_CHECK_STATUS_WARNING);

  if (problems == 0)
    return g_strdup ("No problems found");
  if (problems == 1)
    return g_strdup ("1 problem found");
  return g_strdup_printf ("%u problems found", problems);
}

static void
test_guc_submission (void)
{
  g_autoptr(FakeSystem) fake = NULL;
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autofree char *expected = NULL;
  SlicesSetupPage *page;
  SlicesDoctor *doctor;

  if (should_skip ())
    return;

  fake = fake_system_new_healthy ();
  sys_write (fake, "module/i915/parameters/enable_guc", "3\n");
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types");
  page = open_page_on (fake, &simulator);
  doctor = slices_setup_page_get_doctor (page);

  assert_row_status (page, SLICES_CHECK_GUC_SUBMISSION, "dialog-error-symbolic", "error");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (
                              ADW_EXPANDER_ROW (slices_test_setup_get_row (page, SLICES_CHECK_GUC_SUBMISSION))),
                            "enable_guc=3"));
  assert_row_status (page, SLICES_CHECK_GVT_PARAMETER, "emblem-ok-symbolic", "success");
  assert_row_status (page, SLICES_CHECK_SLICE_TYPES, "dialog-error-symbolic", "error");

  /* The summary counts what the rows show. */
  expected = dup_expected_summary (doctor);
  g_assert_cmpstr (slices_setup_page_get_summary (page), ==, expected);
  g_assert_cmpstr (expected, !=, "No problems found");
  g_assert_cmpuint (count_rows_with_class (page, "error"), ==,
                    slices_doctor_count (doctor, SLICES_CHECK_STATUS_ERROR));
  g_assert_cmpuint (count_rows_with_class (page, "error"), >=, 2);
  g_assert_cmpstr (gtk_image_get_icon_name (slices_setup_page_get_summary_icon (page)), ==,
                   "dialog-error-symbolic");

  slices_test_destroy_all_windows ();
}

static void
test_ice_lake (void)
{
  g_autoptr(FakeSystem) fake = NULL;
  g_autoptr(SlicesSimulator) simulator = NULL;
  SlicesSetupPage *page;
  const char *subtitle;

  if (should_skip ())
    return;

  fake = fake_system_new_healthy ();
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0");
  sys_remove (fake, "bus/pci/devices/0000:00:02.0");
  add_gpu (fake, ICL_IRIS);
  /* No IOMMU: only a hint, which never looks alarming. */
  sys_remove (fake, "class/iommu");
  page = open_page_on (fake, &simulator);

  assert_row_status (page, SLICES_CHECK_GPU_GENERATION, "dialog-error-symbolic", "error");
  subtitle = adw_expander_row_get_subtitle (
               ADW_EXPANDER_ROW (slices_test_setup_get_row (page, SLICES_CHECK_GPU_GENERATION)));
  g_assert_nonnull (strstr (subtitle, "Ice Lake"));
  /* What follows from the GPU is not another failure, nor a row of its own. */
  g_assert_null (slices_setup_page_find_row (page, SLICES_CHECK_SLICE_TYPES));

  g_assert_true (slices_check_get_informational (slices_check_row_get_check (
                    slices_test_setup_get_row (page, SLICES_CHECK_IOMMU))));
  assert_row_status (page, SLICES_CHECK_IOMMU, "dialog-information-symbolic", "accent");
  g_assert_false (gtk_widget_has_css_class (
                    GTK_WIDGET (slices_check_row_get_status_icon (
                                  slices_test_setup_get_row (page, SLICES_CHECK_IOMMU))), "error"));

  slices_test_destroy_all_windows ();
}

/* Every label's text inside @widget, one a line. */
static char *
dup_row_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);
  GtkWidget *child;

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *inner = dup_row_text (child);

      g_string_append (text, inner);
    }
  return g_string_free (text, FALSE);
}

/* No Intel GPU at all: the page leads with that one cause, open; the checks that follow from
 * it are not problems of their own and offer no fixes (no "load kvmgt" for a dead end); GuC
 * submission is not green. */
static void
test_no_gpu (void)
{
  g_autoptr(FakeSystem) fake = NULL;
  g_autoptr(SlicesSimulator) simulator = NULL;
  const char *dependent[] = {
    SLICES_CHECK_GVT_PARAMETER, SLICES_CHECK_GUC_SUBMISSION, SLICES_CHECK_KVMGT_MODULE,
    SLICES_CHECK_VFIO_MODULES, SLICES_CHECK_SLICE_TYPES, SLICES_CHECK_ROOM,
    SLICES_CHECK_RENDER_NODE,
  };
  SlicesSetupPage *page;
  SlicesCheckRow *root;
  GtkWidget *first;
  g_autofree char *root_text = NULL;

  if (should_skip ())
    return;

  fake = fake_system_new_healthy ();
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0");
  sys_remove (fake, "bus/pci/devices/0000:00:02.0");
  sys_remove (fake, "module/kvmgt");
  sys_remove (fake, "module/i915");
  page = open_page_on (fake, &simulator);

  g_assert_cmpstr (slices_setup_page_get_summary (page), ==, "1 problem found");
  g_assert_cmpuint (count_rows_with_class (page, "error"), ==, 1);
  root = slices_test_setup_get_row (page, SLICES_CHECK_GPU_GENERATION);
  assert_row_status (page, SLICES_CHECK_GPU_GENERATION, "dialog-error-symbolic", "error");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (root)),
                            "No Intel GPU"));
  first = gtk_widget_get_first_child (gtk_widget_get_parent (GTK_WIDGET (root)));
  g_assert_true (first == GTK_WIDGET (root));
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (root)));
  root_text = dup_row_text (GTK_WIDGET (root));
  g_assert_nonnull (strstr (root_text, "follows from this"));

  for (guint i = 0; i < G_N_ELEMENTS (dependent); i++)
    {
      SlicesCheck *check = slices_doctor_find_check (slices_setup_page_get_doctor (page),
                                                     dependent[i]);

      /* Not a row of its own, no fix of its own: the root cause names it. */
      g_assert_null (slices_setup_page_find_row (page, dependent[i]));
      g_assert_cmpstr (slices_check_get_blocked_by (check), ==, SLICES_CHECK_GPU_GENERATION);
      g_assert_cmpuint (slices_check_get_fixes (check)->len, ==, 0);
      g_assert_nonnull (strstr (root_text, slices_check_row_get_check_name (dependent[i])));
    }

  slices_test_destroy_all_windows ();
}

/* The copy button of a command fix puts exactly the command on the clipboard. */
static void
test_copy_command (void)
{
  g_autoptr(FakeSystem) fake = NULL;
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autofree char *text = NULL;
  SlicesSetupPage *page;
  SlicesCheckRow *row;
  GPtrArray *fixes;
  GtkWidget *button = NULL;
  const SlicesFix *fix = NULL;

  if (should_skip ())
    return;

  fake = fake_system_new_healthy ();
  sys_write (fake, "module/i915/parameters/enable_guc", "3\n");
  page = open_page_on (fake, &simulator);
  row = slices_test_setup_get_row (page, SLICES_CHECK_GUC_SUBMISSION);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

  fixes = slices_check_get_fixes (slices_check_row_get_check (row));
  for (guint i = 0; i < fixes->len && button == NULL; i++)
    {
      fix = g_ptr_array_index (fixes, i);
      if (fix->kind == SLICES_FIX_COMMAND)
        button = slices_check_row_get_fix_button (row, i);
    }
  g_assert_nonnull (button);
  g_assert_nonnull (strstr (fix->text, "i915.enable_guc=2"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Copy Command");
  /* The command is one monospace line that scrolls sideways, never wrapped mid-statement. */
  {
    GtkWidget *scroller = gtk_widget_get_prev_sibling (button);
    GtkWidget *label = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
    GtkPolicyType hpolicy;

    if (GTK_IS_VIEWPORT (label))
      label = gtk_viewport_get_child (GTK_VIEWPORT (label));
    g_assert_true (GTK_IS_LABEL (label));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, fix->text);
    g_assert_false (gtk_label_get_wrap (GTK_LABEL (label)));
    g_assert_true (gtk_widget_has_css_class (label, "monospace"));
    gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (scroller), &hpolicy, NULL);
    g_assert_cmpint (hpolicy, ==, GTK_POLICY_AUTOMATIC);
  }

  g_signal_emit_by_name (button, "clicked");
  text = slices_test_read_clipboard (GTK_WIDGET (page), TIMEOUT_SECONDS);
  g_assert_cmpstr (text, ==, fix->text);
  g_assert_cmpstr (slices_setup_page_get_last_toast (page), ==, "Copied");

  /* Refresh keeps the row open. */
  slices_setup_page_refresh (page);
  g_assert_true (slices_setup_page_get_running (page));
  g_assert_false (gtk_widget_get_sensitive (slices_setup_page_get_refresh_button (page)));
  slices_test_setup_wait (page);
  g_assert_true (adw_expander_row_get_expanded (
                   ADW_EXPANDER_ROW (slices_test_setup_get_row (page, SLICES_CHECK_GUC_SUBMISSION))));

  /* Closed while checking: the late answers touch nothing. */
  slices_setup_page_refresh (page);
  g_assert_true (slices_setup_page_get_running (page));
  slices_test_destroy_all_windows ();
}

/* Which slices the window's slice rows show as kept after restart. */
static SlicesPersistence *
get_persistence (SlicesWindow *window)
{
  return slices_app_session_get_persistence (slices_window_get_session (window));
}

static gboolean
is_demo_view (gpointer data)
{
  SlicesWindow *window = data;

  return slices_window_get_demo (window) &&
         g_strcmp0 (slices_window_get_view (window), "gpu") == 0 &&
         slices_persistence_get_known (get_persistence (window));
}

static SlicesWindow *
open_demo_window (void)
{
  SlicesWindow *window = slices_window_new (NULL, TRUE);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_until (is_demo_view, window, TIMEOUT_SECONDS));
  return window;
}

static void
create_demo_slice (SlicesWindow *window,
                   const char   *type_id,
                   const char   *uuid)
{
  SlicesSimulator *simulator = SLICES_SIMULATOR (slices_window_get_backend (window));

  g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", type_id, uuid, 36),
                   ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
}

static SlicesSetupPage *
open_setup_from (SlicesWindow *window)
{
  SlicesSetupPage *page;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.check-setup", NULL);
  g_assert_true (slices_test_wait_until (has_setup_page, NULL, TIMEOUT_SECONDS));
  page = SLICES_SETUP_PAGE (slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (page)) == GTK_WINDOW (window));
  slices_test_setup_wait (page);
  return page;
}

static gboolean
store_has_a (gpointer data)
{
  g_autoptr(GHashTable) defined = slices_simulator_dup_defined (data);

  return g_hash_table_contains (defined, UUID_A);
}

static gboolean
store_lacks_a (gpointer data)
{
  return !store_has_a (data);
}

static gboolean
has_vm_recipe_check (gpointer data)
{
  return slices_doctor_find_check (slices_setup_page_get_doctor (data),
                                   SLICES_CHECK_VM_RECIPE) != NULL;
}

static gboolean
has_repair_dialog (gpointer data)
{
  GtkWindow *dialog = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL &&
         g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                    "Repair gvt-legacy?") == 0;
}

/* The one action fix of @id's row, clicked. */
static void
click_action_fix (SlicesSetupPage *page,
                  const char      *id,
                  const char      *action)
{
  SlicesCheckRow *row = slices_test_setup_get_row (page, id);
  GPtrArray *fixes = slices_check_get_fixes (slices_check_row_get_check (row));
  GtkWidget *button = NULL;

  for (guint i = 0; i < fixes->len && button == NULL; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (fixes, i);

      if (fix->kind == SLICES_FIX_ACTION)
        {
          g_assert_cmpstr (fix->text, ==, action);
          button = slices_check_row_get_fix_button (row, i);
        }
    }
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* The demo is healthy but for its VM with the old GVT-g recipe (gvt-legacy), whose slice is
 * gone too, and whose Repair opens the review of the change; its one warning (a slice that vanishes at restart) has a
 * one-click fix that keeps it through the backend. */
static void
test_demo (void)
{
  SlicesWindow *window;
  SlicesSetupPage *page;
  SlicesDoctor *doctor;
  SlicesCheckRow *row;
  SlicesSimulator *simulator;
  GPtrArray *fixes;
  GtkWidget *button = NULL;

  if (should_skip ())
    return;

  window = open_demo_window ();
  page = open_setup_from (window);
  doctor = slices_setup_page_get_doctor (page);
  /* Once the window lists the demo's VMs. */
  g_assert_true (slices_test_wait_until (has_vm_recipe_check, page, TIMEOUT_SECONDS));
  slices_test_setup_wait (page);
  assert_row_status (page, SLICES_CHECK_VM_RECIPE, "dialog-error-symbolic", "error");
  g_assert_nonnull (strstr (slices_check_get_title (slices_doctor_find_check (
                              doctor, SLICES_CHECK_VM_RECIPE)), "gvt-legacy"));
  /* And vm-slices: its slice is not on the demo GPU, as after a restart without mdevctl. */
  assert_row_status (page, SLICES_CHECK_VM_SLICES, "dialog-error-symbolic", "error");
  g_assert_cmpuint (count_rows_with_class (page, "error"), ==, 2);
  click_action_fix (page, SLICES_CHECK_VM_RECIPE, SLICES_FIX_ACTION_REPAIR_VMS);
  g_assert_true (slices_test_wait_until (has_repair_dialog, NULL, TIMEOUT_SECONDS));
  gtk_window_destroy (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  /* Made-up results say so, never "checked on this computer". */
  g_assert_true (g_str_has_prefix (slices_setup_page_get_intro (page), "Simulated"));
  g_assert_null (strstr (slices_setup_page_get_intro (page), "checked on this computer"));
  assert_row_status (page, SLICES_CHECK_GPU_GENERATION, "emblem-ok-symbolic", "success");
  assert_row_status (page, SLICES_CHECK_SLICE_TYPES, "emblem-ok-symbolic", "success");
  assert_row_status (page, SLICES_CHECK_RENDER_NODE, "emblem-ok-symbolic", "success");
  assert_row_status (page, SLICES_CHECK_PERSISTENCE, "emblem-ok-symbolic", "success");
  gtk_window_destroy (GTK_WINDOW (page));

  simulator = SLICES_SIMULATOR (slices_window_get_backend (window));
  create_demo_slice (window, "i915-GVTg_V5_4", UUID_A);
  page = open_setup_from (window);
  assert_row_status (page, SLICES_CHECK_PERSISTENCE, "dialog-warning-symbolic", "warning");
  g_assert_cmpstr (slices_setup_page_get_summary (page), ==, "3 problems found");

  row = slices_test_setup_get_row (page, SLICES_CHECK_PERSISTENCE);
  fixes = slices_check_get_fixes (slices_check_row_get_check (row));
  for (guint i = 0; i < fixes->len && button == NULL; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (fixes, i);

      if (fix->kind == SLICES_FIX_ACTION)
        {
          g_assert_cmpstr (fix->text, ==, SLICES_FIX_ACTION_PERSIST_SLICES);
          button = slices_check_row_get_fix_button (row, i);
        }
    }
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (slices_test_wait_until (store_has_a, simulator, TIMEOUT_SECONDS));
  slices_test_setup_wait (page);
  g_assert_cmpstr (slices_setup_page_get_last_toast (page), ==, "Slice kept after restart");
  assert_row_status (page, SLICES_CHECK_PERSISTENCE, "emblem-ok-symbolic", "success");
  g_assert_cmpstr (slices_setup_page_get_summary (page), ==, "2 problems found");

  slices_test_destroy_all_windows ();
}

/* Without a GVT-g GPU the empty state leads to Check Setup. */
static void
test_empty_state (void)
{
  g_autoptr(FakeSystem) fake = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autoptr(GError) error = NULL;
  SlicesWindow *window;
  SlicesSetupPage *page;
  GtkWidget *button;

  if (should_skip ())
    return;

  /* An Ice Lake laptop: a GPU, but not one with GVT-g. */
  fake = fake_system_new_healthy ();
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0");
  sys_remove (fake, "bus/pci/devices/0000:00:02.0");
  add_gpu (fake, ICL_IRIS);
  host = slices_host_new (fake->sys);
  simulator = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  window = slices_window_new_with (NULL, host, SLICES_BACKEND (simulator), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));
  g_assert_cmpstr (slices_window_get_view (window), ==, "empty");

  button = slices_window_get_check_setup_button (window);
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Check Setup");
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (slices_test_wait_until (has_setup_page, NULL, TIMEOUT_SECONDS));
  page = SLICES_SETUP_PAGE (slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE));
  slices_test_setup_wait (page);
  /* It checks what the window shows: the Ice Lake GPU of the fake tree. */
  assert_row_status (page, SLICES_CHECK_GPU_GENERATION, "dialog-error-symbolic", "error");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (
                              ADW_EXPANDER_ROW (slices_test_setup_get_row (page, SLICES_CHECK_GPU_GENERATION))),
                            "Ice Lake"));

  slices_test_destroy_all_windows ();
}

/* The libvirt check tells what the window's own connection found. */

static gboolean
tracker_settled (gpointer data)
{
  SlicesVmTrackerState state = slices_vm_tracker_get_state (data);

  return state == SLICES_VM_TRACKER_READY || state == SLICES_VM_TRACKER_FAILED;
}

static void
assert_libvirt_row (const char *uri,
                    const char *icon_name,
                    const char *style,
                    const char *title_part)
{
  g_autoptr(FakeSystem) fake = fake_system_new_healthy ();
  g_autoptr(SlicesHost) host = slices_host_new (fake->sys);
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autoptr(SlicesLibvirt) libvirt = slices_libvirt_new (uri);
  g_autoptr(GError) error = NULL;
  SlicesWindow *window;
  SlicesSetupPage *page;

  simulator = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  window = slices_window_new_with (NULL, host, SLICES_BACKEND (simulator), FALSE);
  slices_window_set_libvirt (window, libvirt);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_until (tracker_settled, slices_window_get_vm_tracker (window),
                                         TIMEOUT_SECONDS));

  page = open_setup_from (window);
  assert_row_status (page, SLICES_CHECK_LIBVIRT, icon_name, style);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (
                              ADW_EXPANDER_ROW (slices_test_setup_get_row (page, SLICES_CHECK_LIBVIRT))),
                            title_part));

  slices_test_destroy_all_windows ();
}

static void
test_libvirt (void)
{
  if (should_skip ())
    return;

  assert_libvirt_row ("test:///default", "emblem-ok-symbolic", "success",
                      "libvirt answers at test:///default");
  assert_libvirt_row ("qemu+unix:///system?socket=/nonexistent", "dialog-error-symbolic",
                      "error", "libvirt does not answer");
}

/* "Keep after restart" */

typedef struct {
  SlicesWindow *window;
  const char *uuid;
  gboolean state;
} SwitchWait;

static SlicesSliceRow *
find_slice_row (SlicesWindow *window,
                const char   *uuid)
{
  GtkWidget *row = slices_gpu_page_find_slice_row (
                     SLICES_GPU_PAGE (slices_window_get_gpu_page (window)), uuid);

  return row != NULL ? SLICES_SLICE_ROW (row) : NULL;
}

static gboolean
switch_shows (gpointer data)
{
  SwitchWait *wait = data;
  SlicesSliceRow *row = find_slice_row (wait->window, wait->uuid);
  GtkSwitch *keep;

  if (row == NULL)
    return FALSE;
  keep = slices_slice_row_get_keep_switch (row);
  return gtk_widget_get_visible (GTK_WIDGET (keep)) &&
         gtk_switch_get_state (keep) == wait->state &&
         gtk_switch_get_active (keep) == wait->state;
}

static void
test_keep_switch (void)
{
  SlicesWindow *window;
  SlicesSimulator *simulator;
  GtkSwitch *keep;
  SwitchWait wait;

  if (should_skip ())
    return;

  window = open_demo_window ();
  simulator = SLICES_SIMULATOR (slices_window_get_backend (window));
  g_assert_cmpint (slices_persistence_get_support (get_persistence (window)), ==,
                   SLICES_PERSIST_AVAILABLE);
  create_demo_slice (window, "i915-GVTg_V5_4", UUID_A);
  create_demo_slice (window, "i915-GVTg_V5_8", UUID_B);

  wait = (SwitchWait) { window, UUID_A, FALSE };
  g_assert_true (slices_test_wait_until (switch_shows, &wait, TIMEOUT_SECONDS));
  keep = slices_slice_row_get_keep_switch (find_slice_row (window, UUID_A));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (keep)));

  /* On: the simulator's store keeps it, the switch follows. */
  gtk_switch_set_active (keep, TRUE);
  g_assert_true (slices_test_wait_until (store_has_a, simulator, TIMEOUT_SECONDS));
  wait.state = TRUE;
  g_assert_true (slices_test_wait_until (switch_shows, &wait, TIMEOUT_SECONDS));
  g_assert_true (slices_persistence_is_kept (get_persistence (window), UUID_A));
  g_assert_false (slices_persistence_is_kept (get_persistence (window), UUID_B));

  /* It survives a refresh (and another process's view of the store). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  slices_test_flush_main_loop ();
  g_assert_true (slices_test_wait_until (switch_shows, &wait, TIMEOUT_SECONDS));
  {
    g_autoptr(SlicesSimulator) other = slices_simulator_new (slices_simulator_get_root (simulator));
    g_autoptr(GHashTable) defined = slices_simulator_dup_defined (other);
    SlicesMdevDefinition *definition = g_hash_table_lookup (defined, UUID_A);

    g_assert_nonnull (definition);
    g_assert_cmpstr (definition->type_id, ==, "i915-GVTg_V5_4");
    g_assert_true (slices_mdev_definition_is_auto (definition));
  }
  {
    SwitchWait other = { window, UUID_B, FALSE };

    g_assert_true (slices_test_wait_until (switch_shows, &other, TIMEOUT_SECONDS));
  }

  /* Off again. */
  keep = slices_slice_row_get_keep_switch (find_slice_row (window, UUID_A));
  gtk_switch_set_active (keep, FALSE);
  g_assert_true (slices_test_wait_until (store_lacks_a, simulator, TIMEOUT_SECONDS));
  wait.state = FALSE;
  g_assert_true (slices_test_wait_until (switch_shows, &wait, TIMEOUT_SECONDS));

  slices_test_destroy_all_windows ();
}

static gboolean
has_n_slice_rows_2 (gpointer data)
{
  return slices_gpu_page_count_slice_rows (
           SLICES_GPU_PAGE (slices_window_get_gpu_page (data))) == 2;
}

static void
test_nixos_view (void)
{
  SlicesWindow *window;
  SlicesNixosView *view;
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;

  if (should_skip ())
    return;

  window = open_demo_window ();
  create_demo_slice (window, "i915-GVTg_V5_4", UUID_A);
  create_demo_slice (window, "i915-GVTg_V5_8", UUID_B);
  g_assert_true (slices_test_wait_until (has_n_slice_rows_2, window, TIMEOUT_SECONDS));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.nixos-config", NULL);
  g_assert_true (slices_test_wait_until (has_nixos_view, NULL, TIMEOUT_SECONDS));
  view = SLICES_NIXOS_VIEW (slices_test_find_toplevel (SLICES_TYPE_NIXOS_VIEW));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, view, TIMEOUT_SECONDS));

  text = slices_nixos_view_dup_text (view);
  g_assert_nonnull (strstr (text, "virtualisation.kvmgt.enable = true;"));
  g_assert_nonnull (strstr (text, "\"i915-GVTg_V5_4\""));
  g_assert_nonnull (strstr (text, UUID_A));
  g_assert_nonnull (strstr (text, "\"i915-GVTg_V5_8\""));
  g_assert_nonnull (strstr (text, UUID_B));

  g_signal_emit_by_name (slices_nixos_view_get_copy_button (view), "clicked");
  copied = slices_test_read_clipboard (GTK_WIDGET (view), TIMEOUT_SECONDS);
  g_assert_cmpstr (copied, ==, text);
  g_assert_cmpstr (slices_nixos_view_get_last_toast (view), ==, "Copied");

  slices_test_destroy_all_windows ();
}

/* A slice row reads its models and asks for changes only through an action: outside any
 * SlicesWindow, the "win.keep-slice" of whatever holds it gets the slice and the new state,
 * and the switch moves once the persistence says so. */
typedef struct {
  char *uuid;
  gboolean keep;
  guint n;
} KeepRequest;

static void
on_keep_slice_activate_cb (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  KeepRequest *request = user_data;

  g_free (request->uuid);
  g_variant_get (parameter, "(sb)", &request->uuid, &request->keep);
  request->n++;
}

static gboolean
persistence_known (gpointer data)
{
  return slices_persistence_get_known (data);
}

static gboolean
switch_is_on (gpointer data)
{
  return gtk_switch_get_state (data) && gtk_switch_get_active (data);
}

static void
test_slice_row_alone (void)
{
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(SlicesPersistence) persistence = NULL;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("keep-slice", G_VARIANT_TYPE ("(sb)"));
  g_autoptr(GError) error = NULL;
  KeepRequest request = { NULL, FALSE, 0 };
  SlicesGpu *gpu;
  GtkWidget *window, *list, *row_a, *row_b;
  GtkSwitch *keep_a, *keep_b;

  if (should_skip ())
    return;

  simulator = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_4",
                                                  UUID_A, 36), ==, 0);
  g_assert_cmpint (slices_simulator_write_create (simulator, "0000:00:02.0", "i915-GVTg_V5_4",
                                                  UUID_B, 36), ==, 0);
  g_assert_true (slices_backend_persist_sync (SLICES_BACKEND (simulator), UUID_A, &error));
  g_assert_no_error (error);
  host = slices_host_new (slices_simulator_get_root (simulator));
  g_assert_true (slices_host_refresh (host, &error));
  gpu = slices_host_find_gpu (host, "0000:00:02.0");
  g_assert_nonnull (gpu);
  persistence = slices_persistence_new (SLICES_BACKEND (simulator));
  slices_persistence_refresh (persistence);
  g_assert_true (slices_test_wait_until (persistence_known, persistence, TIMEOUT_SECONDS));

  g_signal_connect (action, "activate", G_CALLBACK (on_keep_slice_activate_cb), &request);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  window = gtk_window_new ();
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));
  list = gtk_list_box_new ();
  row_a = slices_slice_row_new (gpu, slices_host_find_slice (host, UUID_A), persistence, NULL);
  row_b = slices_slice_row_new (gpu, slices_host_find_slice (host, UUID_B), persistence, NULL);
  gtk_list_box_append (GTK_LIST_BOX (list), row_a);
  gtk_list_box_append (GTK_LIST_BOX (list), row_b);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));

  /* What the models say, without a window to ask. */
  keep_a = slices_slice_row_get_keep_switch (SLICES_SLICE_ROW (row_a));
  keep_b = slices_slice_row_get_keep_switch (SLICES_SLICE_ROW (row_b));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (keep_a)));
  g_assert_true (switch_is_on (keep_a));
  g_assert_false (gtk_switch_get_active (keep_b));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row_a)),
                            "Kept after restart"));
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row_b)),
                         "Kept after restart"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row_b)),
                            "Not used by a virtual machine"));

  /* Turning the switch on only asks; the state waits for the system. */
  gtk_switch_set_active (keep_b, TRUE);
  g_assert_cmpuint (request.n, ==, 1);
  g_assert_cmpstr (request.uuid, ==, UUID_B);
  g_assert_true (request.keep);
  g_assert_false (gtk_switch_get_state (keep_b));
  g_assert_true (slices_backend_persist_sync (SLICES_BACKEND (simulator), UUID_B, &error));
  slices_persistence_refresh (persistence);
  g_assert_true (slices_test_wait_until (switch_is_on, keep_b, TIMEOUT_SECONDS));

  g_free (request.uuid);
  gtk_window_destroy (GTK_WINDOW (window));
  slices_test_destroy_all_windows ();
}

/* The create dialog's "Keep after restart" keeps the new slice. */
static void
test_create_kept (void)
{
  SlicesWindow *window;
  SlicesSimulator *simulator;
  SlicesCreateDialog *dialog;
  g_autoptr(GHashTable) defined = NULL;
  SlicesGpu *gpu;
  g_autoptr(SlicesSlice) slice = NULL;
  SwitchWait wait;

  if (should_skip ())
    return;

  window = open_demo_window ();
  simulator = SLICES_SIMULATOR (slices_window_get_backend (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.create-slice", "s", "i915-GVTg_V5_4");
  g_assert_true (slices_test_wait_until (slices_test_has_create_dialog, NULL, TIMEOUT_SECONDS));
  dialog = SLICES_CREATE_DIALOG (slices_test_find_toplevel (SLICES_TYPE_CREATE_DIALOG));
  g_assert_true (gtk_widget_is_visible (
                   GTK_WIDGET (slices_create_dialog_get_keep_switch (dialog))));
  gtk_switch_set_active (slices_create_dialog_get_keep_switch (dialog), TRUE);
  g_signal_emit_by_name (slices_create_dialog_get_create_button (dialog), "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_no_create_dialog, NULL, TIMEOUT_SECONDS));

  gpu = slices_gpu_page_get_gpu (SLICES_GPU_PAGE (slices_window_get_gpu_page (window)));
  slice = g_list_model_get_item (slices_gpu_get_slices (gpu), 0);
  g_assert_nonnull (slice);
  defined = slices_simulator_dup_defined (simulator);
  g_assert_true (g_hash_table_contains (defined, slices_slice_get_uuid (slice)));
  wait = (SwitchWait) { window, slices_slice_get_uuid (slice), TRUE };
  g_assert_true (slices_test_wait_until (switch_shows, &wait, TIMEOUT_SECONDS));

  slices_test_destroy_all_windows ();
}

/* One-click fixes through the helper: a script stands in for pkexec + helper. */

static void
add_slice (FakeSystem *fake,
           const char *type_id,
           const char *uuid)
{
  g_autofree char *slice_dir = g_strdup_printf ("devices/pci0000:00/0000:00:02.0/%s", uuid);
  g_autofree char *link = NULL;
  g_autofree char *target = g_strdup_printf ("../../../%s", uuid);

  sys_mkdir (fake, slice_dir);
  link = g_build_filename (fake->sys, "devices/pci0000:00/0000:00:02.0/mdev_supported_types",
                           type_id, "devices", uuid, NULL);
  make_link (target, link);
}

/* Root reads any file: a folder in place of the parameter is unreadable for everyone. */
static void
make_parameter_unreadable (FakeSystem *fake,
                           const char *name)
{
  g_autofree char *relative = g_strdup_printf ("module/i915/parameters/%s", name);

  sys_remove (fake, relative);
  sys_mkdir (fake, relative);
}

static SlicesHelperClient *
new_scripted_client (FakeSystem *fake,
                     const char *script)
{
  g_autofree char *path = g_build_filename (fake->base, "bin", "helper", NULL);
  SlicesHelperClient *client;

  write_file (path, script);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  client = slices_helper_client_new_full (NULL, path);
  slices_helper_client_set_persist_env (client, fake->mdevctl, fake->root);
  return client;
}


static gboolean
gvt_row_is_error (gpointer data)
{
  GtkWidget *row = slices_setup_page_find_row (data, SLICES_CHECK_GVT_PARAMETER);

  return row != NULL && !slices_setup_page_get_running (data) &&
         gtk_widget_has_css_class (GTK_WIDGET (slices_check_row_get_status_icon (
                                     SLICES_CHECK_ROW (row))), "error");
}

/* The root-only i915 parameters are read from the kernel command line without a password:
 * the rows say what it sets, and nothing offers (or runs) the helper to find out. */
static void
test_unreadable_parameters_need_no_password (void)
{
  g_autoptr(FakeSystem) fake = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autoptr(SlicesHelperClient) client = NULL;
  g_autofree char *cmdline = NULL;
  g_autofree char *ran = NULL;
  g_autofree char *script = NULL;
  SlicesSetupPage *page;
  GPtrArray *fixes;

  if (should_skip ())
    return;

  fake = fake_system_new_healthy ();
  make_parameter_unreadable (fake, "enable_gvt");
  make_parameter_unreadable (fake, "enable_guc");
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types");
  cmdline = g_build_filename (fake->proc, "cmdline", NULL);
  write_file (cmdline, "root=/dev/sda1 i915.enable_gvt=0 i915.enable_guc=3\n");
  ran = g_build_filename (fake->base, "helper-ran", NULL);
  script = g_strdup_printf ("#!/bin/sh\ntouch '%s'\nexit 3\n", ran);
  client = new_scripted_client (fake, script);
  doctor = slices_doctor_new (&fake->env);
  page = new_lone_page (doctor, SLICES_BACKEND (client), client);
  gtk_window_present (GTK_WINDOW (page));
  slices_test_setup_wait (page);

  g_assert_true (slices_test_wait_until (gvt_row_is_error, page, TIMEOUT_SECONDS));
  assert_row_status (page, SLICES_CHECK_GUC_SUBMISSION, "dialog-error-symbolic", "error");
  fixes = slices_check_get_fixes (slices_check_row_get_check (slices_test_setup_get_row (page,
                                                              SLICES_CHECK_GVT_PARAMETER)));
  for (guint i = 0; i < fixes->len; i++)
    g_assert_cmpint (((SlicesFix *) g_ptr_array_index (fixes, i))->kind, !=, SLICES_FIX_ACTION);
  g_assert_false (g_file_test (ran, G_FILE_TEST_EXISTS));
  g_assert_null (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  slices_test_destroy_all_windows ();
}

typedef struct {
  guint changed;
} ChangedCount;

static void
on_page_changed_cb (SlicesSetupPage *page,
                    ChangedCount    *count)
{
  count->changed++;
}

static gboolean
toast_is_kvmgt_loaded (gpointer data)
{
  return g_strcmp0 (slices_setup_page_get_last_toast (data), "kvmgt loaded") == 0 &&
         !slices_setup_page_get_running (data);
}

static void
test_load_kvmgt (void)
{
  g_autoptr(FakeSystem) fake = NULL;
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autoptr(SlicesHelperClient) client = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *script = NULL;
  SlicesSetupPage *page;
  GtkWidget *button;
  ChangedCount count = { 0 };
  GtkWindow *message;

  if (should_skip ())
    return;

  fake = fake_system_new_healthy ();
  sys_remove (fake, "module/kvmgt");
  sys_remove (fake, "devices/pci0000:00/0000:00:02.0/mdev_supported_types");
  /* First call: the password dialog is dismissed (126); second: a failure; third: done. */
  marker = g_build_filename (fake->base, "calls", NULL);
  script = g_strdup_printf ("#!/bin/sh\n"
                            "[ \"$1 $2\" = 'configure-host load-kvmgt' ] || exit 3\n"
                            "echo x >> '%s'\n"
                            "n=$(wc -l < '%s')\n"
                            "[ \"$n\" = 1 ] && exit 126\n"
                            "[ \"$n\" = 2 ] && { echo 'modprobe: FATAL: Module kvmgt not "
                            "found' >&2; exit 1; }\n"
                            "mkdir -p '%s/module/kvmgt'\n"
                            "exit 0\n", marker, marker, fake->sys);
  client = new_scripted_client (fake, script);
  doctor = slices_doctor_new (&fake->env);
  page = new_lone_page (doctor, SLICES_BACKEND (client), client);
  g_signal_connect (page, "changed", G_CALLBACK (on_page_changed_cb), &count);
  gtk_window_present (GTK_WINDOW (page));
  slices_test_setup_wait (page);

  assert_row_status (page, SLICES_CHECK_KVMGT_MODULE, "dialog-error-symbolic", "error");
  button = slices_test_setup_find_action_button (page, SLICES_CHECK_KVMGT_MODULE, SLICES_FIX_ACTION_LOAD_KVMGT);
  g_assert_nonnull (button);

  /* Dismissed: nothing to say, the button is back. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (slices_test_wait_until ((SlicesTestCondition) gtk_widget_get_sensitive, button,
                                         TIMEOUT_SECONDS));
  slices_test_flush_main_loop ();
  g_assert_null (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (slices_setup_page_get_n_toasts (page), ==, 0);
  g_assert_cmpuint (count.changed, ==, 0);

  /* Failed: said in a message over the page. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  message = slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (message)), ==,
                   "Could Not Load kvmgt");
  g_assert_true (gtk_window_get_transient_for (message) == GTK_WINDOW (page));
  gtk_window_destroy (message);
  g_assert_cmpuint (count.changed, ==, 0);

  /* Done: a toast, the window is told, the checks run again and find kvmgt. */
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (slices_test_wait_until (toast_is_kvmgt_loaded, page, TIMEOUT_SECONDS));
  g_assert_cmpuint (count.changed, ==, 1);
  assert_row_status (page, SLICES_CHECK_KVMGT_MODULE, "emblem-ok-symbolic", "success");

  slices_test_destroy_all_windows ();
}

/* Where mdevctl is missing the switch explains itself; on NixOS the row offers the NixOS
 * configuration instead. */

static gboolean
kept_known (gpointer data)
{
  return slices_persistence_get_known (get_persistence (data)) &&
         slices_gpu_page_find_slice_row (SLICES_GPU_PAGE (slices_window_get_gpu_page (data)),
                                         UUID_A) != NULL;
}

static gboolean
is_nixos_support (gpointer data)
{
  return slices_persistence_get_support (get_persistence (data)) == SLICES_PERSIST_NIXOS;
}

static gboolean
switch_is_hidden (gpointer data)
{
  SlicesSliceRow *row = find_slice_row (data, UUID_A);

  return row != NULL &&
         !gtk_widget_get_visible (GTK_WIDGET (slices_slice_row_get_keep_switch (row)));
}

static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          if (menu_has_action (link, action))
            return TRUE;
        }
    }
  return FALSE;
}

static GtkMenuButton *
find_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    return GTK_MENU_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_menu_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_persist_support (void)
{
  g_autoptr(FakeSystem) fake = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(SlicesHelperClient) client = NULL;
  g_autofree char *nixos = NULL;
  SlicesWindow *window;
  SlicesSliceRow *row;
  GtkSwitch *keep;

  if (should_skip ())
    return;

  fake = fake_system_new_healthy ();
  add_slice (fake, "i915-GVTg_V5_4", UUID_A);
  host = slices_host_new (fake->sys);
  client = new_scripted_client (fake, "#!/bin/sh\nexit 3\n");
  slices_helper_client_set_persist_env (client, "/nonexistent/mdevctl", fake->root);

  window = slices_window_new_with (NULL, host, SLICES_BACKEND (client), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, window, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_until (kept_known, window, TIMEOUT_SECONDS));
  g_assert_cmpint (slices_persistence_get_support (get_persistence (window)), ==,
                   SLICES_PERSIST_NO_MDEVCTL);

  row = find_slice_row (window, UUID_A);
  keep = slices_slice_row_get_keep_switch (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (keep)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (keep)));
  g_assert_false (gtk_switch_get_active (keep));
  /* Debian 12 (the real os-release of this machine may differ): the hint names mdevctl. */
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (keep)), "mdevctl"));
  g_assert_false (menu_has_action (gtk_menu_button_get_menu_model (
                                     find_menu_button (GTK_WIDGET (row))), "win.nixos-config"));

  /* NixOS: no switch; the row's menu and the main menu lead to the configuration. */
  nixos = g_build_filename (fake->root, "etc", "NIXOS", NULL);
  write_file (nixos, "");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  g_assert_true (slices_test_wait_until (is_nixos_support, window, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_until (switch_is_hidden, window, TIMEOUT_SECONDS));
  row = find_slice_row (window, UUID_A);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (
                                    find_menu_button (GTK_WIDGET (row))), "win.nixos-config"));
  gtk_widget_activate_action (GTK_WIDGET (row), "win.nixos-config", NULL);
  g_assert_true (slices_test_wait_until (has_nixos_view, NULL, TIMEOUT_SECONDS));

  slices_test_destroy_all_windows ();
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      skip_all = TRUE;
      g_test_init (&argc, &argv, NULL);
    }
  else
    {
      gtk_test_init (&argc, &argv, NULL);
      adw_init ();
    }

  g_test_add_func ("/slices/setup-gui/guc-submission", test_guc_submission);
  g_test_add_func ("/slices/setup-gui/ice-lake", test_ice_lake);
  g_test_add_func ("/slices/setup-gui/no-gpu", test_no_gpu);
  g_test_add_func ("/slices/setup-gui/copy-command", test_copy_command);
  g_test_add_func ("/slices/setup-gui/demo", test_demo);
  g_test_add_func ("/slices/setup-gui/empty-state", test_empty_state);
  g_test_add_func ("/slices/setup-gui/libvirt", test_libvirt);
  g_test_add_func ("/slices/setup-gui/keep-switch", test_keep_switch);
  g_test_add_func ("/slices/setup-gui/slice-row-alone", test_slice_row_alone);
  g_test_add_func ("/slices/setup-gui/create-kept", test_create_kept);
  g_test_add_func ("/slices/setup-gui/nixos-view", test_nixos_view);
  g_test_add_func ("/slices/setup-gui/unreadable-parameters-need-no-password",
                   test_unreadable_parameters_need_no_password);
  g_test_add_func ("/slices/setup-gui/load-kvmgt", test_load_kvmgt);
  g_test_add_func ("/slices/setup-gui/persist-support", test_persist_support);

  return g_test_run ();
}

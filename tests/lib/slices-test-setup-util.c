/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Check Setup GUI tests share: see slices-test-setup-util.h.
 */
#include "config.h"

#include "slices-mdevctl.h"
#include "slices-test-gui-util.h"
#include "slices-test-setup-util.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 10

gboolean
slices_test_setup_page_has_run (gpointer page)
{
  return !slices_setup_page_get_running (page) && slices_setup_page_get_summary (page) != NULL;
}

void
slices_test_setup_wait (SlicesSetupPage *page)
{
  g_assert_true (slices_test_wait_until (slices_test_is_mapped, page, TIMEOUT_SECONDS));
  g_assert_true (slices_test_wait_until (slices_test_setup_page_has_run, page,
                                         TIMEOUT_SECONDS));
}

SlicesCheckRow *
slices_test_setup_get_row (SlicesSetupPage *page,
                           const char      *id)
{
  GtkWidget *row = slices_setup_page_find_row (page, id);

  if (row == NULL)
    g_error ("Check Setup has no row %s", id);
  return SLICES_CHECK_ROW (row);
}

GtkWidget *
slices_test_setup_find_action_button (SlicesSetupPage *page,
                                      const char      *id,
                                      const char      *action_id)
{
  SlicesCheckRow *row = slices_test_setup_get_row (page, id);
  GPtrArray *fixes = slices_check_get_fixes (slices_check_row_get_check (row));

  for (guint i = 0; i < fixes->len; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (fixes, i);

      if (fix->kind == SLICES_FIX_ACTION && g_strcmp0 (fix->text, action_id) == 0)
        return slices_check_row_get_fix_button (row, i);
    }
  return NULL;
}

SlicesDoctor *
slices_test_demo_system_doctor (const char *sysfs_root,
                                const char *system)
{
  g_autofree char *dev = g_build_filename (system, "dev", NULL);
  g_autofree char *proc = g_build_filename (system, "proc", NULL);
  g_autofree char *log = g_build_filename (system, "log", NULL);
  g_autofree char *mdevctl = g_build_filename (system, "bin", "mdevctl", NULL);
  g_autoptr(GHashTable) none_defined = slices_mdev_definitions_new ();
  const char * const groups[] = { "libvirt", "render", NULL };
  SlicesDoctorEnv env = { 0 };

  env.sysfs_root = sysfs_root;
  env.root_dir = system;
  env.dev_root = dev;
  env.proc_root = proc;
  env.qemu_log_dir = log;
  env.mdevctl_path = mdevctl;
  env.mdevctl_defined = none_defined;
  env.libvirt_state = SLICES_LIBVIRT_STATE_OK;
  env.libvirt_uri = "qemu:///system";
  env.user_groups = groups;
  env.user_name = g_get_user_name ();  /* one that exists: the client checks (Looking Glass) */
  return slices_doctor_new (&env);
}

GtkWidget *
slices_test_find_descendant (GtkWidget *widget,
                             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = slices_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
slices_test_find_label (GtkWidget  *widget,
                        const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = slices_test_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

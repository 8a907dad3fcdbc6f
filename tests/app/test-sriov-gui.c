/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SR-IOV GPU page under Xvfb, in the app's SR-IOV demo (gpu-slices --demo=sriov: a
 * simulated Panther Lake on xe with three VFs, VF 3 in win11-vf's definition): the number of
 * slices changes after a dialog that says every slice is made anew, and cannot change while
 * a VM's definition holds one; a VF the host's driver took is flagged and freed in one click;
 * a VF's GPU time is set, and a number out of range refused with a message; Keep after
 * restart writes and deletes the udev rule; Detach lets go of the held VF; the demo bar goes
 * from one world to the other.
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "libslices-model.h"
#include "libslices-writers.h"

#include "libslices-doctor.h"

#include "slices-gpu-page.h"
#include "slices-setup-page.h"
#include "slices-simulator.h"
#include "slices-sriov-page.h"
#include "slices-vf-row.h"
#include "slices-window.h"
#include "slices-window-private.h"
#include "slices-test-gui-util.h"
#include "slices-test-util.h"
#include "slices-test-wizard-util.h"

#define TIMEOUT_SECONDS SLICES_TEST_WIZARD_TIMEOUT
#define PF SLICES_TEST_SRIOV_PF
#define VF1 "0000:00:02.1"
#define VF2 "0000:00:02.2"
#define VF3 "0000:00:02.3"

typedef struct {
  SlicesTestSriovDemo sriov;
  SlicesWindow *window;
  SlicesSriovPage *page;
} Demo;

static SlicesSriovPage *
get_page (SlicesWindow *window)
{
  GtkWidget *page = slices_gpu_page_get_sriov_page (
    SLICES_GPU_PAGE (slices_window_get_gpu_page (window)));

  return page != NULL ? SLICES_SRIOV_PAGE (page) : NULL;
}

static void
demo_set_up (Demo          *demo,
             gconstpointer  data)
{
  if (!slices_test_gui_available ())
    return;
  demo->window = slices_test_sriov_demo_open (&demo->sriov, 1280, 800);
  demo->page = get_page (demo->window);
  g_assert_nonnull (demo->page);
}

static void
demo_tear_down (Demo          *demo,
                gconstpointer  data)
{
  if (slices_test_gui_available ())
    slices_test_sriov_demo_close (&demo->sriov);
}

static SlicesVfRow *
get_vf_row (Demo       *demo,
            const char *address)
{
  GtkWidget *row = slices_sriov_page_find_vf_row (demo->page, address);

  g_assert_nonnull (row);
  return SLICES_VF_ROW (row);
}

static const char *
get_subtitle (Demo       *demo,
              const char *address)
{
  return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (get_vf_row (demo, address)));
}

typedef struct {
  Demo *demo;
  const char *address;
  const char *prefix;
} RowWait;

static gboolean
row_says (gpointer data)
{
  RowWait *wait = data;
  GtkWidget *row = slices_sriov_page_find_vf_row (wait->demo->page, wait->address);

  return row != NULL &&
         g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                           wait->prefix);
}

static void
wait_for_row (Demo       *demo,
              const char *address,
              const char *prefix)
{
  RowWait wait = { demo, address, prefix };

  if (!slices_test_wait_until (row_says, &wait, TIMEOUT_SECONDS))
    g_error ("%s says “%s”, not “%s…”", address, get_subtitle (demo, address), prefix);
}

static gboolean
has_no_refusal (gpointer data)
{
  g_autofree char *refusal = slices_sriov_page_dup_refusal (data);

  return refusal == NULL;
}

/* Detaches VF 3 from win11-vf with the row's own button. */
static void
detach_held_vf (Demo *demo)
{
  GtkButton *button = slices_vf_row_get_vm_button (get_vf_row (demo, VF3));
  g_autofree char *xml = NULL;

  g_assert_cmpstr (gtk_button_get_label (button), ==, "_Detach");
  gtk_widget_activate (GTK_WIDGET (button));
  slices_test_wait_for_toast (demo->window, "Slice detached from win11-vf");
  wait_for_row (demo, VF3, "Free for virtual machines");
  g_assert_true (slices_test_wait_until (has_no_refusal, demo->page, TIMEOUT_SECONDS));
  xml = slices_test_get_vm_xml (demo->window, "win11-vf");
  g_assert_null (strstr (xml, "function='0x3'"));
  g_assert_null (strstr (xml, "<hostdev"));
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  g_assert_true (slices_test_wait_until (slices_test_has_message_dialog, NULL, TIMEOUT_SECONDS));
  return ADW_MESSAGE_DIALOG (slices_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
has_enabled_vfs (gpointer data)
{
  Demo *demo = data;
  SlicesGpu *gpu = slices_sriov_page_get_gpu (demo->page);

  return slices_sriov_page_count_vf_rows (demo->page) ==
         slices_sriov_get_enabled_vfs (slices_gpu_get_sriov (gpu));
}

/* The page: the GPU named once, the number with what changing it means, a row per VF. */
static void
test_page (Demo          *demo,
           gconstpointer  data)
{
  AdwPreferencesGroup *group;
  SlicesVfRow *row;

  if (slices_test_gui_should_skip ())
    return;

  g_assert_cmpuint (slices_sriov_page_count_vf_rows (demo->page), ==, 3);
  group = ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (
    GTK_WIDGET (slices_sriov_page_get_count_row (demo->page)), ADW_TYPE_PREFERENCES_GROUP));
  g_assert_cmpstr (adw_preferences_group_get_description (group), ==,
                   "SR-IOV through the xe driver · " PF);
  g_assert_null (strstr (adw_preferences_group_get_description (group),
                         adw_preferences_group_get_title (group)));
  g_assert_cmpstr (adw_action_row_get_subtitle (slices_sriov_page_get_count_row (demo->page)),
                   ==, "3 created, up to 7");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (slices_sriov_page_get_binding_row (
    demo->page))));

  g_assert_cmpstr (get_subtitle (demo, VF1), ==,
                   "Free for virtual machines\nGPU time: 20 ms turns, preempted after 500 µs");
  g_assert_cmpstr (get_subtitle (demo, VF3), ==,
                   "Used by win11-vf\nGPU time: no time limit");
  row = get_vf_row (demo, VF1);
  g_assert_cmpstr (gtk_button_get_label (slices_vf_row_get_vm_button (row)), ==, "_Attach…");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (slices_vf_row_get_quantum_entry (row))),
                   ==, "20");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (slices_vf_row_get_preempt_entry (row))),
                   ==, "500");
  g_assert_nonnull (strstr (slices_vf_row_get_profile_message (row),
                            "in milliseconds (0: no time limit)"));
  g_assert_nonnull (strstr (slices_vf_row_get_profile_message (row), "from 0 to 4294967295"));
}

/* While win11-vf's definition holds VF 3, the number cannot change, and the page says why;
 * once detached, it changes after the dialog, with a spinner meanwhile. */
static void
test_count (Demo          *demo,
            gconstpointer  data)
{
  AdwActionRow *note = NULL;
  AdwMessageDialog *dialog;
  GtkButton *detach;

  if (slices_test_gui_should_skip ())
    return;

  note = slices_sriov_page_get_note_row (demo->page);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (note)), ==,
                   "win11-vf holds " VF3);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (note), "makes every slice anew"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (
    slices_sriov_page_get_apply_button (demo->page))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (
    slices_sriov_page_get_count_spin (demo->page))));
  /* The shortcut around the button (the action itself) refuses as well. */
  gtk_widget_activate_action (GTK_WIDGET (demo->window), "win.set-vfs", "u", 5);
  dialog = wait_for_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Cannot Change the Number of Slices");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "win11-vf holds " VF3));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (slices_sriov_page_count_vf_rows (demo->page), ==, 3);

  /* The way out sits in the note itself: its Detach lets win11-vf go. */
  detach = slices_sriov_page_get_note_detach_button (demo->page);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (detach)));
  gtk_widget_activate (GTK_WIDGET (detach));
  slices_test_wait_for_toast (demo->window, "Slice detached from win11-vf");
  g_assert_true (slices_test_wait_until (has_no_refusal, demo->page, TIMEOUT_SECONDS));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (detach)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (note)), ==,
                   "Every slice is made anew");
  gtk_spin_button_set_value (slices_sriov_page_get_count_spin (demo->page), 5);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (
    slices_sriov_page_get_apply_button (demo->page))));
  gtk_widget_activate (GTK_WIDGET (slices_sriov_page_get_apply_button (demo->page)));
  dialog = wait_for_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Make 5 Slices?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "makes every slice anew: the 3 slices there now are removed first"));
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpstr (adw_action_row_get_subtitle (slices_sriov_page_get_count_row (demo->page)),
                   ==, "Making the slices anew…");

  slices_test_wait_for_toast (demo->window, "5 slices made");
  g_assert_true (slices_test_wait_until (has_enabled_vfs, demo, TIMEOUT_SECONDS));
  g_assert_cmpuint (slices_sriov_page_count_vf_rows (demo->page), ==, 5);
  g_assert_cmpstr (adw_action_row_get_subtitle (slices_sriov_page_get_count_row (demo->page)),
                   ==, "5 created, up to 7");
  /* Made anew: the old profile went with the old VF 1. */
  wait_for_row (demo, "0000:00:02.5", "Free for virtual machines");
}

static gboolean
binding_row_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (slices_sriov_page_get_binding_row (data)));
}

/* A VF the host's xe took (autoprobe on): flagged on the page and the row, freed in a click
 * once no VM holds a VF. */
static void
test_host_binding (Demo          *demo,
                   gconstpointer  data)
{
  SlicesSimulator *simulator = demo->sriov.simulator;
  AdwActionRow *binding = NULL;
  GtkButton *fix;
  g_autofree char *autoprobe = NULL;
  g_autofree char *path = NULL;

  if (slices_test_gui_should_skip ())
    return;

  g_assert_cmpint (slices_simulator_write_sriov_autoprobe (simulator, PF, "1", 1), ==, 0);
  g_assert_cmpint (slices_simulator_write_drivers_probe (simulator, VF2, 12), ==, 0);
  wait_for_row (demo, VF2, "The host’s xe driver holds it: no VM can have it");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (
    slices_vf_row_get_vm_button (get_vf_row (demo, VF2)))));
  binding = slices_sriov_page_get_binding_row (demo->page);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (binding)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (binding)), ==,
                   "The host’s xe driver holds 1 slice");
  fix = slices_sriov_page_get_fix_button (demo->page);
  /* Freeing makes every slice anew: not while win11-vf holds one. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (fix)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (fix)), ==, "win11-vf holds " VF3);

  detach_held_vf (demo);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (fix)));
  gtk_widget_activate (GTK_WIDGET (fix));
  slices_test_wait_for_toast (demo->window, "The slices are free for virtual machines");
  g_assert_true (slices_test_wait_until (binding_row_hidden, demo->page, TIMEOUT_SECONDS));
  wait_for_row (demo, VF2, "Free for virtual machines");
  g_assert_cmpuint (slices_sriov_page_count_vf_rows (demo->page), ==, 3);
  path = g_build_filename (demo->sriov.root, "bus", "pci", "devices", PF,
                           "sriov_drivers_autoprobe", NULL);
  g_assert_true (g_file_get_contents (path, &autoprobe, NULL, NULL));
  g_assert_cmpstr (autoprobe, ==, "0\n");
}

typedef struct {
  SlicesVf *vf;
  gint64 quantum;
  gint64 preempt;
} ProfileWait;

static gboolean
has_profile (gpointer data)
{
  ProfileWait *wait = data;

  return slices_vf_get_exec_quantum_ms (wait->vf) == wait->quantum &&
         slices_vf_get_preempt_timeout_us (wait->vf) == wait->preempt;
}

static void
enter (AdwEntryRow *entry,
       const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "apply");
}

/* GPU time: a valid number goes to sriov_admin; one out of range (or no number) is refused in
 * the row with the limits, and nothing is written. */
static void
test_profile (Demo          *demo,
              gconstpointer  data)
{
  SlicesVfRow *row;
  AdwEntryRow *quantum, *preempt;
  ProfileWait wait;
  guint n_toasts;

  if (slices_test_gui_should_skip ())
    return;

  row = get_vf_row (demo, VF1);
  quantum = slices_vf_row_get_quantum_entry (row);
  preempt = slices_vf_row_get_preempt_entry (row);
  wait.vf = slices_vf_row_get_vf (row);

  enter (quantum, "35");
  slices_test_wait_for_toast (demo->window, "GPU time of " VF1 " set");
  wait.quantum = 35;
  wait.preempt = 500;
  g_assert_true (slices_test_wait_until (has_profile, &wait, TIMEOUT_SECONDS));
  wait_for_row (demo, VF1, "Free for virtual machines\nGPU time: 35 ms turns");

  n_toasts = slices_window_get_n_toasts (demo->window);
  enter (quantum, "4294967296");
  g_assert_cmpstr (slices_vf_row_get_profile_message (row), ==,
                   "Not set: the execution quantum is a whole number of milliseconds from 0 "
                   "to 4294967295.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (quantum), "error"));
  enter (preempt, "-1");
  g_assert_cmpstr (slices_vf_row_get_profile_message (row), ==,
                   "Not set: the preemption timeout is a whole number of microseconds from 0 "
                   "to 4294967295.");
  g_assert_cmpuint (slices_window_get_n_toasts (demo->window), ==, n_toasts);
  g_assert_true (has_profile (&wait));

  /* The largest number is taken, and the limits show again. */
  enter (preempt, "4294967295");
  slices_test_wait_for_toast (demo->window, "GPU time of " VF1 " set");
  wait.preempt = 4294967295;
  g_assert_true (slices_test_wait_until (has_profile, &wait, TIMEOUT_SECONDS));
  g_assert_nonnull (strstr (slices_vf_row_get_profile_message (row), "from 0 to 4294967295"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (preempt), "error"));
}

static gboolean
switch_is_on (gpointer data)
{
  return gtk_switch_get_state (data);
}

static gboolean
switch_is_off (gpointer data)
{
  return !gtk_switch_get_state (data);
}

/* Keep after restart: the udev rule the helper would write, read back by the page. */
static void
test_keep (Demo          *demo,
           gconstpointer  data)
{
  GtkSwitch *keep;
  AdwMessageDialog *dialog;
  g_autofree char *name = slices_vfs_rule_file_name (PF);
  g_autofree char *path = NULL;
  g_autofree char *rule = NULL;

  if (slices_test_gui_should_skip ())
    return;

  path = g_build_filename (demo->sriov.root, ".etc", "udev", "rules.d", name, NULL);
  keep = slices_sriov_page_get_keep_switch (demo->page);
  g_assert_false (gtk_switch_get_state (keep));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (
    slices_sriov_page_get_keep_row (demo->page)), "Off: after a restart"));

  gtk_switch_set_active (keep, TRUE);
  slices_test_wait_for_toast (demo->window, "The number of slices is kept after restart");
  g_assert_true (slices_test_wait_until (switch_is_on, keep, TIMEOUT_SECONDS));
  g_assert_cmpstr (adw_action_row_get_subtitle (slices_sriov_page_get_keep_row (demo->page)),
                   ==, "3 slices are made whenever the xe driver starts.");
  g_assert_true (g_file_get_contents (path, &rule, NULL, NULL));
  g_assert_nonnull (strstr (rule, "ATTR{sriov_numvfs}=\"3\""));
  g_assert_cmpuint (slices_vfs_read_kept (demo->sriov.root, PF), ==, 3);

  /* A new number is kept in its place. */
  detach_held_vf (demo);
  gtk_widget_activate_action (GTK_WIDGET (demo->window), "win.set-vfs", "u", 4);
  dialog = wait_for_dialog ();
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  slices_test_wait_for_toast (demo->window, "The number of slices is kept after restart");
  g_assert_cmpuint (slices_vfs_read_kept (demo->sriov.root, PF), ==, 4);
  g_assert_cmpstr (adw_action_row_get_subtitle (slices_sriov_page_get_keep_row (demo->page)),
                   ==, "4 slices are made whenever the xe driver starts.");

  gtk_switch_set_active (keep, FALSE);
  slices_test_wait_for_toast (demo->window, "The number of slices is no longer kept");
  g_assert_true (slices_test_wait_until (switch_is_off, keep, TIMEOUT_SECONDS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (slices_vfs_read_kept (demo->sriov.root, PF), ==, G_MAXUINT);
}

static gboolean
shows_gvt (gpointer data)
{
  return g_strcmp0 (slices_window_get_view (data), "gpu") == 0 && get_page (data) == NULL &&
         slices_window_get_current_gpu (data) != NULL;
}

static gboolean
shows_sriov (gpointer data)
{
  return get_page (data) != NULL;
}

/* The demo bar's world button, once it says @label. */
static GtkButton *
find_world_button (GtkWidget  *widget,
                   const char *label)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.demo-world") == 0)
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child)), ==, label);
      return GTK_BUTTON (widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_world_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The demo bar's button goes to the other world and back; each keeps what was done in it. */
static void
test_demo_worlds (Demo          *demo,
                  gconstpointer  data)
{
  if (slices_test_gui_should_skip ())
    return;

  detach_held_vf (demo);
  gtk_widget_activate (GTK_WIDGET (find_world_button (slices_window_get_demo_banner (demo->window),
                                                      "Try _GVT-g")));
  g_assert_true (slices_test_wait_until (shows_gvt, demo->window, TIMEOUT_SECONDS));
  g_assert_cmpuint (slices_gpu_get_device_id (slices_window_get_current_gpu (demo->window)),
                    ==, 0x5916);
  g_assert_true (slices_window_get_demo (demo->window));

  gtk_widget_activate (GTK_WIDGET (find_world_button (slices_window_get_demo_banner (demo->window),
                                                      "Try _SR-IOV")));
  g_assert_true (slices_test_wait_until (shows_sriov, demo->window, TIMEOUT_SECONDS));
  demo->page = get_page (demo->window);
  wait_for_row (demo, VF3, "Free for virtual machines");

  /* And the world's names, as --demo=NAME takes them. */
  {
    SlicesSimDemo world;

    g_assert_true (slices_sim_demo_from_string ("sriov", &world));
    g_assert_cmpint (world, ==, SLICES_SIM_DEMO_SRIOV);
    g_assert_true (slices_sim_demo_from_string ("gvt", &world));
    g_assert_cmpint (world, ==, SLICES_SIM_DEMO_GVT);
    g_assert_false (slices_sim_demo_from_string ("foo", &world));
  }
}

static gboolean
setup_has_run (gpointer data)
{
  SlicesSetupPage *page = data;

  return !slices_setup_page_get_running (page) &&
         g_list_model_get_n_items (slices_doctor_get_checks (slices_setup_page_get_doctor (page)))
         > 0;
}

/* Check Setup in the SR-IOV demo: a healthy xe host, and the one VF win11-vf holds is no
 * problem (it exists). Nothing is an error or a warning. (The GVT-g room check still says
 * "No slice types to measure", unknown, on an SR-IOV GPU: the doctor's to leave out.) */
static void
test_check_setup (Demo          *demo,
                  gconstpointer  data)
{
  SlicesSetupPage *page;
  GListModel *checks;
  g_autoptr(GString) problems = g_string_new (NULL);

  if (slices_test_gui_should_skip ())
    return;

  gtk_widget_activate_action (GTK_WIDGET (demo->window), "win.check-setup", NULL);
  g_assert_true (slices_test_wait_until (slices_test_has_setup_page, NULL, TIMEOUT_SECONDS));
  page = SLICES_SETUP_PAGE (slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE));
  g_assert_true (slices_test_wait_until (setup_has_run, page, TIMEOUT_SECONDS));
  checks = slices_doctor_get_checks (slices_setup_page_get_doctor (page));
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (checks, i);

      if (slices_check_get_status (check) == SLICES_CHECK_STATUS_ERROR ||
          slices_check_get_status (check) == SLICES_CHECK_STATUS_WARNING)
        g_string_append_printf (problems, "%s: %s\n", slices_check_get_id (check),
                                slices_check_get_title (check));
    }
  g_assert_cmpstr (problems->str, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  slices_test_gui_init (&argc, &argv);

  g_test_add ("/slices/sriov-gui/page", Demo, NULL, demo_set_up, test_page, demo_tear_down);
  g_test_add ("/slices/sriov-gui/count", Demo, NULL, demo_set_up, test_count, demo_tear_down);
  g_test_add ("/slices/sriov-gui/host-binding", Demo, NULL, demo_set_up, test_host_binding,
              demo_tear_down);
  g_test_add ("/slices/sriov-gui/profile", Demo, NULL, demo_set_up, test_profile,
              demo_tear_down);
  g_test_add ("/slices/sriov-gui/keep", Demo, NULL, demo_set_up, test_keep, demo_tear_down);
  g_test_add ("/slices/sriov-gui/check-setup", Demo, NULL, demo_set_up, test_check_setup,
              demo_tear_down);
  g_test_add ("/slices/sriov-gui/demo-worlds", Demo, NULL, demo_set_up, test_demo_worlds,
              demo_tear_down);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The attach wizard with an SR-IOV VF, under Xvfb, in the SR-IOV demo: a simulated Panther
 * Lake on xe with sriov_admin (three VFs, left unbound for VMs) and the demo's test:/// VMs
 * (win10 running with Hyper-V enlightenments; fedora-workstation, ubuntu-server shut off).
 * The slice page lists the VFs with their GPU time and refuses the GPU itself; the display
 * page offers Looking Glass (its size and memory), a remote desktop in the guest, or none;
 * each choice is applied end to end (the stored definition has the VF as a PCI hostdev and,
 * for Looking Glass, the shmem device of the right size; the GPU's page then names the VM),
 * Undo and Detach restore what was there. The window is the app's own SR-IOV demo
 * (gpu-slices --demo=sriov).
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "slices-attach-review-page.h"
#include "slices-attach-review-vf.h"
#include "slices-attach-wizard.h"
#include "slices-gpu-page.h"
#include "slices-host.h"
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

typedef struct {
  SlicesTestSriovDemo sriov;
  SlicesWindow *window;
} Demo;

static void
demo_set_up (Demo          *demo,
             gconstpointer  data)
{
  if (slices_test_gui_available ())
    demo->window = slices_test_sriov_demo_open (&demo->sriov, -1, -1);
}

static void
demo_tear_down (Demo          *demo,
                gconstpointer  data)
{
  if (slices_test_gui_available ())
    slices_test_sriov_demo_close (&demo->sriov);
}

/* The row titled @title under @widget, or NULL. */
static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_is_visible (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *row = find_row (child, title);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static gboolean
setup_at_guest_driver (gpointer data)
{
  GtkWindow *page = slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE);

  return page != NULL && g_strcmp0 (slices_setup_page_get_highlighted (SLICES_SETUP_PAGE (page)),
                                    SLICES_ATTACH_GUEST_DRIVER_CHECK) == 0;
}

static gboolean
vf1_row_is_used_by_running_win10 (gpointer data)
{
  GtkWidget *page = slices_gpu_page_get_sriov_page (
    SLICES_GPU_PAGE (slices_window_get_gpu_page (data)));
  GtkWidget *row = page != NULL ? slices_sriov_page_find_vf_row (SLICES_SRIOV_PAGE (page), VF1)
                                : NULL;

  return row != NULL &&
         g_strcmp0 (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                    "Used by win10 · Running\n"
                    "GPU time: 20 ms turns, preempted after 500 µs") == 0 &&
         g_strcmp0 (gtk_button_get_label (slices_vf_row_get_vm_button (SLICES_VF_ROW (row))),
                    "_Detach") == 0;
}

static SlicesAttachReviewVf *
get_review_vf (SlicesAttachWizard *wizard)
{
  SlicesAttachReviewPage *review =
    SLICES_ATTACH_REVIEW_PAGE (slices_attach_wizard_get_review_page (wizard));

  return SLICES_ATTACH_REVIEW_VF (slices_attach_review_page_get_vf_review (review));
}

/* Opens the wizard from VF1's Attach, picks @vm and goes to the display page. */
static SlicesAttachWizard *
open_at_display (Demo       *demo,
                 const char *vm)
{
  SlicesAttachWizard *wizard;

  gtk_widget_activate_action (GTK_WIDGET (demo->window), "win.attach-slice", "s", VF1);
  wizard = slices_test_get_wizard ();
  g_assert_cmpstr (slices_attach_wizard_get_page (wizard), ==, "vm");
  g_assert_true (slices_attach_wizard_choose_vm (wizard, vm));
  slices_test_wizard_next (wizard, "display");
  return wizard;
}

static void
open_review (SlicesAttachWizard *wizard)
{
  slices_test_wizard_next (wizard, "review");
  g_assert_true (slices_test_wait_until (slices_test_wizard_is_complete, wizard, TIMEOUT_SECONDS));
}

/* The count of @needle in @haystack. */
static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (haystack, needle); at != NULL; at = strstr (at + 1, needle))
    n++;
  return n;
}

/* The stored definition has VF1 as a managed PCI hostdev. */
static void
assert_has_vf (const char *xml)
{
  g_assert_nonnull (strstr (xml, "<hostdev mode='subsystem' type='pci' managed='yes'>"));
  g_assert_nonnull (strstr (xml, "<address domain='0x0000' bus='0x00' slot='0x02' "
                                 "function='0x1'/>"));
}

static gboolean
has_setup (gpointer data)
{
  return slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE) != NULL;
}

/* The window's Undo gives @vm back its @original definition. */
static void
assert_undo_restores (Demo       *demo,
                      const char *vm,
                      const char *original)
{
  g_autofree char *undone = NULL;

  gtk_widget_activate_action (GTK_WIDGET (demo->window), "win.undo-vm-change", NULL);
  slices_test_wait_for_toast (demo->window, "Change undone");
  undone = slices_test_get_vm_xml (demo->window, vm);
  slices_test_assert_same_definition (original, undone);
}

/* The slice page: VFs by address with their GPU time, the GPU itself refused. */
static void
test_slice_page (Demo          *demo,
                 gconstpointer  data)
{
  SlicesAttachWizard *wizard;
  AdwActionRow *row;
  g_autofree char *status = NULL;

  if (slices_test_gui_should_skip ())
    return;

  /* Opened with the GPU's own address: a message, nothing chosen, the VFs offered. */
  gtk_widget_activate_action (GTK_WIDGET (demo->window), "win.attach-slice", "s", PF);
  wizard = slices_test_get_wizard ();
  g_assert_cmpstr (slices_attach_wizard_get_page (wizard), ==, "slice");
  g_assert_false (slices_attach_wizard_get_complete (wizard));
  status = slices_attach_wizard_dup_slice_status (wizard);
  g_assert_nonnull (status);
  g_assert_true (g_str_has_prefix (status, PF " cannot be attached\n"));
  g_assert_nonnull (strstr (status, "is the GPU itself"));

  row = find_row (GTK_WIDGET (wizard), VF1);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "Free for virtual machines · GPU time: 20 ms turns, preempted after 500 µs");
  row = find_row (GTK_WIDGET (wizard), VF2);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "Free for virtual machines · GPU time: no time limit");
  /* No GVT-g slices or types on an SR-IOV GPU. */
  g_assert_null (find_row (GTK_WIDGET (wizard), "Create a slice of this type"));

  g_assert_true (slices_attach_wizard_choose_slice (wizard, VF2));
  g_assert_true (slices_attach_wizard_get_complete (wizard));
  g_clear_pointer (&status, g_free);
  status = slices_attach_wizard_dup_slice_status (wizard);
  g_assert_null (status);
  slices_test_wizard_next (wizard, "vm");
}

/* Looking Glass at 1440p with HDR on a shut-off VM; then Undo. */
static void
test_looking_glass (Demo          *demo,
                    gconstpointer  data)
{
  SlicesAttachWizard *wizard;
  SlicesAttachReviewVf *review_vf;
  g_autofree char *original = NULL;
  g_autofree char *input = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *after = NULL;
  const char *summary;

  if (slices_test_gui_should_skip ())
    return;

  original = slices_test_get_vm_xml (demo->window, "fedora-workstation");
  wizard = open_at_display (demo, "fedora-workstation");

  /* A VF's three choices, Looking Glass first, with its memory for the size chosen. */
  g_assert_null (find_row (GTK_WIDGET (wizard), "_Local"));
  g_assert_null (find_row (GTK_WIDGET (wizard), "Render _Node"));
  g_assert_nonnull (find_row (GTK_WIDGET (wizard), "_Looking Glass"));
  g_assert_nonnull (find_row (GTK_WIDGET (wizard), "_Remote Desktop in the Guest"));
  g_assert_nonnull (find_row (GTK_WIDGET (wizard), "_None"));
  g_assert_cmpstr (slices_attach_wizard_get_shared_memory (wizard), ==, "32 MiB");
  g_assert_true (slices_attach_wizard_choose_looking_glass (wizard, 3840, 2160, FALSE));
  g_assert_cmpstr (slices_attach_wizard_get_shared_memory (wizard), ==, "128 MiB");
  g_assert_true (slices_attach_wizard_choose_looking_glass (wizard, 2560, 1440, TRUE));
  g_assert_cmpstr (slices_attach_wizard_get_shared_memory (wizard), ==, "128 MiB");
  g_assert_false (slices_attach_wizard_choose_looking_glass (wizard, 1280, 720, FALSE));
  open_review (wizard);

  summary = slices_attach_wizard_get_summary (wizard);
  g_assert_nonnull (strstr (summary, "Slice: " VF1 "\n"));
  g_assert_nonnull (strstr (summary, "Display: Looking Glass\n"));
  g_assert_nonnull (strstr (summary, "Resolution: 2560 × 1440, HDR\n"));
  g_assert_nonnull (strstr (summary, "Shared Memory: 128 MiB"));
  g_assert_null (strstr (summary, "Render Node"));

  /* B7's input recommendations, one line each; the guest's driver for an xe host. */
  review_vf = get_review_vf (wizard);
  input = slices_attach_review_vf_dup_input (review_vf);
  g_assert_cmpuint (count (input, "\n"), ==, 3);
  g_assert_true (g_str_has_prefix (input, "Virtio Mouse and Keyboard: "));
  g_assert_nonnull (strstr (input, "\nNo USB Tablet: "));
  g_assert_nonnull (strstr (input, "\nNo Memory Balloon: memballoon model='none'"));
  g_assert_nonnull (strstr (input, "\nVGA Console: "));
  g_assert_nonnull (strstr (slices_attach_review_vf_get_driver_note (review_vf),
                            "xe driver runs on virtual functions"));
  /* Its link opens Check Setup (over the wizard, which stays). */
  g_assert_null (slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE));
  g_assert_true (gtk_widget_activate (slices_attach_review_vf_get_setup_row (review_vf)));
  g_assert_true (slices_test_wait_until (has_setup, NULL, TIMEOUT_SECONDS));
  /* … at the guest's driver, highlighted. */
  g_assert_true (slices_test_wait_until (setup_at_guest_driver, NULL, TIMEOUT_SECONDS));
  gtk_window_destroy (slices_test_find_toplevel (SLICES_TYPE_SETUP_PAGE));
  g_assert_cmpstr (slices_attach_wizard_get_page (wizard), ==, "review");

  diff = slices_attach_wizard_dup_diff (wizard);
  g_assert_nonnull (strstr (diff, "looking-glass"));
  g_assert_nonnull (strstr (diff, "ivshmem-plain"));

  slices_test_wizard_apply (wizard);
  g_assert_cmpstr (slices_attach_wizard_get_result (wizard), ==, "done");
  g_assert_cmpstr (slices_attach_wizard_get_result_title (wizard), ==,
                   "Slice Attached to fedora‑workstation");
  g_assert_nonnull (strstr (slices_attach_wizard_get_result_description (wizard), VF1));
  slices_test_wizard_next (wizard, NULL);
  g_assert_true (slices_test_wait_until (slices_test_has_no_wizard, NULL, TIMEOUT_SECONDS));

  after = slices_test_get_vm_xml (demo->window, "fedora-workstation");
  assert_has_vf (after);
  g_assert_nonnull (strstr (after, "<shmem name='looking-glass'>"));
  g_assert_nonnull (strstr (after, "<model type='ivshmem-plain'/>"));
  g_assert_nonnull (strstr (after, "<size unit='M'>128</size>"));
  g_assert_nonnull (strstr (after, "<memballoon model='none'/>"));
  g_assert_null (strstr (after, "type='tablet'"));

  /* Undo: the definition is the original again. */
  assert_undo_restores (demo, "fedora-workstation", original);
}

/* A remote desktop in the guest on the running win10: the VF, no shmem; the Hyper-V note and
 * the restart warning; then Detach from the window restores the definition. */
static void
test_remote_and_detach (Demo          *demo,
                        gconstpointer  data)
{
  SlicesAttachWizard *wizard;
  SlicesAttachReviewPage *review;
  g_autofree char *original = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *warnings = NULL;
  g_autofree char *input = NULL;
  g_autofree char *after = NULL;
  g_autofree char *detached = NULL;

  if (slices_test_gui_should_skip ())
    return;

  original = slices_test_get_vm_xml (demo->window, "win10");
  wizard = open_at_display (demo, "win10");
  slices_attach_wizard_choose_display (wizard, "remote");
  g_assert_null (slices_attach_wizard_get_shared_memory (wizard));
  open_review (wizard);

  g_assert_nonnull (strstr (slices_attach_wizard_get_summary (wizard),
                            "Display: Remote desktop in the guest"));
  review = SLICES_ATTACH_REVIEW_PAGE (slices_attach_wizard_get_review_page (wizard));
  warnings = slices_attach_review_page_dup_warnings (review);
  g_assert_nonnull (strstr (warnings, "win10 is running"));
  notes = slices_attach_wizard_dup_notes (wizard);
  g_assert_nonnull (strstr (notes, "Hyper-V enlightenments"));
  g_assert_nonnull (strstr (notes, "Code 43"));
  input = slices_attach_review_vf_dup_input (get_review_vf (wizard));
  g_assert_cmpstr (input, ==, "");

  slices_test_wizard_apply (wizard);
  g_assert_cmpstr (slices_attach_wizard_get_result (wizard), ==, "done");
  gtk_window_destroy (GTK_WINDOW (wizard));
  after = slices_test_get_vm_xml (demo->window, "win10");
  assert_has_vf (after);
  g_assert_null (strstr (after, "<shmem"));
  /* The VM's own SPICE stays for its console. */
  g_assert_nonnull (strstr (after, "<graphics type='spice'"));
  /* The GPU's page names the VM, marked running, with Detach. */
  g_assert_true (slices_test_wait_until (vf1_row_is_used_by_running_win10, demo->window,
                                         TIMEOUT_SECONDS));

  gtk_widget_activate_action (GTK_WIDGET (demo->window), "win.detach-slice", "s", VF1);
  slices_test_wait_for_toast (demo->window,
                              "Slice detached from win10; it lets go of it when shut down");
  detached = slices_test_get_vm_xml (demo->window, "win10");
  slices_test_assert_same_definition (original, detached);
}

/* None (compute): the VF alone; Undo restores. */
static void
test_none (Demo          *demo,
           gconstpointer  data)
{
  SlicesAttachWizard *wizard;
  g_autofree char *original = NULL;
  g_autofree char *after = NULL;

  if (slices_test_gui_should_skip ())
    return;

  original = slices_test_get_vm_xml (demo->window, "ubuntu-server");
  wizard = open_at_display (demo, "ubuntu-server");
  slices_attach_wizard_choose_display (wizard, "off");
  open_review (wizard);
  g_assert_nonnull (strstr (slices_attach_wizard_get_summary (wizard), "Display: None"));
  g_assert_nonnull (slices_attach_review_vf_get_driver_note (get_review_vf (wizard)));

  slices_test_wizard_apply (wizard);
  g_assert_cmpstr (slices_attach_wizard_get_result (wizard), ==, "done");
  gtk_window_destroy (GTK_WINDOW (wizard));
  after = slices_test_get_vm_xml (demo->window, "ubuntu-server");
  assert_has_vf (after);
  g_assert_null (strstr (after, "<shmem"));

  assert_undo_restores (demo, "ubuntu-server", original);
}

int
main (int   argc,
      char *argv[])
{
  slices_test_gui_init (&argc, &argv);

  g_test_add ("/slices/wizard-vf/slice-page", Demo, NULL, demo_set_up, test_slice_page,
              demo_tear_down);
  g_test_add ("/slices/wizard-vf/looking-glass", Demo, NULL, demo_set_up, test_looking_glass,
              demo_tear_down);
  g_test_add ("/slices/wizard-vf/remote-and-detach", Demo, NULL, demo_set_up,
              test_remote_and_detach, demo_tear_down);
  g_test_add ("/slices/wizard-vf/none", Demo, NULL, demo_set_up, test_none, demo_tear_down);

  return g_test_run ();
}

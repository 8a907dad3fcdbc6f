/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Driving the attach wizard and reading the demo's VMs as a person would, for the GUI tests of
 * GVT-g slices (test-wizard) and SR-IOV VFs (test-wizard-vf): each waits in the main loop, with
 * a timeout, and fails the test with what it saw instead.
 */
#pragma once

#include <adwaita.h>

#include "slices-attach-wizard.h"
#include "slices-host.h"
#include "slices-simulator.h"
#include "slices-window.h"

G_BEGIN_DECLS

#define SLICES_TEST_WIZARD_TIMEOUT 10

/* The attach wizard once it is open. */
SlicesAttachWizard *slices_test_get_wizard     (void);
gboolean            slices_test_has_no_wizard  (gpointer data);
/* The visible page lets Next go on (a condition for slices_test_wait_until()). */
gboolean            slices_test_wizard_is_complete (gpointer wizard);
/* Clicks Next (or Apply, Close) once it can be; @expected_page (may be NULL) is the page then. */
void                slices_test_wizard_next    (SlicesAttachWizard *wizard,
                                                const char         *expected_page);
/* Apply, and wait until the apply page says how it went. */
void                slices_test_wizard_apply   (SlicesAttachWizard *wizard);

/* @domain's definition, read through the window's own libvirt connection. */
char               *slices_test_get_vm_xml     (SlicesWindow       *window,
                                                const char         *domain);
/* Waits until the window's last toast is @text. */
void                slices_test_wait_for_toast (SlicesWindow       *window,
                                                const char         *text);
/* Whether @a and @b are the same definition (slices_domain_canonicalize()). */
void                slices_test_assert_same_definition (const char *a,
                                                        const char *b);

/* The app's SR-IOV demo (gpu-slices --demo=sriov, SLICES_SIM_DEMO_SRIOV): a simulated Panther
 * Lake on xe with sriov_admin at SLICES_TEST_SRIOV_PF, three VFs that the host's driver does
 * not take (VF 1 with a GPU time profile of 20 ms turns, preempted after 500 µs; VF 3 in
 * win11-vf's definition), in a demo window (its test:/// VMs) of @width x @height (-1: its
 * own), on screen with its VMs listed; @demo gets its simulator, host and tree. Close it with
 * _close(). */
#define SLICES_TEST_SRIOV_PF "0000:00:02.0"

typedef struct {
  char *root;
  SlicesSimulator *simulator;
  SlicesHost *host;
} SlicesTestSriovDemo;

SlicesWindow *slices_test_sriov_demo_open  (SlicesTestSriovDemo *demo,
                                            int                  width,
                                            int                  height);
/* Destroys every window and removes the tree. */
void          slices_test_sriov_demo_close (SlicesTestSriovDemo *demo);

G_END_DECLS

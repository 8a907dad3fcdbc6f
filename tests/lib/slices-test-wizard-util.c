/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See slices-test-wizard-util.h.
 */
#include "config.h"

#include "slices-domain-edit.h"
#include "slices-libvirt.h"
#include "slices-window-private.h"
#include "slices-test-gui-util.h"
#include "slices-test-util.h"
#include "slices-test-wizard-util.h"

static gboolean
has_wizard (gpointer data)
{
  return slices_test_find_toplevel (SLICES_TYPE_ATTACH_WIZARD) != NULL;
}

gboolean
slices_test_has_no_wizard (gpointer data)
{
  return !has_wizard (data);
}

SlicesAttachWizard *
slices_test_get_wizard (void)
{
  g_assert_true (slices_test_wait_until (has_wizard, NULL, SLICES_TEST_WIZARD_TIMEOUT));
  return SLICES_ATTACH_WIZARD (slices_test_find_toplevel (SLICES_TYPE_ATTACH_WIZARD));
}

gboolean
slices_test_wizard_is_complete (gpointer data)
{
  return slices_attach_wizard_get_complete (data);
}

void
slices_test_wizard_next (SlicesAttachWizard *wizard,
                         const char         *expected_page)
{
  GtkWidget *next = slices_attach_wizard_get_next_button (wizard);

  g_assert_true (slices_test_wait_until (slices_test_wizard_is_complete, wizard, SLICES_TEST_WIZARD_TIMEOUT));
  g_assert_true (gtk_widget_get_visible (next));
  g_assert_true (gtk_widget_is_sensitive (next));
  g_signal_emit_by_name (next, "clicked");
  if (expected_page != NULL)
    g_assert_cmpstr (slices_attach_wizard_get_page (wizard), ==, expected_page);
}

static gboolean
has_result (gpointer data)
{
  return g_strcmp0 (slices_attach_wizard_get_result (data), "progress") != 0 &&
         !slices_attach_wizard_get_applying (data);
}

void
slices_test_wizard_apply (SlicesAttachWizard *wizard)
{
  slices_test_wizard_next (wizard, NULL);
  g_assert_true (slices_test_wait_until (has_result, wizard, SLICES_TEST_WIZARD_TIMEOUT));
}

char *
slices_test_get_vm_xml (SlicesWindow *window,
                        const char   *domain)
{
  SlicesLibvirt *libvirt = slices_vm_tracker_get_libvirt (slices_window_get_vm_tracker (window));
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *xml;

  slices_libvirt_get_xml_async (libvirt, domain, NULL, slices_test_store_result_cb, &slot);
  result = slices_test_wait_for_result (&slot, SLICES_TEST_WIZARD_TIMEOUT);
  xml = slices_libvirt_get_xml_finish (libvirt, result, &error);
  g_assert_no_error (error);
  return xml;
}

typedef struct {
  SlicesWindow *window;
  const char *text;
} Toast;

static gboolean
has_toast (gpointer data)
{
  Toast *toast = data;

  return g_strcmp0 (slices_window_get_last_toast (toast->window), toast->text) == 0;
}

void
slices_test_wait_for_toast (SlicesWindow *window,
                            const char   *text)
{
  Toast toast = { window, text };

  if (!slices_test_wait_until (has_toast, &toast, SLICES_TEST_WIZARD_TIMEOUT))
    g_error ("The last toast says “%s”, not “%s”", slices_window_get_last_toast (window), text);
}

void
slices_test_assert_same_definition (const char *a,
                                    const char *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *canonical_a = slices_domain_canonicalize (a, &error);
  g_autofree char *canonical_b = NULL;

  g_assert_no_error (error);
  canonical_b = slices_domain_canonicalize (b, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (canonical_a, ==, canonical_b);
}

static gboolean
is_ready (gpointer data)
{
  SlicesWindow *window = data;

  return g_strcmp0 (slices_window_get_view (window), "gpu") == 0 &&
         slices_vm_tracker_get_state (slices_window_get_vm_tracker (window)) ==
           SLICES_VM_TRACKER_READY;
}

SlicesWindow *
slices_test_sriov_demo_open (SlicesTestSriovDemo *demo,
                             int                  width,
                             int                  height)
{
  SlicesWindow *window;

  /* The app's own SR-IOV demo, as gpu-slices --demo=sriov opens it. */
  window = slices_window_new_demo_world (NULL, TRUE, SLICES_SIM_DEMO_SRIOV);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (slices_test_wait_until (is_ready, window, SLICES_TEST_WIZARD_TIMEOUT));
  demo->simulator = g_object_ref (SLICES_SIMULATOR (slices_window_get_backend (window)));
  demo->host = g_object_ref (slices_window_get_host (window));
  demo->root = g_strdup (slices_simulator_get_root (demo->simulator));
  return window;
}

void
slices_test_sriov_demo_close (SlicesTestSriovDemo *demo)
{
  slices_test_destroy_all_windows ();
  /* The demo's simulator removes its own tree. */
  g_clear_object (&demo->host);
  g_clear_object (&demo->simulator);
  g_clear_pointer (&demo->root, g_free);
}

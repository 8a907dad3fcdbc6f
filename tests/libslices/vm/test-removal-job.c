/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesRemovalJob's all or nothing, against real libvirt without a daemon (the test:///default
 * driver, whose state every connection of this process shares, so that a second connection
 * plays "another program") and the kernel simulator as the remover (what `slicectl remove
 * --simulate` uses):
 *   - a detach that fails (the second VM was deleted between the confirmation and the run)
 *     puts the first VM's definition back byte for byte and removes nothing;
 *   - a removal that fails (the simulated kernel's EBUSY for a slice still in use) keeps the
 *     slice removed before it gone and its VM detached, and gives the VM of the slice that
 *     stays its definition back;
 *   - Detach and Remove takes the slice out of each VM, and only that slice; Remove alone
 *     (--force) leaves the definitions as they were.
 * Definitions are read with their secrets (a VNC password) so "byte for byte" includes them.
 * Results are waited for in the main loop with a timeout; no sleeps.
 */
#include <stdarg.h>
#include <string.h>

#include <glib.h>
#include <libvirt/libvirt.h>

#include "slices-backend.h"
#include "slices-error.h"
#include "slices-removal-job.h"
#include "slices-simulator.h"
#include "slices-test-libvirt.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 30
#define GPU_ADDR "0000:00:02.0"
#define UUID_A "1a2b3c4d-0000-4000-8000-00000000000a"
#define UUID_B "1a2b3c4d-0000-4000-8000-00000000000b"
#define UUID_C "1a2b3c4d-0000-4000-8000-00000000000c"

#define DOMAIN_XML \
  "<domain type='test'><name>%s</name><memory>131072</memory>" \
  "<os><type arch='x86_64'>hvm</type></os>" \
  "<devices><graphics type='vnc' port='-1' passwd='s3cret'/>%s</devices></domain>"
#define HOSTDEV_XML \
  "<hostdev mode='subsystem' type='mdev' model='vfio-pci' display='on'>" \
  "<source><address uuid='%s'/></source></hostdev>"

typedef struct {
  SlicesSimulator *sim;
  SlicesLibvirt   *libvirt;
  virConnectPtr    other;
  GPtrArray       *domains;  /* virDomainPtr defined through @other, undefined at the end */
} Fixture;

/* --- the host ------------------------------------------------------------------------------ */

/* A VM, shut off, holding the slices given (NULL-terminated). */
static virDomainPtr
define_vm (Fixture    *fixture,
           const char *name,
           ...)
{
  g_autoptr(GString) devices = g_string_new (NULL);
  g_autofree char *xml = NULL;
  virDomainPtr dom;
  const char *uuid;
  va_list args;

  va_start (args, name);
  while ((uuid = va_arg (args, const char *)) != NULL)
    g_string_append_printf (devices, HOSTDEV_XML, uuid);
  va_end (args);

  xml = g_strdup_printf (DOMAIN_XML, name, devices->str);
  dom = virDomainDefineXML (fixture->other, xml);
  g_assert_nonnull (dom);
  g_ptr_array_add (fixture->domains, dom);
  return dom;
}

static gboolean
holds (virDomainPtr  dom,
       const char   *uuid)
{
  g_autofree char *xml = slices_test_domain_xml (dom);

  return strstr (xml, uuid) != NULL;
}

static void
create_slice (Fixture    *fixture,
              const char *uuid)
{
  g_assert_cmpint (slices_simulator_write_create (fixture->sim, GPU_ADDR, "i915-GVTg_V5_4",
                                                  uuid, 36), ==, 0);
}

/* The slice as `slicectl list` finds it: in the tree's mdev bus. */
static gboolean
slice_exists (Fixture    *fixture,
              const char *uuid)
{
  g_autofree char *path = g_build_filename (slices_simulator_get_root (fixture->sim), "bus",
                                            "mdev", "devices", uuid, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* --- the job ------------------------------------------------------------------------------- */

static SlicesRemovalJob *
new_job (Fixture            *fixture,
         const char * const *uuids)
{
  SlicesRemovalJob *job = slices_removal_job_new (fixture->libvirt, uuids);

  slices_removal_job_set_remover (job, fixture->sim,
                                  (SlicesRemoveAsyncFunc) slices_backend_remove_async,
                                  (SlicesRemoveFinishFunc) slices_backend_remove_finish);
  return job;
}

/* Find, and what a confirmation would name. */
static void
find_sync (SlicesRemovalJob *job,
           guint             n_holders)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slices_removal_job_find_async (job, NULL, slices_test_store_result_cb, &slot);
  result = slices_test_wait_for_result (&slot, TIMEOUT_SECONDS);
  g_assert_true (slices_removal_job_find_finish (job, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (slices_removal_job_get_holders (job)->len, ==, n_holders);
}

static gboolean
run_sync (SlicesRemovalJob  *job,
          gboolean           detach,
          GError           **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_removal_job_run_async (job, detach, NULL, slices_test_store_result_cb, &slot);
  result = slices_test_wait_for_result (&slot, TIMEOUT_SECONDS);
  return slices_removal_job_run_finish (job, result, error);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not in: %s", needle, text);
}

/* --- fixture ------------------------------------------------------------------------------- */

static void
domain_free (gpointer dom)
{
  virDomainFree (dom);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->sim = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  fixture->libvirt = slices_test_libvirt_open ("test:///default", TIMEOUT_SECONDS);

  fixture->other = virConnectOpen ("test:///default");
  g_assert_nonnull (fixture->other);
  fixture->domains = g_ptr_array_new_with_free_func (domain_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < fixture->domains->len; i++)
    {
      virDomainPtr dom = g_ptr_array_index (fixture->domains, i);

      if (virDomainIsPersistent (dom) == 1)
        virDomainUndefine (dom);
    }
  g_ptr_array_unref (fixture->domains);
  virConnectClose (fixture->other);
  g_clear_object (&fixture->libvirt);
  g_assert_finalize_object (fixture->sim);
}

/* --- tests --------------------------------------------------------------------------------- */

/* Two VMs hold A; the second is deleted (virt-manager, virsh undefine) after the confirmation
 * named it: its detach fails, the first VM gets its definition back exactly, A stays. */
static void
test_detach_fails (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *uuids[] = { UUID_A, NULL };
  virDomainPtr vm_a = define_vm (fixture, "vm-a", UUID_A, NULL);
  virDomainPtr vm_b = define_vm (fixture, "vm-b", UUID_A, NULL);
  g_autoptr(SlicesRemovalJob) job = new_job (fixture, uuids);
  g_autofree char *before = slices_test_domain_xml (vm_a);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  create_slice (fixture, UUID_A);
  find_sync (job, 2);
  g_assert_cmpint (virDomainUndefine (vm_b), ==, 0);

  g_assert_false (run_sync (job, TRUE, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  assert_contains (error->message, "vm-b");
  assert_contains (error->message, UUID_A);
  assert_contains (error->message, "no slice was removed");

  /* vm-a was detached first (sorted by name) and is back as it was, password included. */
  after = slices_test_domain_xml (vm_a);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (slice_exists (fixture, UUID_A));
  g_assert_cmpuint (slices_removal_job_get_removed (job)->len, ==, 0);
  g_assert_cmpuint (slices_removal_job_get_detaches (job)->len, ==, 0);
}

/* A (vm-a) and B (vm-b) are detached, A is removed, B is in use (EBUSY): A stays gone and
 * vm-a stays without it; B stays and vm-b gets its definition back exactly. */
static void
test_remove_fails (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *uuids[] = { UUID_A, UUID_B, NULL };
  virDomainPtr vm_a = define_vm (fixture, "vm-a", UUID_A, NULL);
  virDomainPtr vm_b = define_vm (fixture, "vm-b", UUID_B, NULL);
  g_autoptr(SlicesRemovalJob) job = new_job (fixture, uuids);
  g_autofree char *before_a = slices_test_domain_xml (vm_a);
  g_autofree char *before_b = slices_test_domain_xml (vm_b);
  g_autofree char *after_b = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *detaches;

  create_slice (fixture, UUID_A);
  create_slice (fixture, UUID_B);
  g_assert_true (slices_simulator_set_in_use (fixture->sim, UUID_B, "qemu-system-x86 (pid 4242)",
                                              &error));
  g_assert_no_error (error);
  find_sync (job, 2);

  g_assert_false (run_sync (job, TRUE, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_IN_USE);
  assert_contains (error->message, "Could not remove slice " UUID_B);
  g_assert_null (strstr (error->message, "could not get slice"));

  /* B: still there, and vm-b holds it again, exactly as before. */
  g_assert_true (slice_exists (fixture, UUID_B));
  after_b = slices_test_domain_xml (vm_b);
  g_assert_cmpstr (after_b, ==, before_b);

  /* A: gone, and vm-a no longer points to it (nor got it back). */
  g_assert_false (slice_exists (fixture, UUID_A));
  assert_contains (before_a, UUID_A);
  g_assert_false (holds (vm_a, UUID_A));
  g_assert_cmpuint (slices_removal_job_get_removed (job)->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (slices_removal_job_get_removed (job), 0), ==, UUID_A);
  /* The detach kept is vm-a's, what a caller reports as done. */
  detaches = slices_removal_job_get_detaches (job);
  g_assert_cmpuint (detaches->len, ==, 1);
  g_assert_cmpstr (slices_attach_job_get_domain (g_ptr_array_index (detaches, 0)), ==, "vm-a");
}

/* Detach and Remove: A goes out of both VMs, vm-b keeps its other slice C, A is gone. */
static void
test_detach_and_remove (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *uuids[] = { UUID_A, NULL };
  virDomainPtr vm_a = define_vm (fixture, "vm-a", UUID_A, NULL);
  virDomainPtr vm_b = define_vm (fixture, "vm-b", UUID_C, UUID_A, NULL);
  g_autoptr(SlicesRemovalJob) job = new_job (fixture, uuids);
  g_autofree char *xml_b = NULL;
  g_autoptr(GError) error = NULL;

  create_slice (fixture, UUID_A);
  create_slice (fixture, UUID_C);
  find_sync (job, 2);

  g_assert_true (run_sync (job, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (holds (vm_a, UUID_A));
  g_assert_false (holds (vm_b, UUID_A));
  xml_b = slices_test_domain_xml (vm_b);
  assert_contains (xml_b, UUID_C);
  assert_contains (xml_b, "s3cret");
  g_assert_false (slice_exists (fixture, UUID_A));
  g_assert_true (slice_exists (fixture, UUID_C));
  g_assert_cmpuint (slices_removal_job_get_detaches (job)->len, ==, 2);
  g_assert_cmpuint (slices_removal_job_get_removed (job)->len, ==, 1);
}

/* Remove alone (--force): A is gone, the definitions are as they were (still naming A). */
static void
test_force (Fixture       *fixture,
            gconstpointer  data)
{
  const char *uuids[] = { UUID_A, NULL };
  virDomainPtr vm_a = define_vm (fixture, "vm-a", UUID_A, NULL);
  virDomainPtr vm_b = define_vm (fixture, "vm-b", UUID_A, NULL);
  g_autoptr(SlicesRemovalJob) job = new_job (fixture, uuids);
  g_autofree char *before_a = slices_test_domain_xml (vm_a);
  g_autofree char *before_b = slices_test_domain_xml (vm_b);
  g_autofree char *after_a = NULL;
  g_autofree char *after_b = NULL;
  g_autoptr(GError) error = NULL;

  create_slice (fixture, UUID_A);
  find_sync (job, 2);

  g_assert_true (run_sync (job, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (slice_exists (fixture, UUID_A));
  after_a = slices_test_domain_xml (vm_a);
  after_b = slices_test_domain_xml (vm_b);
  g_assert_cmpstr (after_a, ==, before_a);
  g_assert_cmpstr (after_b, ==, before_b);
  g_assert_cmpuint (slices_removal_job_get_detaches (job)->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/slices/removal-job/detach-fails", Fixture, NULL,
              fixture_set_up, test_detach_fails, fixture_tear_down);
  g_test_add ("/slices/removal-job/remove-fails", Fixture, NULL,
              fixture_set_up, test_remove_fails, fixture_tear_down);
  g_test_add ("/slices/removal-job/detach-and-remove", Fixture, NULL,
              fixture_set_up, test_detach_and_remove, fixture_tear_down);
  g_test_add ("/slices/removal-job/force", Fixture, NULL,
              fixture_set_up, test_force, fixture_tear_down);

  return g_test_run ();
}

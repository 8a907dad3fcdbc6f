/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Discovery of SR-IOV GPUs over simulated and hand-built trees: xe with and without
 * sriov_admin, i915-sriov-dkms, the stock i915 (no SR-IOV), Meteor Lake on xe (SR-IOV off),
 * VFs bound to the host's driver (render nodes) and to vfio-pci (held by a process), and the
 * host following the simulator as VFs come and go, keeping its objects.
 */

#include <errno.h>
#include <string.h>

#include "slices-gpu.h"
#include "slices-host.h"
#include "slices-simulator.h"
#include "slices-sriov.h"
#include "slices-sysfs.h"
#include "slices-test-util.h"
#include "slices-vf.h"

#define PF  "0000:00:02.0"
#define VF1 "0000:00:02.1"
#define VF2 "0000:00:02.2"

typedef struct {
  char            *root;
  SlicesSimulator *sim;
} Fixture;

static void
setup (Fixture                *fixture,
       const SlicesSimGpuSpec *spec)
{
  g_autoptr(GError) error = NULL;

  fixture->root = slices_test_make_tmp_dir ("slices-test-discovery-sriov-XXXXXX");
  fixture->sim = slices_simulator_new (fixture->root);
  slices_simulator_add_gpu (fixture->sim, spec, &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture *fixture)
{
  g_assert_finalize_object (fixture->sim);
  slices_test_remove_tree (fixture->root);
  g_free (fixture->root);
}

static int
write_str (int (*write) (SlicesSimulator *, const char *, const char *, gsize),
           Fixture    *fixture,
           const char *address,
           const char *text)
{
  return write (fixture->sim, address, text, strlen (text));
}

/* The one GPU of the tree, with @technology. */
static SlicesGpu *
discover_one (Fixture          *fixture,
              SlicesTechnology  technology)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) gpus = slices_sysfs_discover (fixture->root, FALSE, &error);
  SlicesGpu *gpu;

  g_assert_no_error (error);
  /* VFs are never GPUs of their own */
  g_assert_cmpuint (gpus->len, ==, 1);
  gpu = g_object_ref (g_ptr_array_index (gpus, 0));
  g_assert_cmpint (slices_gpu_get_technology (gpu), ==, technology);
  return gpu;
}

static SlicesVf *
vf_at (SlicesSriov *sriov,
       guint        position)
{
  g_autoptr(SlicesVf) vf = g_list_model_get_item (slices_sriov_get_vfs (sriov), position);

  g_assert_nonnull (vf);
  return vf; /* the store keeps it */
}

static void
test_xe (void)
{
  Fixture fixture = { 0, };
  g_autoptr(SlicesGpu) gpu = NULL;
  g_autoptr(GError) error = NULL;
  SlicesSimGpuSpec spec;
  SlicesSriov *sriov;
  SlicesVf *vf;

  slices_sim_gpu_spec_init_ptl (&spec, PF);
  setup (&fixture, &spec);

  gpu = discover_one (&fixture, SLICES_TECHNOLOGY_SRIOV);
  sriov = slices_gpu_get_sriov (gpu);
  g_assert_cmpstr (slices_sriov_get_driver (sriov), ==, "xe");
  g_assert_cmpuint (slices_sriov_get_total_vfs (sriov), ==, 7);
  g_assert_cmpuint (slices_sriov_get_enabled_vfs (sriov), ==, 0);
  g_assert_true (slices_sriov_get_autoprobe (sriov));
  g_assert_true (slices_sriov_get_has_admin (sriov));
  g_assert_cmpint (slices_sriov_get_exec_quantum_ms (sriov), ==, 0);
  g_assert_cmpstr (slices_sriov_get_sched_priority (sriov), ==, "low");
  g_assert_cmpuint (g_list_model_get_n_items (slices_sriov_get_vfs (sriov)), ==, 0);
  g_assert_cmpstr (slices_technology_to_id (slices_gpu_get_technology (gpu)), ==, "sr-iov");
  g_clear_object (&gpu);

  /* autoprobe 0, three VFs; one for a VM (held), one for the host, one unbound */
  g_assert_cmpint (write_str (slices_simulator_write_sriov_autoprobe, &fixture, PF, "0"), ==, 0);
  g_assert_cmpint (write_str (slices_simulator_write_sriov_numvfs, &fixture, PF, "3"), ==, 0);
  g_assert_cmpint (write_str (slices_simulator_write_driver_override, &fixture, VF1,
                              "vfio-pci"), ==, 0);
  g_assert_cmpint (slices_simulator_write_drivers_probe (fixture.sim, VF1, 12), ==, 0);
  g_assert_cmpint (slices_simulator_write_sriov_autoprobe (fixture.sim, PF, "1", 1), ==, 0);
  g_assert_cmpint (slices_simulator_write_drivers_probe (fixture.sim, VF2, 12), ==, 0);
  g_assert_true (slices_simulator_set_in_use (fixture.sim, VF1, "qemu-system-x86 (pid 777)",
                                              &error));
  g_assert_cmpint (slices_simulator_write_sriov_admin (fixture.sim, PF,
                                                       "vf1/profile/exec_quantum_ms", "25", 2),
                   ==, 0);

  gpu = discover_one (&fixture, SLICES_TECHNOLOGY_SRIOV);
  sriov = slices_gpu_get_sriov (gpu);
  g_assert_cmpuint (slices_sriov_get_enabled_vfs (sriov), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (slices_sriov_get_vfs (sriov)), ==, 3);
  g_assert_cmpuint (slices_sriov_count_host_bound (sriov), ==, 1);
  g_assert_true (slices_sriov_find_held (sriov) == slices_sriov_find_vf (sriov, VF1));

  vf = vf_at (sriov, 0);
  g_assert_cmpstr (slices_vf_get_address (vf), ==, VF1);
  g_assert_cmpuint (slices_vf_get_index (vf), ==, 0);
  g_assert_cmpstr (slices_vf_get_driver (vf), ==, "vfio-pci");
  g_assert_true (slices_vf_is_vfio (vf));
  g_assert_cmpint (slices_vf_get_iommu_group (vf), >=, 0);
  g_assert_null (slices_vf_get_render_node (vf));
  g_assert_cmpstr (slices_vf_get_holder (vf), ==, "qemu-system-x86 (pid 777)");
  g_assert_true (slices_vf_get_has_profile (vf));
  g_assert_cmpint (slices_vf_get_exec_quantum_ms (vf), ==, 25);
  g_assert_cmpint (slices_vf_get_preempt_timeout_us (vf), ==, 0);
  g_assert_cmpstr (slices_vf_get_sched_priority (vf), ==, "low");

  vf = vf_at (sriov, 1);
  g_assert_cmpstr (slices_vf_get_address (vf), ==, VF2);
  g_assert_cmpstr (slices_vf_get_driver (vf), ==, "xe");
  g_assert_true (slices_vf_is_host_bound (vf));
  g_assert_cmpstr (slices_vf_get_render_node (vf), ==, "/dev/dri/renderD129");
  g_assert_null (slices_vf_get_holder (vf));

  vf = vf_at (sriov, 2);
  g_assert_null (slices_vf_get_driver (vf));
  g_assert_false (slices_vf_is_vfio (vf));
  g_assert_cmpint (slices_vf_get_iommu_group (vf), !=, slices_vf_get_iommu_group (vf_at (sriov, 0)));

  g_clear_object (&gpu);
  teardown (&fixture);
}

static void
test_xe_without_admin (void)
{
  Fixture fixture = { 0, };
  g_autoptr(SlicesGpu) gpu = NULL;
  g_autofree char *admin = NULL;
  SlicesSimGpuSpec spec;
  SlicesSriov *sriov;

  slices_sim_gpu_spec_init_ptl (&spec, PF);
  spec.sriov_admin = FALSE; /* a kernel before 6.19 */
  setup (&fixture, &spec);
  g_assert_cmpint (slices_simulator_write_sriov_numvfs (fixture.sim, PF, "2", 1), ==, 0);

  gpu = discover_one (&fixture, SLICES_TECHNOLOGY_SRIOV);
  sriov = slices_gpu_get_sriov (gpu);
  g_assert_false (slices_sriov_get_has_admin (sriov));
  g_assert_cmpint (slices_sriov_get_exec_quantum_ms (sriov), ==, -1);
  g_assert_null (slices_sriov_get_sched_priority (sriov));
  g_assert_false (slices_vf_get_has_profile (vf_at (sriov, 0)));
  g_assert_cmpint (slices_vf_get_exec_quantum_ms (vf_at (sriov, 1)), ==, -1);

  g_clear_object (&gpu);
  teardown (&fixture);
}

static void
test_dkms (void)
{
  Fixture fixture = { 0, };
  g_autoptr(SlicesGpu) gpu = NULL;
  SlicesSimGpuSpec spec;
  SlicesSriov *sriov;

  slices_sim_gpu_spec_init_adl (&spec, PF);
  setup (&fixture, &spec);
  g_assert_cmpint (slices_simulator_write_sriov_numvfs (fixture.sim, PF, "7", 1), ==, 0);

  gpu = discover_one (&fixture, SLICES_TECHNOLOGY_SRIOV);
  sriov = slices_gpu_get_sriov (gpu);
  g_assert_cmpstr (slices_gpu_get_driver (gpu), ==, "i915");
  g_assert_cmpstr (slices_sriov_get_driver (sriov), ==, "i915");
  g_assert_cmpuint (slices_sriov_get_total_vfs (sriov), ==, 7);
  g_assert_cmpuint (g_list_model_get_n_items (slices_sriov_get_vfs (sriov)), ==, 7);
  g_assert_false (slices_sriov_get_has_admin (sriov));
  /* autoprobe 1: the dkms i915 took every VF, each with a render node */
  g_assert_cmpuint (slices_sriov_count_host_bound (sriov), ==, 7);
  g_assert_cmpstr (slices_vf_get_render_node (vf_at (sriov, 6)), ==, "/dev/dri/renderD135");
  g_assert_cmpstr (slices_vf_get_address (vf_at (sriov, 6)), ==, "0000:00:02.7");

  g_clear_object (&gpu);
  teardown (&fixture);
}

static void
test_stock_i915 (void)
{
  Fixture fixture = { 0, };
  g_autoptr(SlicesGpu) gpu = NULL;
  SlicesSimGpuSpec spec;

  /* Alder Lake on the kernel's own i915: sriov_totalvfs 7, but no max_vfs parameter. */
  slices_sim_gpu_spec_init_adl (&spec, PF);
  spec.driver = SLICES_SIM_DRIVER_I915;
  setup (&fixture, &spec);

  gpu = discover_one (&fixture, SLICES_TECHNOLOGY_NONE);
  g_assert_null (slices_gpu_get_sriov (gpu));
  g_assert_cmpint (slices_gpu_get_gvt_support (gpu), ==, SLICES_GVT_SUPPORT_SRIOV);

  g_clear_object (&gpu);
  teardown (&fixture);
}

static void
test_meteor_lake_on_xe (void)
{
  Fixture fixture = { 0, };
  g_autoptr(SlicesGpu) gpu = NULL;
  SlicesSimGpuSpec spec;
  SlicesSriov *sriov;

  /* xe binds Meteor Lake but has no SR-IOV for it: totalvfs reads 0 (S2). */
  slices_sim_gpu_spec_init_ptl (&spec, PF);
  spec.device_id = 0x7d55;
  spec.driver_sriov = FALSE;
  spec.sriov_admin = FALSE;
  setup (&fixture, &spec);

  gpu = discover_one (&fixture, SLICES_TECHNOLOGY_SRIOV);
  sriov = slices_gpu_get_sriov (gpu);
  g_assert_cmpstr (slices_gpu_get_platform (gpu), ==, "Meteor Lake");
  g_assert_cmpuint (slices_sriov_get_total_vfs (sriov), ==, 0);

  g_clear_object (&gpu);
  teardown (&fixture);
}

/* A tree written by hand, as a kernel would show it, with nothing of the simulator's. */
static void
test_hand_built (void)
{
  g_autofree char *root = slices_test_make_tmp_dir ("slices-test-sriov-hand-XXXXXX");
  g_autoptr(GPtrArray) gpus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SlicesGpu *gpu;
  SlicesSriov *sriov;
  SlicesVf *vf;
  const char *pf = "devices/pci0000:00/0000:00:02.0/";
  const char *vf_dir = "devices/pci0000:00/0000:00:02.1/";

  slices_test_put_file (root, "bus/pci/devices/.keep", "");
  slices_test_put_file (root, "bus/pci/drivers/xe/bind", "");
  slices_test_put_file (root, "bus/pci/drivers/vfio-pci/bind", "");
  slices_test_put_file (root, "kernel/iommu_groups/17/devices/.keep", "");
  for (guint i = 0; i < 2; i++)
    {
      const char *dir = i == 0 ? pf : vf_dir;
      g_autofree char *vendor = g_strconcat (dir, "vendor", NULL);
      g_autofree char *device = g_strconcat (dir, "device", NULL);
      g_autofree char *class = g_strconcat (dir, "class", NULL);

      slices_test_put_file (root, vendor, "0x8086\n");
      slices_test_put_file (root, device, "0xb080\n");
      slices_test_put_file (root, class, "0x030000\n");
    }
  slices_test_put_file (root, "devices/pci0000:00/0000:00:02.0/sriov_totalvfs", "7\n");
  slices_test_put_file (root, "devices/pci0000:00/0000:00:02.0/sriov_numvfs", "1\n");
  slices_test_put_file (root, "devices/pci0000:00/0000:00:02.0/sriov_drivers_autoprobe", "0\n");
  slices_test_put_file (root, "devices/pci0000:00/0000:00:02.0/sriov_admin/vf1/profile/"
                        "exec_quantum_ms", "garbage\n");
  slices_test_put_file (root, "devices/pci0000:00/0000:00:02.0/sriov_admin/vf1/profile/"
                        "sched_priority", "low [normal]\n");

#define LINK(target, name) \
  G_STMT_START { \
    g_free (path); \
    path = g_build_filename (root, name, NULL); \
    g_assert_cmpint (symlink (target, path), ==, 0); \
  } G_STMT_END
  LINK ("../../../devices/pci0000:00/0000:00:02.0", "bus/pci/devices/0000:00:02.0");
  LINK ("../../../devices/pci0000:00/0000:00:02.1", "bus/pci/devices/0000:00:02.1");
  LINK ("../../../bus/pci/drivers/xe", "devices/pci0000:00/0000:00:02.0/driver");
  LINK ("../../../bus/pci/drivers/vfio-pci", "devices/pci0000:00/0000:00:02.1/driver");
  LINK ("../0000:00:02.1", "devices/pci0000:00/0000:00:02.0/virtfn0");
  LINK ("../0000:00:02.0", "devices/pci0000:00/0000:00:02.1/physfn");
  LINK ("../../../kernel/iommu_groups/17", "devices/pci0000:00/0000:00:02.1/iommu_group");
  /* a second virtfn that dangles: the VF went away while we read */
  LINK ("../0000:00:02.2", "devices/pci0000:00/0000:00:02.0/virtfn1");
#undef LINK

  gpus = slices_sysfs_discover (root, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gpus->len, ==, 1);
  gpu = g_ptr_array_index (gpus, 0);
  sriov = slices_gpu_get_sriov (gpu);
  g_assert_nonnull (sriov);
  g_assert_false (slices_sriov_get_autoprobe (sriov));
  g_assert_cmpuint (slices_sriov_get_enabled_vfs (sriov), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (slices_sriov_get_vfs (sriov)), ==, 2);
  vf = vf_at (sriov, 0);
  g_assert_cmpstr (slices_vf_get_driver (vf), ==, "vfio-pci");
  g_assert_cmpint (slices_vf_get_iommu_group (vf), ==, 17);
  g_assert_cmpint (slices_vf_get_exec_quantum_ms (vf), ==, -1);
  g_assert_cmpstr (slices_vf_get_sched_priority (vf), ==, "normal");
  vf = vf_at (sriov, 1);
  g_assert_cmpstr (slices_vf_get_address (vf), ==, "0000:00:02.2");
  g_assert_null (slices_vf_get_driver (vf));

  slices_test_remove_tree (root);
}

static void
on_changed_cb (SlicesHost *host,
               gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

typedef struct {
  guint *count;
  guint  n;
} Wait;

static gboolean
reached_cb (gpointer data)
{
  Wait *wait = data;

  return *wait->count >= wait->n;
}

/* Waits until the host has said "changed" @n times in all. */
static void
wait_changes (guint *count,
              guint  n)
{
  Wait wait = { count, n };

  g_assert_true (slices_test_wait_until (reached_cb, &wait, 5));
}

static void
test_host_follows (void)
{
  Fixture fixture = { 0, };
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  SlicesSimGpuSpec spec;
  SlicesGpu *gpu;
  SlicesSriov *sriov;
  SlicesVf *vf1;
  guint changed = 0;

  slices_sim_gpu_spec_init_ptl (&spec, PF);
  setup (&fixture, &spec);
  host = slices_host_new (fixture.root);
  g_assert_true (slices_host_refresh (host, &error));
  slices_host_watch_notifier (host, SLICES_NOTIFIER (fixture.sim));
  g_signal_connect (host, "changed", G_CALLBACK (on_changed_cb), &changed);

  /* An SR-IOV GPU is among the GPUs that offer slices */
  g_assert_cmpuint (g_list_model_get_n_items (slices_host_get_gpus (host)), ==, 1);
  gpu = slices_host_find_gpu (host, PF);
  sriov = slices_gpu_get_sriov (gpu);

  g_assert_cmpint (slices_simulator_write_sriov_numvfs (fixture.sim, PF, "2", 1), ==, 0);
  wait_changes (&changed, 1);
  g_assert_true (slices_gpu_get_sriov (gpu) == sriov);
  g_assert_cmpuint (g_list_model_get_n_items (slices_sriov_get_vfs (sriov)), ==, 2);
  vf1 = slices_host_find_vf (host, VF1);
  g_assert_nonnull (vf1);
  g_assert_cmpstr (slices_vf_get_driver (vf1), ==, "xe");
  g_assert_null (slices_host_find_vf (host, "0000:00:02.5"));

  /* a bind is a change of the same VF object */
  g_assert_cmpint (slices_simulator_write_unbind (fixture.sim, "xe", VF1, 12), ==, 0);
  wait_changes (&changed, 2);
  g_assert_true (slices_host_find_vf (host, VF1) == vf1);
  g_assert_null (slices_vf_get_driver (vf1));

  g_assert_cmpint (slices_simulator_write_sriov_numvfs (fixture.sim, PF, "0", 1), ==, 0);
  wait_changes (&changed, 3);
  g_assert_cmpuint (g_list_model_get_n_items (slices_sriov_get_vfs (sriov)), ==, 0);
  g_assert_null (slices_host_find_vf (host, VF1));

  g_clear_object (&host);
  teardown (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/discovery-sriov/xe", test_xe);
  g_test_add_func ("/slices/discovery-sriov/xe-without-admin", test_xe_without_admin);
  g_test_add_func ("/slices/discovery-sriov/dkms", test_dkms);
  g_test_add_func ("/slices/discovery-sriov/stock-i915", test_stock_i915);
  g_test_add_func ("/slices/discovery-sriov/meteor-lake-on-xe", test_meteor_lake_on_xe);
  g_test_add_func ("/slices/discovery-sriov/hand-built", test_hand_built);
  g_test_add_func ("/slices/discovery-sriov/host-follows", test_host_follows);

  return g_test_run ();
}

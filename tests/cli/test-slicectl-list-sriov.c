/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl list [--json]` on the simulated SR-IOV platforms: the contract's additions
 * ("technology" on every GPU; "sriov" and "vfs" on SR-IOV GPUs, with "render_node" only while the
 * host's driver holds a VF and "profile" only where sriov_admin exists), and the tables people
 * read.
 */
#include <errno.h>
#include <string.h>

#include "slices-test-cli.h"

#define PF "0000:00:02.0"

typedef void (*SpecInit) (SlicesSimGpuSpec *spec, const char *address);

static SlicesTestTree *
make_tree (SpecInit    init,
           const char *address)
{
  SlicesSimGpuSpec spec;

  init (&spec, address);
  return slices_test_tree_new (&spec, NULL);
}

static JsonObject *
only_gpu (JsonNode   *root,
          const char *technology)
{
  JsonObject *gpu;

  g_assert_cmpuint (json_array_get_length (slices_test_cli_get_gpus (root)), ==, 1);
  gpu = slices_test_cli_get_gpu (root, 0);
  g_assert_cmpstr (json_object_get_string_member (gpu, "technology"), ==, technology);
  return gpu;
}

static void
assert_sriov (JsonObject *gpu,
              const char *driver,
              gint64      total,
              gint64      enabled,
              gboolean    autoprobe)
{
  JsonObject *sriov = json_object_get_object_member (gpu, "sriov");

  g_assert_nonnull (sriov);
  g_assert_cmpstr (json_object_get_string_member (sriov, "driver"), ==, driver);
  g_assert_cmpint (json_object_get_int_member (sriov, "total_vfs"), ==, total);
  g_assert_cmpint (json_object_get_int_member (sriov, "enabled_vfs"), ==, enabled);
  g_assert_true (json_object_get_boolean_member (sriov, "autoprobe") == autoprobe);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (gpu, "vfs")), ==,
                    enabled);
}

static JsonObject *
vf_at (JsonObject *gpu,
       guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (gpu, "vfs"), index);
}

static void
test_kbl (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = slices_test_cli_list_json (tree);
  JsonObject *gpu = only_gpu (root, "gvt-g");

  /* additions only: nothing of SR-IOV on a GVT-g GPU */
  g_assert_false (json_object_has_member (gpu, "sriov"));
  g_assert_false (json_object_has_member (gpu, "vfs"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (gpu, "types")), ==, 4);
}

static void
test_ptl (void)
{
  g_autoptr(SlicesTestTree) tree = make_tree (slices_sim_gpu_spec_init_ptl, PF);
  g_autoptr(SlicesSimulator) sim = slices_simulator_new (tree->root);
  g_autoptr(JsonNode) before = slices_test_cli_list_json (tree);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *gpu = only_gpu (before, "sr-iov");
  JsonObject *vf, *profile;

  g_assert_cmpstr (json_object_get_string_member (gpu, "driver"), ==, "xe");
  g_assert_cmpstr (json_object_get_string_member (gpu, "generation"), ==, "Panther Lake");
  assert_sriov (gpu, "xe", 7, 0, TRUE);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (gpu, "types")), ==, 0);

  g_assert_cmpint (slices_simulator_write_sriov_autoprobe (sim, PF, "0", 1), ==, 0);
  g_assert_cmpint (slices_simulator_write_sriov_numvfs (sim, PF, "3", 1), ==, 0);
  g_assert_cmpint (slices_simulator_write_driver_override (sim, "0000:00:02.1", "vfio-pci", 8),
                   ==, 0);
  g_assert_cmpint (slices_simulator_write_drivers_probe (sim, "0000:00:02.1", 12), ==, 0);
  /* with autoprobe 0 the host's xe may not probe it; on again, it may */
  g_assert_cmpint (slices_simulator_write_bind (sim, "xe", "0000:00:02.2", 12), ==, ENODEV);
  g_assert_cmpint (slices_simulator_write_sriov_autoprobe (sim, PF, "1", 1), ==, 0);
  g_assert_cmpint (slices_simulator_write_bind (sim, "xe", "0000:00:02.2", 12), ==, 0);
  g_assert_cmpint (slices_simulator_write_sriov_admin (sim, PF, "vf1/profile/exec_quantum_ms",
                                                       "20", 2), ==, 0);

  after = slices_test_cli_list_json (tree);
  gpu = only_gpu (after, "sr-iov");
  assert_sriov (gpu, "xe", 7, 3, TRUE);

  vf = vf_at (gpu, 0);
  g_assert_cmpstr (json_object_get_string_member (vf, "address"), ==, "0000:00:02.1");
  g_assert_cmpint (json_object_get_int_member (vf, "index"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (vf, "driver"), ==, "vfio-pci");
  g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (vf, "iommu_group")));
  g_assert_false (json_object_has_member (vf, "render_node"));
  profile = json_object_get_object_member (vf, "profile");
  g_assert_cmpint (json_object_get_int_member (profile, "exec_quantum_ms"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (profile, "preempt_timeout_us"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (profile, "sched_priority"), ==, "low");

  vf = vf_at (gpu, 1);
  g_assert_cmpstr (json_object_get_string_member (vf, "driver"), ==, "xe");
  g_assert_cmpstr (json_object_get_string_member (vf, "render_node"), ==, "/dev/dri/renderD129");

  vf = vf_at (gpu, 2);
  g_assert_true (json_object_get_null_member (vf, "driver"));
  g_assert_false (json_object_has_member (vf, "render_node"));
}

static void
test_adl (void)
{
  g_autoptr(SlicesTestTree) tree = make_tree (slices_sim_gpu_spec_init_adl, PF);
  g_autoptr(SlicesSimulator) sim = slices_simulator_new (tree->root);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *gpu;

  g_assert_cmpint (slices_simulator_write_sriov_numvfs (sim, PF, "2", 1), ==, 0);
  root = slices_test_cli_list_json (tree);
  gpu = only_gpu (root, "sr-iov");
  g_assert_cmpstr (json_object_get_string_member (gpu, "generation"), ==, "Alder Lake-P");
  assert_sriov (gpu, "i915", 7, 2, TRUE);
  /* no sriov_admin on i915-sriov-dkms: no profile */
  g_assert_false (json_object_has_member (vf_at (gpu, 0), "profile"));
  g_assert_cmpstr (json_object_get_string_member (vf_at (gpu, 0), "driver"), ==, "i915");
}

static void
test_bmg (void)
{
  g_autoptr(SlicesTestTree) tree = make_tree (slices_sim_gpu_spec_init_bmg, NULL);
  g_autoptr(JsonNode) root = slices_test_cli_list_json (tree);
  JsonObject *gpu = only_gpu (root, "sr-iov");

  g_assert_cmpstr (json_object_get_string_member (gpu, "address"), ==, "0000:03:00.0");
  g_assert_cmpstr (json_object_get_string_member (gpu, "generation"), ==, "Battlemage");
  assert_sriov (gpu, "xe", 7, 0, TRUE);
}

static void
test_stock_i915 (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *inactive;
  JsonObject *gpu;

  slices_sim_gpu_spec_init_adl (&spec, PF);
  spec.driver = SLICES_SIM_DRIVER_I915;
  tree = slices_test_tree_new (&spec, NULL);
  root = slices_test_cli_list_json (tree);

  /* the kernel's own i915 cannot make VFs: an inactive GPU, technology none */
  g_assert_cmpuint (json_array_get_length (slices_test_cli_get_gpus (root)), ==, 0);
  inactive = json_object_get_array_member (json_node_get_object (root), "inactive_gpus");
  g_assert_cmpuint (json_array_get_length (inactive), ==, 1);
  gpu = json_array_get_object_element (inactive, 0);
  g_assert_cmpstr (json_object_get_string_member (gpu, "technology"), ==, "none");
  g_assert_false (json_object_has_member (gpu, "sriov"));
}

static void
test_human (void)
{
  g_autoptr(SlicesTestTree) tree = make_tree (slices_sim_gpu_spec_init_ptl, PF);
  g_autoptr(SlicesSimulator) sim = slices_simulator_new (tree->root);
  g_auto(SlicesTestRun) run = { 0, };
  g_autoptr(GError) error = NULL;

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "SR-IOV: 0 of 7 virtual functions enabled"));
  g_assert_nonnull (strstr (run.out, "No virtual functions yet."));

  g_assert_cmpint (slices_simulator_write_sriov_autoprobe (sim, PF, "0", 1), ==, 0);
  g_assert_cmpint (slices_simulator_write_sriov_numvfs (sim, PF, "2", 1), ==, 0);
  g_assert_cmpint (slices_simulator_write_driver_override (sim, "0000:00:02.2", "vfio-pci", 8),
                   ==, 0);
  g_assert_cmpint (slices_simulator_write_drivers_probe (sim, "0000:00:02.2", 12), ==, 0);
  g_assert_true (slices_simulator_set_in_use (sim, "0000:00:02.2", "qemu-system-x86 (pid 99)",
                                              &error));
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "SR-IOV: 2 of 7 virtual functions enabled; the host "
                                     "leaves new ones alone"));
  g_assert_nonnull (strstr (run.out, "0000:00:02.1  none"));
  g_assert_nonnull (strstr (run.out, "qemu-system-x86 (pid 99)"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/list-sriov/kbl", test_kbl);
  g_test_add_func ("/slices/slicectl/list-sriov/ptl", test_ptl);
  g_test_add_func ("/slices/slicectl/list-sriov/adl", test_adl);
  g_test_add_func ("/slices/slicectl/list-sriov/bmg", test_bmg);
  g_test_add_func ("/slices/slicectl/list-sriov/stock-i915", test_stock_i915);
  g_test_add_func ("/slices/slicectl/list-sriov/human", test_human);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SR-IOV commands on the simulated platforms (ptl: xe with sriov_admin; adl:
 * i915-sriov-dkms; bmg: a discrete xe card): set-vfs 0 → 3 → 5 (through 0) and what `list
 * --json` then shows, the refusals (more than totalvfs, a held VF, fair provisioning's ENOSPC)
 * that change nothing, set-vf-profile where sriov_admin exists and not elsewhere, persist and
 * unpersist --gpu (the rule in the simulator's /etc), and `nixos` for them.
 */
#include <string.h>

#include "slices-test-cli.h"

#define PF "0000:00:02.0"
#define BMG "0000:03:00.0"

typedef void (*SpecInit) (SlicesSimGpuSpec *spec, const char *address);

static SlicesTestTree *
make_tree (SpecInit    init,
           const char *address,
           guint       fair_vfs)
{
  SlicesSimGpuSpec spec;

  init (&spec, address);
  spec.fair_vfs = fair_vfs;
  return slices_test_tree_new (&spec, NULL);
}

/* enabled_vfs, and that the VFs listed are exactly that many. */
static gint64
enabled_vfs (SlicesTestTree *tree)
{
  g_autoptr(JsonNode) root = slices_test_cli_list_json (tree);
  JsonObject *gpu = slices_test_cli_get_gpu (root, 0);
  gint64 enabled = json_object_get_int_member (json_object_get_object_member (gpu, "sriov"),
                                               "enabled_vfs");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (gpu, "vfs")), ==,
                    enabled);
  return enabled;
}

static void
set_vfs (SlicesTestTree *tree,
         const char     *address,
         const char     *count)
{
  g_auto(SlicesTestRun) run = { 0, };

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "set-vfs", "--gpu",
                       address, count, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
}

static void
test_set_vfs (gconstpointer data)
{
  const char *platform = data;
  gboolean bmg = g_str_equal (platform, "bmg");
  const char *address = bmg ? BMG : PF;
  g_autoptr(SlicesTestTree) tree =
    make_tree (bmg ? slices_sim_gpu_spec_init_bmg : g_str_equal (platform, "adl")
               ? slices_sim_gpu_spec_init_adl : slices_sim_gpu_spec_init_ptl, address, 0);
  g_autoptr(SlicesSimulator) sim = slices_simulator_new (tree->root);
  g_auto(SlicesTestRun) run = { 0, };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *first_vf = NULL;
  JsonObject *gpu;

  g_assert_cmpint (enabled_vfs (tree), ==, 0);
  set_vfs (tree, address, "3");
  g_assert_cmpint (enabled_vfs (tree), ==, 3);

  /* 3 → 5 goes through 0, and says that every slice is made anew. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "set-vfs", "--gpu",
                       address, "5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "every slice is made anew"));
  root = slices_test_cli_list_json (tree);
  gpu = slices_test_cli_get_gpu (root, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (gpu, "vfs")), ==, 5);
  /* autoprobe 0 first: the host's driver took none of them */
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (gpu, "sriov"),
                                                  "autoprobe"));
  for (guint i = 0; i < 5; i++)
    g_assert_true (json_object_get_null_member (json_array_get_object_element (
      json_object_get_array_member (gpu, "vfs"), i), "driver"));

  /* More than totalvfs: refused before anything is written. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "set-vfs", "--gpu",
                       address, "65", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, "at most", "nothing was changed", NULL);
  g_assert_cmpint (enabled_vfs (tree), ==, 5);

  /* A held VF: refused, naming the holder, and nothing changes. */
  first_vf = g_strdup (json_object_get_string_member (json_array_get_object_element (
    json_object_get_array_member (gpu, "vfs"), 0), "address"));
  g_assert_true (slices_simulator_set_in_use (sim, first_vf, "qemu-system-x86 (pid 4242)", NULL));
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "set-vfs", "--gpu",
                       address, "0", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, first_vf, "qemu-system-x86 (pid 4242)",
                                         "Nothing was changed", NULL);
  g_assert_cmpint (enabled_vfs (tree), ==, 5);
  g_assert_true (slices_simulator_set_in_use (sim, first_vf, NULL, NULL));

  set_vfs (tree, address, "0");
  g_assert_cmpint (enabled_vfs (tree), ==, 0);
}

static void
test_no_room (void)
{
  g_autoptr(SlicesTestTree) tree = make_tree (slices_sim_gpu_spec_init_ptl, PF, 2);
  g_auto(SlicesTestRun) run = { 0, };

  set_vfs (tree, PF, "2");
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "set-vfs", "--gpu", PF,
                       "3", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, "cannot share its memory and scheduling "
                                         "fairly among 3 virtual functions; choose fewer", NULL);
  /* The 2 from before are made again. */
  g_assert_cmpint (enabled_vfs (tree), ==, 2);
}

static gint64
vf_profile (SlicesTestTree *tree,
            guint           index,
            const char     *key)
{
  g_autoptr(JsonNode) root = slices_test_cli_list_json (tree);
  JsonObject *vf = json_array_get_object_element (
    json_object_get_array_member (slices_test_cli_get_gpu (root, 0), "vfs"), index);

  return json_object_get_int_member (json_object_get_object_member (vf, "profile"), key);
}

static void
test_profile (void)
{
  g_autoptr(SlicesTestTree) tree = make_tree (slices_sim_gpu_spec_init_ptl, PF, 0);
  g_autoptr(SlicesTestTree) adl = make_tree (slices_sim_gpu_spec_init_adl, PF, 0);
  g_auto(SlicesTestRun) run = { 0, };

  set_vfs (tree, PF, "2");
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "set-vf-profile",
                       "--gpu", PF, "--vf", "1", "--exec-quantum-ms", "20", NULL);
  g_assert_cmpint (run.status, ==, 0);
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "set-vf-profile",
                       "--gpu", PF, "--vf", "0000:00:02.1", "--preempt-timeout-us", "5000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (vf_profile (tree, 0, "exec_quantum_ms"), ==, 0);
  g_assert_cmpint (vf_profile (tree, 1, "exec_quantum_ms"), ==, 20);
  g_assert_cmpint (vf_profile (tree, 0, "preempt_timeout_us"), ==, 5000);

  /* Strict numbers, one setting at a time. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "set-vf-profile",
                       "--gpu", PF, "--vf", "1", "--exec-quantum-ms", "0x10", NULL);
  slices_test_cli_assert_one_line_error (&run, 2, "0x10", NULL);
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "set-vf-profile",
                       "--gpu", PF, "--vf", "1", "--exec-quantum-ms", "1",
                       "--preempt-timeout-us", "1", NULL);
  slices_test_cli_assert_one_line_error (&run, 2, "one of", NULL);
  g_assert_cmpint (vf_profile (tree, 1, "exec_quantum_ms"), ==, 20);

  /* i915-sriov-dkms has no sriov_admin. */
  set_vfs (adl, PF, "2");
  slices_test_cli_run (&run, "--sysfs-root", adl->root, "--simulate", "set-vf-profile",
                       "--gpu", PF, "--vf", "0", "--exec-quantum-ms", "20", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, "sriov_admin", "nothing was changed", NULL);
}

static void
test_persist (void)
{
  g_autoptr(SlicesTestTree) tree = make_tree (slices_sim_gpu_spec_init_ptl, PF, 0);
  g_autofree char *rule = g_build_filename (tree->root, ".etc", "udev", "rules.d",
                                            "70-gpu-slices-sriov-" PF ".rules", NULL);
  g_autofree char *text = NULL;
  g_auto(SlicesTestRun) run = { 0, };

  set_vfs (tree, PF, "3");
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "persist", "--gpu", PF,
                       NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "3 virtual functions after every restart"));
  g_assert_true (g_file_get_contents (rule, &text, NULL, NULL));
  /* What the helper writes: on bind (add is too early), autoprobe 0, then the count. */
  g_assert_nonnull (strstr (text, "ACTION==\"bind\", SUBSYSTEM==\"pci\", KERNEL==\"" PF "\", "
                                  "ATTR{vendor}==\"0x8086\", DRIVER==\"xe\", "
                                  "ATTR{sriov_drivers_autoprobe}=\"0\", "
                                  "ATTR{sriov_numvfs}=\"3\"\n"));

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "persist", "--gpu", PF,
                       UUID_A, NULL);
  slices_test_cli_assert_one_line_error (&run, 2, "takes no slice UUIDs", NULL);

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "unpersist", "--gpu", PF,
                       NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_false (g_file_test (rule, G_FILE_TEST_EXISTS));
  /* Not kept: already what was asked. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "unpersist", "--gpu", PF,
                       NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static void
test_nixos (void)
{
  g_autoptr(SlicesTestTree) tree = make_tree (slices_sim_gpu_spec_init_ptl, PF, 0);
  g_autoptr(SlicesTestTree) adl = make_tree (slices_sim_gpu_spec_init_adl, PF, 0);
  g_auto(SlicesTestRun) run = { 0, };

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "nixos", "--user", "alice", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "make some with slicectl set-vfs"));
  g_assert_null (strstr (run.out, "kvmgt"));

  set_vfs (tree, PF, "4");
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "nixos", "--user", "alice", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "services.udev.extraRules = \"# Written by GPU Slices: 4 "
                                     "virtual functions"));
  g_assert_nonnull (strstr (run.out, "DRIVER==\\\"xe\\\", ATTR{sriov_drivers_autoprobe}="
                                     "\\\"0\\\", ATTR{sriov_numvfs}=\\\"4\\\"\\n\";\n"));
  g_assert_nonnull (strstr (run.out, "boot.kernelParams = [ \"intel_iommu=on\" ];\n"));
  g_assert_nonnull (strstr (run.out, "users.users.alice.extraGroups = [ \"libvirtd\" ];\n"));

  set_vfs (adl, PF, "2");
  slices_test_cli_run (&run, "--sysfs-root", adl->root, "nixos", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "boot.kernelParams = [ \"intel_iommu=on\" "
                                     "\"i915.enable_guc=3\" \"i915.max_vfs=7\" "
                                     "\"module_blacklist=xe\" ];\n"));
}

static const SlicesTestCliErrorCase error_cases[] = {
  { "set-vfs-no-gpu", 2, { "--simulate", "set-vfs", "3" }, { "--gpu" } },
  { "set-vfs-no-count", 2, { "--simulate", "set-vfs", "--gpu", PF }, { "one count" } },
  { "set-vfs-bad-count", 2, { "--simulate", "set-vfs", "--gpu", PF, "-1" }, { "-1" } },
  { "set-vfs-gvt", 1, { "--simulate", "set-vfs", "--gpu", KBL_ADDRESS, "1" },
    { "no SR-IOV", "nothing was changed" } },
  { "set-vfs-absent", 1, { "--simulate", "set-vfs", "--gpu", "0000:00:09.0", "1" },
    { "no GPU at 0000:00:09.0" } },
  { "profile-no-vf", 2, { "--simulate", "set-vf-profile", "--gpu", PF, "--exec-quantum-ms", "1" },
    { "--vf" } },
  { "persist-gvt", 1, { "--simulate", "persist", "--gpu", KBL_ADDRESS }, { "no SR-IOV" } },
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/slices/slicectl/sriov/set-vfs/ptl", "ptl", test_set_vfs);
  g_test_add_data_func ("/slices/slicectl/sriov/set-vfs/adl", "adl", test_set_vfs);
  g_test_add_data_func ("/slices/slicectl/sriov/set-vfs/bmg", "bmg", test_set_vfs);
  g_test_add_func ("/slices/slicectl/sriov/set-vfs/no-room", test_no_room);
  g_test_add_func ("/slices/slicectl/sriov/set-vf-profile", test_profile);
  g_test_add_func ("/slices/slicectl/sriov/persist", test_persist);
  g_test_add_func ("/slices/slicectl/sriov/nixos", test_nixos);
  slices_test_cli_add_error_cases ("/slices/slicectl/sriov/error", error_cases,
                                   G_N_ELEMENTS (error_cases));

  return g_test_run ();
}

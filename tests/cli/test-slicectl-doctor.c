/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl doctor` on simulated trees: the JSON contract (every check, in order, with a status
 * and fixes; exit 1 exactly when one is an error), the form for people (glyphs, copyable fix
 * commands, plain ASCII without UTF-8), libvirt asked only with --connect, and trees that are
 * healthy, have GVT-g or GuC submission in the way, a GPU without GVT-g, parameters only root
 * may read, or no tree at all.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "slices-test-cli.h"

static const SlicesTestCliErrorCase error_cases[] = {
  { "doctor-stray-argument", 2,
    { "doctor", "now" },
    { "now" } },
  { "doctor-unknown-option", 2,
    { "doctor", "--fix" },
    { "--fix", "doctor --help" } },
};

/* slices-doctor.h: the stable ids, in this order. */
static const char * const check_ids[] = {
  "gpu-generation", "gvt-parameter", "guc-submission", "kvmgt-module", "vfio-modules",
  "slice-types", "room", "iommu", "render-node", "libvirt", "polkit-agent", "persistence",
  "qemu-sandbox", NULL,
};

/* On an SR-IOV GPU: its five checks after the first, and Looking Glass's last (additions
 * only). */
static const char * const sriov_check_ids[] = {
  "gpu-generation", "sriov-driver", "sriov-vfs-limit", "sriov-guc", "sriov-host-binding",
  "sriov-guest-driver", "gvt-parameter", "guc-submission", "kvmgt-module", "vfio-modules",
  "slice-types", "room", "iommu", "render-node", "libvirt", "polkit-agent", "persistence",
  "qemu-sandbox", "looking-glass-shm", NULL,
};

/* Runs `doctor --json` as @user (NULL: as the test), checks the exit status and the shape of
 * the contract (the checks @ids, in order), returns it. */
static JsonNode *
doctor_json_ids (const SlicesTestTree *tree,
                 int                   status,
                 const SlicesTestUser *user,
                 const char * const   *ids)
{
  const char *distros[] = { "debian", "fedora", "arch", "nixos", "unknown", NULL };
  g_auto(SlicesTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *checks;
  guint errors = 0;

  slices_test_cli_run_as (&run, user, "--sysfs-root", tree->root, "doctor", "--json", NULL);
  if (run.status != status)
    g_printerr ("unexpected exit %d:\n%s%s", run.status, run.out, run.err);
  g_assert_cmpint (run.status, ==, status);
  g_assert_cmpstr (run.err, ==, "");

  root = slices_test_cli_parse_json (run.out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_true (g_strv_contains (distros, json_object_get_string_member (object, "distro")));

  checks = json_object_get_array_member (object, "checks");
  g_assert_cmpuint (json_array_get_length (checks), ==, g_strv_length ((char **) ids));
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);
      const char *check_status = json_object_get_string_member (check, "status");
      JsonArray *fixes = json_object_get_array_member (check, "fixes");

      g_assert_cmpstr (json_object_get_string_member (check, "id"), ==, ids[i]);
      g_assert_true (g_strv_contains ((const char *[]) { "ok", "warning", "error", "unknown",
                                                         NULL }, check_status));
      g_assert_cmpstr (json_object_get_string_member (check, "title"), !=, "");
      g_assert_nonnull (json_object_get_string_member (check, "detail"));
      g_assert_nonnull (fixes);
      for (guint j = 0; j < json_array_get_length (fixes); j++)
        {
          JsonObject *fix = json_array_get_object_element (fixes, j);

          g_assert_true (g_strv_contains ((const char *[]) { "command", "action", "link", NULL },
                                          json_object_get_string_member (fix, "kind")));
          g_assert_cmpstr (json_object_get_string_member (fix, "text"), !=, "");
        }
      errors += g_str_equal (check_status, "error");
    }

  /* The exit status is the promise scripts rely on: 1 exactly when a check is an error. */
  g_assert_cmpint (errors > 0, ==, status == 1);

  return g_steal_pointer (&root);
}

static JsonNode *
doctor_json_as (const SlicesTestTree *tree,
                int                   status,
                const SlicesTestUser *user)
{
  return doctor_json_ids (tree, status, user, check_ids);
}

static JsonNode *
doctor_json (const SlicesTestTree *tree,
             int                   status)
{
  return doctor_json_as (tree, status, NULL);
}

static JsonObject *
find_check (JsonNode   *root,
            const char *id)
{
  JsonArray *checks = json_object_get_array_member (json_node_get_object (root), "checks");

  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      if (g_str_equal (json_object_get_string_member (check, "id"), id))
        return check;
    }

  g_error ("no check %s", id);
}

static void
assert_check_status (JsonNode   *root,
                     const char *id,
                     const char *status)
{
  JsonObject *check = find_check (root, id);

  if (g_strcmp0 (json_object_get_string_member (check, "status"), status) != 0)
    g_error ("check %s is %s, not %s: %s", id, json_object_get_string_member (check, "status"),
             status, json_object_get_string_member (check, "title"));
}

/* The first command fix of @id that contains @needle; its text is returned. */
static const char *
find_command_fix (JsonNode   *root,
                  const char *id,
                  const char *needle)
{
  JsonArray *fixes = json_object_get_array_member (find_check (root, id), "fixes");

  for (guint i = 0; i < json_array_get_length (fixes); i++)
    {
      JsonObject *fix = json_array_get_object_element (fixes, i);
      const char *text = json_object_get_string_member (fix, "text");

      if (g_str_equal (json_object_get_string_member (fix, "kind"), "command") &&
          strstr (text, needle) != NULL)
        return text;
    }

  g_error ("check %s has no command fix with “%s”", id, needle);
}

/* A fix command appears whole on a line of its own, only indented: it can be copied. */
static void
assert_copyable_line (const char *out,
                      const char *command)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      const char *start = lines[i];

      while (*start == ' ')
        start++;
      if (start > lines[i] && g_str_equal (start, command))
        return;
    }

  g_error ("“%s” is not on an indented line of its own:\n%s", command, out);
}

static void
test_doctor_healthy (void)
{
  const char *ok_ids[] = { "gpu-generation", "gvt-parameter", "guc-submission", "kvmgt-module",
                           "vfio-modules", "slice-types", "room", "iommu" };
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  JsonObject *summary;

  slices_test_tree_make_parameters_readable (tree);
  root = doctor_json (tree, 0);

  /* Everything the tree decides is fine. The rest looks at this machine (its /dev, its
   * processes, libvirt, mdevctl), so only "no error" is certain there. */
  for (gsize i = 0; i < G_N_ELEMENTS (ok_ids); i++)
    assert_check_status (root, ok_ids[i], "ok");
  g_assert_nonnull (strstr (json_object_get_string_member (find_check (root, "gpu-generation"),
                                                           "title"), "Kaby Lake"));
  summary = json_object_get_object_member (json_node_get_object (root), "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "errors"), ==, 0);

  /* For people: a summary line first, then one line per check. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "No problems found\n") ||
                 g_regex_match_simple ("^[0-9]+ problems? found\n", run.out, 0, 0));
  g_assert_nonnull (strstr (run.out, "\n✓ ok "));
  g_assert_nonnull (strstr (run.out, "Kaby Lake"));
  g_assert_null (strstr (run.out, "✗"));
}

/* --connect asks libvirt, and the libvirt check says what it answered. Without it a tree given
 * with --sysfs-root never touches the host's libvirt (the other doctor tests rely on that). */
static void
test_doctor_libvirt (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  const char *unreachable = "qemu+unix:///system?socket=/nonexistent";
  g_auto(SlicesTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *check;

  slices_test_tree_make_parameters_readable (tree);

  /* The test driver answers in-process. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", "--json", "--connect",
                       "test:///default", NULL);
  g_assert_cmpstr (run.err, ==, "");
  root = slices_test_cli_parse_json (run.out);
  assert_check_status (root, "libvirt", "ok");
  g_assert_nonnull (strstr (json_object_get_string_member (find_check (root, "libvirt"),
                                                           "title"), "test:///default"));
  g_clear_pointer (&root, json_node_unref);

  /* No daemon behind the socket: an error that says to start the service, and exit 1. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", "--json", "--connect",
                       unreachable, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  root = slices_test_cli_parse_json (run.out);
  assert_check_status (root, "libvirt", "error");
  check = find_check (root, "libvirt");
  g_assert_nonnull (strstr (json_object_get_string_member (check, "title"), unreachable));
  g_assert_nonnull (strstr (json_object_get_string_member (check, "detail"), "libvirtd"));
  /* The cause once, not "not installed or not running" beside "is not running". */
  g_assert_null (strstr (json_object_get_string_member (check, "detail"),
                         "not installed or not running"));
  g_clear_pointer (&root, json_node_unref);

  /* For people too. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", "--connect", unreachable, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "libvirt does not answer"));
  g_assert_nonnull (strstr (run.out, "libvirtd"));
}

/* vm-slices: with --connect the definitions are read, and one that names a slice the tree does
 * not have is an error naming the VM, with the detach to copy; ok once every slice exists. */
static void
test_doctor_vm_slices (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autofree char *host_file = g_build_filename (tree->root, "host.xml", NULL);
  g_autofree char *uri = g_strdup_printf ("test://%s", host_file);
  g_autofree char *host = g_strdup_printf (
    "<node>\n"
    "  <domain type='test'><name>win10</name>\n"
    "    <uuid>11111111-2222-4333-8444-555555555555</uuid>\n"
    "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
    "    <devices><hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n"
    "      <source><address uuid='%s'/></source></hostdev></devices></domain>\n"
    "  <domain type='test'><name>debian-build</name>\n"
    "    <uuid>11111111-2222-4333-8444-666666666666</uuid>\n"
    "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
    "    <devices><hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n"
    "      <source><address uuid='%s'/></source></hostdev></devices></domain>\n"
    "</node>\n", UUID_A, UUID_B);
  g_auto(SlicesTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *check;

  slices_test_tree_make_parameters_readable (tree);
  g_assert_true (g_file_set_contents (host_file, host, -1, NULL));
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);

  /* UUID_B is gone: debian-build does not start; win10's slice is there. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", "--json", "--connect", uri,
                       NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  root = slices_test_cli_parse_json (run.out);
  assert_check_status (root, "vm-slices", "error");
  check = find_check (root, "vm-slices");
  g_assert_nonnull (strstr (json_object_get_string_member (check, "title"), "debian-build"));
  g_assert_null (strstr (json_object_get_string_member (check, "title"), "win10"));
  g_assert_nonnull (strstr (json_object_get_string_member (check, "detail"), UUID_B));
  g_assert_nonnull (strstr (find_command_fix (root, "vm-slices", "slicectl detach"), UUID_B));
  g_clear_pointer (&root, json_node_unref);

  /* For people: the line to copy. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", "--connect", uri, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "debian-build points to a slice that no longer exists"));
  {
    g_autofree char *command = g_strdup_printf ("slicectl detach --connect %s --domain "
                                                "'debian-build' --slice %s", uri, UUID_B);

    assert_copyable_line (run.out, command);
  }

  /* Made again: ok. */
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_B);
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", "--json", "--connect", uri,
                       NULL);
  root = slices_test_cli_parse_json (run.out);
  assert_check_status (root, "vm-slices", "ok");
  g_clear_pointer (&root, json_node_unref);

  /* Without --connect the definitions are not read, and there is no such check. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", "--json", NULL);
  g_assert_null (strstr (run.out, "vm-slices"));
}

static void
test_doctor_guc_submission (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  const char *fix;

  slices_test_tree_set_parameter (tree, "enable_guc", "3\n");
  slices_test_tree_make_parameters_readable (tree);
  root = doctor_json (tree, 1);
  assert_check_status (root, "guc-submission", "error");
  assert_check_status (root, "gvt-parameter", "ok");
  fix = find_command_fix (root, "guc-submission", "enable_guc=2");

  /* The human form names the problem, explains it and gives the command to copy. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "\n✗ error "));
  g_assert_nonnull (strstr (run.out, "enable_guc=3"));
  g_assert_nonnull (strstr (run.out, "Fix"));
  assert_copyable_line (run.out, fix);

  /* Without a UTF-8 locale the glyphs are plain ASCII. */
  {
    g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);

    slices_test_cli_run_env (&run, envp, "--sysfs-root", tree->root, "doctor", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "\nx error "));
    g_assert_nonnull (strstr (run.out, "\n+ ok "));
    g_assert_null (strstr (run.out, "✗"));
    g_assert_null (strstr (run.out, "✓"));
  }
}

static void
test_doctor_gvt_off (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *types = g_build_filename (tree->root, "devices", "pci0000:00", KBL_ADDRESS,
                                             "mdev_supported_types", NULL);
  g_autofree char *link = g_build_filename (tree->root, "class", "mdev_bus", KBL_ADDRESS, NULL);
  g_auto(SlicesTestRun) run = { 0 };
  const char *fix;

  /* What the kernel shows without i915.enable_gvt=1: the parameter is N, no types. */
  slices_test_tree_set_parameter (tree, "enable_gvt", "N\n");
  slices_test_tree_make_parameters_readable (tree);
  slices_test_remove_tree (types);
  slices_test_remove_tree (link);

  root = doctor_json (tree, 1);
  assert_check_status (root, "gpu-generation", "ok");
  assert_check_status (root, "gvt-parameter", "error");
  assert_check_status (root, "slice-types", "error");
  fix = find_command_fix (root, "gvt-parameter", "enable_gvt=1");

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "GVT-g is turned off"));
  assert_copyable_line (run.out, fix);
}

/* A GPU whose i915 driver is bound but that has no slice types, built by hand. */
static SlicesTestTree *
tree_new_without_types (guint device_id)
{
  SlicesTestTree *tree = slices_test_tree_new_empty ();

  slices_test_tree_add_bare_gpu (tree, device_id);
  slices_test_put_file (tree->root, "module/i915/parameters/enable_guc", "-1\n");

  return tree;
}

static void
test_doctor_ice_lake (void)
{
  /* Ice Lake (Gen11, 0x8a52): neither GVT-g nor SR-IOV, whatever the CPU generation says. */
  g_autoptr(SlicesTestTree) tree = tree_new_without_types (0x8a52);
  g_autoptr(JsonNode) root = doctor_json (tree, 1);
  JsonObject *check = find_check (root, "gpu-generation");
  g_auto(SlicesTestRun) run = { 0 };

  assert_check_status (root, "gpu-generation", "error");
  g_assert_nonnull (strstr (json_object_get_string_member (check, "title"), "Ice Lake"));
  /* What follows from it is not another failure: not checked, pointing at the cause. */
  assert_check_status (root, "kvmgt-module", "unknown");
  assert_check_status (root, "slice-types", "unknown");
  g_assert_cmpstr (json_object_get_string_member (find_check (root, "slice-types"),
                                                  "blocked_by"), ==, "gpu-generation");
  g_assert_false (json_object_has_member (check, "blocked_by"));

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "Ice Lake"));
  g_assert_nonnull (strstr (run.out, "1 problem found"));
}

/* Non-root users cannot read the 0400 parameters: slicectl reads the kernel command line and
 * /etc/modprobe.d instead (here the real ones, which do not turn GVT-g on), and never sends
 * the user off to run it again as root. Root reads them anyway, so under root slicectl runs
 * as "nobody" on a tree root made. */
static void
test_doctor_unreadable_parameters (void)
{
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autofree char *gvt = NULL;
  g_autofree char *guc = NULL;
  g_autofree char *command = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  g_autofree char *types = NULL;
  SlicesTestUser nobody;
  const SlicesTestUser *user = NULL;

  if (getuid () == 0)
    {
      if (!slices_test_lookup_nobody (&nobody))
        {
          g_test_skip ("root reads files of mode 0400, and there is no user “nobody” to check "
                       "as");
          return;
        }
      user = &nobody;
    }

  tree = slices_test_tree_new_kaby_lake_for (user);
  gvt = g_build_filename (tree->root, "module", "i915", "parameters", "enable_gvt", NULL);
  guc = g_build_filename (tree->root, "module", "i915", "parameters", "enable_guc", NULL);
  types = g_build_filename (tree->root, "devices", "pci0000:00", KBL_ADDRESS,
                            "mdev_supported_types", NULL);
  /* Without types nothing proves that GVT-g is on. */
  slices_test_remove_tree (types);
  if (user == NULL)
    {
      /* The file belongs to us, so mode 0 stands for the kernel's root-owned 0400. */
      g_assert_cmpint (g_chmod (gvt, 0), ==, 0);
    }
  else
    {
      /* The kernel's own: root's, 0400. nobody, as the owner does on the path above, reads
       * enable_guc: enable_gvt alone is unreadable. */
      g_assert_cmpint (g_chmod (gvt, 0400), ==, 0);
      g_assert_cmpint (g_chmod (guc, 0644), ==, 0);
    }

  root = doctor_json_as (tree, 1, user);
  assert_check_status (root, "gvt-parameter", "error");

  slices_test_cli_run_as (&run, user, "--sysfs-root", tree->root, "doctor", NULL);
  g_assert_nonnull (strstr (run.out, "i915.enable_gvt=1"));
  command = g_strdup_printf ("sudo slicectl doctor --sysfs-root %s", tree->root);
  g_assert_null (strstr (run.out, command));
}

static void
test_doctor_errors (void)
{
  g_autoptr(SlicesTestTree) empty = slices_test_tree_new_empty ();
  g_autofree char *missing = g_build_filename (empty->root, "no-such-folder", NULL);
  g_auto(SlicesTestRun) run = { 0 };

  /* A tree that is not there is not "no Intel GPU". */
  slices_test_cli_run (&run, "--sysfs-root", missing, "doctor", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, missing, "--sysfs-root", NULL);
  slices_test_cli_run (&run, "--sysfs-root", empty->root, "doctor", "--json", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, empty->root, "bus/pci/devices", NULL);
  slices_test_cli_run (&run, "--sysfs-root", missing, "nixos", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, missing, NULL);
}

/* The simulated SR-IOV platforms: the SR-IOV checks in the contract, all ok, and no GVT-g
 * error; a stock i915 under the same GPU is an error that names the driver to install, with
 * the line to copy. */
static void
test_doctor_sriov (void)
{
  void (*inits[]) (SlicesSimGpuSpec *, const char *) = {
    slices_sim_gpu_spec_init_ptl, slices_sim_gpu_spec_init_adl, slices_sim_gpu_spec_init_bmg,
  };
  const char *ok_ids[] = { "gpu-generation", "sriov-driver", "sriov-vfs-limit", "sriov-guc",
                           "sriov-host-binding", "gvt-parameter", "guc-submission",
                           "kvmgt-module", "vfio-modules", "slice-types", "iommu" };
  g_autoptr(SlicesTestTree) stock = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  SlicesSimGpuSpec spec;

  for (gsize p = 0; p < G_N_ELEMENTS (inits); p++)
    {
      g_autoptr(SlicesTestTree) tree = NULL;
      g_autoptr(JsonNode) each = NULL;

      inits[p] (&spec, NULL);
      if (spec.address == NULL)
        spec.address = "0000:00:02.0";
      tree = slices_test_tree_new (&spec, NULL);
      each = doctor_json_ids (tree, 0, NULL, sriov_check_ids);
      for (gsize i = 0; i < G_N_ELEMENTS (ok_ids); i++)
        assert_check_status (each, ok_ids[i], "ok");
      g_assert_nonnull (strstr (json_object_get_string_member (find_check (each,
                                                                           "gpu-generation"),
                                                               "title"), "supports SR-IOV"));
    }

  slices_sim_gpu_spec_init_adl (&spec, "0000:00:02.0");
  spec.driver = SLICES_SIM_DRIVER_I915;
  stock = slices_test_tree_new (&spec, NULL);
  root = doctor_json_ids (stock, 1, NULL, sriov_check_ids);
  assert_check_status (root, "sriov-driver", "error");
  /* GuC follows from the driver (its way out turns it on): not a second error. */
  assert_check_status (root, "sriov-guc", "unknown");
  assert_check_status (root, "gvt-parameter", "ok");
  assert_check_status (root, "slice-types", "ok");

  slices_test_cli_run (&run, "--sysfs-root", stock->root, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "i915-sriov-dkms"));
  assert_copyable_line (run.out, find_command_fix (root, "sriov-driver",
                                                   "i915.enable_guc=3 i915.max_vfs=7"));
}

/* The fix of @id with @needle has "way" @way in the JSON. */
static void
assert_fix_way (JsonNode   *root,
                const char *id,
                const char *needle,
                const char *way)
{
  JsonArray *fixes = json_object_get_array_member (find_check (root, id), "fixes");

  for (guint i = 0; i < json_array_get_length (fixes); i++)
    {
      JsonObject *fix = json_array_get_object_element (fixes, i);

      if (strstr (json_object_get_string_member (fix, "text"), needle) != NULL)
        {
          g_assert_cmpstr (json_object_get_string_member_with_default (fix, "way", NULL), ==,
                           way);
          return;
        }
    }
  g_error ("check %s has no fix with “%s”", id, needle);
}

/* `slicectl simulate DIR --platform adl-stock`: Alder Lake on stock i915. The doctor's text
 * gives the two ways out, each under its heading with its commands on lines of their own; the
 * JSON says which way each fix belongs to (a member added to the contract). */
static void
test_doctor_ways (void)
{
  g_autoptr(SlicesTestTree) tmp = slices_test_tree_new_empty ();
  g_autofree char *dir = g_build_filename (tmp->root, "adl", NULL);
  g_auto(SlicesTestRun) made = { 0 };
  g_auto(SlicesTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  SlicesTestTree tree = { 0 };
  const char *dkms, *xe, *first, *second;

  slices_test_cli_run (&made, "simulate", dir, "--platform", "adl-stock", NULL);
  g_assert_cmpint (made.status, ==, 0);
  g_assert_nonnull (strstr (made.out, "Alder Lake-P on stock i915"));
  tree.root = dir;
  root = doctor_json_ids (&tree, 1, NULL, sriov_check_ids);
  assert_check_status (root, "sriov-driver", "error");
  assert_check_status (root, "sriov-guest-driver", "unknown");
  assert_fix_way (root, "sriov-driver", "dkms install", "i915-sriov-dkms");
  assert_fix_way (root, "sriov-driver", "i915.max_vfs=7", "i915-sriov-dkms");
  assert_fix_way (root, "sriov-driver", "xe.force_probe=46a6", "xe-force-probe");
  assert_fix_way (root, "sriov-guest-driver", "intel.com", NULL);

  slices_test_cli_run (&run, "--sysfs-root", dir, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 1);
  first = strstr (run.out, "Option 1 of 2: Install i915-sriov-dkms\n");
  second = strstr (run.out, "Option 2 of 2: Use the xe driver\n");
  dkms = strstr (run.out, find_command_fix (root, "sriov-driver", "dkms install"));
  xe = strstr (run.out, find_command_fix (root, "sriov-driver", "xe.force_probe=46a6"));
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_true (first < dkms && dkms < second && second < xe);
  assert_copyable_line (run.out, find_command_fix (root, "sriov-driver", "dkms install"));
  assert_copyable_line (run.out, find_command_fix (root, "sriov-driver", "xe.force_probe=46a6"));
}

/* With --connect, the VMs that hold a VF (and Looking Glass) are named where the guest's
 * driver is, and Looking Glass's memory file becomes a warning for the VM that uses it. */
static void
test_doctor_guests (void)
{
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autofree char *host_file = NULL;
  g_autofree char *uri = NULL;
  g_auto(SlicesTestRun) vfs = { 0 };
  g_auto(SlicesTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *lg;
  SlicesSimGpuSpec spec;
  const char *host =
    "<node>\n"
    "  <domain type='test'><name>win11</name>\n"
    "    <uuid>11111111-2222-4333-8444-777777777777</uuid>\n"
    "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
    "    <devices><hostdev mode='subsystem' type='pci' managed='yes'><source>\n"
    "      <address domain='0x0000' bus='0x00' slot='0x02' function='0x1'/></source></hostdev>\n"
    "      <shmem name='looking-glass'><model type='ivshmem-plain'/>\n"
    "        <size unit='M'>32</size></shmem></devices></domain>\n"
    "</node>\n";

  slices_sim_gpu_spec_init_ptl (&spec, "0000:00:02.0");
  tree = slices_test_tree_new (&spec, NULL);
  slices_test_cli_run (&vfs, "--sysfs-root", tree->root, "--simulate", "set-vfs", "--gpu",
                       "0000:00:02.0", "2", NULL);
  g_assert_cmpint (vfs.status, ==, 0);
  host_file = g_build_filename (tree->root, "host.xml", NULL);
  uri = g_strdup_printf ("test://%s", host_file);
  g_assert_true (g_file_set_contents (host_file, host, -1, NULL));

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "doctor", "--json", "--connect", uri,
                       NULL);
  g_assert_cmpstr (run.err, ==, "");
  root = slices_test_cli_parse_json (run.out);
  assert_check_status (root, "sriov-guest-driver", "unknown");
  g_assert_nonnull (strstr (json_object_get_string_member (find_check (root,
                                                                       "sriov-guest-driver"),
                                                           "detail"),
                            "win11 (0000:00:02.1)"));
  /* This machine's /dev/shm decides the status; a problem names the VM that has it. */
  lg = find_check (root, "looking-glass-shm");
  g_assert_true (g_str_equal (json_object_get_string_member (lg, "status"), "ok") ||
                 strstr (json_object_get_string_member (lg, "detail"), "win11") != NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/doctor/healthy", test_doctor_healthy);
  g_test_add_func ("/slices/slicectl/doctor/guc-submission", test_doctor_guc_submission);
  g_test_add_func ("/slices/slicectl/doctor/libvirt", test_doctor_libvirt);
  g_test_add_func ("/slices/slicectl/doctor/vm-slices", test_doctor_vm_slices);
  g_test_add_func ("/slices/slicectl/doctor/gvt-off", test_doctor_gvt_off);
  g_test_add_func ("/slices/slicectl/doctor/ice-lake", test_doctor_ice_lake);
  g_test_add_func ("/slices/slicectl/doctor/unreadable-parameters",
                   test_doctor_unreadable_parameters);
  g_test_add_func ("/slices/slicectl/doctor/errors", test_doctor_errors);
  g_test_add_func ("/slices/slicectl/doctor/sriov", test_doctor_sriov);
  g_test_add_func ("/slices/slicectl/doctor/ways", test_doctor_ways);
  g_test_add_func ("/slices/slicectl/doctor/guests", test_doctor_guests);
  slices_test_cli_add_error_cases ("/slices/slicectl/error", error_cases,
                                   G_N_ELEMENTS (error_cases));

  return g_test_run ();
}

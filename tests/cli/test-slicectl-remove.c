/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl --simulate remove` refusing what it cannot do: an unknown slice, a malformed UUID,
 * none at all, and a list with one unknown slice among real ones: one line on stderr, the right
 * exit code, and nothing removed. (Removing itself is checked with create.) And removing a slice
 * that virtual machines hold, against libvirt's test:/// driver (two VMs, one running, holding
 * one slice) and real libvirt (qemu:///embed, the definition read back with virsh): refused
 * naming each VM unless --detach (the VMs lose it, then it goes) or --force (it goes, the
 * definitions stay); an explicit --connect that cannot be opened is an error, the default one a
 * note.
 */
#include "config.h"

#include <string.h>

#include "qemu-check.h"
#include "slices-domain-edit.h"
#include "slices-test-cli.h"

/* Two VMs whose definitions hold UUID_A: "win10" running, "debian-build" shut off
 * (test:runstate 5); "spare" holds nothing. */
static const char *test_host_xml =
  "<node>\n"
  "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
  "    <name>win10</name><uuid>11111111-2222-4333-8444-555555555555</uuid>\n"
  "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
  "    <devices><hostdev mode='subsystem' type='mdev' model='vfio-pci' display='on'>\n"
  "        <source><address uuid='" UUID_A "'/></source></hostdev></devices>\n"
  "  </domain>\n"
  "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
  "    <name>debian-build</name><uuid>11111111-2222-4333-8444-666666666666</uuid>\n"
  "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
  "    <devices><hostdev mode='subsystem' type='mdev' model='vfio-pci' display='on'>\n"
  "        <source><address uuid='" UUID_A "'/></source></hostdev></devices>\n"
  "    <test:runstate>5</test:runstate>\n"
  "  </domain>\n"
  "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
  "    <name>spare</name><uuid>11111111-2222-4333-8444-777777777777</uuid>\n"
  "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
  "    <test:runstate>5</test:runstate>\n"
  "  </domain>\n"
  "</node>\n";

static const SlicesTestCliErrorCase error_cases[] = {
  { "remove-unknown-slice", 1,
    { "--simulate", "remove", "4b20d080-1b54-4048-85b3-a6a62d165c01" },
    { "4b20d080-1b54-4048-85b3-a6a62d165c01", "nothing was removed" } },
  { "remove-bad-uuid", 2,
    { "--simulate", "remove", "4b20d080-1b54-4048-85b3-a6a62d165c01", "zzz" },
    { "zzz" } },
  { "remove-nothing", 2,
    { "--simulate", "remove" },
    { "UUID" } },
};

static void
test_error_remove_checks_all_first (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  const char *missing = "11111111-2222-3333-4444-555555555555";

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "create", "--gpu",
                       KBL_ADDRESS, "--type", "i915-GVTg_V5_8", "--count", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  before = slices_test_snapshot (tree->root);

  /* Two real slices and one that does not exist, last: nothing is removed. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", lines[0], lines[1],
                       missing, NULL);
  slices_test_cli_assert_one_line_error (&run, 1, missing, "nothing was removed", NULL);
  after = slices_test_snapshot (tree->root);
  g_assert_cmpstr (before, ==, after);
}

static gboolean
has_slice (const SlicesTestTree *tree,
           const char           *uuid)
{
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  return strstr (run.out, uuid) != NULL;
}

static SlicesTestTree *
tree_with_slice_a (void)
{
  SlicesTestTree *tree = slices_test_tree_new_kaby_lake ();

  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);
  return tree;
}

/* The test:/// driver loads the host file afresh in each process, so each check is on what
 * one invocation says and does to the tree. */
static void
test_remove_test_driver (void)
{
  g_autoptr(SlicesTestTree) tree = tree_with_slice_a ();
  g_autofree char *host_file = g_build_filename (tree->root, "host.xml", NULL);
  g_autofree char *uri = g_strdup_printf ("test://%s", host_file);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  g_assert_true (g_file_set_contents (host_file, test_host_xml, -1, NULL));

  /* Neither flag: refused, both VMs named (the running one as such), nothing changed. */
  before = slices_test_snapshot (tree->root);
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", UUID_A,
                       "--connect", uri, NULL);
  slices_test_cli_assert_one_line_error (&run, 1, UUID_A, "win10 (running)", "debian-build",
                                         "--detach", "--force", "nothing was removed", NULL);
  g_assert_null (strstr (run.err, "spare"));
  after = slices_test_snapshot (tree->root);
  g_assert_cmpstr (before, ==, after);

  /* Both flags: a usage error. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", UUID_A,
                       "--connect", uri, "--detach", "--force", NULL);
  slices_test_cli_assert_one_line_error (&run, 2, "--detach", "--force", NULL);
  g_assert_true (has_slice (tree, UUID_A));

  /* --detach: out of both VMs (the running one at its next cold boot), then removed. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", UUID_A,
                       "--connect", uri, "--detach", NULL);
  slices_test_cli_assert_success_with_notes (&run);
  g_assert_cmpstr (run.out, ==,
                   "Detached slice " UUID_A " from debian-build.\n"
                   "Detached slice " UUID_A " from win10. It takes effect after win10 is shut "
                   "down and started again.\n");
  g_assert_false (has_slice (tree, UUID_A));

  /* --force: removed, the definitions left as they are, which a note says. */
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", UUID_A,
                       "--connect", uri, "--force", NULL);
  slices_test_cli_assert_success_with_notes (&run);
  g_assert_cmpstr (run.out, ==, "");
  slices_test_assert_contains (run.err, "win10");
  slices_test_assert_contains (run.err, "do not start until it is detached");
  g_assert_false (has_slice (tree, UUID_A));

  /* A slice no VM holds goes without a flag, and without a word. */
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_B);
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", UUID_B,
                       "--connect", uri, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_false (has_slice (tree, UUID_B));
}

/* --connect that cannot be opened: an error, nothing removed. The default connection that
 * cannot be opened: a note, and the slice removed, as on a computer without libvirt. */
static void
test_remove_unreachable (void)
{
  g_autoptr(SlicesTestTree) tree = tree_with_slice_a ();
  g_autofree char *socket = g_build_filename (tree->root, "no-daemon-sock", NULL);
  g_autofree char *uri = g_strdup_printf ("qemu+unix:///system?socket=%s", socket);
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LIBVIRT_DEFAULT_URI", uri, TRUE);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  before = slices_test_snapshot (tree->root);
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", UUID_A,
                       "--connect", uri, NULL);
  slices_test_cli_assert_one_line_error (&run, 1, uri, "nothing was removed", NULL);
  after = slices_test_snapshot (tree->root);
  g_assert_cmpstr (before, ==, after);

  slices_test_cli_run_env (&run, envp, "--sysfs-root", tree->root, "--simulate", "remove",
                           UUID_A, NULL);
  slices_test_cli_assert_success_with_notes (&run);
  slices_test_assert_contains (run.err, "note: ");
  slices_test_assert_contains (run.err, uri);
  g_assert_false (has_slice (tree, UUID_A));
}

/* Real libvirt: each refusal leaves the stored definition byte for byte as it was; --detach
 * takes the hostdev out of it; --force leaves it. */
static void
test_remove_embed (void)
{
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autoptr(SlicesTestTree) root = NULL;
  g_autofree char *virsh_path = g_find_program_in_path ("virsh");
  g_autofree char *domain = g_test_build_filename (G_TEST_DIST, "data", "domains",
                                                   "vnc-server.xml", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *err = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *attached = NULL;
  g_autofree char *now = NULL;
  g_auto(GStrv) found = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  if (qemu_check_binary () == NULL || virsh_path == NULL)
    {
      g_test_skip ("qemu-system-x86_64 or virsh is not installed (Debian: qemu-system-x86, "
                   "libvirt-clients)");
      return;
    }

  tree = tree_with_slice_a ();
  root = slices_test_tree_new_empty ();
  uri = slices_test_embed_uri (root);
  defined = slices_test_virsh (uri, &err, "define", domain, NULL);
  if (defined == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("libvirt's embedded QEMU driver is "
                                                 "unavailable here: %s", err);
      g_test_skip (reason);
      return;
    }

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "attach", "--connect", uri,
                       "--domain", "headless-server", "--slice", UUID_A, NULL);
  slices_test_cli_assert_success_with_notes (&run);
  attached = slices_test_virsh_dump (uri, "headless-server");

  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", UUID_A,
                       "--connect", uri, NULL);
  slices_test_cli_assert_one_line_error (&run, 1, UUID_A, "headless-server", NULL);
  now = slices_test_virsh_dump (uri, "headless-server");
  g_assert_cmpstr (now, ==, attached);
  g_clear_pointer (&now, g_free);
  g_assert_true (has_slice (tree, UUID_A));

  /* --force: the slice goes, the definition stays byte for byte. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", UUID_A,
                       "--connect", uri, "--force", NULL);
  slices_test_cli_assert_success_with_notes (&run);
  g_assert_false (has_slice (tree, UUID_A));
  now = slices_test_virsh_dump (uri, "headless-server");
  g_assert_cmpstr (now, ==, attached);
  g_clear_pointer (&now, g_free);

  /* --detach: the definition no longer has the hostdev, the slice is gone. */
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "--simulate", "remove", UUID_A,
                       "--connect", uri, "--detach", NULL);
  slices_test_cli_assert_success_with_notes (&run);
  g_assert_cmpstr (run.out, ==, "Detached slice " UUID_A " from headless-server.\n");
  g_assert_false (has_slice (tree, UUID_A));
  now = slices_test_virsh_dump (uri, "headless-server");
  found = slices_domain_find_slices (now, NULL);
  g_assert_nonnull (found);
  g_assert_cmpuint (g_strv_length (found), ==, 0);
  g_assert_null (strstr (now, "type='mdev'"));

  g_free (slices_test_virsh (uri, NULL, "undefine", "headless-server", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/remove/test-driver", test_remove_test_driver);
  g_test_add_func ("/slices/slicectl/remove/unreachable", test_remove_unreachable);
  g_test_add_func ("/slices/slicectl/remove/embed", test_remove_embed);

  g_test_add_func ("/slices/slicectl/error/remove-checks-all-first",
                   test_error_remove_checks_all_first);
  slices_test_cli_add_error_cases ("/slices/slicectl/error", error_cases,
                                   G_N_ELEMENTS (error_cases));

  return g_test_run ();
}

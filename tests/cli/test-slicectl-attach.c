/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl attach` and `detach`: offline on the corpus of domain definitions for three libvirt
 * generations (and detach gives the original back), --replace, the slice's type and render node
 * from the tree, every bad command line or definition refused with one line and nothing written;
 * online with libvirt's test:/// driver, and with real libvirt and QEMU (qemu:///embed in a
 * temporary root) checked by reading the stored definition back with virsh.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#include "qemu-check.h"
#include "slices-domain-edit.h"
#include "slices-ids.h"
#include "slices-test-cli.h"

#define UUID_OLD "a297db4a-f4c2-11e6-90f6-d3b88d6c9525" /* the slice has-slice.xml holds */

#define ALIAS_A "ua-gpu-slices-4b20d080"

#define NODE_128 "/dev/dri/renderD128"

/* A test:/// driver host: one running VM, one shut off (test:runstate 5), one with a slice. */
static const char *test_host_xml =
  "<node>\n"
  "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
  "    <name>running-vm</name><uuid>11111111-2222-4333-8444-555555555555</uuid>\n"
  "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
  "    <devices><graphics type='vnc' port='-1' passwd='secret1'/>\n"
  "      <video><model type='vga'/></video></devices>\n"
  "  </domain>\n"
  "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
  "    <name>off-vm</name><uuid>11111111-2222-4333-8444-666666666666</uuid>\n"
  "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
  "    <devices><graphics type='vnc' port='-1' passwd='secret2'/>\n"
  "      <video><model type='vga'/></video></devices>\n"
  "    <test:runstate>5</test:runstate>\n"
  "  </domain>\n"
  "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
  "    <name>with-slice</name><uuid>11111111-2222-4333-8444-777777777777</uuid>\n"
  "    <memory unit='MiB'>512</memory><os><type arch='x86_64'>hvm</type></os>\n"
  "    <devices><graphics type='spice'><listen type='none'/>\n"
  "      <gl enable='yes' rendernode='/dev/dri/renderD128'/></graphics>\n"
  "      <video><model type='none'/></video>\n"
  "      <hostdev mode='subsystem' type='mdev' model='vfio-pci' display='on'>\n"
  "        <source><address uuid='" UUID_OLD "'/></source></hostdev></devices>\n"
  "    <test:runstate>5</test:runstate>\n"
  "  </domain>\n"
  "</node>\n";

static char *
domain_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "domains", name, NULL);
}

static char *
canonicalize (const char *xml)
{
  g_autoptr(GError) error = NULL;
  char *canonical = slices_domain_canonicalize (xml, &error);

  g_assert_no_error (error);
  return canonical;
}

static void
assert_same_definition (const char *expected,
                        const char *actual)
{
  g_autofree char *a = canonicalize (expected);
  g_autofree char *b = canonicalize (actual);

  g_assert_cmpstr (a, ==, b);
}

/* The GVT-g slices in @xml are exactly @uuid (NULL: none); PCI devices (a NIC in the corpus)
 * do not count. */
static void
assert_slices (const char *xml,
               const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) found = slices_domain_find_slices (xml, &error);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; found[i] != NULL; i++)
    if (slices_uuid_is_valid (found[i]))
      g_ptr_array_add (uuids, found[i]);
  g_assert_cmpuint (uuids->len, ==, uuid != NULL ? 1 : 0);
  if (uuid != NULL)
    g_assert_cmpstr (uuids->pdata[0], ==, uuid);
}

/* Every corpus domain, offline, for the three libvirt generations users run: the form fits the
 * version, and detaching the result gives the original back. */
static void
test_attach_offline_versions (void)
{
  const char *versions[] = { "6.0.0", "8.0.0", "9.0.0" };
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "domains", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(SlicesTestTree) tmp = slices_test_tree_new_empty ();
  const char *name;
  guint checked = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *original = NULL;
      g_auto(GStrv) had = NULL;
      gboolean had_hostdev0;
      gboolean had_slice = FALSE;

      if (!g_str_has_suffix (name, ".xml"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      g_assert_true (g_file_get_contents (path, &original, NULL, NULL));
      had = slices_domain_find_slices (original, NULL);
      g_assert_nonnull (had);
      /* A PCI device (the NIC of pci-hostdev.xml) is no slice that needs --replace. */
      for (guint i = 0; had[i] != NULL; i++)
        had_slice |= slices_uuid_is_valid (had[i]);
      had_hostdev0 = strstr (original, "device.hostdev0") != NULL;

      for (gsize v = 0; v < G_N_ELEMENTS (versions); v++)
        {
          const char *args[] = { "attach", "--xml", path, "--slice", UUID_A, "--type",
                                 "i915-GVTg_V5_4", "--rendernode", NODE_128,
                                 "--libvirt-version", versions[v],
                                 had_slice ? "--replace" : NULL, NULL };
          g_autofree char *attached_path = g_build_filename (tmp->root, "attached.xml", NULL);
          g_auto(SlicesTestRun) run = { 0 };
          g_autoptr(GError) error = NULL;

          g_test_message ("%s, libvirt %s", name, versions[v]);
          slices_test_cli_run_args (&run, NULL, args);
          slices_test_cli_assert_success_with_notes (&run);
          assert_slices (run.out, UUID_A);
          slices_test_assert_contains (run.out, "ramfb=\"on\"");
          slices_test_assert_contains (run.out, ALIAS_A);
          if (!had_hostdev0)
            slices_test_assert_lacks (run.out, "device.hostdev0");

          if (g_str_equal (versions[v], "9.0.0"))
            {
              slices_test_assert_contains (run.out, ":override>");
              slices_test_assert_lacks (run.out, "device." ALIAS_A);
            }
          else if (g_str_equal (versions[v], "6.0.0"))
            {
              slices_test_assert_lacks (run.out, ":override>");
              slices_test_assert_contains (run.out, "\"device." ALIAS_A ".x-igd-opregion=on\"");
              slices_test_assert_contains (run.out, "\"device." ALIAS_A ".xres=1920\"");
              slices_test_assert_contains (run.out, "\"device." ALIAS_A ".yres=1200\"");
            }
          else
            {
              /* 7.9–8.1: neither works; a note says what is missing. */
              slices_test_assert_lacks (run.out, ":override>");
              slices_test_assert_lacks (run.out, "device." ALIAS_A);
              slices_test_assert_contains (run.err, "note: ");
              slices_test_assert_contains (run.err, "8.0.0");
            }

          if (had_slice)
            continue;

          /* Detaching the result gives the original back. */
          g_file_set_contents (attached_path, run.out, -1, &error);
          g_assert_no_error (error);
          {
            const char *detach[] = { "detach", "--xml", attached_path, "--slice", UUID_A, NULL };
            g_auto(SlicesTestRun) back = { 0 };

            slices_test_cli_run_args (&back, NULL, detach);
            slices_test_cli_assert_success_with_notes (&back);
            assert_same_definition (original, back.out);
          }
          checked++;
        }
    }

  /* The corpus is there: seven domains without a slice, three versions each. */
  g_assert_cmpuint (checked, >=, 7 * G_N_ELEMENTS (versions));
}

/* A VM holds one GVT-g slice: another one needs --replace, which swaps them. */
static void
test_attach_replace (void)
{
  g_autofree char *path = domain_path ("has-slice.xml");
  const char *plain[] = { "attach", "--xml", path, "--slice", UUID_A, "--type",
                          "i915-GVTg_V5_4", "--rendernode", NODE_128, "--libvirt-version",
                          "9.0.0", NULL };
  const char *replace[] = { "attach", "--xml", path, "--slice", UUID_A, "--type",
                            "i915-GVTg_V5_4", "--rendernode", NODE_128, "--libvirt-version",
                            "9.0.0", "--replace", NULL };
  g_auto(SlicesTestRun) run = { 0 };

  slices_test_cli_run_args (&run, NULL, plain);
  slices_test_cli_assert_one_line_error (&run, 1, UUID_OLD, "--replace", NULL);

  slices_test_cli_run_args (&run, NULL, replace);
  slices_test_cli_assert_success_with_notes (&run);
  assert_slices (run.out, UUID_A);
  slices_test_assert_contains (run.err, UUID_OLD);
}

/* Without --type the slice's type, its resolution and the render node come from the tree. */
static void
test_attach_type_from_tree (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autofree char *minimal = domain_path ("minimal.xml");
  g_auto(SlicesTestRun) run = { 0 };
  char version_text[32];
  unsigned long version = 0;

  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  spec.render_minor = 129;
  spec.card_minor = 1;
  tree = slices_test_tree_new (&spec, NULL);
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_8", UUID_B);

  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal, "--slice",
                           UUID_B, "--libvirt-version", "9.0.0", NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_success_with_notes (&run);
    assert_slices (run.out, UUID_B);
    slices_test_assert_contains (run.out, "rendernode=\"/dev/dri/renderD129\"");
    slices_test_assert_contains (run.out, "type=\"i915-GVTg_V5_8\"");
    slices_test_assert_contains (run.out, "name=\"xres\" type=\"unsigned\" value=\"1024\"");
    slices_test_assert_contains (run.out, "name=\"yres\" type=\"unsigned\" value=\"768\"");
  }

  /* Above the type's own resolution: refused, naming what it can do. */
  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal, "--slice",
                           UUID_B, "--resolution", "1920x1200", NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_one_line_error (&run, 1, "1920", "1024", NULL);
  }

  /* A slice that is not in the tree needs --type… */
  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal, "--slice",
                           UUID_A, NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_one_line_error (&run, 1, UUID_A, "--type", NULL);
  }

  /* …which then gives the resolution from the kernel's table; the tree still gives the node. */
  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal, "--slice",
                           UUID_A, "--type", "GVTg_V5_1", "--libvirt-version", "9.0.0", NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_success_with_notes (&run);
    assert_slices (run.out, UUID_A);
    slices_test_assert_contains (run.out, "type=\"i915-GVTg_V5_1\"");
    slices_test_assert_contains (run.out, "rendernode=\"/dev/dri/renderD129\"");
    slices_test_assert_contains (run.out, "name=\"xres\" type=\"unsigned\" value=\"1920\"");
    slices_test_assert_contains (run.out, "name=\"yres\" type=\"unsigned\" value=\"1200\"");
  }

  /* No display: no render node, display='off'. */
  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal, "--slice",
                           UUID_B, "--display", "off", "--libvirt-version", "9.0.0", NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_success_with_notes (&run);
    slices_test_assert_contains (run.out, "display=\"off\"");
    slices_test_assert_lacks (run.out, "rendernode");
  }

  /* Without --libvirt-version: the installed libvirt's form. */
  g_assert_cmpint (virGetVersion (&version, NULL, NULL), ==, 0);
  g_snprintf (version_text, sizeof version_text, "%lu.%lu.%lu", version / 1000000,
              (version / 1000) % 1000, version % 1000);
  {
    const char *implicit[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal,
                               "--slice", UUID_B, NULL };
    const char *explicit[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal,
                               "--slice", UUID_B, "--libvirt-version", version_text, NULL };
    g_auto(SlicesTestRun) other = { 0 };

    slices_test_cli_run_args (&run, NULL, implicit);
    slices_test_cli_assert_success_with_notes (&run);
    slices_test_cli_run_args (&other, NULL, explicit);
    slices_test_cli_assert_success_with_notes (&other);
    g_assert_cmpstr (run.out, ==, other.out);
  }
}


#define XML_ARGS(file) "--xml", "@T/" file, "--rendernode", NODE_128

#define TEST_HOST "test://@T/host.xml"

/* After "--sysfs-root @T"; "@T" is a temporary folder with a simulated tree (attach_tree_new). */
static const SlicesTestCliErrorCase attach_error_cases[] = {
  { "bad-uuid", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", "1234", "--type", "i915-GVTg_V5_4" },
    { "1234", "UUID" } },
  { "no-slice", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--type", "i915-GVTg_V5_4" },
    { "--slice" } },
  { "no-domain", 2,
    { "attach", "--slice", UUID_A, "--type", "i915-GVTg_V5_4" },
    { "--domain", "--xml" } },
  { "xml-and-domain", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--domain", "vm", "--slice", UUID_A },
    { "--xml", "--domain" } },
  { "stray-argument", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_A, "now" },
    { "now" } },
  { "bad-display", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_A, "--display", "vnc" },
    { "vnc", "local", "remote", "off" } },
  { "bad-version", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_A, "--libvirt-version", "nine" },
    { "nine", "X.Y.Z" } },
  { "version-online", 2,
    { "attach", "--connect", TEST_HOST, "--domain", "off-vm", "--slice", UUID_A,
      "--libvirt-version", "9.0.0" },
    { "--libvirt-version" } },
  { "bad-type", 2,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_3" },
    { "i915-GVTg_V5_3" } },
  { "relative-rendernode", 2,
    { "attach", "--xml", "@T/minimal.xml", "--slice", UUID_A, "--type", "i915-GVTg_V5_4",
      "--rendernode", "renderD128" },
    { "renderD128", "absolute" } },
  { "resolution-above-type", 1,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_8",
      "--resolution", "1920x1200" },
    { "1920", "1024" } },
  { "unknown-slice", 1,
    { "attach", XML_ARGS ("minimal.xml"), "--slice", UUID_B },
    { UUID_B, "--type" } },
  { "broken-xml", 1,
    { "attach", XML_ARGS ("broken.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_4" },
    { "broken.xml" } },
  { "not-a-domain", 1,
    { "attach", XML_ARGS ("network.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_4" },
    { "network.xml" } },
  { "missing-file", 1,
    { "attach", XML_ARGS ("missing.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_4" },
    { "missing.xml" } },
  { "has-slice", 1,
    { "attach", XML_ARGS ("has-slice.xml"), "--slice", UUID_A, "--type", "i915-GVTg_V5_4" },
    { UUID_OLD, "--replace" } },
  { "unknown-domain", 1,
    { "attach", "--connect", TEST_HOST, "--domain", "nope", "--slice", UUID_A, "--type",
      "i915-GVTg_V5_4", "--rendernode", NODE_128 },
    { "“nope”", "list --all" } },
  { "no-daemon", 1,
    { "attach", "--connect", "qemu+unix:///system?socket=@T/missing.sock", "--domain", "vm",
      "--slice", UUID_A, "--type", "i915-GVTg_V5_4", "--rendernode", NODE_128 },
    { "not running" } },
  { "invalid-uri", 1,
    { "attach", "--connect", "not-a-uri", "--domain", "vm", "--slice", UUID_A, "--type",
      "i915-GVTg_V5_4", "--rendernode", NODE_128 },
    { "not-a-uri", "libvirt address" } },
  { "online-has-slice", 1,
    { "attach", "--connect", TEST_HOST, "--domain", "with-slice", "--slice", UUID_A, "--type",
      "i915-GVTg_V5_4", "--rendernode", NODE_128 },
    { UUID_OLD, "--replace" } },
  { "detach-not-attached", 1,
    { "detach", "--xml", "@T/minimal.xml", "--slice", UUID_A },
    { UUID_A, "not attached" } },
  { "detach-online-not-attached", 1,
    { "detach", "--connect", TEST_HOST, "--domain", "off-vm", "--slice", UUID_A },
    { UUID_A, "not attached" } },
  { "detach-bad-uuid", 2,
    { "detach", "--xml", "@T/minimal.xml", "--slice", "slice-1" },
    { "slice-1", "UUID" } },
  { "detach-unknown-domain", 1,
    { "detach", "--connect", TEST_HOST, "--domain", "nope", "--slice", UUID_A },
    { "“nope”" } },
};

/* A temporary folder with a simulated Kaby Lake tree (no slices), copies of two corpus
 * domains, a broken file, a definition that is not a domain and the test:/// host. */
static SlicesTestTree *
attach_tree_new (void)
{
  const char *copies[] = { "minimal.xml", "has-slice.xml" };
  SlicesTestTree *tree = slices_test_tree_new_kaby_lake ();

  for (gsize i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autofree char *path = domain_path (copies[i]);
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      slices_test_put_file (tree->root, copies[i], contents);
    }
  slices_test_put_file (tree->root, "broken.xml", "<domain type='kvm'><name>half</name><devices>");
  slices_test_put_file (tree->root, "network.xml", "<network><name>default</name></network>");
  slices_test_put_file (tree->root, "host.xml", test_host_xml);

  return tree;
}

/* The only render node belongs to an NVIDIA card: the edit still uses it (QEMU needs one), and
 * the user is told, as a note before the XML, why SPICE OpenGL will fail there. */
static void
test_attach_nvidia_node_note (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autofree char *minimal = domain_path ("minimal.xml");
  g_auto(SlicesTestRun) run = { 0 };
  const char *nvidia = "devices/pci0000:00/0000:01:00.0";
  g_autofree char *node_dir = NULL;
  g_autofree char *link = NULL;

  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  spec.render_minor = -1;
  tree = slices_test_tree_new (&spec, NULL);
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_B);

  node_dir = g_build_filename (tree->root, nvidia, "drm", "renderD128", NULL);
  slices_test_put_file (tree->root, "devices/pci0000:00/0000:01:00.0/vendor", "0x10de\n");
  slices_test_put_file (tree->root, "devices/pci0000:00/0000:01:00.0/device", "0x1c82\n");
  slices_test_put_file (tree->root, "devices/pci0000:00/0000:01:00.0/drm/renderD128/uevent",
                        "MAJOR=226\nMINOR=128\nDEVNAME=dri/renderD128\nDEVTYPE=drm_minor\n");
  slices_test_put_file (tree->root, "bus/pci/drivers/nvidia/bind", "");
  link = g_build_filename (tree->root, nvidia, "driver", NULL);
  g_assert_no_errno (symlink ("../../../bus/pci/drivers/nvidia", link));
  g_clear_pointer (&link, g_free);
  link = g_build_filename (node_dir, "device", NULL);
  g_assert_no_errno (symlink ("../../../0000:01:00.0", link));
  g_clear_pointer (&link, g_free);
  slices_test_put_file (tree->root, "class/drm/version", "drm 1.1.0 20060810\n");
  link = g_build_filename (tree->root, "class", "drm", "renderD128", NULL);
  g_assert_no_errno (symlink ("../../devices/pci0000:00/0000:01:00.0/drm/renderD128", link));

  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--xml", minimal, "--slice",
                           UUID_B, "--libvirt-version", "9.0.0", NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_success_with_notes (&run);
    slices_test_assert_contains (run.out, "rendernode=\"/dev/dri/renderD128\"");
    slices_test_assert_contains (run.err, "note: ");
    slices_test_assert_contains (run.err, "NVIDIA");
  }
}

static void
test_attach_error_case (gconstpointer data)
{
  const SlicesTestCliErrorCase *c = data;
  g_autoptr(SlicesTestTree) tree = attach_tree_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *before = slices_test_snapshot (tree->root);
  g_autofree char *after = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  g_ptr_array_add (args, (char *) "--sysfs-root");
  g_ptr_array_add (args, tree->root);
  for (gsize i = 0; i < G_N_ELEMENTS (c->args) && c->args[i] != NULL; i++)
    g_ptr_array_add (args, (char *) c->args[i]);
  g_ptr_array_add (args, NULL);

  slices_test_cli_run_args (&run, tree->root, (const char * const *) args->pdata);
  slices_test_cli_assert_error_row (&run, c);

  /* Nothing was written: not the files, not the tree. */
  after = slices_test_snapshot (tree->root);
  g_assert_cmpstr (before, ==, after);
}

/* Online with libvirt's test:/// driver. Each process loads its own copy of the host file, so
 * every check is on one invocation's output. */
static void
test_attach_test_driver (void)
{
  g_autoptr(SlicesTestTree) tree = attach_tree_new ();
  g_auto(SlicesTestRun) run = { 0 };

  /* A running VM gets the slice at its next cold boot, and is told so. */
  {
    const char *args[] = { "attach", "--connect", TEST_HOST, "--domain", "running-vm",
                           "--slice", UUID_A, "--type", "i915-GVTg_V5_4", "--rendernode",
                           NODE_128, NULL };

    slices_test_cli_run_args (&run, tree->root, args);
    slices_test_cli_assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Attached slice " UUID_A " to running-vm. It takes effect "
                     "after running-vm is shut down and started again.\n");
  }

  {
    const char *args[] = { "attach", "--connect", TEST_HOST, "--domain", "off-vm", "--slice",
                           UUID_A, "--type", "i915-GVTg_V5_4", "--rendernode", NODE_128, NULL };

    slices_test_cli_run_args (&run, tree->root, args);
    slices_test_cli_assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Attached slice " UUID_A " to off-vm.\n");
  }

  /* The render node from --sysfs-root, the resolution from --type; the definition is read
   * with its secrets (the VNC password is kept in our metadata for detach). --dry-run prints
   * the new definition and defines nothing. */
  {
    const char *args[] = { "--sysfs-root", "@T", "attach", "--connect", TEST_HOST,
                           "--domain", "off-vm", "--slice", UUID_A, "--type", "i915-GVTg_V5_8",
                           "--dry-run", NULL };

    slices_test_cli_run_args (&run, tree->root, args);
    slices_test_cli_assert_success_with_notes (&run);
    assert_slices (run.out, UUID_A);
    slices_test_assert_contains (run.out, "<name>off-vm</name>");
    slices_test_assert_contains (run.out, "secret2");
    slices_test_assert_contains (run.out, "rendernode=\"/dev/dri/renderD128\"");
    slices_test_assert_contains (run.out, "name=\"xres\" type=\"unsigned\" value=\"1024\"");
  }

  /* --replace swaps the VM's slice for this one. */
  {
    const char *args[] = { "attach", "--connect", TEST_HOST, "--domain", "with-slice",
                           "--slice", UUID_A, "--type", "i915-GVTg_V5_4", "--rendernode",
                           NODE_128, "--replace", "--dry-run", NULL };

    slices_test_cli_run_args (&run, tree->root, args);
    slices_test_cli_assert_success_with_notes (&run);
    assert_slices (run.out, UUID_A);
  }

  {
    const char *args[] = { "detach", "--connect", TEST_HOST, "--domain", "with-slice",
                           "--slice", UUID_OLD, "--dry-run", NULL };

    slices_test_cli_run_args (&run, tree->root, args);
    slices_test_cli_assert_success_with_notes (&run);
    assert_slices (run.out, NULL);
    slices_test_assert_contains (run.out, "<name>with-slice</name>");
  }

  {
    const char *args[] = { "detach", "--connect", TEST_HOST, "--domain", "with-slice",
                           "--slice", UUID_OLD, NULL };

    slices_test_cli_run_args (&run, tree->root, args);
    slices_test_cli_assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Detached slice " UUID_OLD " from with-slice.\n");
  }
}

/* Real libvirt (the QEMU driver embedded in each process, persistent in a temporary root):
 * attach and detach as two invocations, checked by reading the stored definition back. */
static void
test_attach_embed (void)
{
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autoptr(SlicesTestTree) root = NULL;
  g_autofree char *virsh_path = g_find_program_in_path ("virsh");
  g_autofree char *domain = domain_path ("vnc-server.xml");
  g_autofree char *uri = NULL;
  g_autofree char *err = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *before = NULL;
  g_autofree char *attached = NULL;
  g_autofree char *now = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  if (qemu_check_binary () == NULL || virsh_path == NULL)
    {
      g_test_skip ("qemu-system-x86_64 or virsh is not installed (Debian: qemu-system-x86, "
                   "libvirt-clients)");
      return;
    }

  tree = slices_test_tree_new_kaby_lake ();
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);

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
  before = slices_test_virsh_dump (uri, "headless-server");

  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--connect", uri, "--domain",
                           "headless-server", "--slice", UUID_A, NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Attached slice " UUID_A " to headless-server.\n");
  }
  attached = slices_test_virsh_dump (uri, "headless-server");
  assert_slices (attached, UUID_A);
  slices_test_assert_contains (attached, "<qemu:override>");
  slices_test_assert_contains (attached, "x-igd-opregion");
  /* The VNC server's password is kept for detach. */
  slices_test_assert_contains (attached, "vncpass");

  /* The same slice again changes nothing. */
  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--connect", uri, "--domain",
                           "headless-server", "--slice", UUID_A, NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "");
    slices_test_assert_contains (run.err, "already attached");
    now = slices_test_virsh_dump (uri, "headless-server");
    g_assert_cmpstr (now, ==, attached);
    g_clear_pointer (&now, g_free);
  }

  /* Another slice without --replace: refused, nothing defined. */
  {
    const char *args[] = { "attach", "--connect", uri, "--domain", "headless-server",
                           "--slice", UUID_B, "--type", "i915-GVTg_V5_4", "--rendernode",
                           NODE_128, NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_one_line_error (&run, 1, UUID_A, "--replace", NULL);
    now = slices_test_virsh_dump (uri, "headless-server");
    g_assert_cmpstr (now, ==, attached);
    g_clear_pointer (&now, g_free);
  }

  {
    const char *args[] = { "detach", "--connect", uri, "--domain", "headless-server",
                           "--slice", UUID_A, NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Detached slice " UUID_A " from headless-server.\n");
  }
  now = slices_test_virsh_dump (uri, "headless-server");
  assert_same_definition (before, now);

  g_free (slices_test_virsh (uri, NULL, "undefine", "headless-server", NULL));
}

/* The old recipe against real libvirt: doctor names the VM, attach with its own slice offers
 * the repair, repair --dry-run changes nothing, repair writes the working form and the check
 * is ok afterwards. */
static void
test_repair_embed (void)
{
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autoptr(SlicesTestTree) root = NULL;
  g_autofree char *virsh_path = g_find_program_in_path ("virsh");
  g_autofree char *domain = domain_path ("recipe-seed.xml");
  g_autofree char *uri = NULL;
  g_autofree char *err = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  const char *seed_slice = "a297db4a-f4c2-11e6-90f6-d3b88d6c9525";

  if (qemu_check_binary () == NULL || virsh_path == NULL)
    {
      g_test_skip ("qemu-system-x86_64 or virsh is not installed (Debian: qemu-system-x86, "
                   "libvirt-clients)");
      return;
    }

  tree = slices_test_tree_new_kaby_lake ();
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", seed_slice);
  root = slices_test_tree_new_empty ();
  if (geteuid () == 0)
    slices_test_put_file (root->root, "etc/qemu.conf", "user = \"root\"\ngroup = \"root\"\n");
  uri = g_strdup_printf ("qemu:///embed?root=%s", root->root);
  defined = slices_test_virsh (uri, &err, "define", domain, NULL);
  if (defined == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("libvirt's embedded QEMU driver is "
                                                 "unavailable here: %s", err);
      g_test_skip (reason);
      return;
    }
  before = slices_test_virsh_dump (uri, "recipe-seed");

  /* doctor names the VM; attach with its own slice offers the repair, changing nothing. */
  {
    const char *args[] = { "--sysfs-root", tree->root, "doctor", "--connect", uri, "--json",
                           NULL };

    slices_test_cli_run_args (&run, NULL, args);
    g_assert_cmpint (run.status, ==, 1);
    slices_test_assert_contains (run.out, "\"id\" : \"vm-recipe\",\n      \"status\" : \"error\"");
    slices_test_assert_contains (run.out, "“recipe-seed” cannot start");
  }
  {
    const char *args[] = { "--sysfs-root", tree->root, "attach", "--connect", uri, "--domain",
                           "recipe-seed", "--slice", seed_slice, NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_one_line_error (&run, 1, "cannot start",
                                           "slicectl repair --domain recipe-seed", NULL);
    slices_test_assert_lacks (run.err, "nothing changes");
  }
  now = slices_test_virsh_dump (uri, "recipe-seed");
  g_assert_cmpstr (now, ==, before);
  g_clear_pointer (&now, g_free);

  /* --dry-run shows the change as a diff and writes nothing. */
  {
    const char *args[] = { "repair", "--connect", uri, "--dry-run", NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_success_with_notes (&run);
    slices_test_assert_contains (run.out, "-    <qemu:arg value=\"device.hostdev0.x-igd-opregion=on\"/>");
    slices_test_assert_contains (run.out, "+        <qemu:property name=\"x-igd-opregion\" type=\"bool\" "
                              "value=\"true\"/>");
    slices_test_assert_contains (run.out, "Nothing was changed");
  }
  now = slices_test_virsh_dump (uri, "recipe-seed");
  g_assert_cmpstr (now, ==, before);
  g_clear_pointer (&now, g_free);

  /* The repair itself, for every broken VM on the connection. */
  {
    const char *args[] = { "repair", "--connect", uri, NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_success_with_notes (&run);
    slices_test_assert_contains (run.out, "Repaired recipe-seed.");
  }
  now = slices_test_virsh_dump (uri, "recipe-seed");
  slices_test_assert_lacks (now, "device.hostdev0");
  slices_test_assert_contains (now, "<qemu:device alias='ua-gpu-slices-a297db4a'>");
  slices_test_assert_contains (now, "ramfb='on'");
  slices_test_assert_contains (now, "<qemu:env name='MESA_LOADER_DRIVER_OVERRIDE' value='i965'/>");

  {
    const char *args[] = { "--sysfs-root", tree->root, "doctor", "--connect", uri, "--json",
                           NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_assert_contains (run.out, "\"id\" : \"vm-recipe\",\n      \"status\" : \"ok\"");
  }
  {
    const char *args[] = { "repair", "--connect", uri, "--domain", "recipe-seed", NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_success_with_notes (&run);
    slices_test_assert_contains (run.out, "needs no repair");
  }
  {
    const char *args[] = { "repair", "--connect", uri, "--domain", "nope", NULL };

    slices_test_cli_run_args (&run, NULL, args);
    slices_test_cli_assert_one_line_error (&run, 1, "nope", "virsh", NULL);
  }

  g_free (slices_test_virsh (uri, NULL, "undefine", "recipe-seed", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/attach/offline-versions", test_attach_offline_versions);
  g_test_add_func ("/slices/slicectl/attach/replace", test_attach_replace);
  g_test_add_func ("/slices/slicectl/attach/type-from-tree", test_attach_type_from_tree);
  g_test_add_func ("/slices/slicectl/attach/nvidia-node-note", test_attach_nvidia_node_note);
  slices_test_cli_add_cases ("/slices/slicectl/attach/error", attach_error_cases,
                             G_N_ELEMENTS (attach_error_cases), test_attach_error_case);
  g_test_add_func ("/slices/slicectl/attach/test-driver", test_attach_test_driver);
  g_test_add_func ("/slices/slicectl/attach/embed", test_attach_embed);
  g_test_add_func ("/slices/slicectl/attach/repair-embed", test_repair_embed);

  return g_test_run ();
}

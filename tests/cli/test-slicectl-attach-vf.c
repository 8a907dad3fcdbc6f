/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl attach`, `detach` and `qemu-args` with an SR-IOV virtual function, on the simulated
 * Panther Lake of `slicectl simulate DIR --platform ptl` with three VFs: offline over the SR-IOV
 * corpus with each display (and detach gives the original back), the Looking Glass sizes, every
 * refusal (the PF, a VF not enabled, a malformed address, the local display, GVT-g options) as
 * one line with nothing written; online against real libvirt (qemu:///embed in a temporary
 * root), read back with virsh; and qemu-args's line run with real QEMU up to the absent VF.
 */
#include "config.h"

#include <string.h>

#include "qemu-check.h"
#include "slices-domain-edit.h"
#include "slices-test-cli.h"
#include "slices-test-xml.h"

#define PF "0000:00:02.0"
#define VF "0000:00:02.1"
#define VF_OTHER "0000:00:02.2"
#define VF_OFF "0000:00:02.5"  /* the fifth: not enabled with three */

static char *sim_root;

static char *
corpus_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "sriov-domains", name, NULL);
}

/* `slicectl --sysfs-root SIM attach|detach ARGS…` */
static void
run_on_sim (SlicesTestRun      *run,
            const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) "--sysfs-root");
  g_ptr_array_add (argv, sim_root);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  slices_test_run_clear (run);
  slices_test_cli_run_args (run, NULL, (const char * const *) argv->pdata);
}

static void
test_offline_corpus (void)
{
  const char *files[] = { "win11-hyperv-tpm.xml", "linux-virtio.xml", "nic-hostdev.xml",
                          "has-shmem.xml", "has-vf.xml" };
  const char *displays[] = { "looking-glass", "remote", "off" };
  g_autoptr(SlicesTestTree) tmp = slices_test_tree_new_empty ();
  g_autofree char *attached_path = g_build_filename (tmp->root, "attached.xml", NULL);

  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    for (gsize d = 0; d < G_N_ELEMENTS (displays); d++)
      {
        g_autofree char *path = corpus_path (files[f]);
        g_autofree char *original = NULL;
        gboolean has_vf = g_str_equal (files[f], "has-vf.xml");
        const char *args[] = { "attach", "--xml", path, "--slice", VF_OTHER, "--display",
                               displays[d], "--libvirt-version", "9.0.0",
                               has_vf ? "--replace" : NULL, NULL };
        g_auto(SlicesTestRun) run = { 0 };
        g_autoptr(GError) error = NULL;

        g_test_message ("%s, %s", files[f], displays[d]);
        g_assert_true (g_file_get_contents (path, &original, NULL, NULL));
        run_on_sim (&run, args);
        slices_test_cli_assert_success_with_notes (&run);
        slices_test_assert_contains (run.out, "<hostdev mode=\"subsystem\" type=\"pci\" managed=\"yes\">");
        slices_test_assert_contains (run.out, "<address domain=\"0x0000\" bus=\"0x00\" slot=\"0x02\" "
                                  "function=\"0x2\"/>");
        slices_test_assert_contains (run.out, "<alias name=\"ua-gpu-slices-0000-00-02-2\"/>");
        if (d == 0)
          {
            slices_test_assert_contains (run.out, "<size unit=\"M\">32</size>");
            slices_test_assert_contains (run.out, "<memballoon model=\"none\"/>");
          }
        else
          slices_test_assert_lacks (run.out, "<memballoon model=\"none\"/>");
        if (g_str_equal (files[f], "win11-hyperv-tpm.xml"))
          slices_test_assert_contains (run.err, "Code 43");
        if (has_vf)
          {
            slices_test_assert_contains (run.err, VF " is detached from this virtual machine and replaced");
            continue;
          }

        /* Detaching the result gives the original back. */
        g_file_set_contents (attached_path, run.out, -1, &error);
        g_assert_no_error (error);
        {
          const char *detach[] = { "detach", "--xml", attached_path, "--slice", VF_OTHER,
                                   NULL };
          g_auto(SlicesTestRun) back = { 0 };

          run_on_sim (&back, detach);
          slices_test_cli_assert_success_with_notes (&back);
          slices_test_assert_same_definition (original, back.out);
        }
      }
}

/* --resolution and --hdr size Looking Glass's memory (FACTS-SRIOV S5). */
static void
test_looking_glass_sizes (void)
{
  static const struct { const char *resolution; gboolean hdr; const char *size; } sizes[] = {
    { NULL, FALSE, ">32<" },
    { "1920x1200", FALSE, ">32<" },
    { "2560x1440", FALSE, ">64<" },
    { "3840x2160", FALSE, ">128<" },
    { "1920x1080", TRUE, ">64<" },
    { "3840x2160", TRUE, ">256<" },
  };
  g_autofree char *path = corpus_path ("linux-virtio.xml");

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_auto(SlicesTestRun) run = { 0 };
      const char *args[] = { "attach", "--xml", path, "--slice", VF, "--libvirt-version",
                             "9.0.0", "--display", "looking-glass",
                             sizes[i].hdr ? "--hdr" : "--replace",
                             sizes[i].resolution != NULL ? "--resolution" : NULL,
                             sizes[i].resolution, NULL };

      run_on_sim (&run, args);
      slices_test_cli_assert_success_with_notes (&run);
      slices_test_assert_contains (run.out, sizes[i].size);
    }
}

/* Each refusal is one line, and prints no definition. */
static const SlicesTestCliErrorCase refusals[] = {
  { "pf", 1, { "attach", "--xml", "@X", "--slice", PF, "--display", "remote", NULL },
    { PF " is the GPU itself (the PF)", "a VM gets a virtual function, such as " VF, NULL } },
  { "pf-lspci-form", 1, { "attach", "--xml", "@X", "--slice", "00:02.0", NULL },
    { "the GPU itself", NULL } },
  { "not-enabled", 1, { "attach", "--xml", "@X", "--slice", VF_OFF, NULL },
    { VF_OFF " is not an enabled virtual function of GPU " PF, "set-vfs", NULL } },
  { "nic", 1, { "attach", "--xml", "@X", "--slice", "0000:03:00.0", NULL },
    { "no virtual function", NULL } },
  { "malformed", 2, { "attach", "--xml", "@X", "--slice", "0000:00:02.9", NULL },
    { "0000:00:02.9", "neither a UUID nor a virtual function’s PCI address", NULL } },
  { "local", 2, { "attach", "--xml", "@X", "--slice", VF, "--display", "local", NULL },
    { "no display of its own", "looking-glass, remote or off", NULL } },
  { "rendernode", 2, { "attach", "--xml", "@X", "--slice", VF, "--rendernode",
                       "/dev/dri/renderD128", NULL },
    { "--rendernode is for GVT-g slices", NULL } },
  { "resolution-remote", 2, { "attach", "--xml", "@X", "--slice", VF, "--display", "remote",
                              "--resolution", "1920x1080", NULL },
    { "--resolution", "--display looking-glass", NULL } },
  { "hdr-off", 2, { "attach", "--xml", "@X", "--slice", VF, "--display", "off", "--hdr",
                    NULL },
    { "--hdr", NULL } },
  { "looking-glass-gvt", 2, { "attach", "--xml", "@X", "--slice", UUID_A, "--display",
                              "looking-glass", NULL },
    { "Looking Glass is for virtual functions", NULL } },
  { "broken-xml", 1, { "attach", "--xml", "@B", "--slice", VF, "--libvirt-version", "9.0.0",
                       NULL },
    { "not a usable libvirt domain definition", NULL } },
  { "detach-malformed", 2, { "detach", "--xml", "@X", "--slice", "0000:0:02.1", NULL },
    { "neither a UUID nor", NULL } },
  { "detach-not-attached", 1, { "detach", "--xml", "@X", "--slice", VF, NULL },
    { "is not attached to this virtual machine", NULL } },
};

static void
test_refusal (gconstpointer data)
{
  const SlicesTestCliErrorCase *c = data;
  g_autoptr(SlicesTestTree) tmp = slices_test_tree_new_empty ();
  g_autofree char *xml = corpus_path ("linux-virtio.xml");
  g_autofree char *broken = g_build_filename (tmp->root, "broken.xml", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(SlicesTestRun) run = { 0 };

  g_assert_true (g_file_set_contents (broken, "<domain><devices><hostdev>", -1, NULL));
  g_assert_true (g_file_get_contents (xml, &before, NULL, NULL));
  for (guint i = 0; c->args[i] != NULL; i++)
    g_ptr_array_add (args, (char *) (g_str_equal (c->args[i], "@X") ? xml
                                     : g_str_equal (c->args[i], "@B") ? broken : c->args[i]));
  g_ptr_array_add (args, NULL);

  run_on_sim (&run, (const char * const *) args->pdata);
  slices_test_cli_assert_error_row (&run, c);
  g_assert_true (g_file_get_contents (xml, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
}

/* Real libvirt: attach, attach again, refusals, dry run and detach as separate invocations,
 * each checked by reading the stored definition back. */
static void
test_embed (void)
{
  g_autoptr(SlicesTestTree) root = slices_test_tree_new_empty ();
  g_autofree char *domain = corpus_path ("linux-virtio.xml");
  g_autofree char *uri = slices_test_embed_uri (root);
  g_autofree char *err = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *before = NULL;
  g_autofree char *attached = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  defined = slices_test_virsh (uri, &err, "define", domain, NULL);
  if (defined == NULL)
    g_error ("libvirt's embedded QEMU driver is unavailable here: %s", err);
  before = slices_test_virsh_dump (uri, "fedora-virtio");

  {
    const char *args[] = { "attach", "--connect", uri, "--domain", "fedora-virtio", "--slice",
                           VF, "--display", "looking-glass", "--resolution", "2560x1440", NULL };

    run_on_sim (&run, args);
    slices_test_cli_assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Attached slice " VF " to fedora-virtio.\n");
  }
  attached = slices_test_virsh_dump (uri, "fedora-virtio");
  slices_test_assert_contains (attached, "<address domain='0x0000' bus='0x00' slot='0x02' function='0x1'/>");
  slices_test_assert_contains (attached, "<shmem name='looking-glass'>");
  slices_test_assert_contains (attached, "<size unit='M'>64</size>");
  slices_test_assert_contains (attached, "<memballoon model='none'/>");
  slices_test_assert_lacks (attached, "type='tablet'");

  /* The same VF again: nothing changes, and it says so. */
  {
    const char *args[] = { "attach", "--connect", uri, "--domain", "fedora-virtio", "--slice",
                           VF, "--display", "looking-glass", NULL };
    g_autofree char *now = NULL;

    run_on_sim (&run, args);
    slices_test_cli_assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "");
    slices_test_assert_contains (run.err, "already attached");
    now = slices_test_virsh_dump (uri, "fedora-virtio");
    g_assert_cmpstr (now, ==, attached);
  }

  /* Another VF without --replace, the PF, and a dry run: nothing is defined. */
  {
    const char *other[] = { "attach", "--connect", uri, "--domain", "fedora-virtio",
                            "--slice", VF_OTHER, NULL };
    const char *pf[] = { "attach", "--connect", uri, "--domain", "fedora-virtio", "--slice",
                         PF, NULL };
    const char *dry[] = { "attach", "--connect", uri, "--domain", "fedora-virtio", "--slice",
                          VF_OTHER, "--replace", "--display", "off", "--dry-run", NULL };
    g_autofree char *now = NULL;

    run_on_sim (&run, other);
    slices_test_cli_assert_one_line_error (&run, 1, VF, "--replace", "nothing was changed",
                                           NULL);
    run_on_sim (&run, pf);
    slices_test_cli_assert_one_line_error (&run, 1, "the GPU itself (the PF)", NULL);
    run_on_sim (&run, dry);
    slices_test_cli_assert_success_with_notes (&run);
    slices_test_assert_contains (run.out, "ua-gpu-slices-0000-00-02-2");
    slices_test_assert_lacks (run.out, "ua-gpu-slices-0000-00-02-1");
    now = slices_test_virsh_dump (uri, "fedora-virtio");
    g_assert_cmpstr (now, ==, attached);
  }

  {
    const char *args[] = { "detach", "--connect", uri, "--domain", "fedora-virtio", "--slice",
                           VF, NULL };
    g_autofree char *now = NULL;

    run_on_sim (&run, args);
    slices_test_cli_assert_success_with_notes (&run);
    g_assert_cmpstr (run.out, ==, "Detached slice " VF " from fedora-virtio.\n");
    now = slices_test_virsh_dump (uri, "fedora-virtio");
    slices_test_assert_same_definition (before, now);
  }

  g_free (slices_test_virsh (uri, NULL, "undefine", "fedora-virtio", NULL));
}

/* qemu-args: the exact lines, and QEMU parses them up to the absent VF. */
static void
test_qemu_args (void)
{
  g_autoptr(SlicesTestTree) tmp = slices_test_tree_new_empty ();
  g_autofree char *shm = g_build_filename (tmp->root, "looking-glass", NULL);
  g_auto(SlicesTestRun) run = { 0 };

  {
    const char *args[] = { "qemu-args", VF, NULL };

    run_on_sim (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "-device vfio-pci,host=" VF "\n");
  }
  {
    const char *args[] = { "qemu-args", "00:02.3", "--looking-glass", "3840x2160", "--hdr",
                           NULL };

    run_on_sim (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "-device vfio-pci,host=0000:00:02.3 -object "
                     "memory-backend-file,id=looking-glass,share=on,"
                     "mem-path=/dev/shm/looking-glass,size=256M "
                     "-device ivshmem-plain,memdev=looking-glass\n");
  }
  {
    const char *pf[] = { "qemu-args", PF, NULL };
    const char *off[] = { "qemu-args", VF_OFF, NULL };
    const char *display[] = { "qemu-args", VF, "--display", "spice", NULL };
    const char *hdr[] = { "qemu-args", VF, "--hdr", NULL };
    const char *gvt[] = { "qemu-args", UUID_A, "--looking-glass", "1920x1080", NULL };

    run_on_sim (&run, pf);
    slices_test_cli_assert_one_line_error (&run, 1, "the GPU itself (the PF)", NULL);
    run_on_sim (&run, off);
    slices_test_cli_assert_one_line_error (&run, 1, "not an enabled virtual function", NULL);
    run_on_sim (&run, display);
    slices_test_cli_assert_one_line_error (&run, 2, "--display is for GVT-g slices", NULL);
    run_on_sim (&run, hdr);
    slices_test_cli_assert_one_line_error (&run, 2, "--looking-glass", NULL);
    run_on_sim (&run, gvt);
    slices_test_cli_assert_one_line_error (&run, 2, "for a virtual function", NULL);
  }

  /* Real QEMU: the memory in the test's folder instead of /dev/shm, and the VF last so that
   * the ivshmem-plain device is parsed before QEMU stops at the absent VF. */
  {
    const char *args[] = { "qemu-args", VF, "--looking-glass", "1920x1080", NULL };
    g_auto(GStrv) printed = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *err = NULL;
    g_autofree char *why = NULL;
    g_autoptr(GError) error = NULL;
    gboolean running = FALSE;

    run_on_sim (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_shell_parse_argv (run.out, NULL, &printed, NULL));
    g_ptr_array_add (argv, g_strdup (qemu_check_binary ()));
    g_ptr_array_add (argv, g_strdup ("-machine"));
    g_ptr_array_add (argv, g_strdup ("q35,accel=tcg"));
    g_ptr_array_add (argv, g_strdup ("-S"));
    g_ptr_array_add (argv, g_strdup ("-display"));
    g_ptr_array_add (argv, g_strdup ("none"));
    g_assert_cmpstr (printed[0], ==, "-device");
    for (guint i = 2; printed[i] != NULL; i++)
      {
        g_autoptr(GString) arg = g_string_new (printed[i]);

        g_string_replace (arg, "/dev/shm/looking-glass", shm, 0);
        g_ptr_array_add (argv, g_string_free (g_steal_pointer (&arg), FALSE));
      }
    g_ptr_array_add (argv, g_strdup (printed[0]));
    g_ptr_array_add (argv, g_strdup (printed[1]));
    g_ptr_array_add (argv, NULL);

    err = qemu_check_run ((const char * const *) argv->pdata, 60, &running, &error);
    g_assert_no_error (error);
    g_assert_false (running);
    if (!qemu_check_only_missing_vf (err, VF, &why))
      g_error ("%s", why);
    /* QEMU made the shared memory where it was told, at Looking Glass's size. */
    {
      g_autoptr(GFile) file = g_file_new_for_path (shm);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_file_info_get_size (info), ==, 32 * 1024 * 1024);
    }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SlicesTestTree) tree = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* `slicectl simulate DIR --platform ptl`, then three VFs. */
  tree = slices_test_tree_new_empty ();
  sim_root = g_build_filename (tree->root, "ptl", NULL);
  {
    g_auto(SlicesTestRun) run = { 0 };

    slices_test_cli_run (&run, "simulate", sim_root, "--platform", "ptl", NULL);
    g_assert_cmpint (run.status, ==, 0);
    slices_test_run_clear (&run);
    slices_test_cli_run (&run, "--sysfs-root", sim_root, "--simulate", "set-vfs", "--gpu", PF,
                         "3", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  g_test_add_func ("/slices/slicectl/attach-vf/offline-corpus", test_offline_corpus);
  g_test_add_func ("/slices/slicectl/attach-vf/looking-glass-sizes", test_looking_glass_sizes);
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/slices/slicectl/attach-vf/refusal/%s",
                                               refusals[i].name);

      g_test_add_data_func (path, &refusals[i], test_refusal);
    }
  g_test_add_func ("/slices/slicectl/attach-vf/embed", test_embed);
  g_test_add_func ("/slices/slicectl/attach-vf/qemu-args", test_qemu_args);

  ret = g_test_run ();
  g_free (sim_root);
  return ret;
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl qemu-args` on simulated trees: the arguments for each display, resolution and render
 * node, one line that a shell splits as meant, resolutions above the slice type's refused, every
 * malformed option refused with one line, and what it prints accepted by real QEMU (only the
 * missing slice is left).
 */
#include "config.h"

#include <string.h>

#include "qemu-check.h"
#include "slices-test-cli.h"

static const SlicesTestCliErrorCase error_cases[] = {
  { "qemu-args-no-uuid", 2,
    { "qemu-args" },
    { "UUID" } },
  { "qemu-args-two-uuids", 2,
    { "qemu-args", "4b20d080-1b54-4048-85b3-a6a62d165c01",
      "0e94a3f8-6f2a-4b9e-a0c1-5f3b2d9c8e11" },
    { "0e94a3f8-6f2a-4b9e-a0c1-5f3b2d9c8e11", "one" } },
  { "qemu-args-bad-uuid", 2,
    { "qemu-args", "slice-1" },
    { "slice-1", "UUID" } },
  { "qemu-args-unknown-slice", 1,
    { "qemu-args", "11111111-2222-3333-4444-555555555555" },
    { "11111111-2222-3333-4444-555555555555", "slicectl list" } },
  { "qemu-args-bad-display", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--display", "vnc" },
    { "vnc", "gtk", "spice", "egl-headless" } },
  { "qemu-args-bad-resolution", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--resolution", "1920by1080" },
    { "1920by1080", "WIDTHxHEIGHT" } },
  { "qemu-args-zero-resolution", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--resolution", "0x0" },
    { "0x0" } },
  { "qemu-args-resolution-without-display", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--display", "none",
      "--resolution", "1280x720" },
    { "--resolution", "none" } },
  { "qemu-args-relative-rendernode", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--display", "spice",
      "--rendernode", "renderD128" },
    { "renderD128", "absolute" } },
  { "qemu-args-rendernode-with-gtk", 2,
    { "qemu-args", "11111111-2222-3333-4444-555555555555", "--rendernode",
      "/dev/dri/renderD128" },
    { "--rendernode", "spice" } },
};

#define DEVICE_ON "vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/" UUID_A \
                  ",display=on,x-igd-opregion=on,ramfb=on"

/* Runs qemu-args for @uuid with the NULL-terminated options (XDG_RUNTIME_DIR set to @runtime
 * for the SPICE socket) and returns the line split as a POSIX shell would. */
static GStrv
qemu_args (const SlicesTestTree *tree,
           const char           *runtime,
           const char           *uuid,
           ...)
{
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_RUNTIME_DIR", runtime, TRUE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(SlicesTestRun) run = { 0 };
  GStrv parsed = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) slices_test_cli_path ());
  g_ptr_array_add (argv, (char *) "--sysfs-root");
  g_ptr_array_add (argv, tree->root);
  g_ptr_array_add (argv, (char *) "qemu-args");
  g_ptr_array_add (argv, (char *) uuid);
  va_start (args, uuid);
  for (const char *arg = va_arg (args, const char *); arg != NULL;
       arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  slices_test_run_argv (&run, (const char * const *) argv->pdata, (const char * const *) envp);
  if (run.status != 0)
    g_error ("qemu-args failed: %s", run.err);
  g_assert_cmpstr (run.err, ==, "");

  /* One line, no comments: it pastes after `qemu-system-x86_64 …`. */
  g_assert_true (g_str_has_suffix (run.out, "\n"));
  g_assert_null (strchr (run.out, '#'));
  g_assert_true (strchr (run.out, '\n') == run.out + strlen (run.out) - 1);

  g_shell_parse_argv (run.out, NULL, &parsed, &error);
  g_assert_no_error (error);

  return parsed;
}

static void
assert_strv (char       **actual,
             const char  *first,
             ...)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (expected, (char *) s);
  va_end (args);
  g_ptr_array_add (expected, NULL);

  if (!g_strv_equal ((const char * const *) actual, (const char * const *) expected->pdata))
    {
      g_autofree char *got = g_strjoinv (" ", actual);
      g_error ("unexpected arguments: %s", got);
    }
}

static void
test_qemu_args_modes (void)
{
  g_autoptr(SlicesTestTree) tree = slices_test_tree_new_kaby_lake ();
  g_autofree char *runtime = g_build_filename (tree->root, "run", NULL);
  g_autofree char *spice = g_strdup_printf ("unix=on,addr=%s/gpu-slices/" UUID_A ".sock,"
                                            "disable-ticketing=on,gl=on,"
                                            "rendernode=/dev/dri/renderD128", runtime);
  g_auto(GStrv) args = NULL;

  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);

  /* The type's own resolution by default, and a window with OpenGL. UUIDs in any case. */
  args = qemu_args (tree, runtime, "4B20D080-1B54-4048-85B3-A6A62D165C01", NULL);
  assert_strv (args, "-device", DEVICE_ON ",xres=1920,yres=1200", "-display", "gtk,gl=on", NULL);
  g_clear_pointer (&args, g_strfreev);

  args = qemu_args (tree, runtime, UUID_A, "--display", "gtk", NULL);
  assert_strv (args, "-device", DEVICE_ON ",xres=1920,yres=1200", "-display", "gtk,gl=on", NULL);
  g_clear_pointer (&args, g_strfreev);

  /* SPICE GL only on a local socket, with the GPU's render node. */
  args = qemu_args (tree, runtime, UUID_A, "--display", "spice", NULL);
  assert_strv (args, "-device", DEVICE_ON ",xres=1920,yres=1200", "-display", "none",
               "-spice", spice, NULL);
  g_clear_pointer (&args, g_strfreev);

  args = qemu_args (tree, runtime, UUID_A, "--display", "egl-headless", NULL);
  assert_strv (args, "-device", DEVICE_ON ",xres=1920,yres=1200",
               "-display", "egl-headless,rendernode=/dev/dri/renderD128",
               "-vnc", "127.0.0.1:0", NULL);
  g_clear_pointer (&args, g_strfreev);

  args = qemu_args (tree, runtime, UUID_A, "--display", "none", NULL);
  assert_strv (args, "-device", "vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/" UUID_A
               ",display=off,x-igd-opregion=on", NULL);
  g_clear_pointer (&args, g_strfreev);

  /* A smaller resolution, another render node, and the two switches. */
  args = qemu_args (tree, runtime, UUID_A, "--display", "egl-headless", "--resolution",
                    "1280x720", "--rendernode", "/dev/dri/renderD129", "--no-ramfb",
                    "--no-opregion", NULL);
  assert_strv (args, "-device", "vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/" UUID_A
               ",display=on,xres=1280,yres=720",
               "-display", "egl-headless,rendernode=/dev/dri/renderD129",
               "-vnc", "127.0.0.1:0", NULL);
}

static void
test_qemu_args_type_and_node (void)
{
  SlicesSimGpuSpec spec;
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autofree char *runtime = NULL;
  g_auto(GStrv) args = NULL;
  g_auto(SlicesTestRun) run = { 0 };

  /* The GPU's first render node is the default, whatever its number. */
  slices_sim_gpu_spec_init (&spec, KBL_ADDRESS);
  spec.render_minor = 129;
  spec.card_minor = 1;
  tree = slices_test_tree_new (&spec, NULL);
  runtime = g_build_filename (tree->root, "run", NULL);
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_8", UUID_B);

  args = qemu_args (tree, runtime, UUID_B, "--display", "egl-headless", NULL);
  assert_strv (args, "-device", "vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/" UUID_B
               ",display=on,x-igd-opregion=on,ramfb=on,xres=1024,yres=768",
               "-display", "egl-headless,rendernode=/dev/dri/renderD129",
               "-vnc", "127.0.0.1:0", NULL);

  /* Larger than the type: refused with exit 1 (the value is well formed, this slice cannot
   * do it), naming what it can do. */
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "qemu-args", UUID_B, "--resolution",
                       "1920x1200", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, UUID_B, "1920", "1024", NULL);
  slices_test_cli_run (&run, "--sysfs-root", tree->root, "qemu-args", UUID_B, "--resolution",
                       "1024x769", NULL);
  slices_test_cli_assert_one_line_error (&run, 1, "768", NULL);
}

/* What `slicectl qemu-args` prints is what QEMU accepts: only the missing slice is left. */
static void
test_qemu_args_real_qemu (void)
{
  const char *modes[] = { "gtk", "spice", "egl-headless", "none" };
  const char *qemu = qemu_check_binary ();
  g_autoptr(SlicesTestTree) tree = NULL;
  g_autofree char *runtime = NULL;

  if (qemu == NULL)
    {
      g_test_skip ("qemu-system-x86_64 is not installed (Debian: qemu-system-x86)");
      return;
    }

  tree = slices_test_tree_new_kaby_lake ();
  runtime = g_build_filename (tree->root, "run", NULL);
  slices_test_cli_create_slice (tree, KBL_ADDRESS, "i915-GVTg_V5_4", UUID_A);

  for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_auto(GStrv) args = qemu_args (tree, runtime, UUID_A, "--display", modes[m], NULL);
      g_auto(GStrv) device_only = qemu_check_rewrite_display ((const char * const *) args,
                                                              tree->root);
      g_autoptr(GStrvBuilder) cmd = g_strv_builder_new ();
      g_auto(GStrv) argv = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      g_autofree char *why = NULL;
      gboolean running = FALSE;

      g_strv_builder_add_many (cmd, qemu, "-S", "-nodefaults", "-machine", "q35", "-accel",
                               "tcg", "-m", "128", NULL);
      g_strv_builder_addv (cmd, (const char **) device_only);
      argv = g_strv_builder_end (cmd);
      err = qemu_check_run ((const char * const *) argv, 30, &running, &error);
      g_assert_no_error (error);
      g_assert_false (running);
      if (!qemu_check_only_missing_slice (err, UUID_A, &why))
        g_error ("--display %s: %s", modes[m], why);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/slicectl/qemu-args/modes", test_qemu_args_modes);
  g_test_add_func ("/slices/slicectl/qemu-args/type-and-node", test_qemu_args_type_and_node);
  g_test_add_func ("/slices/slicectl/qemu-args/real-qemu", test_qemu_args_real_qemu);
  slices_test_cli_add_error_cases ("/slices/slicectl/error", error_cases,
                                   G_N_ELEMENTS (error_cases));

  return g_test_run ();
}

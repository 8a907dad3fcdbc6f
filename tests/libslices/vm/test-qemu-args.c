/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests for SlicesQemuArgs: the exact device line, each display mode, shell quoting, errors,
 * and real QEMU accepting every line (FACTS.md §3): with `-S -display none` the only error
 * left is the missing slice; the display part alone fails only for want of a GPU or desktop.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "qemu-check.h"
#include "slices-domain-edit.h"
#include "slices-qemu-args.h"

#define SLICE "1B3E2C4A-9F6D-4E21-8A7B-0C5D6E7F8091"
#define SLICE_LOWER "1b3e2c4a-9f6d-4e21-8a7b-0c5d6e7f8091"
#define NODE "/dev/dri/renderD128"

static GStrv
build (SlicesQemuDisplay  display,
       const char        *socket)
{
  SlicesQemuArgsOptions opts = SLICES_QEMU_ARGS_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  GStrv argv;

  opts.display = display;
  opts.rendernode = NODE;
  opts.spice_socket = socket;
  argv = slices_qemu_args_build (SLICE, 1920, 1200, &opts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (argv);
  return argv;
}

static void
test_device_line (void)
{
  g_auto(GStrv) gtk = build (SLICES_QEMU_DISPLAY_GTK, NULL);
  g_auto(GStrv) spice = build (SLICES_QEMU_DISPLAY_SPICE, "/run/user/1000/gpu-slices/s.sock");
  g_auto(GStrv) egl = build (SLICES_QEMU_DISPLAY_EGL_HEADLESS, NULL);
  g_auto(GStrv) none = build (SLICES_QEMU_DISPLAY_NONE, NULL);
  g_autofree char *line = slices_qemu_args_to_shell ((const char * const *) gtk);

  g_assert_cmpstrv (gtk, ((const char *[]) {
    "-device", "vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/" SLICE_LOWER ",display=on,"
    "x-igd-opregion=on,ramfb=on,xres=1920,yres=1200",
    "-display", "gtk,gl=on", NULL }));
  g_assert_cmpstr (line, ==, "-device vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/"
                   SLICE_LOWER ",display=on,x-igd-opregion=on,ramfb=on,xres=1920,yres=1200 "
                   "-display gtk,gl=on");

  g_assert_cmpstr (spice[2], ==, "-display");
  g_assert_cmpstr (spice[3], ==, "none");
  g_assert_cmpstr (spice[4], ==, "-spice");
  g_assert_cmpstr (spice[5], ==, "unix=on,addr=/run/user/1000/gpu-slices/s.sock,"
                   "disable-ticketing=on,gl=on,rendernode=" NODE);

  g_assert_cmpstrv (egl + 2, ((const char *[]) {
    "-display", "egl-headless,rendernode=" NODE, "-vnc", "127.0.0.1:0", NULL }));

  /* Without a display QEMU refuses ramfb and xres/yres: they are left out. */
  g_assert_cmpstrv (none, ((const char *[]) {
    "-device", "vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/" SLICE_LOWER ",display=off,"
    "x-igd-opregion=on", NULL }));
}

static void
test_options (void)
{
  SlicesQemuArgsOptions opts = SLICES_QEMU_ARGS_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *line = NULL;
  SlicesQemuDisplay display;

  g_assert_true (slices_qemu_display_from_string ("egl-headless", &display));
  g_assert_cmpint (display, ==, SLICES_QEMU_DISPLAY_EGL_HEADLESS);
  g_assert_false (slices_qemu_display_from_string ("sdl", &display));

  opts.ramfb = FALSE;
  opts.opregion = FALSE;
  opts.xres = 1280;
  opts.yres = 720;
  argv = slices_qemu_args_build (SLICE, 1920, 1200, &opts, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (argv[1], ==, "vfio-pci-nohotplug,sysfsdev=/sys/bus/mdev/devices/" SLICE_LOWER
                   ",display=on,xres=1280,yres=720");
  g_clear_pointer (&argv, g_strfreev);

  /* Quoting only where a shell needs it. */
  opts.display = SLICES_QEMU_DISPLAY_SPICE;
  opts.rendernode = NODE;
  opts.spice_socket = "/tmp/my vm/spice.sock";
  argv = slices_qemu_args_build (SLICE, 1920, 1200, &opts, &error);
  g_assert_no_error (error);
  line = slices_qemu_args_to_shell ((const char * const *) argv);
  g_assert_nonnull (strstr (line, " -spice 'unix=on,addr=/tmp/my vm/spice.sock,"));
  g_clear_pointer (&argv, g_strfreev);

  /* The default socket lives in the user's runtime folder. */
  opts.spice_socket = NULL;
  argv = slices_qemu_args_build (SLICE, 1920, 1200, &opts, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (argv[5], "unix=on,addr=/"));
  g_assert_nonnull (strstr (argv[5], "/gpu-slices/" SLICE_LOWER ".sock,"));
  g_clear_pointer (&argv, g_strfreev);

  /* Errors. */
  opts.xres = 2560;
  opts.yres = 1600;
  argv = slices_qemu_args_build (SLICE, 1920, 1200, &opts, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION);
  g_assert_null (argv);
  g_clear_error (&error);

  opts.xres = opts.yres = 0;
  opts.rendernode = "/dev/dri/render,D128";
  argv = slices_qemu_args_build (SLICE, 1920, 1200, &opts, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID);
  g_clear_error (&error);

  opts.rendernode = NULL;
  argv = slices_qemu_args_build (SLICE, 1920, 1200, &opts, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID);
  g_clear_error (&error);

  opts.rendernode = NODE;
  argv = slices_qemu_args_build ("../../etc", 1920, 1200, &opts, &error);
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID);
}

/* Messages QEMU gives when the display itself cannot start on this machine (no render node,
 * no desktop, GTK module not installed) — as opposed to parse errors. With the GTK module
 * (qemu-system-gui) but no X server or Wayland compositor, `gtk,gl=on` fails before GTK
 * does: "OpenGL is not supported by the display". */
static const char *environment_errors[] = {
  "egl: no drm render node available",
  "Failed to initialize EGL render node",
  "egl: render node init failed",
  "Display 'gtk' is not available",
  "gtk initialization failed",
  "OpenGL is not supported by the display",
  "cannot open display",
  NULL
};

static void
test_real_qemu (void)
{
  const char *qemu = qemu_check_binary ();
  g_autofree char *tmpdir = NULL;
  g_autofree char *socket = NULL;
  SlicesQemuDisplay displays[] = {
    SLICES_QEMU_DISPLAY_GTK, SLICES_QEMU_DISPLAY_SPICE, SLICES_QEMU_DISPLAY_EGL_HEADLESS,
    SLICES_QEMU_DISPLAY_NONE,
  };

  if (qemu == NULL)
    {
      g_test_skip ("qemu-system-x86_64 is not installed (Debian: qemu-system-x86)");
      return;
    }

  tmpdir = g_dir_make_tmp ("gpu-slices-qemu-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  socket = g_build_filename (tmpdir, "spice.sock", NULL);

  for (gsize d = 0; d < G_N_ELEMENTS (displays); d++)
    {
      g_auto(GStrv) args = build (displays[d], socket);
      g_auto(GStrv) device_only = qemu_check_rewrite_display ((const char * const *) args,
                                                              tmpdir);
      g_autoptr(GStrvBuilder) cmd = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) display_cmd = g_strv_builder_new ();
      g_auto(GStrv) argv = NULL;
      g_auto(GStrv) display_argv = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      g_autofree char *why = NULL;
      gboolean running = FALSE;

      /* 1. Every device property parses: only the missing slice is left. */
      g_strv_builder_add_many (cmd, qemu, "-S", "-nodefaults", "-machine", "q35", "-accel",
                               "tcg", "-m", "128", NULL);
      g_strv_builder_addv (cmd, (const char **) device_only);
      argv = g_strv_builder_end (cmd);
      err = qemu_check_run ((const char * const *) argv, 30, &running, &error);
      g_assert_no_error (error);
      g_assert_false (running);
      if (!qemu_check_only_missing_slice (err, SLICE_LOWER, &why))
        g_error ("display %" G_GSIZE_FORMAT ": %s", d, why);
      g_clear_pointer (&err, g_free);

      if (displays[d] == SLICES_QEMU_DISPLAY_NONE)
        continue;

      /* 2. The display options parse: without the device, the display either starts (a
       * machine with a GPU and a desktop) or fails only for want of one. */
      g_strv_builder_add_many (display_cmd, qemu, "-S", "-nodefaults", "-machine", "q35",
                               "-accel", "tcg", "-m", "128", NULL);
      for (guint i = 2; args[i] != NULL; i++)
        g_strv_builder_add (display_cmd, g_str_equal (args[i], "127.0.0.1:0") ? "none"
                                                                              : args[i]);
      display_argv = g_strv_builder_end (display_cmd);
      err = qemu_check_run ((const char * const *) display_argv, 5, &running, &error);
      g_assert_no_error (error);
      if (!running)
        {
          gboolean known = FALSE;

          for (guint i = 0; environment_errors[i] != NULL; i++)
            known |= strstr (err, environment_errors[i]) != NULL;
          if (!known)
            g_error ("display %" G_GSIZE_FORMAT " was refused: %s", d, err);
          g_test_message ("display %" G_GSIZE_FORMAT ": parsed; cannot start here: %s", d, err);
        }
    }

  g_remove (socket);
  g_rmdir (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/qemu-args/device-line", test_device_line);
  g_test_add_func ("/slices/qemu-args/options", test_options);
  g_test_add_func ("/slices/qemu-args/real-qemu", test_real_qemu);

  return g_test_run ();
}

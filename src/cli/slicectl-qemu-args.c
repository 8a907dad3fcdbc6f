/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl qemu-args UUID [--display MODE] [--resolution WxH] [--rendernode PATH]`: the bare
 * QEMU arguments that give a VM an existing slice and a display that can show it (FACTS.md §3,
 * built by slices-qemu-args.c). The slice must exist: its type gives the default and the
 * largest resolution, its GPU the default render node. The output is one shell-quoted line
 * without comments, to paste after `qemu-system-x86_64 …`.
 *
 * `slicectl qemu-args VF [--looking-glass WxH [--hdr]]`: the same for an SR-IOV virtual
 * function, which must be one of this system's (never the GPU itself): `-device vfio-pci,host=`
 * and, with Looking Glass, its ivshmem-plain device and shared memory (FACTS-SRIOV S4, S5).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-vm.h"

#include "slicectl.h"

/* The VF form: nothing of the GVT-g device's options, the VF checked against this system. */
static int
run_vf (SlicectlGlobals *globals,
        const char      *address,
        const char      *gvt_only,
        const char      *looking_glass,
        gboolean         hdr)
{
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *line = NULL;
  int width = 0;
  int height = 0;
  int status;

  if (gvt_only != NULL)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("%s is for GVT-g slices; a virtual function (%s) has no display "
                            "of its own (see --looking-glass)"), gvt_only, address);
  if (hdr && looking_glass == NULL)
    return slicectl_fail (SLICECTL_EXIT_USAGE, _("--hdr needs --looking-glass WxH"));
  if (looking_glass != NULL &&
      (status = slicectl_check_resolution (looking_glass, &width, &height)) != SLICECTL_EXIT_OK)
    return status;

  if ((status = slicectl_open_host (globals, &host)) != SLICECTL_EXIT_OK)
    return status;
  if (slices_host_find_vf_for_vm (host, address, NULL, &error) == NULL)
    return slicectl_fail (SLICECTL_EXIT_FAILED, "%s", error->message);

  args = slices_qemu_args_build_vf (address, width, height, hdr, &error);
  if (args == NULL)
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                _("could not make the QEMU arguments for %s"), address);
  line = slices_qemu_args_to_shell ((const char * const *) args);
  g_print ("%s\n", line);
  return SLICECTL_EXIT_OK;
}

static gboolean
display_needs_rendernode (SlicesQemuDisplay display)
{
  return display == SLICES_QEMU_DISPLAY_SPICE || display == SLICES_QEMU_DISPLAY_EGL_HEADLESS;
}

int
slicectl_qemu_args_run (const SlicectlCommand *command,
                        SlicectlGlobals       *globals,
                        int                    argc,
                        char                 **argv)
{
  g_autofree char *display_arg = NULL;
  g_autofree char *resolution_arg = NULL;
  g_autofree char *rendernode_arg = NULL;
  g_autofree char *looking_glass_arg = NULL;
  gboolean no_ramfb = FALSE;
  gboolean no_opregion = FALSE;
  gboolean hdr = FALSE;
  const GOptionEntry entries[] = {
    { "display", 0, 0, G_OPTION_ARG_STRING, &display_arg,
      N_("How to show the VM: gtk (default), spice, egl-headless or none"), N_("MODE") },
    { "resolution", 0, 0, G_OPTION_ARG_STRING, &resolution_arg,
      N_("Display resolution, at most the slice type’s own (the default)"), N_("WxH") },
    { "rendernode", 0, 0, G_OPTION_ARG_FILENAME, &rendernode_arg,
      N_("Render node for spice and egl-headless (default: the slice’s GPU’s)"), N_("PATH") },
    { "no-ramfb", 0, 0, G_OPTION_ARG_NONE, &no_ramfb,
      N_("No boot display (firmware and boot screens stay dark)"), NULL },
    { "no-opregion", 0, 0, G_OPTION_ARG_NONE, &no_opregion,
      N_("No OpRegion (x-igd-opregion), which the guest’s Intel driver wants"), NULL },
    { "looking-glass", 0, 0, G_OPTION_ARG_STRING, &looking_glass_arg,
      N_("Virtual function: Looking Glass’s shared memory for this picture size"), N_("WxH") },
    { "hdr", 0, 0, G_OPTION_ARG_NONE, &hdr,
      N_("With --looking-glass: room for HDR frames (twice the memory)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  SlicesQemuArgsOptions opts = SLICES_QEMU_ARGS_OPTIONS_INIT;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) args = NULL;
  SlicesSliceType *type = NULL;
  SlicesSlice *slice;
  SlicesGpu *gpu;
  int type_width = 0;
  int type_height = 0;
  int status;

  {
    g_autofree char *description =
      g_strdup_printf ("%s\n\n%s",
                       _("Prints the arguments on one line, to paste after\n"
                         "“qemu-system-x86_64 -machine q35,accel=kvm …”. The displays:\n"
                         "  gtk           a window on this desktop, drawn with OpenGL\n"
                         "  spice         SPICE with OpenGL on a local socket in\n"
                         "                $XDG_RUNTIME_DIR/gpu-slices (create that folder first);\n"
                         "                open it with “remote-viewer spice+unix://SOCKET”\n"
                         "  egl-headless  drawn on the GPU, shown over VNC on 127.0.0.1:5900\n"
                         "                (reach it through SSH from another computer)\n"
                         "  none          no display: compute, or a remote desktop in the guest\n"
                         "A resolution above the slice type’s is refused with exit status 1.\n\n"
                         "For an SR-IOV virtual function, give its PCI address (such as\n"
                         "0000:00:02.1) instead of a UUID: it has no display of its own, and\n"
                         "--looking-glass WxH adds Looking Glass’s ivshmem-plain device and its\n"
                         "shared memory in /dev/shm/looking-glass."),
                       slicectl_exit_status_text ());
    g_option_context_set_description (context, description);
  }

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  /* Usage first: all of these can be judged without reading the system. */
  if (argc < 2)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("“qemu-args” needs the UUID of a slice; “slicectl list” shows "
                            "them"));
  if (argc > 2)
    return slicectl_fail_usage_arg (_("“qemu-args” takes one slice UUID, but got “%s” too; a "
                                      "VM can hold only one GVT-g slice"), argv[2]);

  {
    g_autofree char *address = slices_pci_address_dup_canonical (argv[1]);

    if (address != NULL)
      return run_vf (globals, address,
                     display_arg != NULL ? "--display"
                     : resolution_arg != NULL ? "--resolution"
                     : rendernode_arg != NULL ? "--rendernode"
                     : no_ramfb ? "--no-ramfb"
                     : no_opregion ? "--no-opregion" : NULL,
                     looking_glass_arg, hdr);
  }

  if ((status = slicectl_check_uuid (argv[1],
                                     _("“%s” is neither a UUID nor a virtual function’s PCI "
                                       "address (such as 0000:00:02.1); “slicectl list” shows "
                                       "the slices"), &uuid)) != SLICECTL_EXIT_OK)
    return status;
  if (looking_glass_arg != NULL || hdr)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("--looking-glass and --hdr are for a virtual function (an SR-IOV "
                            "slice, such as 0000:00:02.1); a GVT-g slice shows its picture "
                            "itself"));

  if (display_arg != NULL && !slices_qemu_display_from_string (display_arg, &opts.display))
    return slicectl_fail_usage_arg (_("“%s” is not a display; choose gtk, spice, egl-headless "
                                      "or none"), display_arg);

  if (resolution_arg != NULL &&
      (status = slicectl_check_resolution (resolution_arg, &opts.xres, &opts.yres))
        != SLICECTL_EXIT_OK)
    return status;

  if (resolution_arg != NULL && opts.display == SLICES_QEMU_DISPLAY_NONE)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("--resolution needs a display, but --display none has none"));

  if (rendernode_arg != NULL)
    {
      if (!display_needs_rendernode (opts.display))
        return slicectl_fail (SLICECTL_EXIT_USAGE,
                              _("--rendernode is for --display spice or egl-headless only"));
      if ((status = slicectl_check_rendernode (rendernode_arg)) != SLICECTL_EXIT_OK)
        return status;
    }

  opts.ramfb = !no_ramfb;
  opts.opregion = !no_opregion;

  if ((status = slicectl_open_host (globals, &host)) != SLICECTL_EXIT_OK)
    return status;

  slice = slices_host_find_slice (host, uuid);
  if (slice == NULL)
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          _("no slice has the UUID %s; create one with “slicectl create”, or "
                            "see “slicectl list”"), uuid);

  gpu = slices_host_find_gpu (host, slices_slice_get_gpu_address (slice));
  if (gpu != NULL)
    type = slices_gpu_find_type (gpu, slices_slice_get_type_id (slice));
  /* Kernels before 4.14 do not say a type's resolution: then QEMU picks its own. */
  if (type != NULL)
    {
      type_width = MAX (slices_slice_type_get_width (type), 0);
      type_height = MAX (slices_slice_type_get_height (type), 0);
    }

  if (display_needs_rendernode (opts.display))
    {
      const char * const *nodes = gpu != NULL ? slices_gpu_get_render_nodes (gpu) : NULL;

      if (rendernode_arg != NULL)
        opts.rendernode = rendernode_arg;
      else if (nodes != NULL && nodes[0] != NULL)
        opts.rendernode = nodes[0];
      else
        return slicectl_fail (SLICECTL_EXIT_FAILED,
                              _("GPU %s of slice %s has no render node, which --display %s "
                                "needs; give one with --rendernode PATH (ls /dev/dri)"),
                              slices_slice_get_gpu_address (slice), uuid, display_arg);
    }

  args = slices_qemu_args_build (uuid, type_width, type_height, &opts, &error);
  if (args == NULL)
    {
      if (g_error_matches (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_RESOLUTION))
        return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                    _("slice %s of type %s cannot show %s"), uuid,
                                    slices_slice_get_type_id (slice), resolution_arg);
      return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                  _("could not make the QEMU arguments for slice %s"), uuid);
    }

  line = slices_qemu_args_to_shell ((const char * const *) args);
  g_print ("%s\n", line);

  return SLICECTL_EXIT_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl simulate DIR [--platform NAME] [--aperture MB] [--gpu ADDRESS]…`: a sysfs tree of
 * simulated GPUs in a new or empty folder, made by the kernel simulator, so that every other
 * command can be tried, and scripts tested, with `--sysfs-root DIR --simulate` on any machine.
 * Everything is checked before the first file is written; the simulator itself refuses a
 * folder in the real system. The platforms are a table: one row per GPU family.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "libslices-simulator.h"

#include "slicectl.h"

typedef struct {
  const char *name;            /* what --platform takes */
  const char *description;     /* translatable: what a user would buy */
  const char *default_address; /* where the GPU sits when no --gpu is given */
  void      (*init_spec)       (SlicesSimGpuSpec *spec, const char *address);
} Platform;

/* A new platform is one row and, when the simulator needs other figures, one init function. */
static const Platform platforms[] = {
  { "kbl", N_("Kaby Lake, HD Graphics 620 (GVT-g)"), "0000:00:02.0", slices_sim_gpu_spec_init },
  { "ptl", N_("Panther Lake on xe (SR-IOV, 7 VFs, sriov_admin)"), "0000:00:02.0",
    slices_sim_gpu_spec_init_ptl },
  { "adl", N_("Alder Lake-P on i915-sriov-dkms (SR-IOV, i915.max_vfs=7)"), "0000:00:02.0",
    slices_sim_gpu_spec_init_adl },
  { "bmg", N_("Battlemage card on xe (SR-IOV, 7 VFs, sriov_admin)"), "0000:03:00.0",
    slices_sim_gpu_spec_init_bmg },
  { "adl-stock", N_("Alder Lake-P on stock i915 (no max_vfs: no VFs possible)"), "0000:00:02.0",
    slices_sim_gpu_spec_init_adl_stock },
};

/* What firmware offers as the GPU's aperture; it decides which slice types exist. */
static const guint apertures_mb[] = { 256, 512, 1024 };

static const Platform *
find_platform (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (platforms); i++)
    {
      if (g_strcmp0 (platforms[i].name, name) == 0)
        return &platforms[i];
    }

  return NULL;
}

static char *
dup_platform_names (void)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (platforms); i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", platforms[i].name);

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static char *
dup_description (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append (text,
                   _("Makes DIR (a new or empty folder) look like /sys on a machine with the\n"
                     "GPUs asked for, so that every command can be tried without them:\n"
                     "  slicectl simulate /tmp/gpu\n"
                     "  slicectl --sysfs-root /tmp/gpu --simulate create --gpu 0000:00:02.0 "
                     "--type i915-GVTg_V5_4\n"
                     "  slicectl --sysfs-root /tmp/gpu list\n"
                     "Writes need --simulate and follow the kernel’s rules (room, at most 7\n"
                     "slices); remove the folder when done. The aperture decides the types:\n"
                     "1024 MB (the default) gives all four, 512 MB three, 256 MB two.\n"
                     "SR-IOV platforms have virtual functions instead of types; --aperture\n"
                     "is for GVT-g only. The platforms:"));
  for (gsize i = 0; i < G_N_ELEMENTS (platforms); i++)
    g_string_append_printf (text, "\n  %-9s %s", platforms[i].name, _(platforms[i].description));
  g_string_append_printf (text, "\n\n%s", slicectl_exit_status_text ());

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Each --gpu in the sysfs form, once; the platform's own address without any. */
static int
check_addresses (char           **gpu_args,
                 const Platform  *platform,
                 GPtrArray       *addresses)
{
  int status;

  if (gpu_args == NULL || gpu_args[0] == NULL)
    {
      g_ptr_array_add (addresses, g_strdup (platform->default_address));
      return SLICECTL_EXIT_OK;
    }

  for (gsize i = 0; gpu_args[i] != NULL; i++)
    {
      g_autofree char *address = NULL;

      if ((status = slicectl_check_pci_address (gpu_args[i],
                                                _("“%s” is not a PCI address; write it like "
                                                  "0000:00:02.0"), &address))
          != SLICECTL_EXIT_OK)
        return status;
      if (g_ptr_array_find_with_equal_func (addresses, address, g_str_equal, NULL))
        return slicectl_fail_usage_arg (_("--gpu %s is given twice; a PCI address holds one "
                                          "GPU"), address);
      g_ptr_array_add (addresses, g_steal_pointer (&address));
    }

  return SLICECTL_EXIT_OK;
}

static int
check_aperture (const char *arg,
                guint      *out_aperture_mb)
{
  guint64 value = 0;

  if (g_ascii_string_to_unsigned (arg, 10, 0, G_MAXUINT, &value, NULL))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (apertures_mb); i++)
        {
          if (apertures_mb[i] == value)
            {
              *out_aperture_mb = apertures_mb[i];
              return SLICECTL_EXIT_OK;
            }
        }
    }

  return slicectl_fail_usage_arg (_("--aperture must be 256, 512 or 1024 (MB), not “%s”"), arg);
}

/* Only a new folder or an empty one: the tree must not mix with files of the user's. */
static int
prepare_folder (const char *dir)
{
  g_autofree char *quoted = slicectl_quote_arg (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;

  if (!slices_simulator_is_safe_root (dir, &error))
    return slicectl_fail (SLICECTL_EXIT_FAILED, "%s", error->message);

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          int saved_errno = errno;

          return slicectl_fail (SLICECTL_EXIT_FAILED, _("could not make the folder %s: %s"),
                                quoted, g_strerror (saved_errno));
        }
      return SLICECTL_EXIT_OK;
    }

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          _("%s is not a folder; give a new or empty folder; nothing was "
                            "changed"), quoted);

  listing = g_dir_open (dir, 0, &error);
  if (listing == NULL)
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error, _("could not read %s"), quoted);
  if (g_dir_read_name (listing) != NULL)
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          _("%s is not empty; give a new or empty folder for the simulated "
                            "tree; nothing was changed"), quoted);

  return SLICECTL_EXIT_OK;
}

/* @dir for the command line the user is told to try: quoted for a shell, or "DIR" when it has
 * what a terminal would act on. */
static char *
dup_shell_dir (const char *dir)
{
  if (!slicectl_is_printable (dir))
    return g_strdup ("DIR");

  return g_shell_quote (dir);
}

int
slicectl_simulate_run (const SlicectlCommand *command,
                       SlicectlGlobals       *globals,
                       int                    argc,
                       char                 **argv)
{
  g_autofree char *platform_arg = NULL;
  g_autofree char *aperture_arg = NULL;
  g_auto(GStrv) gpu_args = NULL;
  const GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform_arg,
      N_("The GPU family: kbl (the default), ptl, adl or bmg"), N_("NAME") },
    { "aperture", 0, 0, G_OPTION_ARG_STRING, &aperture_arg,
      N_("The GPU’s aperture in MB: 256, 512 or 1024 (the default)"), N_("MB") },
    { "gpu", 0, 0, G_OPTION_ARG_STRING_ARRAY, &gpu_args,
      N_("Put a GPU at this PCI address (default: the platform’s own); repeat for more"),
      N_("ADDRESS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SlicesSimulator) simulator = NULL;
  g_autofree char *description = dup_description ();
  g_autofree char *quoted = NULL;
  g_autofree char *shell_dir = NULL;
  const Platform *platform = &platforms[0];
  guint aperture_mb = 0;
  const char *dir;
  int status;

  g_option_context_set_description (context, description);

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  /* Usage first: all of these can be judged without touching the disk. */
  if (argc < 2)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("“simulate” needs the folder to make the tree in: slicectl simulate "
                            "DIR"));
  if (argc > 2)
    return slicectl_fail_usage_arg (_("“simulate” makes one tree, in one folder, but got “%s” "
                                      "too"), argv[2]);
  dir = argv[1];

  if (globals->sysfs_root != NULL || globals->simulate)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("“simulate” makes the tree in DIR; --sysfs-root DIR and --simulate "
                            "are for the commands run on it afterwards"));

  if (platform_arg != NULL && (platform = find_platform (platform_arg)) == NULL)
    {
      g_autofree char *names = dup_platform_names ();
      g_autofree char *quoted_platform = slicectl_quote_arg (platform_arg);

      return slicectl_fail (SLICECTL_EXIT_USAGE,
                            _("“%s” is not a platform the simulator knows; the platforms are %s"),
                            quoted_platform, names);
    }

  if (aperture_arg != NULL && platform->init_spec != slices_sim_gpu_spec_init)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("--aperture is for GVT-g GPUs; %s makes SR-IOV virtual functions "
                            "instead"), platform->name);
  if (aperture_arg != NULL &&
      (status = check_aperture (aperture_arg, &aperture_mb)) != SLICECTL_EXIT_OK)
    return status;

  if ((status = check_addresses (gpu_args, platform, addresses)) != SLICECTL_EXIT_OK)
    return status;

  if ((status = prepare_folder (dir)) != SLICECTL_EXIT_OK)
    return status;

  quoted = slicectl_quote_arg (dir);
  simulator = slices_simulator_new (dir);
  for (guint i = 0; i < addresses->len; i++)
    {
      const char *address = g_ptr_array_index (addresses, i);
      g_autoptr(GError) error = NULL;
      SlicesSimGpuSpec spec;

      platform->init_spec (&spec, address);
      if (aperture_mb > 0)
        spec.aperture_mb = aperture_mb;
      /* Each GPU its own DRM nodes, numbered as the kernel would. */
      if (spec.render_minor >= 0)
        spec.render_minor += (int) i;
      if (spec.card_minor >= 0)
        spec.card_minor += (int) i;

      if (!slices_simulator_add_gpu (simulator, &spec, &error))
        return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                    _("could not make the simulated tree in %s (remove the "
                                      "folder and try again)"), quoted);
    }

  shell_dir = dup_shell_dir (dir);
  for (guint i = 0; i < addresses->len; i++)
    {
      /* TRANSLATORS: "Simulated Kaby Lake, HD Graphics 620 (GVT-g) at 0000:00:02.0." */
      g_print (_("Simulated %s at %s.\n"), _(platform->description),
               (const char *) g_ptr_array_index (addresses, i));
    }
  g_print (_("Try: slicectl --sysfs-root %s --simulate list\n"), shell_dir);

  return SLICECTL_EXIT_OK;
}

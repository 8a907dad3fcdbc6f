/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SR-IOV virtual functions from the command line (FACTS-SRIOV): `slicectl set-vfs --gpu ADDR N`,
 * `slicectl set-vf-profile --gpu ADDR --vf VF (--exec-quantum-ms MS | --preempt-timeout-us US)`,
 * and the VF count kept across restarts that `persist --gpu` and `unpersist --gpu` run. All of
 * it goes through the backend (the helper through pkexec, or the simulator with --simulate);
 * this file checks the command line and reads the GPU's model to say what changed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-writers.h"

#include "slicectl.h"

/* The SR-IOV GPU at @address, or a one-line failure. */
static int
open_sriov_gpu (SlicectlGlobals  *globals,
                const char       *address,
                SlicesHost      **out_host,
                SlicesSriov     **out_sriov)
{
  SlicesGpu *gpu;
  int status;

  if ((status = slicectl_open_host (globals, out_host)) != SLICECTL_EXIT_OK)
    return status;
  gpu = slices_host_find_gpu (*out_host, address);
  if (gpu == NULL)
    return slicectl_fail (SLICECTL_EXIT_FAILED, _("there is no GPU at %s; “slicectl list” shows "
                                                  "the GPUs"), address);
  if ((*out_sriov = slices_gpu_get_sriov (gpu)) == NULL)
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          _("the GPU %s makes no SR-IOV virtual functions (“slicectl doctor” "
                            "says why); nothing was changed"), address);
  return SLICECTL_EXIT_OK;
}

static int
check_gpu_option (const SlicectlCommand  *command,
                  const char             *gpu_arg,
                  char                  **out_address)
{
  if (gpu_arg == NULL)
    return slicectl_fail (SLICECTL_EXIT_USAGE, _("“%s” needs --gpu ADDRESS; “slicectl list” "
                                                 "shows the GPUs"), command->name);
  return slicectl_check_pci_address (gpu_arg, _("“%s” is not a PCI address; write it as "
                                                "“slicectl list” shows it, e.g. 0000:00:02.0"),
                                     out_address);
}

static int
fail_backend (const GError *error,
              const char   *what)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return slicectl_fail (SLICECTL_EXIT_FAILED, _("authentication was dismissed; nothing was "
                                                  "changed"));
  return slicectl_fail_error (SLICECTL_EXIT_FAILED, error, "%s", what);
}

static void
set_help (GOptionContext *context,
          const char     *text)
{
  g_autofree char *description = g_strdup_printf ("%s\n\n%s", text,
                                                  slicectl_exit_status_text ());

  g_option_context_set_description (context, description);
}

int
slicectl_set_vfs_run (const SlicectlCommand *command,
                      SlicectlGlobals       *globals,
                      int                    argc,
                      char                 **argv)
{
  g_autofree char *gpu_arg = NULL;
  const GOptionEntry entries[] = {
    { "gpu", 0, 0, G_OPTION_ARG_STRING, &gpu_arg,
      N_("PCI address of the GPU, as “slicectl list” shows it"), N_("ADDRESS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  g_autoptr(SlicesBackend) backend = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *what = NULL;
  SlicesSriov *sriov = NULL;
  guint64 count;
  guint before;
  int status;

  set_help (context, _("Makes N virtual functions (VFs) on an SR-IOV GPU; each VF is a slice\n"
                       "for one virtual machine, and 0 removes them all. The host’s driver is\n"
                       "kept from taking the new VFs. When VFs exist, the kernel removes them\n"
                       "all first, so every slice is made anew; that is refused while a virtual\n"
                       "machine uses one. Needs administrator rights, unless --simulate is "
                       "given.\n\n"
                       "Examples:\n"
                       "  slicectl set-vfs --gpu 0000:00:02.0 3\n"
                       "  slicectl set-vfs --gpu 0000:00:02.0 0"));
  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;
  if ((status = check_gpu_option (command, gpu_arg, &address)) != SLICECTL_EXIT_OK)
    return status;
  if (argc != 2)
    return slicectl_fail (SLICECTL_EXIT_USAGE, _("“set-vfs” needs one count of virtual "
                                                 "functions, like “set-vfs --gpu %s 3”"),
                          address);
  if (!g_ascii_string_to_unsigned (argv[1], 10, 0, G_MAXUINT16, &count, NULL))
    return slicectl_fail_usage_arg (_("the count of virtual functions must be a number from 0 "
                                      "up, not “%s”"), argv[1]);

  if ((status = open_sriov_gpu (globals, address, &host, &sriov)) != SLICECTL_EXIT_OK)
    return status;
  if (count > slices_sriov_get_total_vfs (sriov))
    return slicectl_fail (SLICECTL_EXIT_FAILED, _("the GPU %s makes at most %u virtual "
                                                  "functions, not %u; nothing was changed"),
                          address, slices_sriov_get_total_vfs (sriov), (guint) count);
  before = slices_sriov_get_enabled_vfs (sriov);
  if (before == count)
    {
      g_print (_("%s has %u virtual functions already; nothing was changed.\n"), address, before);
      return SLICECTL_EXIT_OK;
    }

  if ((status = slicectl_open_backend (globals, &backend)) != SLICECTL_EXIT_OK)
    return status;
  what = g_strdup_printf (_("could not make %u virtual functions on %s"), (guint) count, address);
  if (!slices_backend_set_vfs_sync (backend, address, (guint) count, &error))
    return fail_backend (error, what);

  if (count == 0)
    g_print (_("Removed the %u virtual functions of %s.\n"), before, address);
  else if (before == 0)
    g_print (_("%s now has %u virtual functions; “slicectl list” shows them.\n"), address,
             (guint) count);
  else
    g_print (_("%s now has %u virtual functions. The kernel removed the %u there were first: "
               "every slice is made anew, with the same addresses.\n"), address, (guint) count,
             before);
  return SLICECTL_EXIT_OK;
}

/* "0000:00:02.1" or the index “slicectl list” shows ("0"): sriov_admin's 1-based number. */
static int
check_vf_option (SlicesSriov *sriov,
                 const char  *vf_arg,
                 guint       *out_number)
{
  GListModel *vfs = slices_sriov_get_vfs (sriov);
  g_autofree char *vf_address = NULL;
  guint64 index;

  if (g_ascii_string_to_unsigned (vf_arg, 10, 0, G_MAXUINT16 - 1, &index, NULL))
    {
      *out_number = (guint) index + 1;
      return SLICECTL_EXIT_OK;
    }
  if (slicectl_check_pci_address (vf_arg, _("--vf takes a virtual function’s address or its "
                                            "index as “slicectl list” shows it, not “%s”"),
                                  &vf_address) != SLICECTL_EXIT_OK)
    return SLICECTL_EXIT_USAGE;
  for (guint i = 0; i < g_list_model_get_n_items (vfs); i++)
    {
      g_autoptr(SlicesVf) vf = g_list_model_get_item (vfs, i);

      if (g_strcmp0 (slices_vf_get_address (vf), vf_address) == 0)
        {
          *out_number = slices_vf_get_index (vf) + 1;
          return SLICECTL_EXIT_OK;
        }
    }
  return slicectl_fail (SLICECTL_EXIT_FAILED, _("%s is not a virtual function of this GPU; "
                                                "“slicectl list” shows them"), vf_address);
}

int
slicectl_set_vf_profile_run (const SlicectlCommand *command,
                             SlicectlGlobals       *globals,
                             int                    argc,
                             char                 **argv)
{
  g_autofree char *gpu_arg = NULL;
  g_autofree char *vf_arg = NULL;
  g_autofree char *quantum_arg = NULL;
  g_autofree char *timeout_arg = NULL;
  const GOptionEntry entries[] = {
    { "gpu", 0, 0, G_OPTION_ARG_STRING, &gpu_arg,
      N_("PCI address of the GPU, as “slicectl list” shows it"), N_("ADDRESS") },
    { "vf", 0, 0, G_OPTION_ARG_STRING, &vf_arg,
      N_("The virtual function: its address, or its index as “slicectl list” shows it"),
      N_("VF") },
    { "exec-quantum-ms", 0, 0, G_OPTION_ARG_STRING, &quantum_arg,
      N_("How long it may run at a time, in milliseconds (0: no limit)"), N_("MS") },
    { "preempt-timeout-us", 0, 0, G_OPTION_ARG_STRING, &timeout_arg,
      N_("How long it may take to give way, in microseconds (0: no limit)"), N_("US") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  g_autoptr(SlicesBackend) backend = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *what = NULL;
  SlicesSriov *sriov = NULL;
  const char *key, *value_arg;
  guint64 value;
  guint number = 0;
  int status;

  set_help (context, _("Sets how the GPU shares its time with one virtual function (xe’s\n"
                       "sriov_admin, Linux 6.19 and later). Give one setting at a time. Needs\n"
                       "administrator rights, unless --simulate is given.\n\n"
                       "Examples:\n"
                       "  slicectl set-vf-profile --gpu 0000:00:02.0 --vf 0 "
                       "--exec-quantum-ms 20\n"
                       "  slicectl set-vf-profile --gpu 0000:00:02.0 --vf 0000:00:02.2 "
                       "--preempt-timeout-us 5000"));
  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;
  if ((status = slicectl_check_no_arguments (argc, argv,
                                             _("“set-vf-profile” takes only options, but got "
                                               "“%s”; see “slicectl set-vf-profile --help”")))
      != SLICECTL_EXIT_OK)
    return status;
  if ((status = check_gpu_option (command, gpu_arg, &address)) != SLICECTL_EXIT_OK)
    return status;
  if (vf_arg == NULL || (quantum_arg == NULL) == (timeout_arg == NULL))
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("“set-vf-profile” needs --vf VF and one of --exec-quantum-ms or "
                            "--preempt-timeout-us"));
  key = quantum_arg != NULL ? SLICES_VF_PROFILE_EXEC_QUANTUM_MS
                            : SLICES_VF_PROFILE_PREEMPT_TIMEOUT_US;
  value_arg = quantum_arg != NULL ? quantum_arg : timeout_arg;
  if (!g_ascii_string_to_unsigned (value_arg, 10, 0, G_MAXUINT32, &value, NULL))
    return slicectl_fail_usage_arg (_("the setting must be a whole number from 0 to "
                                      "4294967295, not “%s”"), value_arg);

  if ((status = open_sriov_gpu (globals, address, &host, &sriov)) != SLICECTL_EXIT_OK)
    return status;
  if (!slices_sriov_get_has_admin (sriov))
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          _("the GPU %s has no scheduling profiles: only the xe driver’s "
                            "sriov_admin (Linux 6.19 and later) has them; nothing was changed"),
                          address);
  if ((status = check_vf_option (sriov, vf_arg, &number)) != SLICECTL_EXIT_OK)
    return status;

  if ((status = slicectl_open_backend (globals, &backend)) != SLICECTL_EXIT_OK)
    return status;
  what = g_strdup_printf (_("could not set %s of %s"), key, vf_arg);
  if (!slices_backend_set_vf_profile_sync (backend, address, number, key, (guint32) value,
                                           &error))
    return fail_backend (error, what);
  return SLICECTL_EXIT_OK;
}

int
slicectl_persist_vfs (SlicectlGlobals *globals,
                      const char      *address,
                      gboolean         keep)
{
  g_autoptr(SlicesBackend) backend = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  SlicesSriov *sriov = NULL;
  guint count = G_MAXUINT;
  int status;

  if (keep)
    {
      if ((status = open_sriov_gpu (globals, address, &host, &sriov)) != SLICECTL_EXIT_OK)
        return status;
      count = slices_sriov_get_enabled_vfs (sriov);
    }
  else if (globals->simulate && (status = slicectl_check_tree (globals)) != SLICECTL_EXIT_OK)
    return status;

  if ((status = slicectl_open_backend (globals, &backend)) != SLICECTL_EXIT_OK)
    return status;
  what = keep ? g_strdup_printf (_("could not keep the virtual functions of %s"), address)
              : g_strdup_printf (_("could not stop keeping the virtual functions of %s"),
                                 address);
  if (!slices_backend_persist_vfs_sync (backend, address, count, &error))
    return fail_backend (error, what);
  if (keep)
    g_print (_("%s will have %u virtual functions after every restart.\n"), address, count);
  return SLICECTL_EXIT_OK;
}

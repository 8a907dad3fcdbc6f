/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * slicectl: the command-line twin of GPU Slices. This file owns the entry point, the global
 * options and the command table; each command is a run function in its own file. Parsing stops
 * at the command name so that every command parses its own options (and the global ones again,
 * so `slicectl list --sysfs-root T` works as well as `slicectl --sysfs-root T list`).
 *
 * It is built twice. `slicectl` has every command but the ones that read or edit virtual
 * machine definitions, and so never maps libxml2 (nor libvirt, which the vm/ layer loads only
 * when it connects): the commands scripts run often start as fast as a GLib program can. For
 * attach, detach and remove (which looks up the VMs that hold a slice), and for doctor when it
 * asks libvirt, it runs `slicectl-vm` with the same arguments, the same file built with
 * SLICECTL_VM, which has them all.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "slicectl.h"

static int run_help (const SlicectlCommand *command, SlicectlGlobals *globals,
                     int argc, char **argv);

#ifdef SLICECTL_VM
#define VM_COMMAND(run) run
#else
static int run_in_vm_tool (const SlicectlCommand *command, SlicectlGlobals *globals,
                           int argc, char **argv);
#define VM_COMMAND(run) run_in_vm_tool
#endif

/* One row per command; a new command is one run function in its own file plus its row. */
static const SlicectlCommand commands[] = {
  { "list", NULL,
    N_("List GPUs with their slice types and slices"), slicectl_list_run },
  { "create", N_("--gpu ADDRESS --type TYPE"),
    N_("Create slices of one type on a GPU"), slicectl_create_run },
  { "remove", N_("UUID…"),
    N_("Remove slices (and, with --detach, from the VMs that hold them)"),
    VM_COMMAND (slicectl_remove_run) },
  { "set-vfs", N_("--gpu ADDRESS N"),
    N_("Make N SR-IOV virtual functions (slices) on a GPU"), slicectl_set_vfs_run },
  { "set-vf-profile", N_("--gpu ADDRESS --vf VF (--exec-quantum-ms MS | --preempt-timeout-us US)"),
    N_("Set how an SR-IOV GPU shares its time with a virtual function"),
    slicectl_set_vf_profile_run },
  { "persist", N_("(UUID… | --gpu ADDRESS)"),
    N_("Keep slices after a restart (mdevctl, or the VF count)"), slicectl_persist_run },
  { "unpersist", N_("(UUID… | --gpu ADDRESS)"),
    N_("Stop keeping slices after a restart"), slicectl_unpersist_run },
  { "attach", N_("--slice (UUID | VF) (--domain NAME | --xml FILE)"),
    N_("Give a virtual machine a slice (libvirt)"), VM_COMMAND (slicectl_attach_run) },
  { "detach", N_("--slice (UUID | VF) (--domain NAME | --xml FILE)"),
    N_("Take a slice out of a virtual machine (libvirt)"), VM_COMMAND (slicectl_detach_run) },
  { "repair", N_("[--domain NAME]"),
    N_("Repair VMs that the old GVT-g recipe keeps from starting (libvirt)"),
    VM_COMMAND (slicectl_repair_run) },
  { "qemu-args", N_("(UUID | VF)"),
    N_("Print the QEMU arguments that give a VM a slice"), slicectl_qemu_args_run },
  { "doctor", NULL,
    N_("Check the setup and say how to fix each problem"), slicectl_doctor_run },
  { "nixos", NULL,
    N_("Print NixOS configuration that keeps the slices"), slicectl_nixos_run },
  { "simulate", N_("DIR"),
    N_("Make a simulated GPU in DIR to try the other commands on"), slicectl_simulate_run },
  { "help", N_("[COMMAND]"),
    N_("Show help for slicectl or for one command"), run_help },
};

static gboolean show_version;

#ifndef SLICECTL_VM
/* The command line as given, for slicectl-vm. */
static char **command_line;

/* slicectl-vm beside this slicectl (in the build tree), else the installed one. */
static char *
find_vm_tool (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = dir != NULL ? g_build_filename (dir, "slicectl-vm", NULL) : NULL;

  if (beside != NULL && access (beside, X_OK) == 0)
    return g_steal_pointer (&beside);

  return g_build_filename (LIBEXECDIR, "slicectl-vm", NULL);
}

static int
run_in_vm_tool (const SlicectlCommand *command,
                SlicectlGlobals       *globals,
                int                    argc,
                char                 **argv)
{
  return slicectl_run_in_vm_tool (command);
}

int
slicectl_run_in_vm_tool (const SlicectlCommand *command)
{
  g_autofree char *tool = find_vm_tool ();
  int saved_errno;

  execv (tool, command_line);
  saved_errno = errno;
  return slicectl_fail (SLICECTL_EXIT_FAILED,
                        _("could not run %s, which “%s” needs: %s; reinstall slicectl"),
                        tool, command->name, g_strerror (saved_errno));
}
#endif

static const SlicectlCommand *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, name) == 0)
        return &commands[i];
    }

  return NULL;
}

static char *
dup_command_names (void)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", commands[i].name);

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static GOptionContext *
main_context_new (SlicectlGlobals *globals)
{
  const GOptionEntry version_entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &show_version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GString) description = g_string_new (NULL);
  GOptionContext *context;
  int width = 0;

  context = g_option_context_new (_("COMMAND [ARGUMENT…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* Stop at the command name: the rest belongs to the command. */
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_add_main_entries (context, slicectl_global_entries (globals), GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, version_entries, GETTEXT_PACKAGE);

  g_string_append (summary, _("Create, list and remove Intel GVT-g slices (mediated devices),\n"
                               "and check that the system can make them."));
  g_string_append_printf (summary, "\n\n%s", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int) strlen (commands[i].name));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (summary, "\n  %-*s  %s", width, commands[i].name,
                            _(commands[i].summary));
  g_option_context_set_summary (context, summary->str);

  g_string_append (description,
                   _("Without --simulate, create and remove run the privileged helper through\n"
                     "pkexec, which asks for an administrator password.\n"
                     "Run “slicectl COMMAND --help” for the options of a command.\n\n"
                     "Examples:\n"
                     "  slicectl list\n"
                     "  slicectl create --gpu 0000:00:02.0 --type i915-GVTg_V5_4\n"
                     "  slicectl remove 4b20d080-1b54-4048-85b3-a6a62d165c01\n"
                     "  slicectl attach --domain win10 "
                     "--slice 4b20d080-1b54-4048-85b3-a6a62d165c01\n"
                     "  slicectl set-vfs --gpu 0000:00:02.0 3\n"
                     "  slicectl doctor\n\n"));
  g_string_append (description,
                   _("Without the hardware, try every command on a simulated GPU:\n"
                     "  slicectl simulate /tmp/gpu\n"
                     "  slicectl --sysfs-root /tmp/gpu --simulate create --gpu 0000:00:02.0 "
                     "--type i915-GVTg_V5_4\n\n"));
  g_string_append (description, slicectl_exit_status_text ());
  g_option_context_set_description (context, description->str);

  return context;
}

static int
run_help (const SlicectlCommand *command,
          SlicectlGlobals       *globals,
          int                    argc,
          char                 **argv)
{
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, NULL);
  const SlicectlCommand *topic;
  int status;

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  if (argc > 2)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("“help” takes at most one command name; see “slicectl --help”"));

  if (argc < 2)
    {
      g_autoptr(GOptionContext) main_context = main_context_new (globals);
      g_autofree char *text = NULL;

      g_set_prgname ("slicectl");
      text = g_option_context_get_help (main_context, TRUE, NULL);
      g_print ("%s", text);
      return SLICECTL_EXIT_OK;
    }

  topic = find_command (argv[1]);
  if (topic == NULL)
    {
      g_autofree char *names = dup_command_names ();
      g_autofree char *quoted = slicectl_quote_arg (argv[1]);

      return slicectl_fail (SLICECTL_EXIT_USAGE, _("unknown command “%s”; the commands are %s"),
                            quoted, names);
    }

  {
    char *help_argv[] = { (char *) topic->name, (char *) "--help", NULL };

    g_set_prgname ("slicectl");
    return topic->run (topic, globals, 2, help_argv);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  SlicectlGlobals globals = { NULL, FALSE };
  /* Frees what GOptionContext stored in globals.sysfs_root, on every return. */
  g_autofree char *sysfs_root_owner = NULL;
  const SlicectlCommand *command;
  int status;

#ifndef SLICECTL_VM
  command_line = g_strdupv (argv);
#endif
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("slicectl");

  context = main_context_new (&globals);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return slicectl_fail (SLICECTL_EXIT_USAGE, _("%s; see “slicectl --help”"), error->message);
  sysfs_root_owner = globals.sysfs_root;

  if (show_version)
    {
      g_print ("slicectl %s\n", PACKAGE_VERSION);
      return SLICECTL_EXIT_OK;
    }

  if (argc < 2)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("no command given; try “slicectl list”, or see “slicectl --help”"));

  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_autofree char *names = dup_command_names ();
      g_autofree char *quoted = slicectl_quote_arg (argv[1]);

      if (argv[1][0] == '-')
        return slicectl_fail (SLICECTL_EXIT_USAGE, _("unknown option %s; see “slicectl --help”"),
                              quoted);
      return slicectl_fail (SLICECTL_EXIT_USAGE,
                            _("unknown command “%s”; the commands are %s (see “slicectl --help”)"),
                            quoted, names);
    }

  status = command->run (command, &globals, argc - 1, argv + 1);
  /* The command parses the global options again and may have stored a new string. */
  if (globals.sysfs_root != sysfs_root_owner)
    g_free (globals.sysfs_root);

  return status;
}

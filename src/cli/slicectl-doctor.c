/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl doctor [--json]`: Check Setup on the command line. The checks, their wording and
 * their fixes belong to the core (slices-doctor.c); this file runs them on the tree that
 * --sysfs-root names and prints them: for people a summary, then one line per check with the
 * explanation and copyable fix commands under each problem; for scripts the JSON contract of
 * issue 5. The exit status says whether any check is an error, so that scripts can gate on it.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "slicectl.h"

/* Wide enough for a terminal of 80 columns, with the indentation. */
#define WRAP_COLUMNS 78

typedef struct {
  const char *glyph;        /* UTF-8 */
  const char *ascii_glyph;  /* without a UTF-8 locale */
  const char *word;         /* translatable */
} StatusLook;

static const StatusLook status_looks[] = {
  [SLICES_CHECK_STATUS_OK]      = { "✓", "+", N_("ok") },
  [SLICES_CHECK_STATUS_WARNING] = { "!", "!", N_("warning") },
  [SLICES_CHECK_STATUS_ERROR]   = { "✗", "x", N_("error") },
  [SLICES_CHECK_STATUS_UNKNOWN] = { "?", "?", N_("unknown") },
};

/* How long `doctor` waits for libvirt to answer before calling it unreachable. */
#define LIBVIRT_TIMEOUT_SECONDS 5

/* What the libvirt check is told: the answer of one connection attempt. */
typedef struct {
  SlicesLibvirtState  state;
  char               *uri;
  char               *message;
} LibvirtAnswer;

static void
libvirt_answer_clear (LibvirtAnswer *answer)
{
  g_clear_pointer (&answer->uri, g_free);
  g_clear_pointer (&answer->message, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LibvirtAnswer, libvirt_answer_clear)

#ifdef SLICECTL_VM
/* Opens @uri once (at most LIBVIRT_TIMEOUT_SECONDS) and says what the libvirt check should;
 * the connection when it opened. */
static SlicesLibvirt *
probe_libvirt (const char    *uri,
               LibvirtAnswer *answer)
{
  g_autoptr(GError) error = NULL;
  /* The timeout is for a daemon that hangs. A driver that runs in this process (qemu:///embed,
   * test:///) has none; it is only slow to start the first time (it probes QEMU). */
  gboolean in_process = g_str_has_prefix (uri, "qemu:///embed") ||
                        g_str_has_prefix (uri, "test:///");
  SlicesLibvirt *libvirt = slicectl_connect_libvirt (uri, in_process ? 0 : LIBVIRT_TIMEOUT_SECONDS,
                                                     &error);

  answer->uri = g_strdup (uri);
  if (libvirt != NULL)
    answer->state = SLICES_LIBVIRT_STATE_OK;
  else
    {
      answer->state = slices_libvirt_state_from_error (error);
      answer->message = g_strdup (error->message);
    }
  return libvirt;
}

/* For the vm-slices check: which definitions on @libvirt name a slice that the tree at
 * --sysfs-root does not have. NULL when the definitions could not be listed (no check). */
static GHashTable *
find_missing_slices (SlicectlGlobals *globals,
                     SlicesLibvirt   *libvirt)
{
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlicectlWait) wait = { 0 };

  slices_libvirt_list_domains_async (libvirt, NULL, slicectl_wait_ready_cb, &wait);
  infos = slices_libvirt_list_domains_finish (libvirt, slicectl_wait (&wait, 0, NULL), &error);
  if (infos == NULL)
    {
      g_printerr ("note: %s\n", error->message);
      return NULL;
    }
  if (slicectl_open_host (globals, &host) != SLICECTL_EXIT_OK)
    return NULL;

  return slices_domain_infos_find_missing_slices (infos, host);
}
#endif

#ifdef SLICECTL_VM
/* For the vm-recipe check: the definitions on @libvirt that hold the old GVT-g recipe; for
 * sriov-guest-driver and looking-glass-shm: those that hold one of the tree's VFs or Looking
 * Glass. */
static void
find_vm_recipes (SlicectlGlobals *globals,
                 SlicesLibvirt   *libvirt,
                 SlicesDoctor    *doctor)
{
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GArray) vms = g_array_new (FALSE, TRUE, sizeof (SlicesDoctorVmRecipe));
  g_autoptr(GArray) vf_vms = g_array_new (FALSE, TRUE, sizeof (SlicesDoctorVm));
  g_autoptr(SlicesHost) host = NULL;
  g_auto(SlicectlWait) wait = { 0 };

  slices_libvirt_list_domains_async (libvirt, NULL, slicectl_wait_ready_cb, &wait);
  infos = slices_libvirt_list_domains_finish (libvirt, slicectl_wait (&wait, 0, NULL), NULL);
  if (infos == NULL)
    return;
  if (slicectl_open_host (globals, &host) != SLICECTL_EXIT_OK)
    g_clear_object (&host);

  for (guint i = 0; i < infos->len; i++)
    {
      SlicesDomainInfo *info = infos->pdata[i];
      SlicesDoctorVmRecipe vm = { info->name, info->recipe == SLICES_RECIPE_BROKEN,
                                  info->recipe_problem };
      SlicesDoctorVm vf_vm = { info->name,
                               host != NULL ? slices_domain_info_find_vf (info, host) : NULL,
                               info->looking_glass };

      if (info->recipe != SLICES_RECIPE_OK)
        g_array_append_val (vms, vm);
      if (vf_vm.vf != NULL || vf_vm.looking_glass)
        g_array_append_val (vf_vms, vf_vm);
    }
  slices_doctor_set_vm_recipes (doctor, TRUE, (SlicesDoctorVmRecipe *) (void *) vms->data,
                                vms->len);
  slices_doctor_set_vms (doctor, TRUE, (SlicesDoctorVm *) (void *) vf_vms->data, vf_vms->len);
}
#endif

/* slicectl_open_doctor(), and when @libvirt is not NULL its answer for the libvirt check. */
static int
open_doctor (SlicectlGlobals      *globals,
             const char           *user_name,
             const LibvirtAnswer  *libvirt,
             GHashTable           *vm_missing_slices,
             SlicesDoctor        **out_doctor)
{
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_autoptr(GError) error = NULL;
  SlicesDoctorEnv env = { 0 };
  int status;

  g_assert (out_doctor != NULL);

  /* A missing tree would read as "no Intel GPU": say what is really wrong instead. */
  if ((status = slicectl_check_tree (globals)) != SLICECTL_EXIT_OK)
    return status;

  /* Under sudo the fixes (groups to join) are for the person who ran it, not for root. */
  if (user_name == NULL && getuid () == 0)
    {
      const char *sudo_user = g_getenv ("SUDO_USER");

      if (sudo_user != NULL && *sudo_user != '\0')
        user_name = sudo_user;
    }

  env.sysfs_root = globals->sysfs_root;
  env.user_name = user_name;
  doctor = slices_doctor_new (&env);
  if (libvirt != NULL)
    slices_doctor_set_libvirt (doctor, libvirt->state, libvirt->uri, libvirt->message);
  slices_doctor_set_vm_missing_slices (doctor, vm_missing_slices);
  if (!slices_doctor_run_sync (doctor, NULL, &error))
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error, _("could not check the setup"));

  *out_doctor = g_steal_pointer (&doctor);

  return SLICECTL_EXIT_OK;
}

int
slicectl_open_doctor (SlicectlGlobals  *globals,
                      const char       *user_name,
                      SlicesDoctor    **out_doctor)
{
  return open_doctor (globals, user_name, NULL, NULL, out_doctor);
}

static gboolean
locale_is_utf8 (void)
{
  return g_get_charset (NULL);
}

/* @text broken into lines of at most WRAP_COLUMNS characters (counting @indent), each line
 * starting with @indent spaces. Words longer than a line stay whole: paths must copy. */
static void
append_wrapped (GString    *out,
                const char *text,
                int         indent)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n", -1);
  int column = 0;

  for (gsize i = 0; words[i] != NULL; i++)
    {
      int length = g_utf8_strlen (words[i], -1);

      if (length == 0)
        continue;

      if (column > 0 && column + 1 + length > WRAP_COLUMNS)
        {
          g_string_append_c (out, '\n');
          column = 0;
        }
      if (column == 0)
        {
          g_string_append_printf (out, "%*s", indent, "");
          column = indent;
        }
      else
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append (out, words[i]);
      column += length;
    }

  if (column > 0)
    g_string_append_c (out, '\n');
}

/* Every line of @text (commands may span several: NixOS configuration, a heredoc) indented,
 * and never wrapped, so that a triple-click copies a line that works. */
static void
append_indented_lines (GString    *out,
                       const char *text,
                       int         indent)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      g_string_append_printf (out, "%*s%s\n", indent, "", lines[i]);
    }
}

/* What a person runs instead of pressing the app's "Check with administrator rights". */
static void
append_fixes (GString         *out,
              SlicectlGlobals *globals,
              SlicesCheck     *check,
              int              indent)
{
  GPtrArray *fixes = slices_check_get_fixes (check);
  g_autoptr(GArray) ways = slices_check_dup_ways (check);
  SlicesFixWay way = SLICES_FIX_WAY_NONE;
  int base = indent;

  for (guint i = 0; i < fixes->len; i++)
    {
      const SlicesFix *fix = g_ptr_array_index (fixes, i);

      /* Several ways out: each under a heading of its own, its fixes indented below it. */
      if (fix->way != way && fix->way != SLICES_FIX_WAY_NONE)
        {
          g_autofree char *heading = NULL;
          guint number = 0;

          way = fix->way;
          for (guint w = 0; w < ways->len; w++)
            if (g_array_index (ways, SlicesFixWay, w) == way)
              number = w + 1;
          /* TRANSLATORS: "Option 1 of 2: Install i915-sriov-dkms" */
          heading = g_strdup_printf (_("Option %u of %u: %s"), number, ways->len,
                                     slices_fix_way_get_title (way));
          g_string_append_printf (out, "%*s%s\n", base, "", heading);
          append_wrapped (out, slices_fix_way_get_summary (way), base + 2);
          indent = base + 2;
        }

      switch (fix->kind)
        {
        case SLICES_FIX_COMMAND:
          {
            /* TRANSLATORS: above a command to copy; %s says where it applies, e.g.
             * "Debian and Ubuntu" or "In a terminal" */
            g_autofree char *heading = fix->label != NULL
              ? g_strdup_printf (_("Fix (%s):"), fix->label)
              : g_strdup (_("Fix:"));

            g_string_append_printf (out, "%*s%s\n", indent, "", heading);
            append_indented_lines (out, fix->text, indent + 2);
          }
          break;

        case SLICES_FIX_ACTION:
          /* The app's one-click fixes come with commands too (load kvmgt, keep slices). */
          break;

        case SLICES_FIX_LINK:
          /* TRANSLATORS: followed by a web address */
          g_string_append_printf (out, "%*s%s %s\n", indent, "", _("See:"), fix->text);
          break;

        default:
          break;
        }
    }
}

static void
print_human (SlicesDoctor    *doctor,
             SlicectlGlobals *globals)
{
  GListModel *checks = slices_doctor_get_checks (doctor);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *summary = slices_doctor_dup_summary (doctor);
  gboolean utf8 = locale_is_utf8 ();
  int width = 0;
  int indent;

  for (gsize i = 0; i < G_N_ELEMENTS (status_looks); i++)
    width = MAX (width, (int) g_utf8_strlen (_(status_looks[i].word), -1));
  /* "✓ " then the word, padded, then two spaces: the explanation lines up with the title. */
  indent = 2 + width + 2;

  g_string_append_printf (out, "%s\n\n", summary);

  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (checks, i);
      SlicesCheckStatus status = slices_check_get_status (check);
      const StatusLook *look = &status_looks[MIN ((guint) status, SLICES_CHECK_STATUS_UNKNOWN)];
      const char *word = _(look->word);
      const char *detail = slices_check_get_detail (check);

      g_string_append_printf (out, "%s %s%*s  ", utf8 ? look->glyph : look->ascii_glyph, word,
                              width - (int) g_utf8_strlen (word, -1), "");
      g_string_append_printf (out, "%s\n", slices_check_get_title (check));

      if (status == SLICES_CHECK_STATUS_OK)
        continue;

      if (detail != NULL && *detail != '\0')
        append_wrapped (out, detail, indent);
      append_fixes (out, globals, check, indent);
    }

  g_print ("%s", out->str);
}

int
slicectl_doctor_run (const SlicectlCommand *command,
                     SlicectlGlobals       *globals,
                     int                    argc,
                     char                 **argv)
{
  gboolean json = FALSE;
  g_autofree char *connect = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &connect,
      N_("Check the libvirt connection at URI (default: qemu:///system; not asked with "
         "--sysfs-root unless given)"), N_("URI") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  g_autoptr(SlicesDoctor) doctor = NULL;
  g_auto(LibvirtAnswer) libvirt = { SLICES_LIBVIRT_STATE_UNKNOWN, NULL, NULL };
  g_autoptr(GHashTable) missing = NULL;
#ifdef SLICECTL_VM
  g_autoptr(SlicesLibvirt) connection = NULL;
#endif
  gboolean ask_libvirt;
  int status;

  {
    g_autofree char *description =
      g_strdup_printf ("%s\n\n%s",
                       _("Checks what GVT-g needs (GPU, kernel settings, modules, slice types,\n"
                         "room, render node, authentication agent, slices kept after restart)\n"
                         "or SR-IOV needs (the driver, with each way out under its heading,\n"
                         "virtual functions, GuC, the guest's driver, Looking Glass's memory\n"
                         "file) and prints the fix for each problem. Settings only the administrator\n"
                         "may read show as “unknown”; run “sudo slicectl doctor” to check them.\n"
                         "libvirt is asked at --connect URI (default: qemu:///system), and its\n"
                         "VM definitions are read: one that names a slice that no longer exists\n"
                         "is an error (vm-slices), and so is one with the old GVT-g recipe,\n"
                         "which libvirt 7.9 and newer cannot start (vm-recipe; “slicectl\n"
                         "repair” fixes it).\n"
                         "The exit status is 1 when any check is an error, also with --json."),
                       slicectl_exit_status_text ());
    g_option_context_set_description (context, description);
  }

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  if ((status = slicectl_check_no_arguments (argc, argv,
                                             _("“doctor” takes no arguments, but got “%s”; see "
                                               "“slicectl doctor --help”"))) != SLICECTL_EXIT_OK)
    return status;

  /* A tree given with --sysfs-root is a test's or a copy's: the host's libvirt is asked only
   * when --connect says so. */
  ask_libvirt = connect != NULL || globals->sysfs_root == NULL;
  if (ask_libvirt && (status = slicectl_check_tree (globals)) != SLICECTL_EXIT_OK)
    return status;
#ifndef SLICECTL_VM
  /* Reading the VM definitions (vm-slices) takes libxml2, which only slicectl-vm maps. */
  if (ask_libvirt)
    return slicectl_run_in_vm_tool (command);
#else
  if (ask_libvirt)
    {
      connection = probe_libvirt (connect != NULL ? connect : "qemu:///system", &libvirt);

      if (connection != NULL)
        missing = find_missing_slices (globals, connection);
    }
#endif

  if ((status = open_doctor (globals, NULL, ask_libvirt ? &libvirt : NULL, missing, &doctor)) !=
      SLICECTL_EXIT_OK)
    return status;
#ifdef SLICECTL_VM
  /* The same connection's definitions, for the vm-recipe check: then the checks run again. */
  if (connection != NULL)
    {
      find_vm_recipes (globals, connection, doctor);
      slices_doctor_run (doctor);
    }
#endif

  if (json)
    {
      g_autofree char *text = slices_doctor_to_json (doctor, TRUE);

      g_print ("%s\n", text);
    }
  else
    {
      print_human (doctor, globals);
    }

  return slices_doctor_has_errors (doctor) ? SLICECTL_EXIT_FAILED : SLICECTL_EXIT_OK;
}

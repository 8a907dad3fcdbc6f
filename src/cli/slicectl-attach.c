/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl attach` and `slicectl detach`: put a slice into a libvirt VM's definition and take
 * it out again, in two forms. Online (`--connect URI --domain NAME`): a SlicesAttachJob reads
 * the persistent definition with its secrets, edits it for the connection's libvirt version,
 * and defines it with validation, never over a concurrent change (re-read and recompute once,
 * then give up). Offline (`--xml FILE`): print the same job's edit of the file for a stated
 * libvirt version (default: the installed library's). The slice's type, which bounds the
 * resolution, comes from the sysfs tree, or from `--type TYPE` and the kernel's fixed table
 * (FACTS.md §1) when the slice is on another machine or not made yet. An SR-IOV VF is named by
 * its PCI address and must be a VF of this system's GPUs, never the GPU itself (the PF).
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "libslices-model.h"
#include "libslices-vm.h"

#include "slicectl.h"

/* What the command line asks for, checked and resolved before any VM is touched. */
typedef struct {
  gboolean             attach;
  const char          *domain;      /* online: name or UUID */
  const char          *xml_file;    /* offline */
  char                *uuid;        /* canonical lowercase: a UUID, or a VF's PCI address */
  gboolean             is_vf;
  char                *type_id;     /* attach: NULL when unknown */
  int                  type_width;  /* 0 when unknown */
  int                  type_height;
  char                *rendernode;  /* owned copy for opts.rendernode */
  SlicesAttachOptions  opts;
  guint                libvirt_version;
  GPtrArray           *notes;       /* char *: sentences for people from the edit */
} Job;

static void
job_clear (Job *job)
{
  g_clear_pointer (&job->uuid, g_free);
  g_clear_pointer (&job->type_id, g_free);
  g_clear_pointer (&job->rendernode, g_free);
  g_clear_pointer (&job->notes, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Job, job_clear)

/* Resolutions of the kernel's fixed GVT-g type table by the suffix _<n> (FACTS.md §1). */
static const struct {
  char suffix;
  int  width;
  int  height;
} type_table[] = {
  { '8', 1024, 768 },
  { '4', 1920, 1200 },
  { '2', 1920, 1200 },
  { '1', 1920, 1200 },
};

/* "i915-GVTg_V5_4" (or "GVTg_V5_4") with its resolution; FALSE when it is not a GVT-g type. */
static gboolean
parse_type (const char  *text,
            char       **out_id,
            int         *out_width,
            int         *out_height)
{
  const char *name = g_str_has_prefix (text, "i915-") ? text + strlen ("i915-") : text;

  if (!g_regex_match_simple ("^GVTg_V[0-9]+_[1248]$", name, 0, 0))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (type_table); i++)
    {
      if (type_table[i].suffix == name[strlen (name) - 1])
        {
          *out_id = g_strconcat ("i915-", name, NULL);
          *out_width = type_table[i].width;
          *out_height = type_table[i].height;
          return TRUE;
        }
    }

  return FALSE;
}

/* "9.0.0" or "9.0" into libvirt's number (major * 1000000 + minor * 1000 + micro). */
static gboolean
parse_libvirt_version (const char *text,
                       guint      *out_version)
{
  g_autoptr(GRegex) regex = g_regex_new ("^([0-9]{1,4})\\.([0-9]{1,3})(?:\\.([0-9]{1,3}))?$",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *major = NULL;
  g_autofree char *minor = NULL;
  g_autofree char *micro = NULL;

  if (!g_regex_match (regex, text, 0, &match))
    return FALSE;

  major = g_match_info_fetch (match, 1);
  minor = g_match_info_fetch (match, 2);
  micro = g_match_info_fetch (match, 3);
  *out_version = SLICES_LIBVIRT_VERSION ((guint) g_ascii_strtoull (major, NULL, 10),
                                         (guint) g_ascii_strtoull (minor, NULL, 10),
                                         micro != NULL && *micro != '\0'
                                         ? (guint) g_ascii_strtoull (micro, NULL, 10) : 0);

  return TRUE;
}

static gboolean
parse_display (const char        *text,
               SlicesDisplayMode *out_mode)
{
  if (g_strcmp0 (text, "local") == 0)
    *out_mode = SLICES_DISPLAY_MODE_LOCAL;
  else if (g_strcmp0 (text, "remote") == 0)
    *out_mode = SLICES_DISPLAY_MODE_REMOTE;
  else if (g_strcmp0 (text, "off") == 0)
    *out_mode = SLICES_DISPLAY_MODE_OFF;
  else if (g_strcmp0 (text, "looking-glass") == 0)
    *out_mode = SLICES_DISPLAY_MODE_LOOKING_GLASS;
  else
    return FALSE;

  return TRUE;
}

/* Finds the slice's type on this system (or --sysfs-root) and the GPU it lives on. */
static int
resolve_slice (Job              *job,
               SlicectlGlobals  *globals,
               gboolean          xml_form,
               char            **out_gpu_address)
{
  g_autoptr(SlicesHost) host = NULL;
  SlicesSliceType *type = NULL;
  SlicesSlice *slice;
  SlicesGpu *gpu;
  int status;

  if ((status = slicectl_open_host (globals, &host)) != SLICECTL_EXIT_OK)
    return status;

  slice = slices_host_find_slice (host, job->uuid);
  if (slice == NULL)
    {
      if (xml_form)
        return slicectl_fail (SLICECTL_EXIT_FAILED,
                              _("no slice has the UUID %s on this system; create it with "
                                "“slicectl create”, or give its type with --type TYPE"),
                              job->uuid);
      return slicectl_fail (SLICECTL_EXIT_FAILED,
                            _("no slice has the UUID %s on this system; create it with "
                              "“slicectl create”, or give its type with --type TYPE when the "
                              "VM runs on another host"),
                            job->uuid);
    }

  job->type_id = g_strdup (slices_slice_get_type_id (slice));
  gpu = slices_host_find_gpu (host, slices_slice_get_gpu_address (slice));
  if (gpu != NULL)
    type = slices_gpu_find_type (gpu, job->type_id);
  /* Kernels before 4.14 do not state a resolution: then libvirt and QEMU pick their own. */
  if (type != NULL)
    {
      job->type_width = MAX (slices_slice_type_get_width (type), 0);
      job->type_height = MAX (slices_slice_type_get_height (type), 0);
    }

  *out_gpu_address = g_strdup (slices_slice_get_gpu_address (slice));

  return SLICECTL_EXIT_OK;
}

/* The render node of the slice's GPU (else the best one there is), with a note when it is a
 * poor choice. */
static int
pick_rendernode (Job             *job,
                 SlicectlGlobals *globals,
                 const char      *gpu_address)
{
  g_autoptr(GPtrArray) nodes = NULL;
  SlicesRenderNode *node;
  const char *warning;

  nodes = slices_render_nodes_list (globals->sysfs_root, NULL, FALSE);
  node = slices_render_nodes_pick_default (nodes, gpu_address);
  if (node == NULL)
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          _("this system has no DRM render node, which --display %s needs; give "
                            "the VM host’s node with --rendernode PATH (e.g. "
                            "/dev/dri/renderD128), or use --display off"),
                          job->opts.display == SLICES_DISPLAY_MODE_REMOTE ? "remote" : "local");

  job->rendernode = g_strdup (node->path);
  warning = slices_render_node_get_warning (node);
  if (warning != NULL)
    g_ptr_array_add (job->notes, g_strdup (warning));

  return SLICECTL_EXIT_OK;
}

/* The change as a SlicesAttachJob on @libvirt (NULL: offline, for its edit alone). */
static SlicesAttachJob *
new_attach_job (Job           *job,
                SlicesLibvirt *libvirt)
{
  if (!job->attach)
    return slices_attach_job_new_detach (libvirt, job->domain, job->uuid);

  job->opts.rendernode = job->rendernode;
  return slices_attach_job_new_attach (libvirt, job->domain, job->uuid, job->type_id,
                                       job->type_width, job->type_height, &job->opts);
}

/* One line for a failed edit of @what (a file name or a VM name). */
static int
fail_edit (const Job    *job,
           const GError *error,
           const char   *what)
{
  if (g_error_matches (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_PARSE) ||
      g_error_matches (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_DOMAIN) ||
      g_error_matches (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_UNSAFE))
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                _("%s is not a usable libvirt domain definition"), what);

  if (g_error_matches (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_HAS_SLICE))
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          _("could not attach slice %s to %s: %s Use --replace to replace the "
                            "slice it has; nothing was changed"),
                          job->uuid, what, error->message);

  if (job->attach)
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                _("could not attach slice %s to %s"), job->uuid, what);

  return slicectl_fail_error (SLICECTL_EXIT_FAILED, error, _("could not detach slice %s from %s"),
                              job->uuid, what);
}

static int
run_offline (Job *job)
{
  g_autoptr(SlicesAttachJob) attach_job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *new_xml = NULL;
  g_autofree char *quoted = slicectl_quote_arg (job->xml_file);

  if (!g_file_get_contents (job->xml_file, &xml, NULL, &error))
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error, _("could not read %s"), quoted);

  attach_job = new_attach_job (job, NULL);
  new_xml = slices_attach_job_edit (attach_job, xml, job->libvirt_version, job->notes, &error);
  if (new_xml == NULL)
    return fail_edit (job, error, quoted);

  slicectl_print_notes (job->notes);
  g_print ("%s%s", new_xml, g_str_has_suffix (new_xml, "\n") ? "" : "\n");

  return SLICECTL_EXIT_OK;
}

/* Offline for --libvirt-version, else the installed library's. */
static int
run_offline_for_version (Job *job)
{
  g_autoptr(GError) error = NULL;

  if (job->libvirt_version == 0 &&
      !slices_libvirt_get_library_version (&job->libvirt_version, &error))
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                _("could not tell the installed libvirt’s version; give it "
                                  "with --libvirt-version X.Y.Z"));
  return run_offline (job);
}

/* --- online: a libvirt connection, waited on in a main loop ------------------------------- */

static int
run_online (Job        *job,
            const char *uri,
            gboolean    dry_run)
{
  g_autoptr(SlicesLibvirt) libvirt = slices_libvirt_new (uri);
  g_autoptr(SlicesAttachJob) attach_job = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlicectlWait) wait = { 0 };
  /* The name as the user typed it, safe to repeat in a message. */
  g_autofree char *name = slicectl_quote_arg (job->domain);
  gboolean ok;

  slices_libvirt_open_async (libvirt, NULL, slicectl_wait_ready_cb, &wait);
  ok = slices_libvirt_open_finish (libvirt, slicectl_wait (&wait, 0, NULL), &error);
  if (!ok)
    {
      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_FAILED))
        return slicectl_fail (SLICECTL_EXIT_FAILED, "%s", error->message);
      return slicectl_fail_error (SLICECTL_EXIT_FAILED, error, _("could not connect to %s"),
                                  slices_libvirt_get_uri (libvirt));
    }
  uri = slices_libvirt_get_uri (libvirt);

  /* Read and edit first: --dry-run stops there, and a VM that does not exist is named. */
  attach_job = new_attach_job (job, libvirt);
  slices_attach_job_prepare_async (attach_job, NULL, slicectl_wait_ready_cb, &wait);
  ok = slices_attach_job_prepare_finish (attach_job, slicectl_wait (&wait, 0, NULL), &error);
  if (!ok && slices_attach_job_get_phase (attach_job) == SLICES_ATTACH_JOB_PHASE_READING)
    {
      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN))
        return slicectl_fail (SLICECTL_EXIT_FAILED,
                              _("no virtual machine “%s” on %s; “virsh -c %s list --all” "
                                "lists them"),
                              name, uri, uri);
      return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                  _("could not read the definition of “%s”"), name);
    }
  if (!ok)
    return fail_edit (job, error, name);

  /* The VM has its slice already, but the old recipe keeps it from starting: “nothing
   * changes” would be wrong advice. */
  if (job->attach && !slices_attach_job_has_changes (attach_job))
    {
      g_autofree char *problem = NULL;

      if (slices_domain_check_recipe (slices_attach_job_get_old_xml (attach_job),
                                      slices_libvirt_get_lib_version (libvirt), &problem) ==
          SLICES_RECIPE_BROKEN)
        return slicectl_fail (SLICECTL_EXIT_FAILED,
                              _("slice %s is attached to %s already, but %s cannot start: %s "
                                "Repair it with “slicectl repair --domain %s%s%s”; nothing was "
                                "changed"),
                              job->uuid, name, name, problem, name,
                              uri != NULL && strcmp (uri, "qemu:///system") != 0
                              ? " --connect " : "",
                              uri != NULL && strcmp (uri, "qemu:///system") != 0 ? uri : "");
    }

  if (dry_run)
    {
      const char *new_xml = slices_attach_job_get_new_xml (attach_job);

      slicectl_print_notes (job->notes);
      slicectl_print_notes (slices_attach_job_get_notes (attach_job));
      g_print ("%s%s", new_xml, g_str_has_suffix (new_xml, "\n") ? "" : "\n");
      return SLICECTL_EXIT_OK;
    }

  /* Defined only over what was read; when another program changed the definition meanwhile,
   * the job reads it again and recomputes once (its default). */
  slices_attach_job_apply_async (attach_job, NULL, slicectl_wait_ready_cb, &wait);
  ok = slices_attach_job_apply_finish (attach_job, slicectl_wait (&wait, 0, NULL), &error);
  if (!ok)
    {
      switch (slices_attach_job_get_phase (attach_job))
        {
        case SLICES_ATTACH_JOB_PHASE_READING:
          return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                      _("could not read the definition of “%s”"), name);
        case SLICES_ATTACH_JOB_PHASE_EDITING:
          return fail_edit (job, error, name);
        default:
          break;
        }
      if (g_error_matches (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED))
        return slicectl_fail (SLICECTL_EXIT_FAILED,
                              _("the definition of “%s” changed again while slicectl was "
                                "writing it: another program is editing it. Nothing was "
                                "written; try again when it is done"),
                              name);
      return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                  _("could not define “%s”; nothing was changed"), name);
    }

  slicectl_print_notes (job->notes);
  slicectl_print_notes (slices_attach_job_get_notes (attach_job));
  /* Attaching a slice the VM already holds: the edit's note says so. */
  if (!slices_attach_job_has_changes (attach_job))
    return SLICECTL_EXIT_OK;

  if (job->attach)
    g_print (_("Attached slice %s to %s."), job->uuid, name);
  else
    g_print (_("Detached slice %s from %s."), job->uuid, name);
  if (slices_attach_job_get_needs_restart (attach_job))
    {
      g_print (" ");
      g_print (_("It takes effect after %s is shut down and started again."), name);
    }
  g_print ("\n");

  return SLICECTL_EXIT_OK;
}

/* --- the two commands ---------------------------------------------------------------------- */

typedef struct {
  char     *connect;
  char     *domain;
  char     *xml_file;
  char     *slice;
  char     *display;
  char     *rendernode;
  char     *resolution;
  char     *libvirt_version;
  char     *type;
  gboolean  no_ramfb;
  gboolean  no_opregion;
  gboolean  mesa_i965;
  gboolean  replace;
  gboolean  hdr;
  gboolean  dry_run;
} Args;

static void
args_clear (Args *args)
{
  g_clear_pointer (&args->connect, g_free);
  g_clear_pointer (&args->domain, g_free);
  g_clear_pointer (&args->xml_file, g_free);
  g_clear_pointer (&args->slice, g_free);
  g_clear_pointer (&args->display, g_free);
  g_clear_pointer (&args->rendernode, g_free);
  g_clear_pointer (&args->resolution, g_free);
  g_clear_pointer (&args->libvirt_version, g_free);
  g_clear_pointer (&args->type, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Args, args_clear)

/* Checks what both commands share: the form (online or offline) and the slice. */
static int
check_form (const SlicectlCommand *command,
            Args                  *args,
            Job                   *job,
            int                    argc,
            char                 **argv)
{
  int status;

  if (argc > 1)
    {
      g_autofree char *quoted = slicectl_quote_arg (argv[1]);

      return slicectl_fail (SLICECTL_EXIT_USAGE,
                            _("“%s” takes no arguments, but got “%s”; give the slice with "
                              "--slice (see “slicectl %s --help”)"),
                            command->name, quoted, command->name);
    }

  if (args->slice == NULL)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("“%s” needs --slice UUID (or a virtual function’s address); "
                            "“slicectl list” shows the slices"),
                          command->name);

  job->uuid = slices_pci_address_dup_canonical (args->slice);
  job->is_vf = job->uuid != NULL;
  if (!job->is_vf &&
      (status = slicectl_check_uuid (args->slice,
                                     _("“%s” is neither a UUID nor a virtual function’s PCI "
                                       "address (such as 0000:00:02.1); “slicectl list” shows "
                                       "the slices"), &job->uuid)) != SLICECTL_EXIT_OK)
    return status;

  if (args->xml_file != NULL && (args->connect != NULL || args->domain != NULL))
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("--xml FILE edits a file offline; it cannot be combined with "
                            "--connect or --domain"));

  if (args->xml_file == NULL && args->domain == NULL)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("“%s” needs --domain NAME (with --connect URI), or --xml FILE to "
                            "edit a definition offline"),
                          command->name);

  job->domain = args->domain;
  job->xml_file = args->xml_file;

  return SLICECTL_EXIT_OK;
}

/* What a VF takes (FACTS-SRIOV S5): a display without SPICE GL, the Looking Glass picture, and
 * none of the GVT-g device's options; then the address must be a VF of this system's GPUs. */
static int
check_vf_options (Job             *job,
                  const Args      *args,
                  SlicectlGlobals *globals)
{
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(GError) error = NULL;
  const char *gvt_only = args->rendernode != NULL ? "--rendernode"
                         : args->type != NULL ? "--type"
                         : args->no_ramfb ? "--no-ramfb"
                         : args->no_opregion ? "--no-opregion"
                         : args->mesa_i965 ? "--mesa-i965" : NULL;
  int status;

  if (args->display == NULL)
    job->opts.display = SLICES_DISPLAY_MODE_REMOTE;
  if (job->opts.display == SLICES_DISPLAY_MODE_LOCAL)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("virtual function %s has no display of its own, so --display local "
                            "(SPICE with OpenGL) cannot show it; choose looking-glass, remote "
                            "or off"), job->uuid);
  if (gvt_only != NULL)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("%s is for GVT-g slices; a virtual function (%s) does not take it"),
                          gvt_only, job->uuid);
  if ((args->resolution != NULL || args->hdr) &&
      job->opts.display != SLICES_DISPLAY_MODE_LOOKING_GLASS)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("%s sizes Looking Glass’s shared memory; it needs --display "
                            "looking-glass"), args->hdr ? "--hdr" : "--resolution");
  job->opts.ramfb = FALSE;
  job->opts.opregion = FALSE;
  job->opts.hdr = args->hdr;

  if ((status = slicectl_open_host (globals, &host)) != SLICECTL_EXIT_OK)
    return status;
  if (slices_host_find_vf_for_vm (host, job->uuid, NULL, &error) == NULL)
    return slicectl_fail (SLICECTL_EXIT_FAILED, "%s", error->message);

  return SLICECTL_EXIT_OK;
}

int
slicectl_attach_run (const SlicectlCommand *command,
                     SlicectlGlobals       *globals,
                     int                    argc,
                     char                 **argv)
{
  g_auto(Args) args = { 0 };
  const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &args.connect,
      N_("libvirt connection (default: qemu:///system)"), N_("URI") },
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &args.domain,
      N_("The virtual machine, by name or UUID"), N_("NAME") },
    { "xml", 0, 0, G_OPTION_ARG_FILENAME, &args.xml_file,
      N_("Edit this domain definition offline and print the result"), N_("FILE") },
    { "slice", 's', 0, G_OPTION_ARG_STRING, &args.slice,
      N_("The slice to attach: a UUID, or a virtual function’s PCI address"), N_("SLICE") },
    { "display", 0, 0, G_OPTION_ARG_STRING, &args.display,
      N_("How to show the VM: local (default), remote or off; for a virtual function "
         "looking-glass, remote (default) or off"), N_("MODE") },
    { "rendernode", 0, 0, G_OPTION_ARG_FILENAME, &args.rendernode,
      N_("Render node for the display (default: the slice’s GPU’s)"), N_("PATH") },
    { "resolution", 0, 0, G_OPTION_ARG_STRING, &args.resolution,
      N_("Display resolution, at most the slice type’s own (the default)"), N_("WxH") },
    { "no-ramfb", 0, 0, G_OPTION_ARG_NONE, &args.no_ramfb,
      N_("No boot display (firmware and boot screens stay dark)"), NULL },
    { "no-opregion", 0, 0, G_OPTION_ARG_NONE, &args.no_opregion,
      N_("No OpRegion (x-igd-opregion), which the guest’s Intel driver wants"), NULL },
    { "mesa-i965", 0, 0, G_OPTION_ARG_NONE, &args.mesa_i965,
      N_("Make QEMU use Mesa’s old i965 driver (only where the host still has it)"), NULL },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &args.replace,
      N_("Replace the slice the VM already has (a VM can hold only one)"), NULL },
    { "hdr", 0, 0, G_OPTION_ARG_NONE, &args.hdr,
      N_("Looking Glass: room for HDR frames (twice the shared memory)"), NULL },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &args.dry_run,
      N_("Print the new definition instead of defining it"), NULL },
    { "libvirt-version", 0, 0, G_OPTION_ARG_STRING, &args.libvirt_version,
      N_("With --xml: write for this libvirt version (default: the installed one)"),
      N_("X.Y.Z") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &args.type,
      N_("The slice’s type, when the slice is not on this system (e.g. i915-GVTg_V5_4)"),
      N_("TYPE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  g_auto(Job) job = { 0 };
  g_autofree char *gpu_address = NULL;
  int status;

  {
    g_autofree char *description =
      g_strdup_printf ("%s\n\n%s",
                       _("Online, the VM’s definition is read with its passwords, changed, and\n"
                         "defined again with validation; a running VM gets the slice after it\n"
                         "is shut down and started again. What the definition gets depends on\n"
                         "libvirt’s version (8.2 and newer: <qemu:override>; 5.10 to 7.8:\n"
                         "-set device.<alias>…). The displays:\n"
                         "  local   SPICE with OpenGL for a viewer on this computer\n"
                         "  remote  drawn on the GPU, shown through the VM’s VNC or SPICE server\n"
                         "  off     no display: compute, or a remote desktop in the guest\n"
                         "A virtual function (an SR-IOV slice, named by its PCI address) has no\n"
                         "display of its own; the VM keeps or gets a vga console adapter, and:\n"
                         "  looking-glass  Looking Glass’s shared memory (sized by --resolution,\n"
                         "                 default 1920x1080, and --hdr), virtio mouse and\n"
                         "                 keyboard instead of the tablet, no memory balloon\n"
                         "  remote         a remote desktop in the guest (the default)\n"
                         "  off            none: compute\n"
                         "Notes about what could not be done go to stderr as “note: …”.\n"
                         "When the VM holds the slice already but cannot start because of the\n"
                         "old “-set device.hostdev0…” recipe, attach exits 1 and prints the\n"
                         "“slicectl repair” command that fixes it.\n\n"
                         "Examples:\n"
                         "  slicectl attach --connect qemu:///system --domain win10 \\\n"
                         "    --slice 4b20d080-1b54-4048-85b3-a6a62d165c01\n"
                         "  slicectl attach --xml win10.xml --libvirt-version 6.0.0 \\\n"
                         "    --slice 4b20d080-1b54-4048-85b3-a6a62d165c01 --type i915-GVTg_V5_4\n"
                         "  slicectl attach --domain win11 --slice 0000:00:02.1 \\\n"
                         "    --display looking-glass --resolution 2560x1440"),
                       slicectl_exit_status_text ());
    g_option_context_set_description (context, description);
  }

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  job.attach = TRUE;
  job.notes = g_ptr_array_new_with_free_func (g_free);
  job.opts = (SlicesAttachOptions) SLICES_ATTACH_OPTIONS_INIT;

  /* Usage first: all of these can be judged without reading the system or libvirt. */
  if ((status = check_form (command, &args, &job, argc, argv)) != SLICECTL_EXIT_OK)
    return status;

  if (args.libvirt_version != NULL && args.xml_file == NULL)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("--libvirt-version is for --xml only: online, the connection’s "
                            "libvirt version is used"));
  if (args.libvirt_version != NULL &&
      !parse_libvirt_version (args.libvirt_version, &job.libvirt_version))
    {
      g_autofree char *quoted = slicectl_quote_arg (args.libvirt_version);

      return slicectl_fail (SLICECTL_EXIT_USAGE,
                            _("“%s” is not a libvirt version; write it as X.Y.Z, e.g. 9.0.0"),
                            quoted);
    }

  if (args.display != NULL && !parse_display (args.display, &job.opts.display))
    {
      g_autofree char *quoted = slicectl_quote_arg (args.display);

      return slicectl_fail (SLICECTL_EXIT_USAGE,
                            _("“%s” is not a display; choose local, remote or off (for a "
                              "virtual function looking-glass, remote or off)"), quoted);
    }

  if (args.resolution != NULL &&
      (status = slicectl_check_resolution (args.resolution, &job.opts.xres,
                                           &job.opts.yres)) != SLICECTL_EXIT_OK)
    return status;

  job.opts.replace = args.replace;
  if (job.is_vf)
    {
      if ((status = check_vf_options (&job, &args, globals)) != SLICECTL_EXIT_OK)
        return status;
      return args.xml_file != NULL ? run_offline_for_version (&job)
                                   : run_online (&job, args.connect, args.dry_run);
    }
  if (job.opts.display == SLICES_DISPLAY_MODE_LOOKING_GLASS || args.hdr)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("Looking Glass is for virtual functions (SR-IOV slices); a GVT-g "
                            "slice shows its picture itself: choose local, remote or off"));

  if (args.resolution != NULL)
    {
      if (job.opts.display == SLICES_DISPLAY_MODE_OFF)
        return slicectl_fail (SLICECTL_EXIT_USAGE,
                              _("--resolution needs a display, but --display off has none"));
    }

  if (args.rendernode != NULL)
    {
      if (job.opts.display == SLICES_DISPLAY_MODE_OFF)
        return slicectl_fail (SLICECTL_EXIT_USAGE,
                              _("--rendernode needs a display, but --display off has none"));
      if ((status = slicectl_check_rendernode (args.rendernode)) != SLICECTL_EXIT_OK)
        return status;
      job.rendernode = g_strdup (args.rendernode);
    }

  if (args.type != NULL &&
      !parse_type (args.type, &job.type_id, &job.type_width, &job.type_height))
    {
      g_autofree char *quoted = slicectl_quote_arg (args.type);

      return slicectl_fail (SLICECTL_EXIT_USAGE,
                            _("“%s” is not a GVT-g slice type; they are named like "
                              "i915-GVTg_V5_4 (ending in _8, _4, _2 or _1)"), quoted);
    }

  job.opts.ramfb = !args.no_ramfb;
  job.opts.opregion = !args.no_opregion;
  job.opts.mesa_i965 = args.mesa_i965;

  if (args.type == NULL &&
      (status = resolve_slice (&job, globals, args.xml_file != NULL, &gpu_address))
        != SLICECTL_EXIT_OK)
    return status;

  if (job.opts.display != SLICES_DISPLAY_MODE_OFF && job.rendernode == NULL &&
      (status = pick_rendernode (&job, globals, gpu_address)) != SLICECTL_EXIT_OK)
    return status;

  if (args.xml_file != NULL)
    return run_offline_for_version (&job);

  return run_online (&job, args.connect, args.dry_run);
}

int
slicectl_detach_run (const SlicectlCommand *command,
                     SlicectlGlobals       *globals,
                     int                    argc,
                     char                 **argv)
{
  g_auto(Args) args = { 0 };
  const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &args.connect,
      N_("libvirt connection (default: qemu:///system)"), N_("URI") },
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &args.domain,
      N_("The virtual machine, by name or UUID"), N_("NAME") },
    { "xml", 0, 0, G_OPTION_ARG_FILENAME, &args.xml_file,
      N_("Edit this domain definition offline and print the result"), N_("FILE") },
    { "slice", 's', 0, G_OPTION_ARG_STRING, &args.slice,
      N_("The slice to detach: a UUID, or a virtual function’s PCI address"), N_("SLICE") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &args.dry_run,
      N_("Print the new definition instead of defining it"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  g_auto(Job) job = { 0 };
  int status;

  {
    g_autofree char *description =
      g_strdup_printf ("%s\n\n%s",
                       _("Removes the slice and everything “slicectl attach” or GPU Slices\n"
                         "added, and puts back the display the VM had before. The slice itself\n"
                         "is kept; remove it with “slicectl remove”. A running VM lets go of\n"
                         "the slice after it is shut down and started again.\n\n"
                         "Examples:\n"
                         "  slicectl detach --connect qemu:///system --domain win10 \\\n"
                         "    --slice 4b20d080-1b54-4048-85b3-a6a62d165c01\n"
                         "  slicectl detach --xml win10.xml "
                         "--slice 4b20d080-1b54-4048-85b3-a6a62d165c01\n"
                         "  slicectl detach --domain win11 --slice 0000:00:02.1"),
                       slicectl_exit_status_text ());
    g_option_context_set_description (context, description);
  }

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  job.attach = FALSE;
  job.notes = g_ptr_array_new_with_free_func (g_free);

  if ((status = check_form (command, &args, &job, argc, argv)) != SLICECTL_EXIT_OK)
    return status;

  if (args.xml_file != NULL)
    return run_offline (&job);

  return run_online (&job, args.connect, args.dry_run);
}

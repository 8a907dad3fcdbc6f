/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `slicectl remove UUID… [--connect URI] [--detach | --force]`: every UUID is checked (well
 * formed, and a slice that exists) before the first is removed, so a typo in the third UUID
 * removes nothing. Then the VM definitions on the connection are looked up: a slice that one
 * holds is refused, naming each VM, unless --detach (detach from each, then remove, all or
 * nothing: SlicesRemovalJob) or --force (remove, the definitions left pointing at it) says
 * otherwise. A VM whose definition names a slice that is gone does not start again.
 *
 * The connection: --connect URI, an error when it cannot be opened; else libvirt's own default
 * ($LIBVIRT_DEFAULT_URI, as virsh takes it, or qemu:///system), and when that cannot be opened
 * a note, and the slices are removed as before: a computer without libvirt has no VM to break.
 * In slicectl-vm only (it reads definitions with libxml2).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "slicectl.h"

/* How long remove waits for libvirt to answer before going on without it. */
#define LIBVIRT_TIMEOUT_SECONDS 10

static const char *
default_uri (void)
{
  const char *uri = g_getenv ("LIBVIRT_DEFAULT_URI");

  return uri != NULL && *uri != '\0' ? uri : "qemu:///system";
}

/* "win10 (running), debian-build": the VMs of @holders whose definition holds @uuid. */
static char *
dup_holder_names (GPtrArray  *holders,
                  const char *uuid)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < holders->len; i++)
    {
      const SlicesDomainInfo *info = g_ptr_array_index (holders, i);
      g_autofree char *name = slicectl_quote_arg (info->name);

      if (info->defined_slices == NULL
          || !g_strv_contains ((const char * const *) info->defined_slices, uuid))
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      if (info->active)
        /* TRANSLATORS: %s is a VM name */
        g_string_append_printf (names, _("%s (running)"), name);
      else
        g_string_append (names, name);
    }

  return names->len > 0 ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

/* "slice A is in the definition of win10; slice B is in …", or NULL when no VM holds one. */
static char *
dup_held_text (SlicesRemovalJob *job)
{
  const char * const *uuids = slices_removal_job_get_uuids (job);
  GPtrArray *holders = slices_removal_job_get_holders (job);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; holders != NULL && uuids[i] != NULL; i++)
    {
      g_autofree char *names = dup_holder_names (holders, uuids[i]);

      if (names == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      /* TRANSLATORS: %s are a slice UUID and a list of VM names */
      g_string_append_printf (text, _("slice %s is in the definition of %s"), uuids[i], names);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* The connection to look VMs up on; NULL (after a note) when the default one cannot be
 * opened. An explicit one that cannot be opened is the command's failure (@status). */
static SlicesLibvirt *
open_libvirt (const char *connect,
              int        *status)
{
  g_autoptr(GError) error = NULL;
  const char *uri = connect != NULL ? connect : default_uri ();
  SlicesLibvirt *libvirt = slicectl_connect_libvirt (uri, LIBVIRT_TIMEOUT_SECONDS, &error);

  *status = SLICECTL_EXIT_OK;
  if (libvirt != NULL)
    return libvirt;

  if (connect != NULL)
    *status = slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                   _("could not connect to %s to look up the virtual machines "
                                     "that hold the slices; nothing was removed"), uri);
  else
    g_printerr (_("note: the virtual machines at %s were not looked up (%s); removing "
                  "without them\n"), uri, error->message);
  return NULL;
}

static SlicesRemovalJob *
new_job (SlicesLibvirt *libvirt,
         GPtrArray     *uuids,
         SlicesBackend *backend)
{
  SlicesRemovalJob *job = slices_removal_job_new (libvirt, (const char * const *) uuids->pdata);

  slices_removal_job_set_remover (job, backend,
                                  (SlicesRemoveAsyncFunc) slices_backend_remove_async,
                                  (SlicesRemoveFinishFunc) slices_backend_remove_finish);
  return job;
}

/* Finds the VMs that hold the slices; on the default connection a failure is a note and the
 * job goes on without VMs. Returns an exit code. */
static int
find_holders (SlicesRemovalJob **job,
              const char        *connect,
              GPtrArray         *uuids,
              SlicesBackend     *backend)
{
  g_autoptr(GError) error = NULL;
  g_auto(SlicectlWait) wait = { 0 };
  SlicesLibvirt *libvirt = NULL;

  slices_removal_job_find_async (*job, NULL, slicectl_wait_ready_cb, &wait);
  if (slices_removal_job_find_finish (*job, slicectl_wait (&wait, 0, NULL), &error))
    return SLICECTL_EXIT_OK;

  if (connect != NULL)
    return slicectl_fail_error (SLICECTL_EXIT_FAILED, error,
                                _("could not list the virtual machines at %s; nothing was "
                                  "removed"), connect);

  g_printerr (_("note: the virtual machines at %s were not looked up (%s); removing "
                "without them\n"), default_uri (), error->message);
  g_clear_object (job);
  *job = new_job (libvirt, uuids, backend);
  return SLICECTL_EXIT_OK;
}

/* A failed run: what was removed, what was kept, in one line. */
static int
fail_run (SlicesRemovalJob *job,
          const GError     *error)
{
  GPtrArray *removed = slices_removal_job_get_removed (job);
  g_autoptr(GString) done = g_string_new (NULL);

  for (guint i = 0; i < removed->len; i++)
    g_string_append_printf (done, "%s%s", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (removed, i));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (removed->len == 0)
        return slicectl_fail (SLICECTL_EXIT_FAILED,
                              _("authentication was dismissed; nothing was removed"));
      return slicectl_fail (SLICECTL_EXIT_FAILED,
                            _("authentication was dismissed; only %s was removed"), done->str);
    }

  if (removed->len == 0)
    return slicectl_fail (SLICECTL_EXIT_FAILED, _("%s; nothing was removed"), error->message);

  return slicectl_fail (SLICECTL_EXIT_FAILED,
                        _("%s; already removed: %s; the rest were kept"),
                        error->message, done->str);
}

static void
print_detaches (SlicesRemovalJob *job)
{
  GPtrArray *detaches = slices_removal_job_get_detaches (job);

  for (guint i = 0; i < detaches->len; i++)
    {
      SlicesAttachJob *detach = g_ptr_array_index (detaches, i);
      g_autofree char *name = slicectl_quote_arg (slices_attach_job_get_domain (detach));

      g_print (_("Detached slice %s from %s."), slices_attach_job_get_slice_uuid (detach), name);
      if (slices_attach_job_get_needs_restart (detach))
        {
          g_print (" ");
          g_print (_("It takes effect after %s is shut down and started again."), name);
        }
      g_print ("\n");
    }
}

int
slicectl_remove_run (const SlicectlCommand *command,
                     SlicectlGlobals       *globals,
                     int                    argc,
                     char                 **argv)
{
  g_autofree char *connect = NULL;
  gboolean detach = FALSE;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &connect,
      N_("Look up the virtual machines at URI (default: $LIBVIRT_DEFAULT_URI, else "
         "qemu:///system)"), N_("URI") },
    { "detach", 0, 0, G_OPTION_ARG_NONE, &detach,
      N_("Detach each slice from the virtual machines that hold it, then remove it; all or "
         "nothing"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Remove slices that virtual machines hold; they do not start until it is detached"),
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = slicectl_command_context_new (command, globals, entries);
  g_autoptr(SlicesBackend) backend = NULL;
  g_autoptr(SlicesHost) host = NULL;
  g_autoptr(SlicesLibvirt) libvirt = NULL;
  g_autoptr(SlicesRemovalJob) job = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *held = NULL;
  g_auto(SlicectlWait) wait = { 0 };
  guint n_missing = 0;
  int status;

  g_option_context_set_description (context,
                                    _("A virtual machine whose definition holds a slice that is "
                                      "removed does not\nstart again until the slice is "
                                      "detached; so such a slice is refused unless\n--detach or "
                                      "--force says what to do."));

  if ((status = slicectl_command_parse (command, context, &argc, &argv)) != SLICECTL_EXIT_OK)
    return status;

  if (detach && force)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("--detach and --force exclude each other: --detach takes the slices "
                            "out of the virtual machines first, --force leaves them there"));

  if (argc < 2)
    return slicectl_fail (SLICECTL_EXIT_USAGE,
                          _("“remove” needs at least one slice UUID; “slicectl list” shows them"));

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *uuid = NULL;

      if ((status = slicectl_check_uuid (argv[i],
                                         _("“%s” is not a UUID; “slicectl list” shows the "
                                           "slices’ UUIDs; nothing was removed"), &uuid))
          != SLICECTL_EXIT_OK)
        return status;

      /* The same slice named twice (perhaps in another case) is removed once. */
      if (!g_ptr_array_find_with_equal_func (uuids, uuid, g_str_equal, NULL))
        g_ptr_array_add (uuids, g_steal_pointer (&uuid));
    }

  if ((status = slicectl_open_backend (globals, &backend)) != SLICECTL_EXIT_OK)
    return status;
  if ((status = slicectl_open_host (globals, &host)) != SLICECTL_EXIT_OK)
    return status;

  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);

      if (slices_host_find_slice (host, uuid) == NULL)
        {
          g_string_append_printf (missing, "%s%s", n_missing > 0 ? ", " : "", uuid);
          n_missing++;
        }
    }

  if (n_missing > 0)
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          n_missing == 1
                          ? _("no slice has the UUID %s (“slicectl list” shows the slices); "
                              "nothing was removed")
                          : _("no slices have the UUIDs %s (“slicectl list” shows the slices); "
                              "nothing was removed"),
                          missing->str);

  libvirt = open_libvirt (connect, &status);
  if (status != SLICECTL_EXIT_OK)
    return status;

  g_ptr_array_add (uuids, NULL);
  job = new_job (libvirt, uuids, backend);
  if ((status = find_holders (&job, connect, uuids, backend)) != SLICECTL_EXIT_OK)
    return status;

  held = dup_held_text (job);
  if (held != NULL && !detach && !force)
    return slicectl_fail (SLICECTL_EXIT_FAILED,
                          _("%s; add --detach to take it out of those virtual machines first, or "
                            "--force to remove it anyway (they will not start until it is "
                            "detached); nothing was removed"),
                          held);

  slices_removal_job_run_async (job, detach, NULL, slicectl_wait_ready_cb, &wait);
  if (!slices_removal_job_run_finish (job, slicectl_wait (&wait, 0, NULL), &error))
    return fail_run (job, error);

  print_detaches (job);
  if (held != NULL && force)
    g_printerr (_("note: %s: those virtual machines do not start until it is detached "
                  "(slicectl detach --domain NAME --slice UUID)\n"), held);

  return SLICECTL_EXIT_OK;
}

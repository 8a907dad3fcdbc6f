/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesHelperClient: the SlicesBackend that really changes the system. It runs
 * `pkexec <libexecdir>/gpu-slices-helper slices create|remove|persist|unpersist|set-vfs|…` and
 * `… configure-host load-kvmgt|looking-glass` through GSubprocess, asynchronously, with SHELL unset (pkexec
 * refuses a SHELL that is not in /etc/shells, and the helper needs nothing from the caller's
 * environment), and turns pkexec's and the helper's exit codes into typed errors worded for
 * people: the helper says only what failed, in one short line; the words, the count of slices
 * and the list of types come from here, read from /sys without privileges. The exit codes
 * are those of src/helper/slices-helper-protocol.h, all the core shares with the helper.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <pwd.h>
#include <string.h>

#include "slices-ids.h"
#include "slices-helper-client.h"

#include "slices-error.h"
#include "slices-helper-protocol.h"
#include "slices-mdevctl.h"
#include "slices-vfs.h"

/* pkexec's own exit codes. */
#define PKEXEC_EXIT_DISMISSED 126
#define PKEXEC_EXIT_NOT_AUTHORIZED 127

struct _SlicesHelperClient
{
  GObject parent_instance;

  char *pkexec_path;  /* NULL: run the helper directly (tests) */
  char *helper_path;
  char *mdevctl_path;  /* NULL: slices_mdevctl_find() */
  char *system_root;   /* NULL: "/" (for etc/NIXOS) */
};

static void slices_helper_client_backend_init (SlicesBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlicesHelperClient, slices_helper_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SLICES_TYPE_BACKEND,
                                                      slices_helper_client_backend_init))

enum {
  PROP_0,
  PROP_PKEXEC_PATH,
  PROP_HELPER_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How each of the helper's codes reads when the request is not known (check_exit), and which
 * error it is. The helper's own line follows, as it names what failed. */
static const struct {
  int         exit_code;
  SlicesError error_code;
  const char *summary;
} helper_errors[] = {
  { SLICES_HELPER_EXIT_FAILED, SLICES_ERROR_FAILED, N_("The helper failed") },
  { SLICES_HELPER_EXIT_USAGE, SLICES_ERROR_INVALID_ARGUMENT,
    N_("The helper did not understand the request (is GPU Slices installed twice?)") },
  { SLICES_HELPER_EXIT_NOT_ROOT, SLICES_ERROR_PERMISSION_DENIED,
    N_("The helper did not run as root") },
  { SLICES_HELPER_EXIT_BAD_ADDRESS, SLICES_ERROR_INVALID_ARGUMENT,
    N_("That is not a PCI address") },
  { SLICES_HELPER_EXIT_NO_GPU, SLICES_ERROR_UNKNOWN_GPU, N_("There is no such GPU") },
  { SLICES_HELPER_EXIT_BAD_TYPE, SLICES_ERROR_UNKNOWN_TYPE,
    N_("The GPU has no such slice type") },
  { SLICES_HELPER_EXIT_BAD_UUID, SLICES_ERROR_INVALID_UUID, N_("That is not a UUID") },
  { SLICES_HELPER_EXIT_UUID_EXISTS, SLICES_ERROR_UUID_EXISTS,
    N_("A slice with this UUID already exists") },
  { SLICES_HELPER_EXIT_NO_ROOM, SLICES_ERROR_NO_ROOM,
    N_("There is no room for another slice of this type on the GPU") },
  { SLICES_HELPER_EXIT_NO_DEVICE, SLICES_ERROR_NO_DEVICE, N_("The GPU is going away") },
  { SLICES_HELPER_EXIT_GVT_INACTIVE, SLICES_ERROR_GVT_INACTIVE, N_("GVT-g is not active") },
  { SLICES_HELPER_EXIT_NO_SLICE, SLICES_ERROR_UNKNOWN_SLICE, N_("There is no such slice") },
  { SLICES_HELPER_EXIT_IN_USE, SLICES_ERROR_IN_USE,
    N_("The slice is in use: shut down the virtual machine that uses it first") },
  { SLICES_HELPER_EXIT_UNSAFE, SLICES_ERROR_BAD_TREE,
    N_("The helper refused to write: sysfs is not laid out as the kernel makes it") },
  { SLICES_HELPER_EXIT_NO_MODPROBE, SLICES_ERROR_FAILED,
    N_("modprobe is not installed: install the kmod package, then try again") },
  { SLICES_HELPER_EXIT_MODPROBE_FAILED, SLICES_ERROR_GVT_INACTIVE,
    N_("The kvmgt module could not be loaded, and nothing was written; check that the kernel "
       "has GVT-g (sudo dmesg | grep -i gvt)") },
  { SLICES_HELPER_EXIT_NOT_INTEL, SLICES_ERROR_UNKNOWN_GPU,
    N_("GPU Slices manages only Intel GPU slices") },
};

/* Said before pkexec would ask for a password for a request the helper would refuse. */
static GError *
new_bad_uuid_error (const char *uuid)
{
  return g_error_new (SLICES_ERROR, SLICES_ERROR_INVALID_UUID,
                      _("“%s” is not a UUID: write it as 8-4-4-4-12 hex digits, like "
                        "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93."), uuid);
}

/* The GPU's slices (folders named by a UUID) and types, as /sys shows them to anyone. */
static int
count_slices (const char *address)
{
  g_autofree char *path = g_build_filename (SLICES_DEFAULT_SYSFS_ROOT, "bus", "pci", "devices",
                                            address, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  int count = 0;

  if (dir == NULL)
    return -1;
  while ((name = g_dir_read_name (dir)) != NULL)
    count += slices_uuid_is_valid (name) ? 1 : 0;
  return count;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
list_types (const char *address)
{
  g_autofree char *path = g_build_filename (SLICES_DEFAULT_SYSFS_ROOT, "bus", "pci", "devices",
                                            address, "mdev_supported_types", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_utf8_validate (name, -1, NULL))
      g_ptr_array_add (types, g_strdup (name));
  g_ptr_array_sort (types, compare_strings);
  g_ptr_array_add (types, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&types), FALSE);
}

/* The failure of @args (the helper's arguments: "slices", "create", address, type, uuid…) in
 * the words people read from the simulator too; NULL where only the generic words fit. */
static GError *
describe_failure (const char * const *args,
                  int                 exit_status,
                  const char         *line)
{
  static const struct { int exit_code; int errno_value; } create_errnos[] = {
    { SLICES_HELPER_EXIT_NO_ROOM, ENOSPC }, { SLICES_HELPER_EXIT_UUID_EXISTS, EEXIST },
    { SLICES_HELPER_EXIT_BAD_UUID, EINVAL }, { SLICES_HELPER_EXIT_NO_DEVICE, ENODEV },
    { SLICES_HELPER_EXIT_GVT_INACTIVE, ENOENT },
  };
  const char *holder;

  if (g_strv_length ((char **) args) >= 4 &&
      (g_str_equal (args[1], "set-vfs") || g_str_equal (args[1], "set-vf-profile") ||
       g_str_equal (args[1], "persist-vfs")))
    return slices_vfs_error_from_helper (args, exit_status, line);

  if (g_strv_length ((char **) args) == 5 && g_str_equal (args[1], "create"))
    {
      const char *address = args[2], *type_id = args[3], *uuid = args[4];

      for (gsize i = 0; i < G_N_ELEMENTS (create_errnos); i++)
        if (create_errnos[i].exit_code == exit_status)
          return slices_error_new_create (create_errnos[i].errno_value, address, type_id, uuid,
                                          exit_status == SLICES_HELPER_EXIT_NO_ROOM
                                          ? count_slices (address) : -1);
      if (exit_status == SLICES_HELPER_EXIT_NO_GPU)
        return slices_error_new_no_gpu (address);
      if (exit_status == SLICES_HELPER_EXIT_BAD_TYPE)
        {
          g_auto(GStrv) types = list_types (address);

          return slices_error_new_no_type (address, type_id, (const char * const *) types);
        }
      return NULL;
    }

  if (g_strv_length ((char **) args) == 3 && g_str_equal (args[0], "slices"))
    {
      if (exit_status == SLICES_HELPER_EXIT_NO_SLICE)
        return slices_error_new_no_slice (args[2]);
      if (exit_status == SLICES_HELPER_EXIT_IN_USE && line != NULL &&
          (holder = strstr (line, "in use by ")) != NULL)
        return slices_error_new_in_use (args[2], holder + strlen ("in use by "));
    }
  return NULL;
}

static void
on_communicate_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autoptr(GError) error = NULL;
  int exit_status;

  if (!g_subprocess_communicate_utf8_finish (subprocess, result, &stdout_text, &stderr_text,
                                             &error))
    {
      /* Cancelled, or the pipes failed: do not leave the child waiting for a password.
       * Once pkexec has become root it cannot be signalled by us; the helper is quick. */
      g_subprocess_force_exit (subprocess);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("Could not read the helper’s answer: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_subprocess_get_if_signaled (subprocess))
    {
      g_task_return_new_error (task, SLICES_ERROR, SLICES_ERROR_FAILED,
                               _("The helper was stopped by signal %d before it finished; "
                                 "refresh the list to see what changed."),
                               g_subprocess_get_term_sig (subprocess));
      return;
    }

  exit_status = g_subprocess_get_exit_status (subprocess);
  if (!slices_helper_client_check_exit (exit_status, stderr_text, &error))
    {
      g_autofree char *line = slices_last_line (stderr_text);
      GError *worded = NULL;

      if (error->domain == SLICES_ERROR)
        worded = describe_failure (g_task_get_task_data (task), exit_status, line);
      g_task_return_error (task, worded != NULL ? worded : g_steal_pointer (&error));
      return;
    }

  /* What the helper printed: the UUID for create. */
  g_task_return_pointer (task, g_strdup (stdout_text != NULL ? stdout_text : ""), g_free);
}

static void
run_helper_async (SlicesHelperClient  *self,
                  const char * const  *args,
                  const char          *uuid,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (SLICES_IS_HELPER_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_strdupv ((char **) args), (GDestroyNotify) g_strfreev);

  /* Spare the user a password prompt for a request the helper would refuse anyway. */
  if (uuid != NULL && !slices_uuid_is_valid (uuid))
    {
      g_task_return_error (task, new_bad_uuid_error (uuid));
      return;
    }

  /* pkexec would only say "Cannot run program" with the same 127 as "not authorized". */
  if (!g_file_test (self->helper_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_task_return_new_error (task, SLICES_ERROR, SLICES_ERROR_FAILED,
                               _("The GPU Slices helper is not installed at %s: install GPU "
                                 "Slices (meson install) to create or remove slices, or try "
                                 "demo mode."), self->helper_path);
      return;
    }

  argv = g_ptr_array_new ();
  if (self->pkexec_path != NULL)
    g_ptr_array_add (argv, self->pkexec_path);
  g_ptr_array_add (argv, self->helper_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "SHELL");

  subprocess = g_subprocess_launcher_spawnv (launcher,
                                             (const char * const *) argv->pdata, &error);
  if (subprocess == NULL)
    {
      g_task_return_new_error (task, SLICES_ERROR, SLICES_ERROR_FAILED,
                               _("Could not start %s: %s. Is polkit’s pkexec installed?"),
                               (const char *) argv->pdata[0], error->message);
      return;
    }

  g_subprocess_communicate_utf8_async (subprocess, NULL, cancellable, on_communicate_cb,
                                       g_steal_pointer (&task));
}

/* The helper's stdout is not needed: only whether it succeeded. */
static gboolean
propagate_done (GAsyncResult  *result,
                GError       **error)
{
  g_autofree char *out = g_task_propagate_pointer (G_TASK (result), error);

  return out != NULL;
}

static void
slices_helper_client_create_async (SlicesBackend       *backend,
                                   const char          *gpu_address,
                                   const char          *type_id,
                                   const char          *uuid,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  const char *args[] = { "slices", "create", gpu_address, type_id, uuid, NULL };

  run_helper_async (SLICES_HELPER_CLIENT (backend), args, uuid,
                    slices_helper_client_create_async, cancellable, callback, user_data);
}

static gboolean
slices_helper_client_create_finish (SlicesBackend  *backend,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_assert (g_task_is_valid (result, backend));
  g_assert (g_task_get_source_tag (G_TASK (result)) == slices_helper_client_create_async);

  return propagate_done (result, error);
}

static void
slices_helper_client_remove_async (SlicesBackend       *backend,
                                   const char          *uuid,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  const char *args[] = { "slices", "remove", uuid, NULL };

  run_helper_async (SLICES_HELPER_CLIENT (backend), args, uuid,
                    slices_helper_client_remove_async, cancellable, callback, user_data);
}

static gboolean
slices_helper_client_remove_finish (SlicesBackend  *backend,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_assert (g_task_is_valid (result, backend));
  g_assert (g_task_get_source_tag (G_TASK (result)) == slices_helper_client_remove_async);

  return propagate_done (result, error);
}

static SlicesPersistSupport
slices_helper_client_get_persist_support (SlicesBackend *backend)
{
  SlicesHelperClient *self = SLICES_HELPER_CLIENT (backend);

  if (slices_system_is_nixos (self->system_root))
    return SLICES_PERSIST_NIXOS;
  if (self->mdevctl_path != NULL
      ? !g_file_test (self->mdevctl_path, G_FILE_TEST_IS_EXECUTABLE)
      : !slices_mdevctl_is_installed ())
    return SLICES_PERSIST_NO_MDEVCTL;
  return SLICES_PERSIST_AVAILABLE;
}

/* Said before pkexec asks for a password the helper could only waste. */
static gboolean
check_can_persist (SlicesHelperClient  *self,
                   GError             **error)
{
  switch (slices_helper_client_get_persist_support (SLICES_BACKEND (self)))
    {
    case SLICES_PERSIST_NIXOS:
      g_set_error_literal (error, SLICES_ERROR, SLICES_ERROR_FAILED,
                           _("On NixOS, slices are kept by the system configuration: add them "
                             "to virtualisation.kvmgt.vgpus (see the NixOS configuration), then "
                             "run “sudo nixos-rebuild switch”."));
      return FALSE;
    case SLICES_PERSIST_NO_MDEVCTL:
      g_set_error_literal (error, SLICES_ERROR, SLICES_ERROR_FAILED,
                           _("mdevctl is not installed, so slices cannot be kept after a "
                             "restart: install the mdevctl package (Debian and Ubuntu: “sudo "
                             "apt install mdevctl”), then try again."));
      return FALSE;
    case SLICES_PERSIST_AVAILABLE:
    default:
      return TRUE;
    }
}

static void
slices_helper_client_persist_async (SlicesBackend       *backend,
                                    const char          *uuid,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  SlicesHelperClient *self = SLICES_HELPER_CLIENT (backend);
  const char *args[] = { "slices", "persist", uuid, NULL };
  GError *error = NULL;

  if (!check_can_persist (self, &error))
    {
      g_task_report_error (self, callback, user_data, slices_helper_client_persist_async, error);
      return;
    }

  run_helper_async (self, args, uuid, slices_helper_client_persist_async, cancellable, callback,
                    user_data);
}

static gboolean
slices_helper_client_persist_finish (SlicesBackend  *backend,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_assert (g_async_result_is_tagged (result, slices_helper_client_persist_async));

  return propagate_done (result, error);
}

static void
on_unpersist_helper_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (propagate_done (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* The helper forgets a definition only for the GPU it is named for, and checks that GPU; the
 * GPU comes from what mdevctl keeps, which anyone may read. */
static void
on_unpersist_listed_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlicesHelperClient *self = g_task_get_source_object (task);
  const char *uuid = g_task_get_task_data (task);
  g_autoptr(GHashTable) definitions = NULL;
  g_autoptr(GError) error = NULL;
  const SlicesMdevDefinition *definition;

  definitions = slices_mdevctl_list_defined_finish (result, NULL, &error);
  if (definitions == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  definition = g_hash_table_lookup (definitions, uuid);
  if (definition == NULL || definition->parent == NULL)
    {
      /* Not kept: already what was asked. */
      g_task_return_boolean (task, TRUE);
      return;
    }
  {
    const char *args[] = { "slices", "unpersist", definition->parent, uuid, NULL };
    GCancellable *cancellable = g_task_get_cancellable (task);

    run_helper_async (self, args, uuid, on_unpersist_listed_cb, cancellable,
                      on_unpersist_helper_cb, g_steal_pointer (&task));
  }
}

static void
slices_helper_client_unpersist_async (SlicesBackend       *backend,
                                      const char          *uuid,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  SlicesHelperClient *self = SLICES_HELPER_CLIENT (backend);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  char canonical[SLICES_UUID_LEN + 1];

  g_task_set_source_tag (task, slices_helper_client_unpersist_async);
  if (!slices_uuid_normalize (uuid, canonical))
    {
      g_task_return_error (task, new_bad_uuid_error (uuid));
      return;
    }
  g_task_set_task_data (task, g_strdup (canonical), g_free);
  slices_mdevctl_list_defined_async (self->mdevctl_path, cancellable, on_unpersist_listed_cb,
                                     g_steal_pointer (&task));
}

static gboolean
slices_helper_client_unpersist_finish (SlicesBackend  *backend,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_assert (g_async_result_is_tagged (result, slices_helper_client_unpersist_async));

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_list_defined_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GHashTable *definitions;

  definitions = slices_mdevctl_list_defined_finish (result, NULL, &error);
  if (definitions == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, definitions, (GDestroyNotify) g_hash_table_unref);
}

/* No root needed: mdevctl lists its definitions to anyone. */
static void
slices_helper_client_list_defined_async (SlicesBackend       *backend,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  SlicesHelperClient *self = SLICES_HELPER_CLIENT (backend);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, slices_helper_client_list_defined_async);
  slices_mdevctl_list_defined_async (self->mdevctl_path, cancellable, on_list_defined_cb,
                                     g_steal_pointer (&task));
}

static GHashTable *
slices_helper_client_list_defined_finish (SlicesBackend  *backend,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_assert (g_task_is_valid (result, backend));
  g_assert (g_async_result_is_tagged (result, slices_helper_client_list_defined_async));

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- SR-IOV --- */

static void
slices_helper_client_set_vfs_async (SlicesBackend       *backend,
                                    const char          *gpu_address,
                                    guint                count,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  const char *args[] = { "slices", "set-vfs", gpu_address, count_text, NULL };

  run_helper_async (SLICES_HELPER_CLIENT (backend), args, NULL,
                    slices_helper_client_set_vfs_async, cancellable, callback, user_data);
}

static void
slices_helper_client_set_vf_profile_async (SlicesBackend       *backend,
                                           const char          *gpu_address,
                                           guint                vf,
                                           const char          *key,
                                           guint32              value,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autofree char *vf_text = g_strdup_printf ("%u", vf);
  g_autofree char *value_text = g_strdup_printf ("%" G_GUINT32_FORMAT, value);
  const char *args[] = { "slices", "set-vf-profile", gpu_address, vf_text, key, value_text,
                         NULL };

  run_helper_async (SLICES_HELPER_CLIENT (backend), args, NULL,
                    slices_helper_client_set_vf_profile_async, cancellable, callback, user_data);
}

static void
slices_helper_client_persist_vfs_async (SlicesBackend       *backend,
                                        const char          *gpu_address,
                                        guint                count,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  SlicesHelperClient *self = SLICES_HELPER_CLIENT (backend);
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  const char *persist[] = { "slices", "persist-vfs", gpu_address, count_text, NULL };
  const char *unpersist[] = { "slices", "unpersist-vfs", gpu_address, NULL };

  /* NixOS makes /etc/udev/rules.d from its configuration: a file there would not last. */
  if (slices_system_is_nixos (self->system_root))
    {
      g_task_report_new_error (self, callback, user_data, slices_helper_client_persist_vfs_async,
                               SLICES_ERROR, SLICES_ERROR_FAILED,
                               _("On NixOS, the system configuration keeps virtual functions: "
                                 "add what “slicectl nixos” prints to configuration.nix, then "
                                 "run “sudo nixos-rebuild switch”."));
      return;
    }
  run_helper_async (self, count == G_MAXUINT ? unpersist : persist, NULL,
                    slices_helper_client_persist_vfs_async, cancellable, callback, user_data);
}

/* The three SR-IOV calls finish alike: whether the helper succeeded. */
static gboolean
slices_helper_client_sriov_finish (SlicesBackend  *backend,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_assert (g_task_is_valid (result, backend));

  return propagate_done (result, error);
}

static void
slices_helper_client_backend_init (SlicesBackendInterface *iface)
{
  iface->set_vfs_async = slices_helper_client_set_vfs_async;
  iface->set_vfs_finish = slices_helper_client_sriov_finish;
  iface->set_vf_profile_async = slices_helper_client_set_vf_profile_async;
  iface->set_vf_profile_finish = slices_helper_client_sriov_finish;
  iface->persist_vfs_async = slices_helper_client_persist_vfs_async;
  iface->persist_vfs_finish = slices_helper_client_sriov_finish;
  iface->create_async = slices_helper_client_create_async;
  iface->create_finish = slices_helper_client_create_finish;
  iface->remove_async = slices_helper_client_remove_async;
  iface->remove_finish = slices_helper_client_remove_finish;
  iface->persist_async = slices_helper_client_persist_async;
  iface->persist_finish = slices_helper_client_persist_finish;
  iface->unpersist_async = slices_helper_client_unpersist_async;
  iface->unpersist_finish = slices_helper_client_unpersist_finish;
  iface->list_defined_async = slices_helper_client_list_defined_async;
  iface->list_defined_finish = slices_helper_client_list_defined_finish;
  iface->get_persist_support = slices_helper_client_get_persist_support;
}

static void
slices_helper_client_finalize (GObject *object)
{
  SlicesHelperClient *self = SLICES_HELPER_CLIENT (object);

  g_clear_pointer (&self->pkexec_path, g_free);
  g_clear_pointer (&self->helper_path, g_free);
  g_clear_pointer (&self->mdevctl_path, g_free);
  g_clear_pointer (&self->system_root, g_free);

  G_OBJECT_CLASS (slices_helper_client_parent_class)->finalize (object);
}

static void
slices_helper_client_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SlicesHelperClient *self = SLICES_HELPER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_PKEXEC_PATH:
      g_value_set_string (value, self->pkexec_path);
      break;
    case PROP_HELPER_PATH:
      g_value_set_string (value, self->helper_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_helper_client_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SlicesHelperClient *self = SLICES_HELPER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_PKEXEC_PATH:
      self->pkexec_path = g_value_dup_string (value);
      break;
    case PROP_HELPER_PATH:
      self->helper_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slices_helper_client_class_init (SlicesHelperClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = slices_helper_client_finalize;
  object_class->get_property = slices_helper_client_get_property;
  object_class->set_property = slices_helper_client_set_property;

  /* NULL runs the helper directly, without pkexec (tests). */
  properties[PROP_PKEXEC_PATH] =
    g_param_spec_string ("pkexec-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HELPER_PATH] =
    g_param_spec_string ("helper-path", NULL, NULL, SLICES_HELPER_PATH,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slices_helper_client_init (SlicesHelperClient *self)
{
}

SlicesHelperClient *
slices_helper_client_new (void)
{
  return slices_helper_client_new_full (PKEXEC_PATH, SLICES_HELPER_PATH);
}

SlicesHelperClient *
slices_helper_client_new_full (const char *pkexec_path,
                               const char *helper_path)
{
  g_return_val_if_fail (pkexec_path == NULL || g_path_is_absolute (pkexec_path), NULL);
  g_return_val_if_fail (helper_path != NULL && g_path_is_absolute (helper_path), NULL);

  return g_object_new (SLICES_TYPE_HELPER_CLIENT,
                       "pkexec-path", pkexec_path,
                       "helper-path", helper_path,
                       NULL);
}

/* 126 (the dialog dismissed) becomes G_IO_ERROR_CANCELLED, which callers show nothing for;
 * 127 SLICES_ERROR_NOT_AUTHORIZED; the helper's codes the matching SlicesError with its line. */
gboolean
slices_helper_client_check_exit (int          exit_status,
                                 const char  *stderr_text,
                                 GError     **error)
{
  g_autofree char *line = NULL;

  if (exit_status == SLICES_HELPER_EXIT_OK)
    return TRUE;

  if (exit_status == PKEXEC_EXIT_DISMISSED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("Authentication was dismissed."));
      return FALSE;
    }

  if (exit_status == PKEXEC_EXIT_NOT_AUTHORIZED)
    {
      g_set_error_literal (error, SLICES_ERROR, SLICES_ERROR_NOT_AUTHORIZED,
                           _("Not authorized, or no polkit authentication agent is running. "
                             "Desktop sessions start one; in a text console or over SSH, run "
                             "“pkttyagent --fallback &” in that terminal first. Or ask an "
                             "administrator to allow you to manage GPU slices."));
      return FALSE;
    }

  line = slices_last_line (stderr_text);
  for (gsize i = 0; i < G_N_ELEMENTS (helper_errors); i++)
    {
      if (helper_errors[i].exit_code != exit_status)
        continue;
      if (line != NULL)
        /* TRANSLATORS: a sentence, then in parentheses what the helper said (in English) */
        g_set_error (error, SLICES_ERROR, helper_errors[i].error_code, _("%s (%s)."),
                     _(helper_errors[i].summary), line);
      else
        g_set_error (error, SLICES_ERROR, helper_errors[i].error_code, "%s.",
                     _(helper_errors[i].summary));
      return FALSE;
    }

  if (line != NULL)
    g_set_error (error, SLICES_ERROR, SLICES_ERROR_FAILED,
                 _("The helper failed (exit code %d): %s"), exit_status, line);
  else
    g_set_error (error, SLICES_ERROR, SLICES_ERROR_FAILED,
                 _("The helper failed with exit code %d."), exit_status);
  return FALSE;
}

/* The helper itself never runs mdevctl: it writes the definition mdevctl reads. */
void
slices_helper_client_set_persist_env (SlicesHelperClient *self,
                                      const char         *mdevctl_path,
                                      const char         *system_root)
{
  g_return_if_fail (SLICES_IS_HELPER_CLIENT (self));
  g_return_if_fail (mdevctl_path == NULL || g_path_is_absolute (mdevctl_path));

  g_free (self->mdevctl_path);
  self->mdevctl_path = g_strdup (mdevctl_path);
  g_free (self->system_root);
  self->system_root = g_strdup (system_root);
}

/* The end of a configure-host call started with @tag: only whether it succeeded. */
static gboolean
finish_configure (SlicesHelperClient  *self,
                  GAsyncResult        *result,
                  gpointer             tag,
                  GError             **error)
{
  g_return_val_if_fail (SLICES_IS_HELPER_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, tag), FALSE);

  return propagate_done (result, error);
}

void
slices_helper_client_load_kvmgt_async (SlicesHelperClient  *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  const char *args[] = { "configure-host", "load-kvmgt", NULL };

  g_return_if_fail (SLICES_IS_HELPER_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run_helper_async (self, args, NULL, slices_helper_client_load_kvmgt_async, cancellable,
                    callback, user_data);
}

gboolean
slices_helper_client_load_kvmgt_finish (SlicesHelperClient  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  return finish_configure (self, result, slices_helper_client_load_kvmgt_async, error);
}

void
slices_helper_client_configure_looking_glass_async (SlicesHelperClient  *self,
                                                    const char          *user,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  const char *args[] = { "configure-host", "looking-glass", user, NULL };

  g_return_if_fail (SLICES_IS_HELPER_CLIENT (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* Whether the user exists needs no root: said before pkexec would ask for a password. */
  if (getpwnam (user) == NULL)
    {
      g_task_report_new_error (self, callback, user_data,
                               slices_helper_client_configure_looking_glass_async, SLICES_ERROR,
                               SLICES_ERROR_FAILED,
                               _("There is no user “%s” on this computer: Looking Glass’s "
                                 "shared memory is made for the user who runs the viewer."),
                               user);
      return;
    }

  run_helper_async (self, args, NULL, slices_helper_client_configure_looking_glass_async,
                    cancellable, callback, user_data);
}

gboolean
slices_helper_client_configure_looking_glass_finish (SlicesHelperClient  *self,
                                                     GAsyncResult        *result,
                                                     GError             **error)
{
  return finish_configure (self, result, slices_helper_client_configure_looking_glass_async,
                           error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesBackend on the simulator, for demo mode and `slicectl --simulate`: create, remove,
 * persist, unpersist and list_defined with the root helper's checks and errors in the helper's
 * order, then the kernel-level writes of slices-simulator-kernel.c, and the simulated mdevctl
 * store of slices-simulator-state.c for what is kept after a restart. SR-IOV: set-vfs,
 * set-vf-profile and persist-vfs with the helper's checks and its order of writes, on the
 * kernel-level writes of slices-simulator-pci.c; the udev rule that keeps a VF count lives in
 * the simulator's own /etc, ROOT/.etc/udev/rules.d, byte for byte what the helper writes.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slices-error.h"
#include "slices-ids.h"
#include "slices-mdevctl.h"
#include "slices-simulator-private.h"
#include "slices-vfs.h"

typedef struct {
  char   *gpu_address;
  char   *type_id;  /* set-vf-profile: the key */
  char   *uuid;
  guint   count;    /* set-vfs, persist-vfs (G_MAXUINT: unpersist); set-vf-profile: the VF */
  guint32 value;
} WriteData;

typedef gboolean (*WriteFunc) (SlicesSimulator  *self,
                               WriteData        *data,
                               GError          **error);

typedef struct {
  GTask     *task;
  WriteFunc  run;
} ScheduledWrite;

static void
write_data_free (WriteData *data)
{
  g_free (data->gpu_address);
  g_free (data->type_id);
  g_free (data->uuid);
  g_free (data);
}

static void
scheduled_write_free (gpointer user_data)
{
  ScheduledWrite *write = user_data;

  g_object_unref (write->task);
  g_free (write);
}

static GError *
new_real_system_error (SlicesSimulator *self,
                       int              errno_value)
{
  return g_error_new (SLICES_ERROR, slices_error_from_errno (errno_value),
                      _("The simulator will not write to “%s”: it is part of the real system."),
                      self->root);
}

/* "slicectl list" shows the UUIDs to use; @uuid gets the canonical (lowercase) form. */
static gboolean
canonical_uuid (const char  *text,
                char         uuid[37],
                GError     **error)
{
  if (!slices_uuid_normalize (text, uuid))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID,
                   _("“%s” is not a valid UUID. “slicectl list” shows the slices and their "
                     "UUIDs."), text != NULL ? text : "");
      return FALSE;
    }
  return TRUE;
}

/* --- the writes, run in an idle --- */

static gboolean
run_create (SlicesSimulator  *self,
            WriteData        *data,
            GError          **error)
{
  g_autofree char *gpu_dir = NULL;
  g_autofree char *types_dir = NULL;
  g_autofree char *type_dir = NULL;
  g_autofree char *line = NULL;
  char uuid[37];
  int err;

  if (self->unsafe)
    return slices_sim_check_root_is_safe (self->root, error);

  /* Checked in the order the root helper checks, with the same errors. */
  if (!slices_pci_address_is_valid (data->gpu_address))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a PCI address. Write it as the kernel does, like 0000:00:02.0."),
                   data->gpu_address);
      return FALSE;
    }

  gpu_dir = g_build_filename (self->root, "bus", "pci", "devices", data->gpu_address, NULL);
  types_dir = g_build_filename (gpu_dir, "mdev_supported_types", NULL);
  if (!g_file_test (types_dir, G_FILE_TEST_IS_DIR))
    {
      g_propagate_error (error, slices_error_new_no_gpu (data->gpu_address));
      return FALSE;
    }

  type_dir = g_build_filename (types_dir, data->type_id, NULL);
  if (!slices_sim_is_component (data->type_id) || !g_file_test (type_dir, G_FILE_TEST_IS_DIR))
    {
      g_propagate_error (error, slices_error_new_no_type (data->gpu_address, data->type_id,
                                                          NULL));
      return FALSE;
    }

  if (!slices_uuid_normalize (data->uuid, uuid))
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID,
                   _("“%s” is not a valid UUID. Write it like "
                     "4b20d080-1b54-4048-85b3-a6a62d165c01, or leave it out to get a new one."),
                   data->uuid);
      return FALSE;
    }

  line = g_strconcat (uuid, "\n", NULL);
  err = slices_simulator_write_create (self, data->gpu_address, data->type_id, line,
                                       strlen (line));
  if (err == EACCES || err == EPERM)
    {
      g_propagate_error (error, new_real_system_error (self, err));
      return FALSE;
    }
  if (err != 0)
    {
      SlicesSimUsage usage;

      slices_simulator_compute_usage (self, data->gpu_address, &usage);
      g_propagate_error (error, slices_error_new_create (err, data->gpu_address, data->type_id,
                                                         uuid, (int) usage.count));
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_remove (SlicesSimulator  *self,
            WriteData        *data,
            GError          **error)
{
  g_autofree char *address = NULL;
  g_autofree char *holder = NULL;
  char uuid[37];
  int err;

  if (self->unsafe)
    return slices_sim_check_root_is_safe (self->root, error);
  if (!canonical_uuid (data->uuid, uuid, error))
    return FALSE;

  address = slices_simulator_find_slice_gpu (self, uuid);
  if (address == NULL)
    {
      g_propagate_error (error, slices_error_new_no_slice (uuid));
      return FALSE;
    }

  /* The kernel would block (or leak the vGPU) here: refuse first, as the helper does. */
  holder = slices_simulator_get_in_use (self, uuid);
  if (holder != NULL)
    {
      g_propagate_error (error, slices_error_new_in_use (uuid, holder));
      return FALSE;
    }

  err = slices_simulator_write_remove (self, uuid, "1\n", 2);
  if (err == EACCES || err == EPERM)
    g_propagate_error (error, new_real_system_error (self, err));
  else if (err == ENOENT)
    g_propagate_error (error, slices_error_new_no_slice (uuid));
  else if (err != 0)
    g_set_error (error, SLICES_ERROR, slices_error_from_errno (err),
                 _("Could not remove the slice %s: %s."), uuid, g_strerror (err));
  if (err != 0)
    return FALSE;

  /* As the helper does: a removed slice is no longer kept after a restart. */
  return slices_simulator_store_forget (self, uuid, NULL, error);
}

static gboolean
run_persist (SlicesSimulator  *self,
             WriteData        *data,
             GError          **error)
{
  g_autofree char *address = NULL;
  g_autofree char *type_id = NULL;
  char uuid[37];

  if (self->unsafe)
    return slices_sim_check_root_is_safe (self->root, error);
  if (!canonical_uuid (data->uuid, uuid, error))
    return FALSE;

  /* As the helper: only a slice that exists, with its GPU and type as the tree says. */
  address = slices_simulator_find_slice_gpu (self, uuid);
  type_id = address != NULL ? slices_simulator_read_slice_type (self, address, uuid) : NULL;
  if (address == NULL || type_id == NULL)
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE,
                   _("There is no slice %s: only a slice that exists can be kept after a "
                     "restart; refresh the list."), uuid);
      return FALSE;
    }

  if (!slices_simulator_store_define (self, uuid, address, type_id, error))
    return FALSE;

  slices_simulator_emit_changed (self);
  return TRUE;
}

static gboolean
run_unpersist (SlicesSimulator  *self,
               WriteData        *data,
               GError          **error)
{
  gboolean changed;
  char uuid[37];

  if (self->unsafe)
    return slices_sim_check_root_is_safe (self->root, error);
  if (!canonical_uuid (data->uuid, uuid, error))
    return FALSE;

  if (!slices_simulator_store_forget (self, uuid, &changed, error))
    return FALSE;

  if (changed)
    slices_simulator_emit_changed (self);
  return TRUE;
}

/* --- SR-IOV --- */

static gboolean
check_address (const char  *address,
               GError     **error)
{
  if (slices_pci_address_is_valid (address))
    return TRUE;
  g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a PCI address. Write it as the kernel does, like 0000:00:02.0."),
               address);
  return FALSE;
}

/* As the helper's open_pf(): a PF with SR-IOV files, bound to xe or i915. */
static gboolean
open_pf (SlicesSimulator  *self,
         const char       *address,
         int              *total,
         int              *current,
         GError          **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *driver = NULL;

  if (self->unsafe)
    return slices_sim_check_root_is_safe (self->root, error);
  if (!check_address (address, error))
    return FALSE;
  if ((dir = slices_sim_dup_pci_dir (self, address)) == NULL)
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_GPU,
                   _("There is no GPU at %s. “slicectl list” shows the GPUs."), address);
      return FALSE;
    }
  driver = slices_sim_read_driver (self, address);
  *total = slices_sim_read_number (self, address, "sriov_totalvfs");
  *current = slices_sim_read_number (self, address, "sriov_numvfs");
  if (*total <= 0 || *current < 0 ||
      (g_strcmp0 (driver, "xe") != 0 && g_strcmp0 (driver, "i915") != 0))
    {
      g_propagate_error (error, slices_vfs_error_new (ENOENT, address, 0, 0, NULL, NULL));
      return FALSE;
    }
  return TRUE;
}

/* open_pf(), and as the helper: a count above totalvfs is refused before any write. */
static gboolean
open_pf_for_count (SlicesSimulator  *self,
                   WriteData        *data,
                   int              *total,
                   int              *current,
                   GError          **error)
{
  if (!open_pf (self, data->gpu_address, total, current, error))
    return FALSE;
  if (data->count <= (guint) *total)
    return TRUE;
  g_propagate_error (error, slices_vfs_error_new (ERANGE, data->gpu_address, data->count,
                                                  (guint) *total, NULL, NULL));
  return FALSE;
}

static gboolean
run_set_vfs (SlicesSimulator  *self,
             WriteData        *data,
             GError          **error)
{
  g_autoptr(GPtrArray) vfs = NULL;
  g_autofree char *count = NULL;
  int total, current, err;

  if (!open_pf_for_count (self, data, &total, &current, error))
    return FALSE;
  if (data->count == (guint) current)
    return TRUE;

  /* Every VF goes: the kernel would block on a held one (S1), so refuse first. */
  vfs = slices_sim_list_vfs (self, data->gpu_address);
  for (guint i = 0; i < vfs->len; i++)
    {
      g_autofree char *holder = slices_simulator_get_in_use (self, g_ptr_array_index (vfs, i));

      if (holder != NULL)
        {
          g_propagate_error (error, slices_vfs_error_new (EBUSY, data->gpu_address, data->count,
                                                          0, g_ptr_array_index (vfs, i),
                                                          holder));
          return FALSE;
        }
    }

  /* The helper's writes, in its order. */
  err = slices_simulator_write_sriov_autoprobe (self, data->gpu_address, "0", 1);
  if (err == 0 && current > 0)
    err = slices_simulator_write_sriov_numvfs (self, data->gpu_address, "0", 1);
  count = g_strdup_printf ("%u", data->count);
  if (err == 0 && data->count > 0 &&
      (err = slices_simulator_write_sriov_numvfs (self, data->gpu_address, count,
                                                  strlen (count))) != 0 && current > 0)
    {
      g_autofree char *old = g_strdup_printf ("%d", current);

      slices_simulator_write_sriov_numvfs (self, data->gpu_address, old, strlen (old));
    }
  if (err == EACCES || err == EPERM)
    g_propagate_error (error, new_real_system_error (self, err));
  else if (err != 0)
    g_propagate_error (error, slices_vfs_error_new (err, data->gpu_address, data->count,
                                                    (guint) total, NULL, NULL));
  return err == 0;
}

static gboolean
run_set_vf_profile (SlicesSimulator  *self,
                    WriteData        *data,
                    GError          **error)
{
  g_autofree char *file = NULL;
  g_autofree char *value = NULL;
  int total, current, err;

  if (!open_pf (self, data->gpu_address, &total, &current, error))
    return FALSE;
  if (g_strcmp0 (data->type_id, SLICES_VF_PROFILE_EXEC_QUANTUM_MS) != 0 &&
      g_strcmp0 (data->type_id, SLICES_VF_PROFILE_PREEMPT_TIMEOUT_US) != 0)
    {
      g_set_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_ARGUMENT,
                   _("A virtual function’s profile has no setting “%s”; it has %s and %s."),
                   data->type_id, SLICES_VF_PROFILE_EXEC_QUANTUM_MS,
                   SLICES_VF_PROFILE_PREEMPT_TIMEOUT_US);
      return FALSE;
    }

  file = g_strdup_printf ("vf%u/profile/%s", data->count, data->type_id);
  value = g_strdup_printf ("%" G_GUINT32_FORMAT, data->value);
  err = data->count == 0 ? ENOENT
        : slices_simulator_write_sriov_admin (self, data->gpu_address, file, value,
                                              strlen (value));
  if (err == EACCES || err == EPERM)
    g_propagate_error (error, new_real_system_error (self, err));
  else if (err != 0)
    g_propagate_error (error, slices_vfs_profile_error_new (err, data->gpu_address, data->count,
                                                            data->type_id));
  if (err != 0)
    return FALSE;
  slices_simulator_emit_changed (self);
  return TRUE;
}

static gboolean
run_persist_vfs (SlicesSimulator  *self,
                 WriteData        *data,
                 GError          **error)
{
  g_autofree char *name = slices_vfs_rule_file_name (data->gpu_address);
  g_autofree char *dir = g_build_filename (self->root, ".etc", "udev", "rules.d", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *driver = NULL;
  g_autofree char *rule = NULL;
  int total, current;

  if (data->count == G_MAXUINT)
    {
      /* The helper checks only the address here: the GPU may be gone. */
      if (self->unsafe)
        return slices_sim_check_root_is_safe (self->root, error);
      if (!check_address (data->gpu_address, error))
        return FALSE;
      if (g_unlink (path) == 0)
        slices_simulator_emit_changed (self);
      return TRUE;
    }

  if (!open_pf_for_count (self, data, &total, &current, error))
    return FALSE;
  driver = slices_sim_read_driver (self, data->gpu_address);
  rule = slices_vfs_udev_rule (data->gpu_address, driver, data->count);
  if (!slices_sim_make_dir (dir, error) || !slices_sim_write_file (path, rule, 0644, error))
    return FALSE;
  slices_simulator_emit_changed (self);
  return TRUE;
}

static gboolean
on_write_idle_cb (gpointer user_data)
{
  ScheduledWrite *write = user_data;
  SlicesSimulator *self = g_task_get_source_object (write->task);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (write->task))
    return G_SOURCE_REMOVE;

  if (write->run (self, g_task_get_task_data (write->task), &error))
    g_task_return_boolean (write->task, TRUE);
  else
    g_task_return_error (write->task, error);

  return G_SOURCE_REMOVE;
}

/* The write happens in an idle of the caller's context, never inside the call, so callers see
 * the same order of events as with the helper; a cancel before then writes nothing. */
static void
start_write_full (SlicesSimulator     *self,
                  gpointer             source_tag,
                  WriteFunc            run,
                  WriteData           *data,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GSource) source = g_idle_source_new ();
  ScheduledWrite *write = g_new0 (ScheduledWrite, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);

  write->task = g_object_ref (task);
  write->run = run;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, on_write_idle_cb, write, scheduled_write_free);
  g_source_set_static_name (source, "[slices] simulator write");
  g_source_attach (source, g_task_get_context (task));
}

static WriteData *
write_data_new (const char *gpu_address,
                const char *type_id,
                const char *uuid,
                guint       count)
{
  WriteData *data = g_new0 (WriteData, 1);

  data->gpu_address = g_strdup (gpu_address);
  data->type_id = g_strdup (type_id);
  data->uuid = g_strdup (uuid);
  data->count = count;
  return data;
}

static void
start_write (SlicesSimulator     *self,
             gpointer             source_tag,
             WriteFunc            run,
             const char          *gpu_address,
             const char          *type_id,
             const char          *uuid,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  start_write_full (self, source_tag, run, write_data_new (gpu_address, type_id, uuid, 0),
                    cancellable, callback, user_data);
}

static gboolean
finish_write (SlicesBackend  *backend,
              GAsyncResult   *result,
              gpointer        source_tag,
              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- SlicesBackend --- */

static void
slices_simulator_create_async (SlicesBackend       *backend,
                               const char          *gpu_address,
                               const char          *type_id,
                               const char          *uuid,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  start_write (SLICES_SIMULATOR (backend), slices_simulator_create_async, run_create,
               gpu_address, type_id, uuid, cancellable, callback, user_data);
}

static gboolean
slices_simulator_create_finish (SlicesBackend  *backend,
                                GAsyncResult   *result,
                                GError        **error)
{
  return finish_write (backend, result, slices_simulator_create_async, error);
}

static void
slices_simulator_remove_async (SlicesBackend       *backend,
                               const char          *uuid,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  start_write (SLICES_SIMULATOR (backend), slices_simulator_remove_async, run_remove,
               NULL, NULL, uuid, cancellable, callback, user_data);
}

static gboolean
slices_simulator_remove_finish (SlicesBackend  *backend,
                                GAsyncResult   *result,
                                GError        **error)
{
  return finish_write (backend, result, slices_simulator_remove_async, error);
}

static void
slices_simulator_persist_async (SlicesBackend       *backend,
                                const char          *uuid,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  start_write (SLICES_SIMULATOR (backend), slices_simulator_persist_async, run_persist,
               NULL, NULL, uuid, cancellable, callback, user_data);
}

static gboolean
slices_simulator_persist_finish (SlicesBackend  *backend,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  return finish_write (backend, result, slices_simulator_persist_async, error);
}

static void
slices_simulator_unpersist_async (SlicesBackend       *backend,
                                  const char          *uuid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  start_write (SLICES_SIMULATOR (backend), slices_simulator_unpersist_async, run_unpersist,
               NULL, NULL, uuid, cancellable, callback, user_data);
}

static gboolean
slices_simulator_unpersist_finish (SlicesBackend  *backend,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  return finish_write (backend, result, slices_simulator_unpersist_async, error);
}

static void
slices_simulator_list_defined_async (SlicesBackend       *backend,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  SlicesSimulator *self = SLICES_SIMULATOR (backend);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, slices_simulator_list_defined_async);
  g_task_return_pointer (task, slices_simulator_dup_defined (self),
                         (GDestroyNotify) g_hash_table_unref);
}

static GHashTable *
slices_simulator_list_defined_finish (SlicesBackend  *backend,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_simulator_list_defined_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
slices_simulator_set_vfs_async (SlicesBackend       *backend,
                                const char          *gpu_address,
                                guint                count,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  start_write_full (SLICES_SIMULATOR (backend), slices_simulator_set_vfs_async, run_set_vfs,
                    write_data_new (gpu_address, NULL, NULL, count), cancellable, callback,
                    user_data);
}

static void
slices_simulator_set_vf_profile_async (SlicesBackend       *backend,
                                       const char          *gpu_address,
                                       guint                vf,
                                       const char          *key,
                                       guint32              value,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  WriteData *data = write_data_new (gpu_address, key, NULL, vf);

  data->value = value;
  start_write_full (SLICES_SIMULATOR (backend), slices_simulator_set_vf_profile_async,
                    run_set_vf_profile, data, cancellable, callback, user_data);
}

static void
slices_simulator_persist_vfs_async (SlicesBackend       *backend,
                                    const char          *gpu_address,
                                    guint                count,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  start_write_full (SLICES_SIMULATOR (backend), slices_simulator_persist_vfs_async,
                    run_persist_vfs, write_data_new (gpu_address, NULL, NULL, count),
                    cancellable, callback, user_data);
}

/* The SR-IOV writes finish alike. */
static gboolean
slices_simulator_sriov_finish (SlicesBackend  *backend,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The demo always can: its store is the state file. */
static SlicesPersistSupport
slices_simulator_get_persist_support (SlicesBackend *backend)
{
  return SLICES_PERSIST_AVAILABLE;
}

void
slices_simulator_backend_init (SlicesBackendInterface *iface)
{
  iface->create_async = slices_simulator_create_async;
  iface->create_finish = slices_simulator_create_finish;
  iface->remove_async = slices_simulator_remove_async;
  iface->remove_finish = slices_simulator_remove_finish;
  iface->persist_async = slices_simulator_persist_async;
  iface->persist_finish = slices_simulator_persist_finish;
  iface->unpersist_async = slices_simulator_unpersist_async;
  iface->unpersist_finish = slices_simulator_unpersist_finish;
  iface->list_defined_async = slices_simulator_list_defined_async;
  iface->list_defined_finish = slices_simulator_list_defined_finish;
  iface->get_persist_support = slices_simulator_get_persist_support;
  iface->set_vfs_async = slices_simulator_set_vfs_async;
  iface->set_vfs_finish = slices_simulator_sriov_finish;
  iface->set_vf_profile_async = slices_simulator_set_vf_profile_async;
  iface->set_vf_profile_finish = slices_simulator_sriov_finish;
  iface->persist_vfs_async = slices_simulator_persist_vfs_async;
  iface->persist_vfs_finish = slices_simulator_sriov_finish;
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup's runner (issue 5, FACTS.md §1, §4, §5): the doctor's inputs, one run of every
 * check in order, mdevctl's list when nobody gave it, and the results: the list of checks, the
 * summary, the JSON contract and the NixOS snippet. The checks themselves live one group per
 * file (slices-doctor-private.h). GPUs, types and slices come from the model, which also
 * keeps the Intel display devices that offer nothing, so that the doctor can say why; what
 * mdevctl keeps comes from writers/slices-mdevctl.h. Every input has an injectable root so
 * that tests never read the real system.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <grp.h>
#include <unistd.h>

#include "slices-doctor-private.h"
#include "slices-gpu-support.h"
#include "slices-json.h"
#include "slices-mdevctl.h"
#include "slices-nixos.h"
#include "slices-slice.h"
#include "slices-sysfs.h"

G_DEFINE_FINAL_TYPE (SlicesDoctor, slices_doctor, G_TYPE_OBJECT)

/* --- what the checks share --- */

SlicesCheck *
slices_doctor_run_add_check (SlicesDoctorRun   *run,
                             const char        *id,
                             SlicesCheckStatus  status,
                             const char        *title,
                             const char        *detail)
{
  SlicesCheck *check = slices_check_new (id, status, title, detail);

  g_ptr_array_add (run->checks, check);
  return check;
}

SlicesCheckStatus
slices_doctor_run_get_status (SlicesDoctorRun *run,
                              const char      *id)
{
  for (guint i = 0; i < run->checks->len; i++)
    {
      SlicesCheck *check = g_ptr_array_index (run->checks, i);

      if (g_str_equal (slices_check_get_id (check), id))
        return slices_check_get_status (check);
    }
  return SLICES_CHECK_STATUS_UNKNOWN;
}

gboolean
slices_doctor_path_exists (const char *first,
                           ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *path = NULL;
  const char *part;
  va_list args;

  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  path = g_build_filenamev ((char **) parts->pdata);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

SlicesGpu *
slices_doctor_get_first_gvt_gpu (SlicesDoctor *self)
{
  for (guint i = 0; i < self->gpus->len; i++)
    {
      SlicesGpu *gpu = g_ptr_array_index (self->gpus, i);

      if (slices_gpu_support_offers_gvt (gpu))
        return gpu;
    }
  return self->gpus->len > 0 ? g_ptr_array_index (self->gpus, 0) : NULL;
}

gboolean
slices_doctor_gpu_is_sriov (SlicesGpu *gpu)
{
  return slices_gpu_get_sriov (gpu) != NULL ||
         slices_gpu_get_gvt_support (gpu) == SLICES_GVT_SUPPORT_SRIOV;
}

SlicesGpu *
slices_doctor_get_first_sriov_gpu (SlicesDoctor *self)
{
  for (guint i = 0; i < self->gpus->len; i++)
    {
      SlicesGpu *gpu = g_ptr_array_index (self->gpus, i);

      if (slices_doctor_gpu_is_sriov (gpu))
        return gpu;
    }
  return NULL;
}

guint
slices_doctor_count_slices (SlicesDoctor *self)
{
  guint n = 0;

  for (guint i = 0; i < self->gpus->len; i++)
    n += g_list_model_get_n_items (slices_gpu_get_slices (g_ptr_array_index (self->gpus, i)));
  return n;
}

guint
slices_doctor_get_uid (SlicesDoctor *self)
{
  return self->uid_set ? self->uid : (guint) getuid ();
}

char *
slices_doctor_dup_nixos_snippet_for_run (SlicesDoctor *self,
                                         gboolean      guc_failed)
{
  g_autoptr(GArray) slices = g_array_new (FALSE, TRUE, sizeof (SlicesNixosSlice));
  SlicesGpu *gpu = slices_doctor_get_first_gvt_gpu (self);

  for (guint i = 0; i < self->gpus->len; i++)
    {
      GListModel *list = slices_gpu_get_slices (g_ptr_array_index (self->gpus, i));

      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          /* Borrowed strings: the GPU's list keeps the slice until the next run. */
          g_autoptr(SlicesSlice) each = g_list_model_get_item (list, j);
          SlicesNixosSlice slice = {
            slices_slice_get_gpu_address (each), slices_slice_get_type_id (each),
            slices_slice_get_uuid (each),
          };

          g_array_append_val (slices, slice);
        }
    }

  return slices_nixos_snippet (gpu != NULL ? slices_gpu_get_address (gpu) : NULL,
                               (const SlicesNixosSlice *) (gpointer) slices->data, slices->len,
                               guc_failed, self->user_name);
}

/* The Intel display devices of the tree: the GPUs whose setup is ours to judge. A tree that
 * cannot be read has none, which the first check says. */
static GPtrArray *
discover_gpus (const char *sysfs_root)
{
  g_autoptr(GPtrArray) found = slices_sysfs_discover (sysfs_root, FALSE, NULL);
  GPtrArray *gpus = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      SlicesGpu *gpu = g_ptr_array_index (found, i);

      if (slices_gpu_is_intel_display (gpu))
        g_ptr_array_add (gpus, g_object_ref (gpu));
    }
  return gpus;
}

/* --- mdevctl's list --- */

/* mdevctl's list is only worth asking for when nothing gave it and it can answer: without
 * /etc/mdevctl.d nothing is defined (and mdevctl 1.2.0 fails instead of saying so). */
static gboolean
doctor_needs_mdevctl_list (SlicesDoctor *self)
{
  if (self->mdevctl_defined != NULL || self->mdevctl_path == NULL ||
      self->distro == SLICES_DISTRO_NIXOS ||
      !g_file_test (self->mdevctl_path, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  if (!slices_doctor_path_exists (self->root_dir, "etc", "mdevctl.d", NULL))
    {
      self->mdevctl_defined = slices_mdev_definitions_new ();
      return FALSE;
    }
  return TRUE;
}

static void
on_list_defined_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlicesDoctor *self = g_task_get_source_object (task);
  g_autoptr(GHashTable) defined = NULL;
  g_autoptr(GError) error = NULL;

  defined = slices_mdevctl_list_defined_finish (result, NULL, &error);
  if (defined == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (defined == NULL)
    g_debug ("mdevctl's list is unknown, so persistence stays unknown: %s", error->message);
  else
    slices_doctor_set_mdevctl_defined (self, defined);

  slices_doctor_run (self);
  g_task_return_boolean (task, TRUE);
}

static void
on_run_sync_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* --- GObject --- */

static void
slices_doctor_finalize (GObject *object)
{
  SlicesDoctor *self = SLICES_DOCTOR (object);

  g_free (self->sysfs_root);
  g_free (self->root_dir);
  g_free (self->os_release_path);
  g_free (self->dev_root);
  g_free (self->proc_root);
  g_free (self->qemu_log_dir);
  g_free (self->mdevctl_path);
  g_clear_pointer (&self->mdevctl_defined, g_hash_table_unref);
  g_free (self->libvirt_uri);
  g_free (self->libvirt_message);
  g_clear_pointer (&self->vm_missing_slices, g_hash_table_unref);
  g_clear_pointer (&self->vm_recipes, g_ptr_array_unref);
  slices_doctor_free_vms (self);
  g_strfreev (self->user_groups);
  g_free (self->user_name);
  g_clear_pointer (&self->gpus, g_ptr_array_unref);
  g_clear_object (&self->checks);

  G_OBJECT_CLASS (slices_doctor_parent_class)->finalize (object);
}

static void
slices_doctor_class_init (SlicesDoctorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = slices_doctor_finalize;
}

static void
slices_doctor_init (SlicesDoctor *self)
{
  self->checks = g_list_store_new (SLICES_TYPE_CHECK);
  self->gpus = g_ptr_array_new_with_free_func (g_object_unref);
}

static GStrv
dup_process_groups (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree gid_t *gids = NULL;
  int n;

  n = getgroups (0, NULL);
  if (n < 0)
    return g_strv_builder_end (builder);
  gids = g_new0 (gid_t, n + 1);
  n = getgroups (n, gids);
  gids[MAX (n, 0)] = getegid ();
  for (int i = 0; i <= MAX (n, 0); i++)
    {
      struct group *group = getgrgid (gids[i]);

      if (group != NULL && group->gr_name != NULL)
        g_strv_builder_add (builder, group->gr_name);
    }
  return g_strv_builder_end (builder);
}

/* --- public API --- */

SlicesDoctor *
slices_doctor_new (const SlicesDoctorEnv *env)
{
  SlicesDoctorEnv empty = { 0 };
  SlicesDoctor *self = g_object_new (SLICES_TYPE_DOCTOR, NULL);

  if (env == NULL)
    env = &empty;

  self->sysfs_root = g_strdup (env->sysfs_root != NULL ? env->sysfs_root
                                                       : SLICES_DEFAULT_SYSFS_ROOT);
  self->root_dir = g_strdup (env->root_dir != NULL ? env->root_dir : "/");
  self->os_release_path = g_strdup (env->os_release_path);
  self->dev_root = g_strdup (env->dev_root != NULL ? env->dev_root : "/dev");
  self->proc_root = g_strdup (env->proc_root);
  self->qemu_log_dir = g_strdup (env->qemu_log_dir != NULL ? env->qemu_log_dir
                                                           : "/var/log/libvirt/qemu");
  /* An explicit path is taken as it is (a missing one means "not installed"); mdevctl runs
   * from an absolute one. */
  self->mdevctl_path = env->mdevctl_path != NULL ? g_canonicalize_filename (env->mdevctl_path,
                                                                            NULL)
                                                 : slices_mdevctl_find ();
  slices_doctor_set_mdevctl_defined (self, env->mdevctl_defined);
  self->libvirt_state = env->libvirt_state;
  self->libvirt_uri = g_strdup (env->libvirt_uri);
  self->libvirt_message = g_strdup (env->libvirt_message);
  self->user_groups = env->user_groups != NULL ? g_strdupv ((char **) env->user_groups)
                                               : dup_process_groups ();
  self->user_name = g_strdup (env->user_name != NULL ? env->user_name : g_get_user_name ());
  self->uid_set = env->uid_set;
  self->uid = env->uid;
  self->distro = slices_distro_detect (self->root_dir, self->os_release_path);

  return self;
}

void
slices_doctor_set_mdevctl_defined (SlicesDoctor *self,
                                   GHashTable   *defined)
{
  g_return_if_fail (SLICES_IS_DOCTOR (self));

  if (defined != NULL)
    g_hash_table_ref (defined);
  g_clear_pointer (&self->mdevctl_defined, g_hash_table_unref);
  self->mdevctl_defined = defined;
}

void
slices_doctor_set_libvirt (SlicesDoctor       *self,
                           SlicesLibvirtState  state,
                           const char         *uri,
                           const char         *message)
{
  g_return_if_fail (SLICES_IS_DOCTOR (self));

  self->libvirt_state = state;
  g_free (self->libvirt_uri);
  self->libvirt_uri = g_strdup (uri);
  g_free (self->libvirt_message);
  self->libvirt_message = g_strdup (message);
}

void
slices_doctor_set_vm_missing_slices (SlicesDoctor *self,
                                     GHashTable   *missing)
{
  g_return_if_fail (SLICES_IS_DOCTOR (self));

  if (missing != NULL)
    g_hash_table_ref (missing);
  g_clear_pointer (&self->vm_missing_slices, g_hash_table_unref);
  self->vm_missing_slices = missing;
}

/* Without a GPU that can be shared (the first check failed), what the GPU's checks say
 * follows from that one cause: each becomes "not checked", pointing at it, with no fix of its
 * own, so that Check Setup leads with the root cause instead of six failures and dead ends. */
static void
block_gpu_checks (SlicesDoctorRun *run)
{
  static const struct { const char *id; const char *title; } dependent[] = {
    { SLICES_CHECK_GVT_PARAMETER, N_("The GVT-g kernel parameter was not checked") },
    { SLICES_CHECK_GUC_SUBMISSION, N_("GuC submission was not checked") },
    { SLICES_CHECK_KVMGT_MODULE, N_("The kvmgt module was not checked") },
    { SLICES_CHECK_VFIO_MODULES, N_("The VFIO modules were not checked") },
    { SLICES_CHECK_SLICE_TYPES, N_("Slice types were not checked") },
    { SLICES_CHECK_ROOM, N_("Room for slices was not measured") },
    { SLICES_CHECK_RENDER_NODE, N_("The render node was not checked") },
  };
  SlicesCheck *root = NULL;
  g_autofree char *detail = NULL;

  for (guint i = 0; i < run->checks->len && root == NULL; i++)
    if (g_str_equal (slices_check_get_id (run->checks->pdata[i]), SLICES_CHECK_GPU_GENERATION))
      root = run->checks->pdata[i];
  if (root == NULL || slices_check_get_status (root) != SLICES_CHECK_STATUS_ERROR)
    return;

  /* TRANSLATORS: %s is the title of the first check, e.g. "No Intel GPU found" */
  detail = g_strdup_printf (_("This depends on the GPU: “%s”. There is nothing to fix here "
                              "until there is a GPU that GVT-g can share."),
                            slices_check_get_title (root));
  for (guint i = 0; i < run->checks->len; i++)
    for (guint j = 0; j < G_N_ELEMENTS (dependent); j++)
      {
        SlicesCheck *check = run->checks->pdata[i];

        if (!g_str_equal (slices_check_get_id (check), dependent[j].id))
          continue;
        run->checks->pdata[i] = slices_check_new (dependent[j].id, SLICES_CHECK_STATUS_UNKNOWN,
                                                  g_dgettext (GETTEXT_PACKAGE,
                                                              dependent[j].title),
                                                  detail);
        slices_check_set_blocked_by (run->checks->pdata[i], SLICES_CHECK_GPU_GENERATION);
        g_object_unref (check);
      }
}

/* What every run starts with: the distribution, the GPUs, and gpu-generation into @checks. */
static void
begin_run (SlicesDoctor    *self,
           SlicesDoctorRun *run,
           GPtrArray       *checks)
{
  self->distro = slices_distro_detect (self->root_dir, self->os_release_path);
  g_clear_pointer (&self->gpus, g_ptr_array_unref);
  self->gpus = discover_gpus (self->sysfs_root);
  run->doctor = self;
  run->checks = checks;
  slices_doctor_check_gpu_generation (run);
}

SlicesCheck *
slices_doctor_run_sriov_driver (SlicesDoctor *self)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func (g_object_unref);
  SlicesDoctorRun run = { 0 };

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);

  begin_run (self, &run, checks);
  if (!run.sriov_gpu_present)
    return NULL;
  slices_doctor_check_sriov_driver (&run);
  for (guint i = 0; i < checks->len; i++)
    if (g_strcmp0 (slices_check_get_id (checks->pdata[i]), SLICES_CHECK_SRIOV_DRIVER) == 0)
      return g_object_ref (checks->pdata[i]);
  return NULL;
}

void
slices_doctor_run (SlicesDoctor *self)
{
  g_autoptr(GPtrArray) checks = NULL;
  SlicesDoctorRun run = { 0 };

  g_return_if_fail (SLICES_IS_DOCTOR (self));

  checks = g_ptr_array_new_with_free_func (g_object_unref);
  begin_run (self, &run, checks);
  if (run.sriov_gpu_present)
    {
      slices_doctor_check_sriov_driver (&run);
      slices_doctor_check_sriov_vfs_limit (&run);
      slices_doctor_check_sriov_guc (&run);
      slices_doctor_check_sriov_host_binding (&run);
      slices_doctor_check_sriov_guest_driver (&run);
    }
  slices_doctor_check_gvt_parameter (&run);
  slices_doctor_check_guc_submission (&run);
  slices_doctor_check_kvmgt_module (&run);
  slices_doctor_check_vfio_modules (&run);
  slices_doctor_check_slice_types (&run);
  slices_doctor_check_room (&run);
  slices_doctor_check_iommu (&run);
  slices_doctor_check_render_node (&run);
  slices_doctor_check_libvirt (&run);
  slices_doctor_check_vm_slices (&run);
  slices_doctor_check_polkit_agent (&run);
  slices_doctor_check_persistence (&run);
  slices_doctor_check_qemu_sandbox (&run);
  slices_doctor_check_vm_recipe (&run);
  slices_doctor_check_looking_glass_shm (&run);

  block_gpu_checks (&run);

  g_list_store_splice (self->checks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->checks)),
                       checks->pdata, checks->len);
}

void
slices_doctor_run_async (SlicesDoctor        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLICES_IS_DOCTOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slices_doctor_run_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (doctor_needs_mdevctl_list (self))
    {
      slices_mdevctl_list_defined_async (self->mdevctl_path, cancellable, on_list_defined_cb,
                                         g_steal_pointer (&task));
      return;
    }

  slices_doctor_run (self);
  g_task_return_boolean (task, TRUE);
}

gboolean
slices_doctor_run_finish (SlicesDoctor  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SLICES_IS_DOCTOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == slices_doctor_run_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
slices_doctor_run_sync (SlicesDoctor  *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), FALSE);

  /* The async run in a context of its own, so that nothing else of the caller's runs. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  slices_doctor_run_async (self, cancellable, on_run_sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return slices_doctor_run_finish (self, result, error);
}

GListModel *
slices_doctor_get_checks (SlicesDoctor *self)
{
  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);
  return G_LIST_MODEL (self->checks);
}

SlicesCheck *
slices_doctor_find_check (SlicesDoctor *self,
                          const char   *id)
{
  guint n;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);

      if (g_str_equal (slices_check_get_id (check), id))
        return check; /* the store keeps its reference */
    }
  return NULL;
}

SlicesDistroFamily
slices_doctor_get_distro (SlicesDoctor *self)
{
  g_return_val_if_fail (SLICES_IS_DOCTOR (self), SLICES_DISTRO_UNKNOWN);
  return self->distro;
}

const char *
slices_doctor_get_user_name (SlicesDoctor *self)
{
  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);
  return self->user_name;
}

guint
slices_doctor_count (SlicesDoctor      *self,
                     SlicesCheckStatus  status)
{
  guint n, count = 0;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);

      if (slices_check_get_status (check) == status)
        count++;
    }
  return count;
}

guint
slices_doctor_count_blocked_by (SlicesDoctor *self,
                                const char   *id)
{
  guint n, count = 0;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), 0);
  g_return_val_if_fail (id != NULL, 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);

      if (g_strcmp0 (slices_check_get_blocked_by (check), id) == 0)
        count++;
    }
  return count;
}

gboolean
slices_doctor_has_errors (SlicesDoctor *self)
{
  return slices_doctor_count (self, SLICES_CHECK_STATUS_ERROR) > 0;
}

char *
slices_doctor_dup_summary (SlicesDoctor *self)
{
  guint problems;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);

  problems = slices_doctor_count (self, SLICES_CHECK_STATUS_ERROR) +
             slices_doctor_count (self, SLICES_CHECK_STATUS_WARNING);
  if (problems == 0)
    return g_strdup (_("No problems found"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem found",
                                       "%u problems found", problems),
                          problems);
}

static void
add_string_member (SlicesJsonBuilder *builder,
                   const char        *member,
                   const char        *value)
{
  slices_json_builder_set_member_name (builder, member);
  slices_json_builder_add_string_value (builder, value);
}

static void
add_check_json (SlicesJsonBuilder *builder,
                SlicesCheck       *check)
{
  GPtrArray *fixes = slices_check_get_fixes (check);

  slices_json_builder_begin_object (builder);
  add_string_member (builder, "id", slices_check_get_id (check));
  add_string_member (builder, "status",
                     slices_check_status_to_string (slices_check_get_status (check)));
  add_string_member (builder, "title", slices_check_get_title (check));
  add_string_member (builder, "detail", slices_check_get_detail (check));
  if (slices_check_get_blocked_by (check) != NULL)
    add_string_member (builder, "blocked_by", slices_check_get_blocked_by (check));
  slices_json_builder_set_member_name (builder, "fixes");
  slices_json_builder_begin_array (builder);
  for (guint j = 0; j < fixes->len; j++)
    {
      const SlicesFix *fix = g_ptr_array_index (fixes, j);

      slices_json_builder_begin_object (builder);
      add_string_member (builder, "kind", slices_fix_kind_to_string (fix->kind));
      add_string_member (builder, "text", fix->text);
      if (fix->label != NULL)
        add_string_member (builder, "label", fix->label);
      if (fix->way != SLICES_FIX_WAY_NONE)
        add_string_member (builder, "way", slices_fix_way_to_string (fix->way));
      slices_json_builder_end_object (builder);
    }
  slices_json_builder_end_array (builder);
  slices_json_builder_end_object (builder);
}

char *
slices_doctor_to_json (SlicesDoctor *self,
                       gboolean      pretty)
{
  SlicesJsonBuilder *builder;
  guint n;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);

  builder = slices_json_builder_new (pretty);
  slices_json_builder_begin_object (builder);
  add_string_member (builder, "distro", slices_distro_family_to_string (self->distro));
  slices_json_builder_set_member_name (builder, "summary");
  slices_json_builder_begin_object (builder);
  slices_json_builder_set_member_name (builder, "errors");
  slices_json_builder_add_int_value (builder,
                                     slices_doctor_count (self, SLICES_CHECK_STATUS_ERROR));
  slices_json_builder_set_member_name (builder, "warnings");
  slices_json_builder_add_int_value (builder,
                                     slices_doctor_count (self, SLICES_CHECK_STATUS_WARNING));
  slices_json_builder_end_object (builder);

  slices_json_builder_set_member_name (builder, "checks");
  slices_json_builder_begin_array (builder);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlicesCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);

      add_check_json (builder, check);
    }
  slices_json_builder_end_array (builder);
  slices_json_builder_end_object (builder);

  return slices_json_builder_free_to_data (builder);
}

char *
slices_doctor_dup_nixos_snippet (SlicesDoctor *self)
{
  SlicesCheck *guc;

  g_return_val_if_fail (SLICES_IS_DOCTOR (self), NULL);

  guc = slices_doctor_find_check (self, SLICES_CHECK_GUC_SUBMISSION);
  return slices_doctor_dup_nixos_snippet_for_run (self, guc != NULL &&
                                                  slices_check_get_status (guc) ==
                                                  SLICES_CHECK_STATUS_ERROR);
}

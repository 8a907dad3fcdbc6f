/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesLibvirt's calls on domains, each on a GTask worker thread with its own reference on
 * the connection: list every domain with its state, OS and slices; which domain holds which
 * slice; read the persistent definition with its secrets; and define a new one.
 *
 * A definition is replaced only if it is still the one that was read (re-read right before the
 * define), so a concurrent change by virt-manager or virsh is never overwritten; the caller
 * recomputes instead. Domain XML is never logged: it can hold SPICE/VNC passwords.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "slices-domain-recipe.h"
#include "slices-ids.h"
#include "slices-libvirt-private.h"

/* --- reading domains (worker threads) ------------------------------------------------------ */

/* NULL with no error: the domain vanished while we read it (skip it). */
static SlicesDomainInfo *
read_domain_info (virDomainPtr   dom,
                  const char    *uri,
                  guint          lib_version,
                  gboolean       demo,
                  GError       **error)
{
  g_autoptr(SlicesDomainInfo) info = g_new0 (SlicesDomainInfo, 1);
  g_autoptr(GPtrArray) slices = g_ptr_array_new_with_free_func (g_free);
  char uuid[VIR_UUID_STRING_BUFLEN];
  int state = 0;
  int reason = 0;
  int active = 0;
  int persistent = 0;
  char *xml;

  if (slices_virt->virDomainGetUUIDString (dom, uuid) < 0
      || slices_virt->virDomainGetState (dom, &state, &reason, 0) < 0
      || (active = slices_virt->virDomainIsActive (dom)) < 0
      || (persistent = slices_virt->virDomainIsPersistent (dom)) < 0
      || (xml = slices_virt->virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE)) == NULL)
    {
      virErrorPtr err = slices_virt->virGetLastError ();

      if (err != NULL && err->code == VIR_ERR_NO_DOMAIN)
        {
          slices_virt->virResetLastError ();
          return NULL;
        }
      g_propagate_error (error, slices_libvirt_take_last_error (uri));
      return NULL;
    }

  info->name = g_strdup (slices_virt->virDomainGetName (dom));
  info->uuid = g_ascii_strdown (uuid, -1);
  info->state = slices_domain_state_from_libvirt (state);
  info->active = active == 1;
  info->persistent = persistent == 1;

  slices_domain_info_read_xml (info, xml);
  slices_domain_add_slices (slices, xml);
  if (demo)
    {
      g_autofree char *full = slices_libvirt_demo_unstash_qemu (xml);

      info->recipe = slices_domain_check_recipe (full, lib_version, &info->recipe_problem);
    }
  else
    info->recipe = slices_domain_check_recipe (xml, lib_version, &info->recipe_problem);
  free (xml);
  /* What the VM asks for at its next start, before the live XML adds what it holds now. */
  g_ptr_array_add (slices, NULL);
  info->defined_slices = g_strdupv ((char **) slices->pdata);
  g_ptr_array_remove_index (slices, slices->len - 1);

  if (info->active)
    {
      xml = slices_virt->virDomainGetXMLDesc (dom, 0);
      if (xml != NULL)
        slices_domain_add_slices (slices, xml);
      else
        slices_virt->virResetLastError ();
      free (xml);
    }

  info->os_name = slices_libvirt_os_name_from_id (info->os_id);
  g_ptr_array_add (slices, NULL);
  info->slices = (GStrv) g_ptr_array_steal (slices, NULL);

  return g_steal_pointer (&info);
}

static int
compare_infos (gconstpointer a,
               gconstpointer b)
{
  const SlicesDomainInfo *ia = *(SlicesDomainInfo * const *) a;
  const SlicesDomainInfo *ib = *(SlicesDomainInfo * const *) b;

  return g_utf8_collate (ia->name, ib->name);
}

static GPtrArray *
list_domains (virConnectPtr   conn,
              const char     *uri,
              guint           lib_version,
              gboolean        demo,
              GError        **error)
{
  g_autoptr(GPtrArray) infos = NULL;
  virDomainPtr *domains = NULL;
  int n;

  n = slices_virt->virConnectListAllDomains (conn, &domains, 0);
  if (n < 0)
    {
      g_propagate_error (error, slices_libvirt_take_last_error (uri));
      return NULL;
    }

  infos = g_ptr_array_new_with_free_func ((GDestroyNotify) slices_domain_info_free);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;
      SlicesDomainInfo *info = NULL;

      if (infos != NULL)
        {
          info = read_domain_info (domains[i], uri, lib_version, demo, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              g_clear_pointer (&infos, g_ptr_array_unref);
            }
          else if (info != NULL)
            g_ptr_array_add (infos, info);
        }
      slices_virt->virDomainFree (domains[i]);
    }
  free (domains);

  if (infos != NULL)
    g_ptr_array_sort (infos, compare_infos);

  return g_steal_pointer (&infos);
}

/* The last libvirt call on @domain failed: NO_DOMAIN when it vanished meanwhile (the words
 * people act on), else libvirt's own error. */
static void
set_domain_error (const char  *domain,
                  const char  *uri,
                  GError     **error)
{
  virErrorPtr err = slices_virt->virGetLastError ();

  if (err != NULL && err->code == VIR_ERR_NO_DOMAIN)
    {
      slices_virt->virResetLastError ();
      g_set_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN,
                   _("The virtual machine “%s” no longer exists: it was removed meanwhile. "
                     "Nothing was changed; reload the list of virtual machines."),
                   domain);
    }
  else
    g_propagate_error (error, slices_libvirt_take_last_error (uri));
}

static virDomainPtr
lookup_domain (virConnectPtr   conn,
               const char     *domain,
               const char     *uri,
               GError        **error)
{
  char uuid[37];
  virDomainPtr dom;

  if (slices_uuid_normalize (domain, uuid))
    dom = slices_virt->virDomainLookupByUUIDString (conn, uuid);
  else
    dom = slices_virt->virDomainLookupByName (conn, domain);

  if (dom == NULL)
    set_domain_error (domain, uri, error);

  return dom;
}

static char *
get_secure_xml (virDomainPtr   dom,
                const char    *domain,
                const char    *uri,
                gboolean       demo,
                GError       **error)
{
  char *xml = slices_virt->virDomainGetXMLDesc (dom, SLICES_LIBVIRT_SECURE_INACTIVE);
  char *copy;

  if (xml == NULL)
    {
      set_domain_error (domain, uri, error);
      return NULL;
    }

  copy = demo ? slices_libvirt_demo_unstash_qemu (xml) : g_strdup (xml);
  free (xml);
  return copy;
}

typedef struct {
  char     *xml;
  gboolean  active;
} DefineResult;

static void
define_result_free (gpointer data)
{
  DefineResult *result = data;

  g_free (result->xml);
  g_free (result);
}

/* --- worker threads ------------------------------------------------------------------------- */

static void
list_domains_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  SlicesLibvirtCall *call = task_data;
  GError *error = NULL;
  GPtrArray *infos = list_domains (call->conn, call->uri, call->lib_version, call->demo, &error);

  if (infos == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, infos, (GDestroyNotify) g_ptr_array_unref);
}

static void
find_slice_users_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  SlicesLibvirtCall *call = task_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) infos = list_domains (call->conn, call->uri, call->lib_version,
                                             call->demo, &error);

  if (infos == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, slices_domain_infos_to_slice_users (infos),
                           (GDestroyNotify) g_hash_table_unref);
}

static void
get_xml_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SlicesLibvirtCall *call = task_data;
  GError *error = NULL;
  virDomainPtr dom;
  char *xml;

  dom = lookup_domain (call->conn, call->domain, call->uri, &error);
  if (dom == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  xml = get_secure_xml (dom, call->domain, call->uri, call->demo, &error);
  slices_virt->virDomainFree (dom);

  if (xml == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, xml, g_free);
}

static void
define_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SlicesLibvirtCall *call = task_data;
  GError *error = NULL;
  g_autofree char *current = NULL;
  g_autofree char *new_uuid = NULL;
  g_autofree char *name = NULL;
  DefineResult *result;
  virDomainPtr dom;
  virDomainPtr defined;
  char uuid[VIR_UUID_STRING_BUFLEN];

  /* Cancelled before it began: nothing is written. After this, the define runs to its end. */
  if (g_task_return_error_if_cancelled (task))
    return;

  dom = lookup_domain (call->conn, call->domain, call->uri, &error);
  if (dom == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  name = g_strdup (slices_virt->virDomainGetName (dom));
  if (slices_virt->virDomainGetUUIDString (dom, uuid) < 0)
    uuid[0] = '\0';

  /* libvirt defines whatever UUID the text names; without this check a stray definition
   * would make or replace another VM. */
  new_uuid = slices_domain_read_uuid (call->new_xml);
  if (new_uuid == NULL || g_ascii_strcasecmp (new_uuid, uuid) != 0)
    {
      slices_virt->virDomainFree (dom);
      g_task_return_new_error (task, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_INVALID_XML,
                               _("The new definition is not one of “%s” (its UUID differs). "
                                 "Nothing was changed."),
                               name);
      return;
    }

  if (call->expected_xml != NULL)
    {
      current = get_secure_xml (dom, name, call->uri, call->demo, &error);
      if (current == NULL)
        {
          slices_virt->virDomainFree (dom);
          g_task_return_error (task, error);
          return;
        }
      if (strcmp (current, call->expected_xml) != 0)
        {
          slices_virt->virDomainFree (dom);
          g_task_return_new_error (task, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED,
                                   _("The definition of “%s” was changed by another program "
                                     "since it was read. Nothing was written; read it again "
                                     "and repeat the change."),
                                   name);
          return;
        }
    }
  slices_virt->virDomainFree (dom);

  /* From here the define happens or fails; a late Cancel must not pretend it did not. Not
   * abandoned on cancel any more, and the result reported as it is: with the default check,
   * define_finish() would answer G_IO_ERROR_CANCELLED for a definition that was written.
   * (GTask allows turning the check off only once return-on-cancel is off.) */
  if (!g_task_set_return_on_cancel (task, FALSE))
    return;
  g_task_set_check_cancellable (task, FALSE);

  if (call->demo)
    {
      g_autofree char *stashed = slices_libvirt_demo_stash_qemu (call->new_xml);

      defined = slices_virt->virDomainDefineXMLFlags (call->conn, stashed,
                                                      VIR_DOMAIN_DEFINE_VALIDATE);
    }
  else
    defined = slices_virt->virDomainDefineXMLFlags (call->conn, call->new_xml,
                                                    VIR_DOMAIN_DEFINE_VALIDATE);
  if (defined == NULL)
    {
      g_task_return_error (task, slices_libvirt_take_last_error (call->uri));
      return;
    }

  result = g_new0 (DefineResult, 1);
  result->active = slices_virt->virDomainIsActive (defined) == 1;
  result->xml = get_secure_xml (defined, name, call->uri, call->demo, &error);
  slices_virt->virDomainFree (defined);

  if (result->xml == NULL)
    {
      define_result_free (result);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, define_result_free);
}

/* --- public API ----------------------------------------------------------------------------- */

void
slices_libvirt_list_domains_async (SlicesLibvirt        *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  SlicesLibvirtCall *call = NULL;

  g_return_if_fail (SLICES_IS_LIBVIRT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = slices_libvirt_new_call_task (self, slices_libvirt_list_domains_async, cancellable,
                                       callback, user_data, &call);
  if (task != NULL)
    g_task_run_in_thread (task, list_domains_thread);
}

GPtrArray *
slices_libvirt_list_domains_finish (SlicesLibvirt  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_libvirt_list_domains_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
slices_libvirt_find_slice_users_async (SlicesLibvirt        *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  SlicesLibvirtCall *call = NULL;

  g_return_if_fail (SLICES_IS_LIBVIRT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = slices_libvirt_new_call_task (self, slices_libvirt_find_slice_users_async, cancellable,
                                       callback, user_data, &call);
  if (task != NULL)
    g_task_run_in_thread (task, find_slice_users_thread);
}

GHashTable *
slices_libvirt_find_slice_users_finish (SlicesLibvirt  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result,
                                                  slices_libvirt_find_slice_users_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
slices_libvirt_get_xml_async (SlicesLibvirt        *self,
                              const char           *domain,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  SlicesLibvirtCall *call = NULL;

  g_return_if_fail (SLICES_IS_LIBVIRT (self));
  g_return_if_fail (domain != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = slices_libvirt_new_call_task (self, slices_libvirt_get_xml_async, cancellable,
                                       callback, user_data, &call);
  if (task == NULL)
    return;

  call->domain = g_strdup (domain);
  g_task_run_in_thread (task, get_xml_thread);
}

char *
slices_libvirt_get_xml_finish (SlicesLibvirt  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_libvirt_get_xml_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
slices_libvirt_define_async (SlicesLibvirt        *self,
                             const char           *domain,
                             const char           *expected_xml,
                             const char           *new_xml,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  SlicesLibvirtCall *call = NULL;

  g_return_if_fail (SLICES_IS_LIBVIRT (self));
  g_return_if_fail (domain != NULL);
  g_return_if_fail (new_xml != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = slices_libvirt_new_call_task (self, slices_libvirt_define_async, cancellable,
                                       callback, user_data, &call);
  if (task == NULL)
    return;
  /* Not a read: once started, the define runs to its end and says what it did. A definition
   * libvirt stored is reported as stored even when @cancellable fired meanwhile, or the caller
   * would believe the VM unchanged (seen in test-attach-job's cancel-late under load). */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);

  call->domain = g_strdup (domain);
  call->expected_xml = g_strdup (expected_xml);
  call->new_xml = g_strdup (new_xml);
  g_task_run_in_thread (task, define_thread);
}

char *
slices_libvirt_define_finish (SlicesLibvirt  *self,
                              GAsyncResult   *result,
                              gboolean       *needs_restart,
                              GError        **error)
{
  DefineResult *defined;
  char *xml;

  g_return_val_if_fail (SLICES_IS_LIBVIRT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, slices_libvirt_define_async), NULL);

  if (needs_restart != NULL)
    *needs_restart = FALSE;

  defined = g_task_propagate_pointer (G_TASK (result), error);
  if (defined == NULL)
    return NULL;

  if (needs_restart != NULL)
    *needs_restart = defined->active;
  xml = g_steal_pointer (&defined->xml);
  define_result_free (defined);

  return xml;
}

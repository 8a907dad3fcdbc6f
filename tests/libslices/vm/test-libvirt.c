/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesLibvirt against real libvirt without a daemon: the test:/// driver (the bundled demo
 * host, and test:///default, which every connection of this process shares, for changes made
 * "by another program" through a second connection), qemu:///embed in a temporary root for a
 * validated define of a slice with <qemu:override>, qemu:///system where no daemon runs, a
 * socket the unprivileged user may not open, and the error table. The main loop is iterated
 * until a result or a signal arrives, with a timeout; there are no sleeps.
 */

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>
#include <unistd.h>

#include "slices-libvirt.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 30
#define SLICE_UUID "4b20d080-1b54-4048-85b3-a6a62d165c01"

/* --- waiting in the main loop ------------------------------------------------------------- */

static gboolean
on_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *@done is TRUE; fails the test after @seconds. */
static void
wait_until (gboolean *done,
            guint     seconds)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (seconds, on_timeout_cb, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);
}

/* Object data is dropped at the end of finalize (weak references fire earlier, in dispose). */
static void
on_finalized_cb (gpointer data)
{
  g_atomic_int_set ((int *) data, TRUE);
  g_main_context_wakeup (NULL);
}

/* Like g_assert_finalize_object(), but a GTask worker thread may still drop its reference
 * on the source object just after the callback ran in the main context. */
static void
assert_finalized (gpointer object)
{
  int finalized = FALSE;
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_object_set_data_full (object, "test-finalized", &finalized, on_finalized_cb);
  g_object_unref (object);

  timeout_id = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout_cb, &timed_out);
  while (!g_atomic_int_get (&finalized) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_true (g_atomic_int_get (&finalized));
}

static gboolean
open_sync (SlicesLibvirt  *libvirt,
           GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_libvirt_open_async (libvirt, NULL, slices_test_store_result_cb, &slot);
  result = slices_test_wait_for_result (&slot, 120);
  return slices_libvirt_open_finish (libvirt, result, error);
}

static GPtrArray *
list_sync (SlicesLibvirt  *libvirt,
           GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_libvirt_list_domains_async (libvirt, NULL, slices_test_store_result_cb, &slot);
  result = slices_test_wait_for_result (&slot, TIMEOUT_SECONDS);
  return slices_libvirt_list_domains_finish (libvirt, result, error);
}

static GHashTable *
slice_users_sync (SlicesLibvirt  *libvirt,
                  GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_libvirt_find_slice_users_async (libvirt, NULL, slices_test_store_result_cb, &slot);
  result = slices_test_wait_for_result (&slot, TIMEOUT_SECONDS);
  return slices_libvirt_find_slice_users_finish (libvirt, result, error);
}

static char *
get_xml_sync (SlicesLibvirt  *libvirt,
              const char     *domain,
              GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_libvirt_get_xml_async (libvirt, domain, NULL, slices_test_store_result_cb, &slot);
  result = slices_test_wait_for_result (&slot, TIMEOUT_SECONDS);
  return slices_libvirt_get_xml_finish (libvirt, result, error);
}

static char *
define_sync (SlicesLibvirt  *libvirt,
             const char     *domain,
             const char     *expected_xml,
             const char     *new_xml,
             gboolean       *needs_restart,
             GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_libvirt_define_async (libvirt, domain, expected_xml, new_xml, NULL,
                               slices_test_store_result_cb, &slot);
  result = slices_test_wait_for_result (&slot, 120);
  return slices_libvirt_define_finish (libvirt, result, needs_restart, error);
}

static void
on_domains_changed_cb (SlicesLibvirt *libvirt,
                       gpointer       data)
{
  *(gboolean *) data = TRUE;
}

/* @xml with a slice (mdev hostdev) added at the end of <devices>. */
static char *
add_slice (const char *xml,
           const char *uuid)
{
  g_autoptr(GString) text = g_string_new (xml);
  g_autofree char *hostdev = NULL;
  const char *end = strstr (xml, "</devices>");

  g_assert_nonnull (end);
  hostdev = g_strdup_printf ("<hostdev mode='subsystem' type='mdev' model='vfio-pci'>"
                             "<source><address uuid='%s'/></source></hostdev>", uuid);
  g_string_insert (text, end - xml, hostdev);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
add_description (const char *xml,
                 const char *description)
{
  g_autoptr(GString) text = g_string_new (xml);
  g_autofree char *element = g_strdup_printf ("<description>%s</description>", description);
  const char *end = strstr (xml, "</uuid>");

  g_assert_nonnull (end);
  g_string_insert (text, end - xml + strlen ("</uuid>"), element);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const SlicesDomainInfo *
find_info (GPtrArray  *infos,
           const char *name)
{
  for (guint i = 0; i < infos->len; i++)
    {
      const SlicesDomainInfo *info = g_ptr_array_index (infos, i);

      if (g_str_equal (info->name, name))
        return info;
    }

  return NULL;
}

/* --- test:///default: a second connection plays "another program" ------------------------- */

typedef struct {
  SlicesLibvirt *libvirt;
  virConnectPtr  other;
} Shared;

#define SHARED_DOMAIN_XML \
  "<domain type='test'><name>%s</name><uuid>%s</uuid><memory>131072</memory>" \
  "<os><type arch='x86_64'>hvm</type></os>" \
  "<devices><graphics type='vnc' port='-1' passwd='s3cret'/></devices></domain>"

static void
shared_set_up (Shared        *shared,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  shared->libvirt = slices_libvirt_new ("test:///default");
  g_assert_true (open_sync (shared->libvirt, &error));
  g_assert_no_error (error);

  shared->other = virConnectOpen ("test:///default");
  g_assert_nonnull (shared->other);
}

static void
shared_tear_down (Shared        *shared,
                  gconstpointer  data)
{
  virConnectClose (shared->other);
  assert_finalized (shared->libvirt);
}

static virDomainPtr
define_other (Shared     *shared,
              const char *name)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *xml = g_strdup_printf (SHARED_DOMAIN_XML, name, uuid);
  virDomainPtr dom = virDomainDefineXML (shared->other, xml);

  g_assert_nonnull (dom);
  return dom;
}

static void
test_changed (Shared        *shared,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  virDomainPtr dom = define_other (shared, "race");
  g_autofree char *xml = get_xml_sync (shared->libvirt, "race", &error);
  g_autofree char *attached = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *result = NULL;
  g_autofree char *now = NULL;
  char *stored;

  g_assert_no_error (error);
  /* VIR_DOMAIN_XML_SECURE: the VNC password survives a redefine. */
  g_assert_nonnull (strstr (xml, "s3cret"));
  attached = add_slice (xml, SLICE_UUID);

  /* virsh edit, between our read and our define. */
  theirs = add_description (xml, "edited elsewhere");
  virDomainFree (virDomainDefineXML (shared->other, theirs));

  result = define_sync (shared->libvirt, "race", xml, attached, NULL, &error);
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED);
  g_assert_null (result);
  g_assert_nonnull (strstr (error->message, "race"));
  g_clear_error (&error);

  /* Nothing was written: their change is there, our slice is not. */
  stored = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (strstr (stored, "edited elsewhere"));
  g_assert_null (strstr (stored, SLICE_UUID));
  free (stored);

  /* The caller reads again and recomputes: now it goes through, by UUID as well. */
  now = get_xml_sync (shared->libvirt, "race", &error);
  g_assert_no_error (error);
  g_clear_pointer (&attached, g_free);
  attached = add_slice (now, SLICE_UUID);
  {
    char uuid[VIR_UUID_STRING_BUFLEN];

    g_assert_cmpint (virDomainGetUUIDString (dom, uuid), ==, 0);
    result = define_sync (shared->libvirt, uuid, now, attached, NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result, SLICE_UUID));
  g_assert_nonnull (strstr (result, "edited elsewhere"));

  virDomainUndefine (dom);
  virDomainFree (dom);
}

static void
test_vanished (Shared        *shared,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  virDomainPtr dom = define_other (shared, "vanishing");
  g_autofree char *xml = get_xml_sync (shared->libvirt, "vanishing", &error);
  g_autofree char *attached = NULL;
  g_autofree char *result = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  virDomainPtr gone;

  g_assert_no_error (error);
  attached = add_slice (xml, SLICE_UUID);

  /* virsh undefine, while the wizard shows its review page. */
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);

  result = define_sync (shared->libvirt, "vanishing", xml, attached, NULL, &error);
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN);
  g_assert_nonnull (strstr (error->message, "vanishing"));
  g_assert_null (result);
  g_clear_error (&error);

  /* It was not brought back by our define. */
  gone = virDomainLookupByName (shared->other, "vanishing");
  g_assert_null (gone);
  infos = list_sync (shared->libvirt, &error);
  g_assert_no_error (error);
  g_assert_null (find_info (infos, "vanishing"));

  g_clear_pointer (&xml, g_free);
  xml = get_xml_sync (shared->libvirt, "vanishing", &error);
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN);
  g_assert_null (xml);
}

static void
test_events_from_others (Shared        *shared,
                         gconstpointer  data)
{
  gboolean changed = FALSE;
  virDomainPtr dom;
  gulong handler;

  handler = g_signal_connect (shared->libvirt, "domains-changed",
                              G_CALLBACK (on_domains_changed_cb), &changed);

  dom = define_other (shared, "lifecycle");
  wait_until (&changed, TIMEOUT_SECONDS);

  changed = FALSE;
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  wait_until (&changed, TIMEOUT_SECONDS);

  changed = FALSE;
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  wait_until (&changed, TIMEOUT_SECONDS);

  changed = FALSE;
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  wait_until (&changed, TIMEOUT_SECONDS);
  virDomainFree (dom);

  g_signal_handler_disconnect (shared->libvirt, handler);
}

static void
test_running_vm_flag (Shared        *shared,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  virDomainPtr dom = define_other (shared, "busy");
  g_autofree char *xml = NULL;
  g_autofree char *attached = NULL;
  g_autofree char *result = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GHashTable) users = NULL;
  const SlicesDomainInfo *info;
  gboolean needs_restart = FALSE;

  g_assert_cmpint (virDomainCreate (dom), ==, 0);

  xml = get_xml_sync (shared->libvirt, "busy", &error);
  g_assert_no_error (error);
  attached = add_slice (xml, SLICE_UUID);

  /* Not an error: the change waits for a cold boot, and the caller is told so. */
  result = define_sync (shared->libvirt, "busy", xml, attached, &needs_restart, &error);
  g_assert_no_error (error);
  g_assert_true (needs_restart);

  infos = list_sync (shared->libvirt, &error);
  g_assert_no_error (error);
  info = find_info (infos, "busy");
  g_assert_nonnull (info);
  g_assert_cmpint (info->state, ==, SLICES_DOMAIN_STATE_RUNNING);
  g_assert_true (info->active);
  /* The slice is in the next definition only, and still counts as this VM's. */
  g_assert_true (g_strv_contains ((const char * const *) info->slices, SLICE_UUID));

  users = slice_users_sync (shared->libvirt, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (users, SLICE_UUID), ==, "busy");

  virDomainDestroy (dom);
  virDomainUndefine (dom);
  virDomainFree (dom);
}

static void
test_wrong_uuid (Shared        *shared,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  virDomainPtr dom = define_other (shared, "mine");
  g_autofree char *xml = get_xml_sync (shared->libvirt, "mine", &error);
  g_autofree char *other_uuid = g_uuid_string_random ();
  g_autofree char *foreign = g_strdup_printf (SHARED_DOMAIN_XML, "mine", other_uuid);
  g_autofree char *result = NULL;

  g_assert_no_error (error);

  /* A definition for another UUID would make a second VM: refused before libvirt sees it. */
  result = define_sync (shared->libvirt, "mine", xml, foreign, NULL, &error);
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_INVALID_XML);
  g_assert_null (result);

  virDomainUndefine (dom);
  virDomainFree (dom);
}

/* --- the demo host ------------------------------------------------------------------------- */

static void
test_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesLibvirt) libvirt = slices_libvirt_new_demo (&error);
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GHashTable) users = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *attached = NULL;
  g_autofree char *stored = NULL;
  const SlicesDomainInfo *info;
  g_autofree char *fd_path = NULL;
  g_autofree char *target = NULL;
  const char *names[] = { "debian-build", "fedora-workstation", "gvt-legacy", "ubuntu-server",
                          "win10" };
  gboolean needs_restart = TRUE;
  gboolean changed = FALSE;

  g_assert_no_error (error);
  g_assert_true (slices_libvirt_is_demo (libvirt));
  g_assert_true (g_str_has_prefix (slices_libvirt_get_uri (libvirt), "test:///"));
  /* Nothing on disk: the host is an anonymous file of this process. */
  g_assert_true (g_str_has_prefix (slices_libvirt_get_uri (libvirt), "test:///proc/self/fd/"));

  g_assert_false (slices_libvirt_is_open (libvirt));
  g_assert_cmpuint (slices_libvirt_get_lib_version (libvirt), ==, 0);
  g_assert_true (open_sync (libvirt, &error));
  g_assert_no_error (error);
  g_assert_true (slices_libvirt_is_open (libvirt));
  g_assert_cmpuint (slices_libvirt_get_lib_version (libvirt), >=, 4006000);
  /* Opening again is harmless. */
  g_assert_true (open_sync (libvirt, &error));

  infos = list_sync (libvirt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (infos->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (((SlicesDomainInfo *) g_ptr_array_index (infos, i))->name, ==, names[i]);

  info = find_info (infos, "win10");
  g_assert_cmpint (info->state, ==, SLICES_DOMAIN_STATE_RUNNING);
  g_assert_true (info->active);
  g_assert_true (info->persistent);
  g_assert_cmpstr (info->os_id, ==, "http://microsoft.com/win/10");
  g_assert_cmpstr (info->os_name, ==, "Windows 10");
  g_assert_cmpstr (info->title, ==, "Windows 10");
  g_assert_cmpstr (slices_domain_state_to_string (info->state), ==, "Running");
  g_assert_cmpuint (g_strv_length (info->slices), ==, 0);

  info = find_info (infos, "fedora-workstation");
  g_assert_cmpint (info->state, ==, SLICES_DOMAIN_STATE_SHUT_OFF);
  g_assert_false (info->active);
  g_assert_cmpstr (info->os_name, ==, "Fedora 38");
  g_assert_cmpstr (info->uuid, ==, "8d2e4f61-1b3a-4c7d-b5e9-2a6f0c9d4e21");
  g_assert_cmpstr (find_info (infos, "ubuntu-server")->os_name, ==, "Ubuntu 22.04");
  g_assert_cmpstr (find_info (infos, "debian-build")->os_name, ==, "Debian 12");
  g_assert_cmpint (find_info (infos, "debian-build")->recipe, ==, SLICES_RECIPE_OK);
  /* The demo's VM with the old recipe: test:/// keeps no <qemu:*>, the demo host does. */
  info = find_info (infos, "gvt-legacy");
  g_assert_cmpint (info->recipe, ==, SLICES_RECIPE_BROKEN);
  g_assert_nonnull (strstr (info->recipe_problem, "-set device.hostdev0.x-igd-opregion=on"));

  /* Attach to the shut-off VM: no restart needed; the list updates by itself. */
  g_signal_connect (libvirt, "domains-changed", G_CALLBACK (on_domains_changed_cb), &changed);
  xml = get_xml_sync (libvirt, "fedora-workstation", &error);
  g_assert_no_error (error);
  attached = add_slice (xml, SLICE_UUID);
  stored = define_sync (libvirt, "fedora-workstation", xml, attached, &needs_restart, &error);
  g_assert_no_error (error);
  g_assert_false (needs_restart);
  g_assert_nonnull (strstr (stored, SLICE_UUID));
  wait_until (&changed, TIMEOUT_SECONDS);

  /* The main window's "used by" column. */
  users = slice_users_sync (libvirt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (users), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (users, SLICE_UUID), ==, "fedora-workstation");
  g_assert_cmpstr (g_hash_table_lookup (users, "0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f"), ==,
                   "gvt-legacy");

  /* Undo: the stored definition is the expected one for the way back. */
  {
    g_autofree char *restored = define_sync (libvirt, "fedora-workstation", stored, xml,
                                             &needs_restart, &error);

    g_assert_no_error (error);
    g_assert_null (strstr (restored, SLICE_UUID));
  }

  /* The SPICE password of win10 comes back with the secure flag. */
  g_clear_pointer (&xml, g_free);
  xml = get_xml_sync (libvirt, "win10", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "passwd='demo-password'"));

  fd_path = g_strdup (slices_libvirt_get_uri (libvirt) + strlen ("test://"));
  assert_finalized (g_steal_pointer (&libvirt));
  /* The private copy of the demo host is gone: its descriptor closed (or reused for another
   * file). */
  target = g_file_read_link (fd_path, NULL);
  g_assert_true (target == NULL || strstr (target, "gpu-slices-demo-host") == NULL);
}

static void
test_not_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesLibvirt) libvirt = slices_libvirt_new ("test:///default");
  g_autoptr(GPtrArray) infos = list_sync (libvirt, &error);

  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_OPEN);
  g_assert_null (infos);
}

static void
test_cancel_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesLibvirt) libvirt = slices_libvirt_new ("test:///default");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  g_cancellable_cancel (cancellable);
  slices_libvirt_open_async (libvirt, cancellable, slices_test_store_result_cb, &slot);
  result = slices_test_wait_for_result (&slot, TIMEOUT_SECONDS);
  g_assert_false (slices_libvirt_open_finish (libvirt, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (slices_libvirt_is_open (libvirt));
}

/* --- errors for people --------------------------------------------------------------------- */

static void
test_invalid_uri (void)
{
  const char *uris[] = { "not a uri", "bogus:///x", "qemu://[bad/system", "/var/run/x.sock" };

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlicesLibvirt) libvirt = slices_libvirt_new (uris[i]);

      g_test_message ("URI %s", uris[i]);
      g_assert_false (open_sync (libvirt, &error));
      g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_INVALID_URI);
      g_assert_nonnull (strstr (error->message, "qemu:///system"));
    }
}

static gboolean
daemon_socket_exists (void)
{
  const char *sockets[] = {
    "/run/libvirt/libvirt-sock", "/run/libvirt/virtqemud-sock",
    "/var/run/libvirt/libvirt-sock", "/var/run/libvirt/virtqemud-sock",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sockets); i++)
    if (g_file_test (sockets[i], G_FILE_TEST_EXISTS))
      return TRUE;

  return FALSE;
}

static void
test_no_daemon (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesLibvirt) libvirt = NULL;

  /* Never talk to a real host's daemon. */
  if (daemon_socket_exists ())
    {
      g_test_skip ("a libvirt daemon socket exists on this machine");
      return;
    }

  libvirt = slices_libvirt_new (NULL);
  g_assert_cmpstr (slices_libvirt_get_uri (libvirt), ==, "qemu:///system");
  g_assert_false (open_sync (libvirt, &error));
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_RUNNING);
  g_assert_nonnull (strstr (error->message, "sudo systemctl start libvirtd"));
  g_assert_nonnull (strstr (error->message, "virtqemud"));
}

/* The unprivileged side: a daemon socket in a folder the user may not enter, exactly what a
 * user outside the libvirt group meets. Root bypasses permissions, so the check runs in a
 * subprocess that drops to nobody. */
/* Known to the subprocess without the environment (setenv is unsafe once threads run). */
static char *
socket_test_dir (pid_t parent)
{
  g_autofree char *name = g_strdup_printf ("test-libvirt-socket-%d", (int) parent);

  return g_build_filename (slices_test_public_tmp_dir (), name, NULL);
}

static void
test_permission_denied (void)
{
  g_autofree char *dir = socket_test_dir (getpid ());
  g_autofree char *socket_dir = g_build_filename (dir, "private", NULL);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (socket_dir, 0700), ==, 0);
  if (geteuid () != 0)
    g_assert_cmpint (g_chmod (socket_dir, 0), ==, 0);
  else
    g_assert_cmpint (g_chmod (dir, 0755), ==, 0);

  g_test_trap_subprocess ("/slices/libvirt/permission-denied/subprocess", 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  g_chmod (socket_dir, 0700);
  g_rmdir (socket_dir);
  g_rmdir (dir);
}

static void
test_permission_denied_subprocess (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesLibvirt) libvirt = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;

  if (!g_test_subprocess ())
    {
      g_test_skip ("runs only as the subprocess of /slices/libvirt/permission-denied");
      return;
    }

  if (geteuid () == 0)
    {
      SlicesTestUser nobody;

      g_assert_true (slices_test_lookup_nobody (&nobody));
      g_assert_true (slices_test_become (&nobody));
    }

  dir = socket_test_dir (getppid ());
  uri = g_strdup_printf ("qemu+unix:///system?socket=%s/private/libvirt-sock", dir);
  libvirt = slices_libvirt_new (uri);
  g_assert_false (open_sync (libvirt, &error));
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "sudo usermod -aG libvirt $USER"));
  g_assert_nonnull (strstr (error->message, "log out"));
}

static void
test_error_table (void)
{
  const struct {
    int code;
    int domain;
    int sys_errno;
    const char *message;
    const char *uri;
    int expected;
    const char *says;
  } rows[] = {
    { VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, ENOENT,
      "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory",
      "qemu:///system", SLICES_LIBVIRT_ERROR_NOT_RUNNING, "systemctl start libvirtd" },
    { VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, ECONNREFUSED,
      "Failed to connect socket to '/var/run/libvirt/virtqemud-sock': Connection refused",
      "qemu:///system", SLICES_LIBVIRT_ERROR_NOT_RUNNING, "virtqemud" },
    { VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, ECONNREFUSED, "Connection refused",
      "qemu+tcp://vmhost.example/system", SLICES_LIBVIRT_ERROR_NOT_RUNNING, "vmhost.example" },
    { VIR_ERR_NO_CONNECT, VIR_FROM_NONE, 0, "no connection to qemu:///system",
      "qemu:///system", SLICES_LIBVIRT_ERROR_NOT_RUNNING, "systemctl" },
    { VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, EACCES,
      "Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied",
      "qemu:///system", SLICES_LIBVIRT_ERROR_PERMISSION_DENIED, "usermod -aG libvirt" },
    { VIR_ERR_AUTH_FAILED, VIR_FROM_AUTH, 0, "authentication failed: access denied by policy",
      "qemu:///system", SLICES_LIBVIRT_ERROR_PERMISSION_DENIED, "polkit" },
    { VIR_ERR_AUTH_UNAVAILABLE, VIR_FROM_AUTH, 0,
      "authentication unavailable: no polkit agent available to authenticate action "
      "'org.libvirt.unix.manage'",
      "qemu:///system", SLICES_LIBVIRT_ERROR_PERMISSION_DENIED, "log out" },
    { VIR_ERR_ACCESS_DENIED, VIR_FROM_ACCESS, 0, "access denied", "qemu:///system",
      SLICES_LIBVIRT_ERROR_PERMISSION_DENIED, "libvirt group" },
    { VIR_ERR_NO_CONNECT, VIR_FROM_NONE, 0, "no connection driver available for foo:///x",
      "foo:///x", SLICES_LIBVIRT_ERROR_INVALID_URI, "foo:///x" },
    { VIR_ERR_INTERNAL_ERROR, VIR_FROM_URI, 0, "internal error: Unable to parse URI x",
      "x", SLICES_LIBVIRT_ERROR_INVALID_URI, "qemu+ssh://" },
    { VIR_ERR_NO_DOMAIN, VIR_FROM_QEMU, 0, "Domain not found", "qemu:///system",
      SLICES_LIBVIRT_ERROR_NO_DOMAIN, "no longer exists" },
    { VIR_ERR_XML_INVALID_SCHEMA, VIR_FROM_DOMAIN, 0,
      "Element domain has extra content: qemu:commandline", "qemu:///system",
      SLICES_LIBVIRT_ERROR_INVALID_XML, "extra content" },
    { VIR_ERR_OPERATION_FAILED, VIR_FROM_QEMU, 0, "something odd happened", "qemu:///system",
      SLICES_LIBVIRT_ERROR_FAILED, "something odd happened" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = slices_libvirt_error_new (rows[i].code, rows[i].domain,
                                                          rows[i].sys_errno, rows[i].message,
                                                          rows[i].uri);

      g_test_message ("row %u: %s", i, error->message);
      g_assert_error (error, SLICES_LIBVIRT_ERROR, rows[i].expected);
      g_assert_nonnull (strstr (error->message, rows[i].says));
    }
}

/* What Check Setup shows for a connection, in the app and in `slicectl doctor --connect`. */
static void
test_state_from_error (void)
{
  const struct {
    int                code;
    int                domain;
    int                sys_errno;
    const char        *message;
    SlicesLibvirtState expected;
  } rows[] = {
    { VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, EACCES, "Permission denied",
      SLICES_LIBVIRT_STATE_DENIED },
    { VIR_ERR_AUTH_UNAVAILABLE, VIR_FROM_AUTH, 0, "no polkit agent available",
      SLICES_LIBVIRT_STATE_DENIED },
    { VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, ENOENT, "No such file or directory",
      SLICES_LIBVIRT_STATE_UNREACHABLE },
    { VIR_ERR_NO_CONNECT, VIR_FROM_NONE, 0, "no connection driver available for foo:///x",
      SLICES_LIBVIRT_STATE_UNREACHABLE },
    { VIR_ERR_OPERATION_FAILED, VIR_FROM_QEMU, 0, "something odd happened",
      SLICES_LIBVIRT_STATE_UNREACHABLE },
  };
  g_autoptr(GError) timeout = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "late");

  g_assert_cmpint (slices_libvirt_state_from_error (NULL), ==, SLICES_LIBVIRT_STATE_OK);
  /* Not libvirt's answer at all (the doctor's timeout cancels the open): nothing answered. */
  g_assert_cmpint (slices_libvirt_state_from_error (timeout), ==,
                   SLICES_LIBVIRT_STATE_UNREACHABLE);
  /* libvirt itself missing (slices-virt.c could not load it). */
  {
    g_autoptr(GError) missing = g_error_new_literal (SLICES_LIBVIRT_ERROR,
                                                     SLICES_LIBVIRT_ERROR_NOT_INSTALLED, "gone");

    g_assert_cmpint (slices_libvirt_state_from_error (missing), ==,
                     SLICES_LIBVIRT_STATE_MISSING);
  }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = slices_libvirt_error_new (rows[i].code, rows[i].domain,
                                                          rows[i].sys_errno, rows[i].message,
                                                          "qemu:///system");

      g_test_message ("row %u: %s", i, error->message);
      g_assert_cmpint (slices_libvirt_state_from_error (error), ==, rows[i].expected);
    }
}

static void
test_os_names (void)
{
  const struct {
    const char *id;
    const char *name;
  } rows[] = {
    { "http://microsoft.com/win/11", "Windows 11" },
    { "http://fedoraproject.org/fedora/39", "Fedora 39" },
    { "http://opensuse.org/opensuse/tumbleweed", "openSUSE Tumbleweed" },
    { "http://archlinux.org/archlinux/rolling", "Arch Linux" },
    { "http://example.com/someos/1", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *name = slices_libvirt_os_name_from_id (rows[i].id);

      g_assert_cmpstr (name, ==, rows[i].name);
    }
}

/* --- qemu:///embed: the QEMU driver's validation of a slice with <qemu:override> ---------- */

static const char *embed_base_xml =
  "<domain type='qemu'><name>gvt-guest</name><uuid>6a0f2b6e-8a4e-4f43-9b59-2f5c3e1d7a10</uuid>"
  "<memory unit='MiB'>512</memory><os><type arch='x86_64' machine='q35'>hvm</type></os>"
  "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator>"
  "<graphics type='vnc' port='-1' passwd='vncpass1'/><video><model type='vga'/></video>"
  "</devices></domain>";

#define EMBED_ATTACHED_XML \
  "<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>" \
  "<name>gvt-guest</name><uuid>6a0f2b6e-8a4e-4f43-9b59-2f5c3e1d7a10</uuid>" \
  "<memory unit='MiB'>512</memory><os><type arch='x86_64' machine='q35'>hvm</type></os>" \
  "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator>" \
  "<graphics type='spice'><listen type='none'/>" \
  "<gl enable='yes' rendernode='/dev/dri/renderD128'/></graphics>" \
  "<video><model type='none'/></video>" \
  "<hostdev mode='subsystem' type='mdev' model='vfio-pci' display='on' ramfb='on'>" \
  "<source><address uuid='" SLICE_UUID "'/></source>" \
  "<alias name='ua-gpu-slices-4b20d080'/></hostdev></devices>" \
  "%s" \
  "</domain>"

static const char *embed_override =
  "<qemu:override><qemu:device alias='ua-gpu-slices-4b20d080'><qemu:frontend>"
  "<qemu:property name='x-igd-opregion' type='bool' value='true'/>"
  "<qemu:property name='xres' type='unsigned' value='1920'/>"
  "<qemu:property name='yres' type='unsigned' value='1080'/>"
  "</qemu:frontend></qemu:device></qemu:override>";

static void
test_embed_define (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *etc = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *attached = NULL;
  g_autofree char *unbound = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(SlicesLibvirt) libvirt = NULL;
  g_autoptr(GHashTable) users = NULL;
  gboolean needs_restart = TRUE;
  virConnectPtr other;
  virDomainPtr dom;

  if (!g_file_test ("/usr/bin/qemu-system-x86_64", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("qemu-system-x86_64 is not installed");
      return;
    }

  root = g_dir_make_tmp ("test-libvirt-embed-XXXXXX", &error);
  g_assert_no_error (error);
  etc = g_build_filename (root, "etc", NULL);
  g_assert_cmpint (g_mkdir (etc, 0755), ==, 0);
  if (geteuid () == 0)
    {
      /* CI containers may lack the libvirt-qemu user (FACTS.md §6). */
      conf = g_build_filename (etc, "qemu.conf", NULL);
      g_file_set_contents (conf, "user = \"root\"\ngroup = \"root\"\n", -1, &error);
      g_assert_no_error (error);
    }
  uri = g_strdup_printf ("qemu:///embed?root=%s", root);

  /* The VM exists before the wizard runs. */
  other = virConnectOpen (uri);
  g_assert_nonnull (other);
  dom = virDomainDefineXML (other, embed_base_xml);
  if (dom == NULL)
    g_test_message ("libvirt: %s", virGetLastErrorMessage ());
  g_assert_nonnull (dom);

  libvirt = slices_libvirt_new (uri);
  g_assert_true (open_sync (libvirt, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (slices_libvirt_get_lib_version (libvirt), >=, 8002000);

  xml = get_xml_sync (libvirt, "gvt-guest", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "vncpass1"));

  /* Without xmlns:qemu the validated define refuses instead of silently dropping it. */
  unbound = g_strdup_printf (EMBED_ATTACHED_XML, embed_override);
  {
    char *ns = strstr (unbound, " xmlns:qemu=");
    char *end = strchr (ns + 1, '>');

    memmove (ns, end, strlen (end) + 1);
  }
  stored = define_sync (libvirt, "gvt-guest", xml, unbound, NULL, &error);
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_INVALID_XML);
  g_assert_null (stored);
  g_clear_error (&error);

  attached = g_strdup_printf (EMBED_ATTACHED_XML, embed_override);
  stored = define_sync (libvirt, "gvt-guest", xml, attached, &needs_restart, &error);
  g_assert_no_error (error);
  g_assert_false (needs_restart);
  g_assert_nonnull (strstr (stored, "<qemu:override>"));
  g_assert_nonnull (strstr (stored, "x-igd-opregion"));
  g_assert_nonnull (strstr (stored, "ramfb='on'"));
  g_assert_nonnull (strstr (stored, SLICE_UUID));

  users = slice_users_sync (libvirt, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (users, SLICE_UUID), ==, "gvt-guest");

  virDomainUndefine (dom);
  virDomainFree (dom);
  virConnectClose (other);
  assert_finalized (g_steal_pointer (&libvirt));
  slices_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* Before this process's own virConnectOpen() calls below. */
  g_assert_true (slices_libvirt_init_events (NULL));

  g_test_add_func ("/slices/libvirt/demo", test_demo);
  g_test_add_func ("/slices/libvirt/not-open", test_not_open);
  g_test_add_func ("/slices/libvirt/cancel-open", test_cancel_open);
  g_test_add ("/slices/libvirt/changed", Shared, NULL,
              shared_set_up, test_changed, shared_tear_down);
  g_test_add ("/slices/libvirt/vanished", Shared, NULL,
              shared_set_up, test_vanished, shared_tear_down);
  g_test_add ("/slices/libvirt/events-from-others", Shared, NULL,
              shared_set_up, test_events_from_others, shared_tear_down);
  g_test_add ("/slices/libvirt/running-vm", Shared, NULL,
              shared_set_up, test_running_vm_flag, shared_tear_down);
  g_test_add ("/slices/libvirt/wrong-uuid", Shared, NULL,
              shared_set_up, test_wrong_uuid, shared_tear_down);
  g_test_add_func ("/slices/libvirt/invalid-uri", test_invalid_uri);
  g_test_add_func ("/slices/libvirt/no-daemon", test_no_daemon);
  g_test_add_func ("/slices/libvirt/permission-denied", test_permission_denied);
  g_test_add_func ("/slices/libvirt/permission-denied/subprocess",
                   test_permission_denied_subprocess);
  g_test_add_func ("/slices/libvirt/error-table", test_error_table);
  g_test_add_func ("/slices/libvirt/state-from-error", test_state_from_error);
  g_test_add_func ("/slices/libvirt/os-names", test_os_names);
  g_test_add_func ("/slices/libvirt/embed-define", test_embed_define);

  return g_test_run ();
}

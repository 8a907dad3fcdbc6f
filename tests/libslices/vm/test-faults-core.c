/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Faults in the core, without a window: the simulated kernel's EINVAL, EEXIST and ENOSPC and a
 * vanished slice when a second SlicesSimulator (another app instance) works on the same tree,
 * each failing with a typed error in words and leaving the tree as it was, with a SlicesHost
 * on that tree matching it after a refresh; and a libvirt connection whose daemon goes away in
 * the middle: a private, unprivileged libvirtd (session mode, in a temporary folder, serving
 * the test:///default driver) is killed under an open SlicesLibvirt, whose next calls fail
 * with a clear error, and which opens again once a daemon is back. No sleeps: the main loop is
 * iterated until a condition holds, with a timeout.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <libvirt/virterror.h>

#include "slices-backend.h"
#include "slices-error.h"
#include "slices-gpu.h"
#include "slices-host.h"
#include "slices-libvirt.h"
#include "slices-simulator.h"
#include "slices-slice.h"
#include "slices-slice-type.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 20
#define GPU_ADDR "0000:00:02.0"
#define UUID_A "1a2b3c4d-0000-4000-8000-00000000000a"
#define UUID_B "1a2b3c4d-0000-4000-8000-00000000000b"

/* --- waiting in the main loop -------------------------------------------------------------- */

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
on_ready_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  g_assert_true (slices_test_wait_until (result_arrived, slot, TIMEOUT_SECONDS));
  return g_steal_pointer (slot);
}

/* --- the tree as it is on disk ------------------------------------------------------------- */

/* The host's slices equal the slices on disk (ROOT/bus/mdev/devices). */
static void
assert_host_matches_tree (SlicesHost *host,
                          const char *root)
{
  g_autofree char *bus = g_build_filename (root, "bus", "mdev", "devices", NULL);
  g_autoptr(GDir) dir = g_dir_open (bus, 0, NULL);
  SlicesGpu *gpu = slices_host_find_gpu (host, GPU_ADDR);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  g_assert_nonnull (gpu);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_nonnull (slices_host_find_slice (host, name));
      n++;
    }
  g_assert_cmpuint (g_list_model_get_n_items (slices_gpu_get_slices (gpu)), ==, n);
}

static gboolean
backend_create (SlicesBackend  *backend,
                const char     *type_id,
                const char     *uuid,
                GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_backend_create_async (backend, GPU_ADDR, type_id, uuid, NULL, on_ready_cb, &slot);
  result = wait_for_result (&slot);
  return slices_backend_create_finish (backend, result, error);
}

static gboolean
backend_remove (SlicesBackend  *backend,
                const char     *uuid,
                GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_backend_remove_async (backend, uuid, NULL, on_ready_cb, &slot);
  result = wait_for_result (&slot);
  return slices_backend_remove_finish (backend, result, error);
}

/* --- the simulated kernel, two instances on one tree --------------------------------------- */

typedef struct {
  SlicesSimulator *mine;
  SlicesSimulator *other;
  SlicesHost *host;
  const char *root;
} Twin;

static void
twin_set_up (Twin          *twin,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  twin->mine = slices_simulator_new_demo (&error);
  g_assert_no_error (error);
  twin->root = slices_simulator_get_root (twin->mine);
  twin->other = slices_simulator_open (twin->root, &error);
  g_assert_no_error (error);
  twin->host = slices_host_new (twin->root);
  slices_host_watch_notifier (twin->host, SLICES_NOTIFIER (twin->mine));
  g_assert_true (slices_host_refresh (twin->host, &error));
  g_assert_no_error (error);
}

static void
twin_tear_down (Twin          *twin,
                gconstpointer  data)
{
  g_assert_finalize_object (twin->host);
  g_assert_finalize_object (twin->other);
  g_assert_finalize_object (twin->mine);
}

/* EINVAL, EEXIST and ENOSPC at the kernel's file and through the backend: typed errors with
 * words, and a failed write changes nothing on disk. */
static void
test_kernel_errnos (Twin          *twin,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* The other instance takes a UUID. */
  g_assert_cmpint (slices_simulator_write_create (twin->other, GPU_ADDR, "i915-GVTg_V5_4",
                                                  UUID_A, 36), ==, 0);
  before = slices_test_snapshot (twin->root);

  /* EINVAL */
  g_assert_cmpint (slices_simulator_write_create (twin->mine, GPU_ADDR, "i915-GVTg_V5_4",
                                                  "1a2b3c4d-nope", 13), ==, EINVAL);
  g_assert_false (backend_create (SLICES_BACKEND (twin->mine), "i915-GVTg_V5_4",
                                  "1a2b3c4d-0000-4000-8000-00000000zzzz", &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID);
  g_assert_nonnull (strstr (error->message, "not a valid UUID"));
  g_clear_error (&error);

  /* EEXIST: mine never saw that UUID, the kernel (the tree) did. */
  g_assert_cmpint (slices_simulator_write_create (twin->mine, GPU_ADDR, "i915-GVTg_V5_8",
                                                  UUID_A, 36), ==, EEXIST);
  g_assert_false (backend_create (SLICES_BACKEND (twin->mine), "i915-GVTg_V5_8", UUID_A,
                                  &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UUID_EXISTS);
  g_assert_nonnull (strstr (error->message, UUID_A));
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);

  after = slices_test_snapshot (twin->root);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);

  /* ENOSPC: the other instance fills the GPU with four more. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      g_assert_cmpint (slices_simulator_write_create (twin->other, GPU_ADDR, "i915-GVTg_V5_4",
                                                      uuid, 36), ==, 0);
    }
  before = slices_test_snapshot (twin->root);
  g_assert_false (backend_create (SLICES_BACKEND (twin->mine), "i915-GVTg_V5_4", UUID_B,
                                  &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_NO_ROOM);
  g_assert_nonnull (strstr (error->message, "No room for another GVTg_V5_4 slice on " GPU_ADDR));
  g_assert_nonnull (strstr (error->message, "5 slices"));
  g_clear_error (&error);
  after = slices_test_snapshot (twin->root);
  g_assert_cmpstr (after, ==, before);

  /* The model sees the other instance's slices once it looks. */
  g_assert_true (slices_host_refresh (twin->host, &error));
  g_assert_no_error (error);
  assert_host_matches_tree (twin->host, twin->root);
  g_assert_cmpint (slices_slice_type_get_available (
                     slices_gpu_find_type (slices_host_find_gpu (twin->host, GPU_ADDR),
                                           "i915-GVTg_V5_4")), ==, 0);
}

static gboolean
host_changed (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_host_changed_cb (SlicesHost *host,
                    gpointer    data)
{
  *(gboolean *) data = TRUE;
}

/* A slice removed by the other instance: removing it again is UNKNOWN_SLICE in words, the
 * next write of this instance refreshes the model, and the model matches the tree. */
static void
test_vanished_slice (Twin          *twin,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  g_assert_true (backend_create (SLICES_BACKEND (twin->mine), "i915-GVTg_V5_4", UUID_A,
                                 &error));
  g_assert_no_error (error);
  g_assert_nonnull (slices_host_find_slice (twin->host, UUID_A));

  g_assert_cmpint (slices_simulator_write_remove (twin->other, UUID_A, "1\n", 2), ==, 0);
  g_assert_cmpint (slices_simulator_write_remove (twin->mine, UUID_A, "1\n", 2), ==, ENOENT);
  g_assert_false (backend_remove (SLICES_BACKEND (twin->mine), UUID_A, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_UNKNOWN_SLICE);
  g_assert_nonnull (strstr (error->message, "There is no slice " UUID_A));
  g_clear_error (&error);

  /* Still usable: a create through this instance works and brings the model up to date. */
  g_signal_connect (twin->host, "changed", G_CALLBACK (on_host_changed_cb), &changed);
  g_assert_true (backend_create (SLICES_BACKEND (twin->mine), "i915-GVTg_V5_8", UUID_B,
                                 &error));
  g_assert_no_error (error);
  g_assert_true (slices_test_wait_until (host_changed, &changed, TIMEOUT_SECONDS));
  g_signal_handlers_disconnect_by_func (twin->host, on_host_changed_cb, &changed);
  g_assert_null (slices_host_find_slice (twin->host, UUID_A));
  g_assert_nonnull (slices_host_find_slice (twin->host, UUID_B));
  assert_host_matches_tree (twin->host, twin->root);
}

/* --- libvirt: the daemon goes away under an open connection --------------------------------- */

typedef struct {
  char *dir;
  char *socket;
  char *uri;
  GSubprocess *daemon;
  gboolean exited;  /* the daemon process has been reaped */
} Daemon;

static void
on_daemon_exited_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  Daemon *daemon = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  daemon->exited = TRUE;
}

static char *
find_libvirtd (void)
{
  char *path = g_find_program_in_path ("libvirtd");

  if (path == NULL && g_file_test ("/usr/sbin/libvirtd", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/sbin/libvirtd");
  return path;
}

static gboolean
socket_exists (gpointer data)
{
  Daemon *daemon = data;

  return slices_test_socket_accepts (daemon->socket) || daemon->exited;
}

/* A session-mode libvirtd (unprivileged: as "nobody" when the test runs as root) whose every
 * file is under @daemon->dir. It serves test:///default. It exits by itself after a while if
 * the test dies. */
static gboolean
daemon_start (Daemon  *daemon,
              GError **error)
{
  g_autofree char *libvirtd = find_libvirtd ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *home = NULL;
  g_autofree char *run = NULL;

  if (libvirtd == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "libvirtd is not installed (package libvirt-daemon)");
      return FALSE;
    }

  /* Under root the daemon runs as nobody, who must reach its folder wherever TMPDIR is. */
  if (daemon->dir == NULL)
    daemon->dir = slices_test_make_public_dir ("test-faults-libvirtd-XXXXXX");
  home = g_build_filename (daemon->dir, "home", NULL);
  run = g_build_filename (daemon->dir, "run", NULL);
  g_mkdir_with_parents (home, 0700);
  g_mkdir_with_parents (run, 0700);
  g_free (daemon->socket);
  daemon->socket = g_build_filename (run, "libvirt", "libvirt-sock", NULL);
  g_free (daemon->uri);
  daemon->uri = g_strdup_printf ("test+unix:///default?socket=%s", daemon->socket);

  if (geteuid () == 0)
    {
      /* A root libvirtd is the system daemon (/run/libvirt, /var/lib/libvirt): never that. */
      if (chown (daemon->dir, 65534, 65534) != 0 || chown (home, 65534, 65534) != 0 ||
          chown (run, 65534, 65534) != 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "Could not hand the folder to nobody: %s", g_strerror (errno));
          return FALSE;
        }
      g_ptr_array_add (argv, "setpriv");
      g_ptr_array_add (argv, "--reuid=65534");
      g_ptr_array_add (argv, "--regid=65534");
      g_ptr_array_add (argv, "--clear-groups");
    }
  g_ptr_array_add (argv, libvirtd);
  g_ptr_array_add (argv, "--timeout=120");
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_environ (launcher, NULL);
  g_subprocess_launcher_setenv (launcher, "PATH", "/usr/sbin:/usr/bin:/sbin:/bin", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", run, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS", "disabled:", TRUE);

  g_clear_object (&daemon->daemon);
  daemon->daemon = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                 error);
  if (daemon->daemon == NULL)
    return FALSE;
  daemon->exited = FALSE;
  g_subprocess_wait_async (daemon->daemon, NULL, on_daemon_exited_cb, daemon);

  if (!slices_test_wait_until (socket_exists, daemon, TIMEOUT_SECONDS) || daemon->exited)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "libvirtd did not start (it needs to run unprivileged in session "
                           "mode)");
      return FALSE;
    }
  return TRUE;
}

static gboolean
daemon_gone (gpointer data)
{
  return ((Daemon *) data)->exited;
}

/* SIGKILL, as when the daemon crashes or is stopped; waits until it is reaped. */
static void
daemon_kill (Daemon *daemon)
{
  if (daemon->daemon == NULL)
    return;
  g_subprocess_send_signal (daemon->daemon, SIGKILL);
  g_assert_true (slices_test_wait_until (daemon_gone, daemon, TIMEOUT_SECONDS));
  g_clear_object (&daemon->daemon);
  g_unlink (daemon->socket);
}

static gboolean
libvirt_open (SlicesLibvirt  *libvirt,
              GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_libvirt_open_async (libvirt, NULL, on_ready_cb, &slot);
  result = wait_for_result (&slot);
  return slices_libvirt_open_finish (libvirt, result, error);
}

static char *
libvirt_get_xml (SlicesLibvirt  *libvirt,
                 const char     *domain,
                 GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_libvirt_get_xml_async (libvirt, domain, NULL, on_ready_cb, &slot);
  result = wait_for_result (&slot);
  return slices_libvirt_get_xml_finish (libvirt, result, error);
}

static char *
libvirt_define (SlicesLibvirt  *libvirt,
                const char     *domain,
                const char     *expected,
                const char     *new_xml,
                GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_libvirt_define_async (libvirt, domain, expected, new_xml, NULL, on_ready_cb, &slot);
  result = wait_for_result (&slot);
  return slices_libvirt_define_finish (libvirt, result, NULL, error);
}

static GPtrArray *
libvirt_list (SlicesLibvirt  *libvirt,
              GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_libvirt_list_domains_async (libvirt, NULL, on_ready_cb, &slot);
  result = wait_for_result (&slot);
  return slices_libvirt_list_domains_finish (libvirt, result, error);
}

static void
on_disconnected_cb (SlicesLibvirt *libvirt,
                    gpointer       data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static char *
with_description (const char *xml,
                  const char *text)
{
  g_autoptr(GString) out = g_string_new (xml);
  const char *end = strstr (xml, "</uuid>");
  g_autofree char *element = g_strdup_printf ("<description>%s</description>", text);

  g_assert_nonnull (end);
  g_string_insert (out, end - xml + strlen ("</uuid>"), element);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_libvirt_daemon_gone (void)
{
  Daemon daemon = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlicesLibvirt) libvirt = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *result = NULL;
  gboolean disconnected = FALSE;

  if (!daemon_start (&daemon, &error))
    {
      g_autofree char *reason = g_strdup_printf ("No private libvirtd: %s", error->message);

      g_test_skip (reason);
      daemon_kill (&daemon);
      if (daemon.dir != NULL)
        slices_test_remove_tree (daemon.dir);
      g_free (daemon.dir);
      g_free (daemon.socket);
      g_free (daemon.uri);
      return;
    }

  libvirt = slices_libvirt_new (daemon.uri);
  g_signal_connect (libvirt, "disconnected", G_CALLBACK (on_disconnected_cb), &disconnected);
  g_assert_true (libvirt_open (libvirt, &error));
  g_assert_no_error (error);
  xml = libvirt_get_xml (libvirt, "test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (xml);
  edited = with_description (xml, "gpu-slices fault test");

  /* The daemon dies between the review (the XML just read) and the apply: the apply starts
   * before anything noticed, on a connection whose other end is gone. */
  g_subprocess_send_signal (daemon.daemon, SIGKILL);
  /* Wait until it is really gone, so the define cannot still reach it. */
  g_assert_true (g_subprocess_wait (daemon.daemon, NULL, NULL));
  result = libvirt_define (libvirt, "test", xml, edited, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  g_test_message ("define as the daemon died: %s (%s %d)", error->message,
                  g_quark_to_string (error->domain), error->code);
  g_assert_true (error->domain == SLICES_LIBVIRT_ERROR);
  g_assert_true (error->code == SLICES_LIBVIRT_ERROR_NOT_RUNNING ||
                 error->code == SLICES_LIBVIRT_ERROR_NOT_OPEN);
  g_assert_nonnull (strstr (error->message, "stopped or restarted"));
  g_clear_error (&error);
  daemon_kill (&daemon);

  /* libvirt notices and says so; the object stays usable and says the connection was lost. */
  g_assert_true (slices_test_wait_until (flag_set, &disconnected, TIMEOUT_SECONDS));
  g_assert_false (slices_libvirt_is_open (libvirt));
  g_clear_pointer (&result, g_free);
  result = libvirt_define (libvirt, "test", xml, edited, &error);
  g_assert_null (result);
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_OPEN);
  g_assert_nonnull (strstr (error->message, "was lost"));
  g_assert_nonnull (strstr (error->message, daemon.uri));
  g_test_message ("define while closed: %s", error->message);
  g_clear_error (&error);
  infos = libvirt_list (libvirt, &error);
  g_assert_null (infos);
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_OPEN);
  g_clear_error (&error);

  /* While no daemon runs, opening again fails with a reason in words. */
  g_assert_false (libvirt_open (libvirt, &error));
  g_assert_true (error->domain == SLICES_LIBVIRT_ERROR);
  g_test_message ("open without a daemon: %s", error->message);
  g_clear_error (&error);

  /* The daemon is back: the same object opens and works, and the definition it holds is the
   * one that was never applied. */
  g_assert_true (daemon_start (&daemon, &error));
  g_assert_no_error (error);
  g_assert_true (libvirt_open (libvirt, &error));
  g_assert_no_error (error);
  g_assert_true (slices_libvirt_is_open (libvirt));
  infos = libvirt_list (libvirt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (infos->len, >=, 1);
  g_clear_pointer (&xml, g_free);
  xml = libvirt_get_xml (libvirt, "test", &error);
  g_assert_no_error (error);
  g_assert_null (strstr (xml, "gpu-slices fault test"));

  g_signal_handlers_disconnect_by_func (libvirt, on_disconnected_cb, &disconnected);
  g_clear_object (&libvirt);
  daemon_kill (&daemon);
  slices_test_remove_tree (daemon.dir);
  g_free (daemon.dir);
  g_free (daemon.socket);
  g_free (daemon.uri);
}

/* How the remote driver reports a daemon that went away mid-call, in words. */
static void
test_libvirt_lost_errors (void)
{
  const char *uri = "qemu+ssh://root@host.example/system";
  static const struct {
    int code;
    int domain;
    int sys_errno;
    const char *message;
  } lost[] = {
    { VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, ECONNRESET,
      "Cannot recv data: Connection reset by peer" },
    { VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, EPIPE, "Cannot write data: Broken pipe" },
    { VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC, 0, "internal error: client socket is closed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lost); i++)
    {
      g_autoptr(GError) error = slices_libvirt_error_new (lost[i].code, lost[i].domain,
                                                          lost[i].sys_errno, lost[i].message,
                                                          uri);

      g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NOT_RUNNING);
      g_assert_nonnull (strstr (error->message, "broke during the operation"));
      g_assert_nonnull (strstr (error->message, uri));
      g_assert_nonnull (strstr (error->message, lost[i].message));
    }

  /* Other internal errors stay what they were. */
  {
    g_autoptr(GError) error = slices_libvirt_error_new (VIR_ERR_INTERNAL_ERROR, VIR_FROM_QEMU, 0,
                                                        "something else", uri);

    g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_FAILED);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Before any connection of this process. */
  g_assert_true (slices_libvirt_init_events (NULL));

  g_test_add ("/slices/faults-core/kernel-errnos", Twin, NULL,
              twin_set_up, test_kernel_errnos, twin_tear_down);
  g_test_add ("/slices/faults-core/vanished-slice", Twin, NULL,
              twin_set_up, test_vanished_slice, twin_tear_down);
  g_test_add_func ("/slices/faults-core/libvirt-lost-errors", test_libvirt_lost_errors);
  g_test_add_func ("/slices/faults-core/libvirt-daemon-gone", test_libvirt_daemon_gone);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesHelperClient without root, pkexec or sysfs: small shell scripts stand in for pkexec
 * (exit 126 as a dismissed dialog, 127 as not authorized, a helper failure with its line,
 * record the arguments and environment, or hang until killed). Checks what the app shows:
 * dismissing is a silent cancel, 127 explains the agent, helper codes arrive typed and worded
 * by the client (the helper's short line kept where it names what failed), cancelling kills
 * the child.
 */

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "slices-error.h"
#include "slices-helper-client.h"
#include "slices-helper-protocol.h"

#define GPU_ADDR "0000:00:02.0"
#define TYPE     "i915-GVTg_V5_4"
#define UUID     "0f3c4a1e-6b2d-4f8e-9a7c-2d5e8b1f0a93"
/* The helper's own lines (gpu-slices-helper.c). */
#define MODPROBE_LINE "modprobe kvmgt failed: modprobe: FATAL: Module kvmgt not found"
#define NO_ROOM_LINE "no room for another i915-GVTg_V5_4 slice"
#define IN_USE_LINE UUID " is in use by qemu-system-x86 (pid 4242)"

/* One stand-in per behaviour; @DIR@ is the fixture's folder. $1 is the helper, the rest its
 * arguments. Modes are separate scripts because setenv() is unsafe once GLib runs threads. */
static const struct {
  const char *mode;
  const char *body;
} fake_pkexecs[] = {
  { "dismissed", "exit 126\n" },
  { "not-authorized",
    "echo 'Error executing command as another user: Not authorized' >&2\n"
    "echo '' >&2\n"
    "echo 'This incident has been reported.' >&2\n"
    "exit 127\n" },
  { "no-room", "echo '" NO_ROOM_LINE "' >&2\nexit 9\n" },
  { "silent-in-use", "exit 13\n" },
  { "in-use", "echo '" IN_USE_LINE "' >&2\nexit 13\n" },
  { "unknown-code", "echo 'Something odd.' >&2\nexit 77\n" },
  { "killed", "kill -9 $$\n" },
  { "record",
    "printf '%s\\n' \"$@\" > @DIR@/recorded\n"
    "echo \"SHELL=${SHELL-unset}\" >> @DIR@/recorded\n"
    "echo " UUID "\n"
    "exit 0\n" },
  { "hang", "echo $$ > @DIR@/pid.tmp\nmv @DIR@/pid.tmp @DIR@/pid\nexec sleep 600\n" },
  { "modprobe-failed", "echo '" MODPROBE_LINE "' >&2\nexit 18\n" },
};

typedef struct
{
  char *dir;
  char *helper;
} Fixture;

static SlicesHelperClient *
make_client (Fixture    *fixture,
             const char *mode)
{
  g_autofree char *pkexec = g_strdup_printf ("%s/fake-pkexec-%s", fixture->dir, mode);

  return slices_helper_client_new_full (pkexec, fixture->helper);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-helper-client-XXXXXX", &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (fake_pkexecs); i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *script = NULL;
      g_auto(GStrv) parts = g_strsplit (fake_pkexecs[i].body, "@DIR@", -1);
      g_autofree char *body = g_strjoinv (fixture->dir, parts);

      path = g_strdup_printf ("%s/fake-pkexec-%s", fixture->dir, fake_pkexecs[i].mode);
      script = g_strdup_printf ("#!/bin/sh\n%s", body);
      g_file_set_contents (path, script, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_chmod (path, 0755), ==, 0);
    }

  /* The client checks that the helper is installed; the fake never runs it. */
  fixture->helper = g_build_filename (fixture->dir, "gpu-slices-helper", NULL);
  g_file_set_contents (fixture->helper, "#!/bin/sh\nexit 99\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (fixture->helper, 0755), ==, 0);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->dir);
  g_free (fixture->helper);
}

static void
on_ready_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until `done (data)` or 30 s have passed. A 10 ms tick wakes it for
 * conditions that send no event (a file appearing, a process going away). */
static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (30, on_timeout_cb, &timed_out);
  guint tick = g_timeout_add (10, on_tick_cb, NULL);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  if (!timed_out)
    g_source_remove (timeout);
  return !timed_out;
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gboolean
create_and_wait (Fixture     *fixture,
                 const char  *mode,
                 GError     **error)
{
  SlicesHelperClient *client = make_client (fixture, mode);
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  slices_backend_create_async (SLICES_BACKEND (client), GPU_ADDR, TYPE, UUID, NULL,
                               on_ready_cb, &result);
  g_assert_true (wait_until (result_arrived, &result));
  ok = slices_backend_create_finish (SLICES_BACKEND (client), result, error);
  g_clear_object (&result);
  g_assert_finalize_object (client);
  return ok;
}

static void
test_dismissed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (create_and_wait (fixture, "dismissed", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_not_authorized (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (create_and_wait (fixture, "not-authorized", &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_NOT_AUTHORIZED);
  g_assert_nonnull (strstr (error->message, "authentication agent"));
  g_assert_nonnull (strstr (error->message, "pkttyagent"));
}

static void
test_no_room (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (create_and_wait (fixture, "no-room", &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_NO_ROOM);
  /* Worded here, as the simulator words it (how many slices exist depends on this machine's
   * /sys): the type's name, the GPU and what to do. */
  g_assert_true (g_str_has_prefix (error->message, "No room for "));
  g_assert_nonnull (strstr (error->message, " GVTg_V5_4 slice on " GPU_ADDR));
  g_assert_nonnull (strstr (error->message, "firmware settings"));
  g_assert_null (strstr (error->message, NO_ROOM_LINE));
}

/* The holder the helper names reaches the words of the remove. */
static void
test_in_use (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SlicesHelperClient) client = make_client (fixture, "in-use");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slices_backend_remove_async (SLICES_BACKEND (client), UUID, NULL, on_ready_cb, &result);
  g_assert_true (wait_until (result_arrived, &result));
  g_assert_false (slices_backend_remove_finish (SLICES_BACKEND (client), result, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_IN_USE);
  g_assert_cmpstr (error->message, ==, "The slice " UUID " is in use by qemu-system-x86 (pid "
                   "4242). Shut down the virtual machine first.");
}

static void
test_silent_code (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (create_and_wait (fixture, "silent-in-use", &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_IN_USE);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_unknown_code (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (create_and_wait (fixture, "unknown-code", &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "77"));
  g_assert_nonnull (strstr (error->message, "Something odd."));
}

static void
test_killed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (create_and_wait (fixture, "killed", &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "signal 9"));
}

/* argv is exactly [pkexec, helper, command, args…] and SHELL is not passed on. */
static void
test_arguments (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "recorded", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *recorded = NULL;
  g_autoptr(SlicesHelperClient) client = make_client (fixture, "record");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* main() set SHELL=/bin/bash in this process. */
  g_assert_true (create_and_wait (fixture, "record", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &recorded, NULL, NULL));
  expected = g_strdup_printf ("%s\nslices\ncreate\n" GPU_ADDR "\n" TYPE "\n" UUID
                              "\nSHELL=unset\n", fixture->helper);
  g_assert_cmpstr (recorded, ==, expected);
  g_clear_pointer (&recorded, g_free);
  g_clear_pointer (&expected, g_free);

  slices_backend_remove_async (SLICES_BACKEND (client), UUID, NULL, on_ready_cb, &result);
  g_assert_true (wait_until (result_arrived, &result));
  g_assert_true (slices_backend_remove_finish (SLICES_BACKEND (client), result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &recorded, NULL, NULL));
  expected = g_strdup_printf ("%s\nslices\nremove\n" UUID "\nSHELL=unset\n", fixture->helper);
  g_assert_cmpstr (recorded, ==, expected);
}

/* A client that believes mdevctl is installed (a stand-in in the fixture's folder), so that
 * persist goes as far as pkexec whatever this machine has. */
static SlicesHelperClient *
make_persist_client (Fixture    *fixture,
                     const char *mode)
{
  g_autofree char *mdevctl = g_build_filename (fixture->dir, "fake-mdevctl", NULL);
  SlicesHelperClient *client = make_client (fixture, mode);

  if (!g_file_test (mdevctl, G_FILE_TEST_EXISTS))
    {
      /* It keeps UUID for GPU_ADDR: unpersist asks the helper to forget it there. */
      g_assert_true (g_file_set_contents (mdevctl, "#!/bin/sh\necho '[{\"" GPU_ADDR "\":[{\""
                                          UUID "\":{\"mdev_type\":\"" TYPE "\",\"start\":"
                                          "\"auto\",\"attrs\":[]}}]}]'\n", -1, NULL));
      g_assert_cmpint (g_chmod (mdevctl, 0755), ==, 0);
    }
  slices_helper_client_set_persist_env (client, mdevctl, fixture->dir);
  return client;
}

typedef enum { CALL_PERSIST, CALL_UNPERSIST, CALL_LOAD_KVMGT, CALL_LOOKING_GLASS } Call;

/* Whose Looking Glass file the call asks for: a user every system has, unless a test says. */
static const char *looking_glass_user = "root";

static gboolean
call_and_wait (SlicesHelperClient  *client,
               Call                 call,
               GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  switch (call)
    {
    case CALL_PERSIST:
      slices_backend_persist_async (SLICES_BACKEND (client), UUID, NULL, on_ready_cb, &result);
      break;
    case CALL_UNPERSIST:
      slices_backend_unpersist_async (SLICES_BACKEND (client), UUID, NULL, on_ready_cb, &result);
      break;
    case CALL_LOOKING_GLASS:
      slices_helper_client_configure_looking_glass_async (client, looking_glass_user, NULL,
                                                          on_ready_cb, &result);
      break;
    case CALL_LOAD_KVMGT:
    default:
      slices_helper_client_load_kvmgt_async (client, NULL, on_ready_cb, &result);
      break;
    }
  g_assert_true (wait_until (result_arrived, &result));

  switch (call)
    {
    case CALL_PERSIST:
      return slices_backend_persist_finish (SLICES_BACKEND (client), result, error);
    case CALL_UNPERSIST:
      return slices_backend_unpersist_finish (SLICES_BACKEND (client), result, error);
    case CALL_LOOKING_GLASS:
      return slices_helper_client_configure_looking_glass_finish (client, result, error);
    case CALL_LOAD_KVMGT:
    default:
      return slices_helper_client_load_kvmgt_finish (client, result, error);
    }
}

/* persist, unpersist, load-kvmgt and looking-glass: exactly [pkexec, helper, group, command, uuid?], SHELL
 * unset. */
static void
test_persist_arguments (Fixture       *fixture,
                        gconstpointer  data)
{
  static const struct {
    Call        call;
    const char *expected;
  } cases[] = {
    { CALL_PERSIST, "slices\npersist\n" UUID "\n" },
    { CALL_UNPERSIST, "slices\nunpersist\n" GPU_ADDR "\n" UUID "\n" },
    /* The other polkit action: its first word tells pkexec which. */
    { CALL_LOAD_KVMGT, "configure-host\nload-kvmgt\n" },
    /* Check Setup's Looking Glass fix: the user whose file /dev/shm/looking-glass becomes. */
    { CALL_LOOKING_GLASS, "configure-host\nlooking-glass\nroot\n" },
  };
  g_autofree char *out = g_build_filename (fixture->dir, "recorded", NULL);
  g_autoptr(SlicesHelperClient) client = make_persist_client (fixture, "record");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *recorded = NULL;
      g_autofree char *expected = NULL;

      g_unlink (out);
      g_assert_true (call_and_wait (client, cases[i].call, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (out, &recorded, NULL, NULL));
      expected = g_strdup_printf ("%s\n%sSHELL=unset\n", fixture->helper, cases[i].expected);
      g_assert_cmpstr (recorded, ==, expected);
    }
}

/* The client's words, with the helper's line where it says what failed; dismissing stays
 * silent. */
static void
test_persist_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SlicesHelperClient) no_mdevctl = make_client (fixture, "record");
  g_autofree char *missing = g_build_filename (fixture->dir, "no-mdevctl-here", NULL);
  g_autofree char *recorded = g_build_filename (fixture->dir, "recorded", NULL);
  g_autoptr(SlicesHelperClient) no_module = make_persist_client (fixture, "modprobe-failed");
  g_autoptr(SlicesHelperClient) dismissed = make_persist_client (fixture, "dismissed");
  g_autoptr(GError) error = NULL;

  /* Whether mdevctl is installed needs no root: the client says it before pkexec would ask
   * for a password, and the helper never runs. */
  slices_helper_client_set_persist_env (no_mdevctl, missing, fixture->dir);
  g_assert_false (call_and_wait (no_mdevctl, CALL_PERSIST, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "mdevctl is not installed, so slices cannot "
                                   "be kept after a restart"));
  g_assert_nonnull (strstr (error->message, "sudo apt install mdevctl"));
  g_assert_false (g_file_test (recorded, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (call_and_wait (no_module, CALL_LOAD_KVMGT, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_GVT_INACTIVE);
  g_assert_true (g_str_has_prefix (error->message, "The kvmgt module could not be loaded"));
  g_assert_nonnull (strstr (error->message, "(" MODPROBE_LINE ")."));
  g_clear_error (&error);

  g_assert_false (call_and_wait (dismissed, CALL_UNPERSIST, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A user that does not exist is refused by the client (the helper checks only the name's
 * shape): nothing runs, and the message names the user. */
static void
test_looking_glass_unknown_user (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(SlicesHelperClient) client = make_persist_client (fixture, "record");
  g_autofree char *recorded = g_build_filename (fixture->dir, "recorded", NULL);
  g_autoptr(GError) error = NULL;

  looking_glass_user = "gpu-slices-no-such-user";
  g_assert_false (call_and_wait (client, CALL_LOOKING_GLASS, &error));
  looking_glass_user = "root";
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no user “gpu-slices-no-such-user”"));
  g_assert_false (g_file_test (recorded, G_FILE_TEST_EXISTS));
}

/* Without pkexec (tests), the helper itself is argv[0]. */
static void
test_without_pkexec (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SlicesHelperClient) direct = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_autofree char *script = g_strdup_printf ("%s/fake-pkexec-no-room", fixture->dir);

  direct = slices_helper_client_new_full (NULL, script);
  slices_backend_remove_async (SLICES_BACKEND (direct), UUID, NULL, on_ready_cb, &result);
  g_assert_true (wait_until (result_arrived, &result));
  g_assert_false (slices_backend_remove_finish (SLICES_BACKEND (direct), result, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_NO_ROOM);
}

static void
test_helper_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "not-installed", NULL);
  g_autoptr(SlicesHelperClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_autofree char *recorded = g_build_filename (fixture->dir, "recorded", NULL);
  g_autofree char *pkexec = g_strdup_printf ("%s/fake-pkexec-record", fixture->dir);

  client = slices_helper_client_new_full (pkexec, missing);
  slices_backend_create_async (SLICES_BACKEND (client), GPU_ADDR, TYPE, UUID, NULL,
                               on_ready_cb, &result);
  g_assert_true (wait_until (result_arrived, &result));
  g_assert_false (slices_backend_create_finish (SLICES_BACKEND (client), result, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "not installed"));
  g_assert_nonnull (strstr (error->message, missing));
  /* pkexec was never started. */
  g_assert_false (g_file_test (recorded, G_FILE_TEST_EXISTS));
}

/* A malformed UUID is refused before pkexec would ask for a password. */
static void
test_bad_uuid_before_pkexec (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *recorded = g_build_filename (fixture->dir, "recorded", NULL);
  g_autoptr(SlicesHelperClient) client = make_client (fixture, "record");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;

  slices_backend_create_async (SLICES_BACKEND (client), GPU_ADDR, TYPE, "{" UUID "}", NULL,
                               on_ready_cb, &result);
  g_assert_true (wait_until (result_arrived, &result));
  g_assert_false (slices_backend_create_finish (SLICES_BACKEND (client), result, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID);
  g_clear_error (&error);

  slices_backend_remove_async (SLICES_BACKEND (client), "../../x", NULL, on_ready_cb,
                               &result2);
  g_assert_true (wait_until (result_arrived, &result2));
  g_assert_false (slices_backend_remove_finish (SLICES_BACKEND (client), result2, &error));
  g_assert_error (error, SLICES_ERROR, SLICES_ERROR_INVALID_UUID);

  g_assert_false (g_file_test (recorded, G_FILE_TEST_EXISTS));
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
process_gone (gpointer data)
{
  return kill (GPOINTER_TO_INT (data), 0) != 0 && errno == ESRCH;
}

/* Cancelling (the Cancel button while the password dialog is up) ends the call at once and
 * kills the child instead of leaving it behind. */
static void
test_cancel_kills_child (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *pidfile = g_build_filename (fixture->dir, "pid", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SlicesHelperClient) client = make_client (fixture, "hang");
  int pid;

  slices_backend_remove_async (SLICES_BACKEND (client), UUID, cancellable,
                               on_ready_cb, &result);
  g_assert_true (wait_until (file_exists, pidfile));
  g_assert_true (g_file_get_contents (pidfile, &contents, NULL, NULL));
  pid = atoi (contents);
  g_assert_cmpint (pid, >, 1);
  g_assert_null (result);

  g_cancellable_cancel (cancellable);
  g_assert_true (wait_until (result_arrived, &result));
  g_assert_false (slices_backend_remove_finish (SLICES_BACKEND (client), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (wait_until (process_gone, GINT_TO_POINTER (pid)));
}

static void
test_check_exit (void)
{
  static const struct {
    int status;
    const char *stderr_text;
    GQuark (*domain) (void);
    int code;
    const char *message;  /* NULL: any non-empty message */
  } cases[] = {
    { 126, "", g_io_error_quark, G_IO_ERROR_CANCELLED, NULL },
    { 127, "Error executing command as another user: Not authorized\n", slices_error_quark,
      SLICES_ERROR_NOT_AUTHORIZED, NULL },
    /* The summary in the reader's language, then what the helper said. */
    { SLICES_HELPER_EXIT_FAILED, "could not open x\n", slices_error_quark,
      SLICES_ERROR_FAILED, "The helper failed (could not open x)." },
    { SLICES_HELPER_EXIT_USAGE, "unknown command\n", slices_error_quark,
      SLICES_ERROR_INVALID_ARGUMENT, "(unknown command)." },
    { SLICES_HELPER_EXIT_NOT_ROOT, "runs only as root\n", slices_error_quark,
      SLICES_ERROR_PERMISSION_DENIED, "The helper did not run as root (runs only as root)." },
    { SLICES_HELPER_EXIT_BAD_ADDRESS, "bad address\n", slices_error_quark,
      SLICES_ERROR_INVALID_ARGUMENT, "(bad address)." },
    { SLICES_HELPER_EXIT_NO_GPU, "no gpu\n", slices_error_quark, SLICES_ERROR_UNKNOWN_GPU,
      "(no gpu)." },
    { SLICES_HELPER_EXIT_BAD_TYPE, "no type\n", slices_error_quark, SLICES_ERROR_UNKNOWN_TYPE,
      "(no type)." },
    { SLICES_HELPER_EXIT_BAD_UUID, "bad uuid\n", slices_error_quark, SLICES_ERROR_INVALID_UUID,
      "(bad uuid)." },
    { SLICES_HELPER_EXIT_UUID_EXISTS, "exists\n", slices_error_quark,
      SLICES_ERROR_UUID_EXISTS, "(exists)." },
    { SLICES_HELPER_EXIT_NO_ROOM, NO_ROOM_LINE "\n", slices_error_quark, SLICES_ERROR_NO_ROOM,
      "(" NO_ROOM_LINE ")." },
    { SLICES_HELPER_EXIT_NO_DEVICE, "going away\n", slices_error_quark,
      SLICES_ERROR_NO_DEVICE, "(going away)." },
    { SLICES_HELPER_EXIT_GVT_INACTIVE, "gvt-g off\n", slices_error_quark,
      SLICES_ERROR_GVT_INACTIVE, "(gvt-g off)." },
    { SLICES_HELPER_EXIT_NO_SLICE, "no slice\n", slices_error_quark,
      SLICES_ERROR_UNKNOWN_SLICE, "(no slice)." },
    { SLICES_HELPER_EXIT_IN_USE, IN_USE_LINE "\n", slices_error_quark,
      SLICES_ERROR_IN_USE, "is in use by qemu-system-x86 (pid 4242))." },
    { SLICES_HELPER_EXIT_UNSAFE, "a symlink\n", slices_error_quark, SLICES_ERROR_BAD_TREE,
      "(a symlink)." },
    { SLICES_HELPER_EXIT_NOT_INTEL, "0000:65:00.0 is not an Intel GPU\n", slices_error_quark,
      SLICES_ERROR_UNKNOWN_GPU, "Intel GPU slices (0000:65:00.0 is not an Intel GPU)." },
    /* pkexec's own lines before the helper's: the helper's (last) line wins. */
    { SLICES_HELPER_EXIT_NO_ROOM, "pkexec noise\n\n" NO_ROOM_LINE "\n\n", slices_error_quark,
      SLICES_ERROR_NO_ROOM, "(" NO_ROOM_LINE ")." },
    /* Nothing said: still a message for people. */
    { SLICES_HELPER_EXIT_NO_ROOM, NULL, slices_error_quark, SLICES_ERROR_NO_ROOM, NULL },
    { SLICES_HELPER_EXIT_BAD_TYPE, "  \n", slices_error_quark, SLICES_ERROR_UNKNOWN_TYPE, NULL },
    { 42, "What?\n", slices_error_quark, SLICES_ERROR_FAILED, NULL },
    { 255, NULL, slices_error_quark, SLICES_ERROR_FAILED, NULL },
  };

  g_assert_true (slices_helper_client_check_exit (0, "", NULL));
  g_assert_true (slices_helper_client_check_exit (0, NULL, NULL));

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT ": exit %d", i, cases[i].status);
      g_assert_false (slices_helper_client_check_exit (cases[i].status, cases[i].stderr_text,
                                                       &error));
      g_assert_error (error, cases[i].domain (), cases[i].code);
      if (cases[i].message != NULL)
        g_assert_true (g_str_has_suffix (error->message, cases[i].message));
      g_assert_cmpstr (error->message, !=, "");
      g_assert_null (strchr (error->message, '\n'));
      /* Every failure also works without an error location. */
      g_assert_false (slices_helper_client_check_exit (cases[i].status, cases[i].stderr_text,
                                                       NULL));
    }
}

int
main (int    argc,
      char **argv)
{
  /* The client must not pass SHELL on (pkexec refuses a shell not in /etc/shells). Set before
   * GLib starts any thread. */
  g_setenv ("SHELL", "/bin/bash", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slices/helper-client/check-exit", test_check_exit);
  g_test_add ("/slices/helper-client/dismissed-is-cancelled", Fixture, NULL, fixture_setup,
              test_dismissed, fixture_teardown);
  g_test_add ("/slices/helper-client/not-authorized", Fixture, NULL, fixture_setup,
              test_not_authorized, fixture_teardown);
  g_test_add ("/slices/helper-client/no-room-message", Fixture, NULL, fixture_setup,
              test_no_room, fixture_teardown);
  g_test_add ("/slices/helper-client/silent-code", Fixture, NULL, fixture_setup,
              test_silent_code, fixture_teardown);
  g_test_add ("/slices/helper-client/unknown-code", Fixture, NULL, fixture_setup,
              test_unknown_code, fixture_teardown);
  g_test_add ("/slices/helper-client/killed", Fixture, NULL, fixture_setup, test_killed,
              fixture_teardown);
  g_test_add ("/slices/helper-client/persist-arguments", Fixture, NULL, fixture_setup,
              test_persist_arguments, fixture_teardown);
  g_test_add ("/slices/helper-client/persist-errors", Fixture, NULL, fixture_setup,
              test_persist_errors, fixture_teardown);
  g_test_add ("/slices/helper-client/in-use-names-holder", Fixture, NULL, fixture_setup,
              test_in_use, fixture_teardown);
  g_test_add ("/slices/helper-client/arguments", Fixture, NULL, fixture_setup, test_arguments,
              fixture_teardown);
  g_test_add ("/slices/helper-client/without-pkexec", Fixture, NULL, fixture_setup,
              test_without_pkexec, fixture_teardown);
  g_test_add ("/slices/helper-client/looking-glass-unknown-user", Fixture, NULL, fixture_setup,
              test_looking_glass_unknown_user, fixture_teardown);
  g_test_add ("/slices/helper-client/helper-missing", Fixture, NULL, fixture_setup,
              test_helper_missing, fixture_teardown);
  g_test_add ("/slices/helper-client/bad-uuid-before-pkexec", Fixture, NULL, fixture_setup,
              test_bad_uuid_before_pkexec, fixture_teardown);
  g_test_add ("/slices/helper-client/cancel-kills-child", Fixture, NULL, fixture_setup,
              test_cancel_kills_child, fixture_teardown);

  return g_test_run ();
}

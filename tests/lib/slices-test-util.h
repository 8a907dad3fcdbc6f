/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers several tests need and used to carry their own copy of: temporary directories
 * (made, filled, snapshotted and removed without following symlinks), running a child process
 * and keeping its exit code and output (as an unprivileged user when the test runs as root), a
 * simulated GPU tree, and waiting on a condition or an async result in the main loop with a
 * timeout (no sleeps).
 * Test code only: failures are assertions.
 */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

#include "slices-simulator.h"

G_BEGIN_DECLS

/* g_dir_make_tmp() that asserts it worked; free the result with g_free(). */
char     *slices_test_make_tmp_dir (const char *tmpl);

/* Where a test puts what another user (slices_test_become()) must reach: the temporary folder
 * (g_get_tmp_dir()) when every folder on its path lets all users through, else /tmp. TMPDIR, a
 * checkout or a build tree may sit in a private (0700) folder such as one from mktemp -d. */
const char *slices_test_public_tmp_dir (void);

/* slices_test_make_tmp_dir() under slices_test_public_tmp_dir(), mode 0755 whatever the umask:
 * every user can enter it. Free the result with g_free(). */
char     *slices_test_make_public_dir (const char *tmpl);

/* Deletes @path and, for a directory, everything under it; symlinks are removed, never
 * followed. A missing @path is not an error. Returns FALSE if anything could not be removed. */
gboolean  slices_test_remove_tree  (const char *path);

/* Writes @contents to @root/@relative, making the parent directories (0755). */
void      slices_test_put_file     (const char *root,
                                    const char *relative,
                                    const char *contents);

/* A simulator on @root (an existing folder) with one GPU of the default spec
 * (slices_sim_gpu_spec_init()) at @gpu_address; asserts that it worked. */
SlicesSimulator *slices_test_simulator_new (const char *root,
                                            const char *gpu_address);

/* Every entry under @root (which must be a directory), one sorted line each: "path/ MODE" for
 * a folder, "path MODE = contents" for a file ("(unreadable)" when it cannot be read, like the
 * write-only sysfs attributes), "path -> target" for a symlink (never followed), "path MODE
 * (special)" for a FIFO, socket or device (never opened). Compare two
 * with g_assert_cmpstr() to prove that nothing changed. Free with g_free(). */
char     *slices_test_snapshot     (const char *root);

/* A finished child process: its exit code and everything it printed. */
typedef struct {
  int   status; /* exit code */
  char *out;
  char *err;
} SlicesTestRun;

void      slices_test_run_clear    (SlicesTestRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlicesTestRun, slices_test_run_clear)

/* Clears @run, runs the NULL-terminated @argv (argv[0] a path) with @envp (NULL: inherited)
 * and waits for it. Asserts that it started and exited normally (never a crash). */
void      slices_test_run_argv     (SlicesTestRun      *run,
                                    const char * const *argv,
                                    const char * const *envp);

/* Who a process runs as (slices_test_become(), slices_test_run_argv_as()). */
typedef struct {
  uid_t uid;
  gid_t gid;
} SlicesTestUser;

/* Root reads and opens any file, so a check of what an unprivileged user meets (a parameter
 * of mode 0400, a render node outside the user's groups) runs as "nobody" when the test runs
 * as root. Fills @user and returns TRUE when the system has that user. */
gboolean  slices_test_lookup_nobody (SlicesTestUser *user);

/* Makes this process @user for good, without supplementary groups: setgroups(), setresgid(),
 * setresuid(), in that order (once the uid is not 0 the groups cannot change). Only system
 * calls, so it may run between fork and exec. Returns FALSE with errno set if a step failed. */
gboolean  slices_test_become        (const SlicesTestUser *user);

/* slices_test_run_argv() with the child as @user (slices_test_become() between fork and exec;
 * NULL: as this process). If it cannot become @user it exits with 125 and says so on stderr.
 * As another user the child runs a copy of argv[0] and starts in the copy's folder, a fresh
 * slices_test_make_public_dir() (removed afterwards): the build tree may be where @user cannot
 * go, and would make exec fail with "Permission denied" in some checkouts only. */
void      slices_test_run_argv_as   (SlicesTestRun        *run,
                                     const char * const   *argv,
                                     const char * const   *envp,
                                     const SlicesTestUser *user);

typedef gboolean (*SlicesTestCondition) (gpointer data);

/* Iterates the default main context until @condition returns TRUE or @timeout_seconds pass;
 * a 10 ms tick re-checks conditions that no source wakes up for. Returns FALSE on timeout. */
gboolean  slices_test_wait_until   (SlicesTestCondition condition,
                                    gpointer            data,
                                    guint               timeout_seconds);

/* An async call's result, waited for: pass slices_test_store_result_cb with a pointer to a
 * NULL GAsyncResult * as the callback and its data, then slices_test_wait_for_result() on the
 * same pointer. It iterates the default main context until the result is there (asserting
 * that it comes within @timeout_seconds) and hands it over (unref it), clearing the slot. */
void          slices_test_store_result_cb (GObject       *source,
                                           GAsyncResult  *result,
                                           gpointer       slot);
GAsyncResult *slices_test_wait_for_result (GAsyncResult **slot,
                                           guint          timeout_seconds);

/* Whether a process listens on the UNIX socket at @path: a connect() succeeds (a socket file
 * can exist before its daemon listens). */
gboolean  slices_test_socket_accepts (const char *path);

/* Fail the test, showing @text, unless @needle is (contains) or is not (lacks) in it. */
void      slices_test_assert_contains (const char *text,
                                       const char *needle);
void      slices_test_assert_lacks    (const char *text,
                                       const char *needle);

G_END_DECLS

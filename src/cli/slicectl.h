/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the slicectl commands share: the global options, the command table entry, the exit
 * codes, and the few steps every command takes (parse its options, open the sysfs model, pick
 * the backend, report a failure as one line). Each command lives in its own file; a new
 * command is one run function plus one row in the table in slicectl.c.
 */
#pragma once

#include <glib.h>

#include "libslices-base.h"
#include "libslices-model.h"
#include "libslices-writers.h"
#include "libslices-doctor.h"
#include "libslices-vm.h"

G_BEGIN_DECLS

/* Documented in `slicectl --help`. */
typedef enum {
  SLICECTL_EXIT_OK = 0,
  SLICECTL_EXIT_FAILED = 1, /* the operation failed; the one stderr line says why */
  SLICECTL_EXIT_USAGE = 2,  /* the command line itself is wrong */
} SlicectlExit;

typedef struct {
  char     *sysfs_root; /* NULL: the real /sys */
  gboolean  simulate;
} SlicectlGlobals;

typedef struct _SlicectlCommand SlicectlCommand;

struct _SlicectlCommand
{
  const char *name;
  const char *parameter_string; /* shown after "[OPTION…]" in the usage line, or NULL */
  const char *summary;          /* one line, for the command list in `slicectl --help` */
  int       (*run)              (const SlicectlCommand *command,
                                 SlicectlGlobals       *globals,
                                 int                    argc,
                                 char                 **argv);
};

/* The commands (argv[0] is the command name). */
int slicectl_list_run   (const SlicectlCommand *command, SlicectlGlobals *globals,
                         int argc, char **argv);
int slicectl_create_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                         int argc, char **argv);
int slicectl_remove_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                         int argc, char **argv);
int slicectl_doctor_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                         int argc, char **argv);
int slicectl_nixos_run  (const SlicectlCommand *command, SlicectlGlobals *globals,
                         int argc, char **argv);
int slicectl_qemu_args_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                            int argc, char **argv);
int slicectl_persist_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                          int argc, char **argv);
int slicectl_unpersist_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                            int argc, char **argv);
int slicectl_attach_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                         int argc, char **argv);
int slicectl_detach_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                         int argc, char **argv);
int slicectl_set_vfs_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                          int argc, char **argv);
int slicectl_set_vf_profile_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                                 int argc, char **argv);
int slicectl_repair_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                         int argc, char **argv);
int slicectl_simulate_run (const SlicectlCommand *command, SlicectlGlobals *globals,
                           int argc, char **argv);

/* Runs slicectl-vm with this process's command line, for a command that needs to read
 * virtual machine definitions (libxml2); returns only when that fails (slicectl only: not in
 * slicectl-vm). */
int slicectl_run_in_vm_tool (const SlicectlCommand *command);

#ifdef SLICECTL_VM
/* Opens a libvirt connection at @uri, waiting at most @timeout_seconds (slicectl-common.c).
 * NULL with @error set when it cannot be opened. slicectl-vm only: slicectl never loads
 * libvirt, nor links the code that would (it links GLib statically, src/cli/meson.build). */
SlicesLibvirt *slicectl_connect_libvirt (const char  *uri,
                                         guint        timeout_seconds,
                                         GError     **error);
#endif

/* Keeping slices after a restart (slicectl-persist.c). The kept table: uuid →
 * SlicesMdevDefinition, from the simulator's store on a simulated tree, from
 * `mdevctl list --defined` on the real system, empty otherwise; never NULL. Empty too when
 * @host has no slices: there is nothing to mark, so nobody is asked. */
GHashTable *slicectl_dup_kept      (SlicectlGlobals *globals, SlicesHost *host);
/* TRUE when @uuid is in @kept (may be NULL) and starts by itself at boot. */
gboolean    slicectl_is_kept       (GHashTable *kept, const char *uuid);
/* Persists (@keep) or unpersists each of @uuids (char *) with @backend; stops at the first
 * failure with its one line. Returns an exit code. */
int         slicectl_persist_uuids (SlicesBackend *backend, GPtrArray *uuids, gboolean keep);
/* `persist --gpu` (@keep: the current VF count) and `unpersist --gpu` (slicectl-sriov.c).
 * Returns an exit code. */
int         slicectl_persist_vfs   (SlicectlGlobals *globals, const char *address, gboolean keep);
/* Fails with one line (NixOS, no mdevctl) when @backend cannot keep slices. Returns an exit
 * code. */
int         slicectl_check_persist_support (SlicesBackend *backend);

/* The global options, so that they are accepted after the command name too. */
const GOptionEntry *slicectl_global_entries (SlicectlGlobals *globals);
/* The exit-status paragraph every --help ends with. */
const char *slicectl_exit_status_text (void);

/* A GOptionContext for @command with @entries (may be NULL) and the global options. */
GOptionContext *slicectl_command_context_new (const SlicectlCommand *command,
                                              SlicectlGlobals       *globals,
                                              const GOptionEntry    *entries);
/* Parses; on a usage error prints it and returns SLICECTL_EXIT_USAGE. `--help` exits 0. */
int slicectl_command_parse (const SlicectlCommand *command,
                            GOptionContext        *context,
                            int                   *argc,
                            char                ***argv);

/* @arg made safe to repeat in a one-line message: control and other unprintable characters
 * and invalid UTF-8 escaped (\xNN, \u{NNNN}, backslash as \\), and cut to
 * SLICECTL_QUOTE_MAX_CHARS characters plus "…". Free with g_free(). */
#define SLICECTL_QUOTE_MAX_CHARS 64
char *slicectl_quote_arg (const char *arg);

/* TRUE when @text is valid UTF-8 without control or other unprintable characters: what
 * slicectl_quote_arg() leaves as it is, short of its length and backslashes. */
gboolean slicectl_is_printable (const char *text);

/* Prints "slicectl: MESSAGE" as exactly one line on stderr and returns @code. Control
 * characters left in MESSAGE (from GLib or the kernel) are escaped too. */
int slicectl_fail (int code, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* The same for a GError, with @prefix ("could not remove …") before its message. */
int slicectl_fail_error (int code, const GError *error, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

/* Checks the tree (exists, looks like sysfs). Returns an exit code. */
int slicectl_check_tree   (SlicectlGlobals *globals);
/* Checks the tree and reads it. Returns an exit code. */
int slicectl_open_host    (SlicectlGlobals *globals, SlicesHost **out_host);
/* Checks the tree and runs every setup check on it (slicectl-doctor.c); @user_name: whose
 * groups the NixOS snippet names, NULL for the invoking user. Returns an exit code. */
int slicectl_open_doctor  (SlicectlGlobals *globals, const char *user_name,
                           SlicesDoctor **out_doctor);
/* The simulator with --simulate, else the pkexec helper client. Returns an exit code. */
int slicectl_open_backend (SlicectlGlobals *globals, SlicesBackend **out_backend);
/* TRUE when @root was made by the simulator (it holds the simulator's state file). */
gboolean slicectl_is_simulated_tree (const char *root);

/* --- checking arguments ----------------------------------------------------------------
 * The rules for what commands take more than once, in one place; the wording stays each
 * command's own. @format is that command's message (translated) with one %s, which gets the
 * argument quoted by slicectl_quote_arg(). Each check returns SLICECTL_EXIT_OK with the value
 * in its out argument, or prints the message as a usage error and returns SLICECTL_EXIT_USAGE. */

/* The usage error itself: @format with @arg quoted, one line on stderr, exit status 2. */
int slicectl_fail_usage_arg (const char *format, const char *arg) G_GNUC_PRINTF (1, 0);
/* A command that takes only options: fails for argv[1] when there is one. */
int slicectl_check_no_arguments (int argc, char **argv, const char *format) G_GNUC_PRINTF (3, 0);
/* A slice's UUID in any case; *@out_uuid is the kernel's lowercase form (free with g_free()). */
int slicectl_check_uuid (const char *arg, const char *format, char **out_uuid)
  G_GNUC_PRINTF (2, 0);
/* A GPU's PCI address as people write it (upper case, or lspci's "00:02.0"); *@out_address
 * is the sysfs form (free with g_free()). */
int slicectl_check_pci_address (const char *arg, const char *format, char **out_address)
  G_GNUC_PRINTF (2, 0);
/* The two checks whose message is the same wherever they are made. A display resolution:
 * "1920x1200" (or with X or ×), each side 1 to 16384. */
int slicectl_check_resolution (const char *arg, int *out_width, int *out_height);
/* A render node for QEMU: an absolute path, without the commas QEMU splits its options at. */
int slicectl_check_rendernode (const char *arg);

/* --- waiting for one asynchronous call --------------------------------------------------
 * slicectl does one thing at a time: start the call with slicectl_wait_ready_cb and a
 * SlicectlWait as its user data, then slicectl_wait() runs the thread-default main context
 * until it has finished. */
typedef struct {
  GAsyncResult *result;   /* set by slicectl_wait_ready_cb */
  GAsyncResult *finished; /* what slicectl_wait() returned last */
  GCancellable *cancellable;
  gboolean      timed_out;
} SlicectlWait;

void          slicectl_wait_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data);
/* The finished call's result, for its _finish(); @wait keeps it until the next wait or
 * slicectl_wait_clear(). With @timeout_seconds above 0, @cancellable is cancelled when the call
 * is still running by then, the call finishes as cancelled, and @wait->timed_out says why. */
GAsyncResult *slicectl_wait          (SlicectlWait *wait,
                                      guint         timeout_seconds,
                                      GCancellable *cancellable);
void          slicectl_wait_clear    (SlicectlWait *wait);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlicectlWait, slicectl_wait_clear)

/* Each of @notes (char *, may be NULL) on stderr as "note: …". */
void slicectl_print_notes (GPtrArray *notes);

/* "0000:00:02.0, 0000:00:03.0", or NULL when the host has no GPU with slice types. */
char *slicectl_dup_gpu_addresses (SlicesHost *host);

G_END_DECLS

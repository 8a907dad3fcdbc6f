/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs `pkexec <libexecdir>/gpu-slices-helper …` through GSubprocess, asynchronously, with SHELL
 * unset, and turns pkexec's and the helper's exit codes into SlicesError / G_IO_ERROR_CANCELLED,
 * worded here for people (the helper says only what failed).
 */
#pragma once

#include "slices-backend.h"

G_BEGIN_DECLS

#define SLICES_TYPE_HELPER_CLIENT (slices_helper_client_get_type ())
G_DECLARE_FINAL_TYPE (SlicesHelperClient, slices_helper_client, SLICES, HELPER_CLIENT, GObject)

/* The installed pkexec and helper (paths from config.h). */
SlicesHelperClient *slices_helper_client_new (void);
/* Tests: another launcher (e.g. a script standing in for pkexec, or NULL to run the helper
 * directly) and helper path. */
SlicesHelperClient *slices_helper_client_new_full (const char *pkexec_path,
                                                   const char *helper_path);

/* Maps an exit status of pkexec+helper and the helper's stderr line to an error in general
 * words (the request's own words are added where it is known). Exposed for tests. Returns
 * TRUE for exit 0. */
gboolean slices_helper_client_check_exit (int          exit_status,
                                          const char  *stderr_text,
                                          GError     **error);

/* Tests: the mdevctl that list_defined runs and get_persist_support tests for (NULL: the
 * installed one), and the root that may hold etc/NIXOS (NULL: "/"). */
void slices_helper_client_set_persist_env (SlicesHelperClient *self,
                                           const char         *mdevctl_path,
                                           const char         *system_root);

/* `gpu-slices-helper configure-host load-kvmgt`: modprobe kvmgt now, and
 * /etc/modules-load.d/gpu-slices.conf for every boot (delete that file to undo). The Check
 * Setup one-click fix "load-kvmgt"; its own polkit action asks for the password every time. */
void     slices_helper_client_load_kvmgt_async  (SlicesHelperClient  *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean slices_helper_client_load_kvmgt_finish (SlicesHelperClient  *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* `gpu-slices-helper configure-host looking-glass USER`: writes
 * /etc/tmpfiles.d/gpu-slices-looking-glass.conf, whose line makes /dev/shm/looking-glass
 * USER's (group kvm, mode 0660) at every boot (delete that file to undo). The Check Setup
 * one-click fix "looking-glass-shm". @user: a login name the helper accepts. */
void     slices_helper_client_configure_looking_glass_async  (SlicesHelperClient  *self,
                                                              const char          *user,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean slices_helper_client_configure_looking_glass_finish (SlicesHelperClient  *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

G_END_DECLS

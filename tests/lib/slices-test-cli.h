/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the slicectl tests (tests/cli/test-slicectl-*.c) share: running the built slicectl in a
 * subprocess, the promise every failure keeps (one line on stderr, the documented exit code,
 * the tree untouched) and tables of such failures, simulated trees made in a temporary folder,
 * and reading `list --json`. Test code only: failures are assertions.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "slices-simulator.h"
#include "slices-test-util.h"

G_BEGIN_DECLS

/* The simulator's Kaby Lake (slices_sim_gpu_spec_init()), and slices to make on it. */
#define KBL_ADDRESS "0000:00:02.0"
#define UUID_A "4b20d080-1b54-4048-85b3-a6a62d165c01"
#define UUID_B "0e94a3f8-6f2a-4b9e-a0c1-5f3b2d9c8e11"
#define UUID_C "9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"

/* --- running slicectl ------------------------------------------------------------------- */

/* $SLICECTL, else the one this build made. */
const char *slices_test_cli_path (void);

/* Runs slicectl with the NULL-terminated arguments; never a crash, whatever the input
 * (slices_test_run_argv() asserts that). */
void slices_test_cli_run     (SlicesTestRun *run,
                              const char    *first,
                              ...) G_GNUC_NULL_TERMINATED;
/* The same with the environment @envp (NULL: inherited). */
void slices_test_cli_run_env (SlicesTestRun *run,
                              char         **envp,
                              const char    *first,
                              ...) G_GNUC_NULL_TERMINATED;
/* The same as @user (NULL: as the test). */
void slices_test_cli_run_as  (SlicesTestRun        *run,
                              const SlicesTestUser *user,
                              const char           *first,
                              ...) G_GNUC_NULL_TERMINATED;
/* Runs slicectl with @args (NULL-terminated), each "@T" in them replaced by @tmp (may be
 * NULL). */
void slices_test_cli_run_args (SlicesTestRun      *run,
                               const char         *tmp,
                               const char * const *args);

/* Success: exit 0, and whatever went to stderr is "note: …" lines. */
void slices_test_cli_assert_success_with_notes (const SlicesTestRun *run);

/* A failure is exactly one line on stderr that starts with "slicectl: " and names each of
 * the NULL-terminated @needles; nothing goes to stdout. */
void slices_test_cli_assert_one_line_error (const SlicesTestRun *run,
                                            int                  status,
                                            const char          *needle,
                                            ...);

/* A row of a table of bad command lines: what slicectl is given (what the arguments follow,
 * and what "@T" in them stands for, is the table's), its exit status, and what its one line on
 * stderr must name. */
typedef struct {
  const char *name;
  int         status;
  const char *args[20];
  const char *needles[4];
} SlicesTestCliErrorCase;

/* slices_test_cli_assert_one_line_error() with the needles of the row @error_case. */
void slices_test_cli_assert_error_row (const SlicesTestRun          *run,
                                       const SlicesTestCliErrorCase *error_case);

/* Adds one test per row, at @prefix/NAME, that @run_case runs with the row. */
void slices_test_cli_add_cases       (const char                   *prefix,
                                      const SlicesTestCliErrorCase *cases,
                                      gsize                         n_cases,
                                      GTestDataFunc                 run_case);
/* slices_test_cli_add_cases() for rows whose arguments follow "--sysfs-root ROOT": each runs
 * on a fresh Kaby Lake tree with one slice of i915-GVTg_V5_4 (so that removing has something it
 * must not touch), and leaves the tree exactly as it was. */
void slices_test_cli_add_error_cases (const char                   *prefix,
                                      const SlicesTestCliErrorCase *cases,
                                      gsize                         n_cases);

/* --- simulated trees -------------------------------------------------------------------- */

/* A temporary folder, removed (links never followed) with the tree. */
typedef struct {
  char *root;
} SlicesTestTree;

void            slices_test_tree_free           (SlicesTestTree *tree);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlicesTestTree, slices_test_tree_free)

SlicesTestTree *slices_test_tree_new_empty      (void);
/* A simulated tree with the NULL-terminated GPU specs. */
SlicesTestTree *slices_test_tree_new            (const SlicesSimGpuSpec *spec,
                                                 ...) G_GNUC_NULL_TERMINATED;
/* One Kaby Lake at KBL_ADDRESS, no slices. */
SlicesTestTree *slices_test_tree_new_kaby_lake  (void);
/* The same where @user (NULL: the test) can reach it. */
SlicesTestTree *slices_test_tree_new_kaby_lake_for (const SlicesTestUser *user);

/* Folders and symlinks under @root, with the folders above them (0755). */
void slices_test_tree_make_dir  (const char *root,
                                 const char *relative);
void slices_test_tree_make_link (const char *root,
                                 const char *relative,
                                 const char *target);

/* An Intel GPU (@device_id) at KBL_ADDRESS with the i915 driver bound and nothing else, built by
 * hand: what the kernel shows without GVT-g (no mdev_supported_types). */
void slices_test_tree_add_bare_gpu (const SlicesTestTree *tree,
                                    guint                 device_id);

/* On a real system enable_gvt and enable_guc are root-only (0400), and so are the simulator's;
 * the doctor then says "unknown". Makes them readable so that what a test sees does not depend
 * on who runs it (root reads them anyway). */
void slices_test_tree_make_parameters_readable (const SlicesTestTree *tree);
/* Writes @value to the i915 module parameter @name. */
void slices_test_tree_set_parameter (const SlicesTestTree *tree,
                                     const char           *name,
                                     const char           *value);

/* `slicectl --simulate create` of one slice; asserts that it worked. */
void slices_test_cli_create_slice (const SlicesTestTree *tree,
                                   const char           *address,
                                   const char           *type,
                                   const char           *uuid);

/* --- libvirt ---------------------------------------------------------------------------- */

/* Runs virsh on @uri with the NULL-terminated arguments; its stdout, or NULL (with @err, may be
 * NULL, set to its stderr) when it fails. */
char *slices_test_virsh            (const char  *uri,
                                    char       **err,
                                    const char  *first,
                                    ...) G_GNUC_NULL_TERMINATED;
/* The persistent definition of @name with its secrets, as virsh dumps it; asserts it works. */
char *slices_test_virsh_dump       (const char  *uri,
                                    const char  *name);
/* A qemu:///embed URI on @root (a fresh empty tree); as root, QEMU runs as root (CI
 * containers may lack the libvirt-qemu user, FACTS.md §6). */
char *slices_test_embed_uri        (const SlicesTestTree *root);

/* --- list --json ------------------------------------------------------------------------ */

/* Parses @text, asserting that it is JSON. Free with json_node_unref(). */
JsonNode   *slices_test_cli_parse_json (const char *text);
/* `slicectl list --json` on @tree: exit 0, nothing on stderr. */
JsonNode   *slices_test_cli_list_json  (const SlicesTestTree *tree);
JsonArray  *slices_test_cli_get_gpus   (JsonNode *root);
JsonObject *slices_test_cli_get_gpu    (JsonNode *root,
                                        guint     index);
JsonArray  *slices_test_cli_get_slices (JsonObject *gpu);
/* The GPU has exactly @n_types types, those of the kernel's fixed Gen9 table (FACTS.md §1),
 * smallest share first, each with the count in @available. */
void        slices_test_cli_assert_types (JsonObject *gpu,
                                          const int  *available,
                                          guint       n_types);

G_END_DECLS

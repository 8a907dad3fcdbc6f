/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the tests of the real gpu-slices-helper under umockdev share (test-helper.c,
 * test-hostile-helper.c): a umockdev testbed with its root folder, files, folders and links made
 * inside it, a snapshot of the whole tree to prove that nothing changed, and whether the test
 * runs under umockdev at all. Kept apart from slices-test-util.h, which does not need umockdev.
 * Test code only: failures are assertions.
 */
#pragma once

#include <glib.h>
#include <umockdev.h>

G_BEGIN_DECLS

typedef struct
{
  UMockdevTestbed *testbed;
  char *root;
} SlicesTestbed;

/* A new, empty testbed in @bed. */
void      slices_testbed_setup     (SlicesTestbed *bed);

/* Frees what slices_testbed_setup() made; a GTestFixtureFunc teardown. */
void      slices_testbed_teardown  (SlicesTestbed *bed,
                                    gconstpointer  data);

/* @path (absolute, like "/sys/…") inside the testbed. Free with g_free(). */
char     *slices_testbed_path      (SlicesTestbed *bed,
                                    const char    *path);

/* A symlink at @path to @target, making the parent folders (0755). */
void      slices_testbed_make_link (SlicesTestbed *bed,
                                    const char    *target,
                                    const char    *path);

/* The folder @path and its parents (0755). */
void      slices_testbed_make_dir  (SlicesTestbed *bed,
                                    const char    *path);

/* Writes @contents to @path, making the parent folders (0755). */
void      slices_testbed_write_file (SlicesTestbed *bed,
                                     const char    *path,
                                     const char    *contents);

/* Every file, folder and link under the testbed root, sorted, with contents and modes (links
 * never followed). Compare two with g_assert_cmpstr(). Free with g_free(). */
char     *slices_testbed_snapshot  (SlicesTestbed *bed);

/* Whether the test runs under umockdev (LD_PRELOAD=libumockdev-preload.so.0). Call it once,
 * before any testbed exists: umockdev_in_mock_environment() caches its answer, so this asks
 * with a throwaway testbed. */
gboolean  slices_testbed_in_mock_environment (void);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slices that survive a restart, seen without privileges: which slices mdevctl keeps
 * (`mdevctl list --defined --dumpjson`, run as the user, parsed tolerantly), whether mdevctl is
 * installed, and whether this is NixOS (where the configuration, not mdevctl, keeps slices).
 * Changing what is kept needs root and goes through SlicesBackend (persist / unpersist).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One slice that mdevctl keeps. */
typedef struct {
  char *uuid;     /* lower case */
  char *parent;   /* the GPU's PCI address, "0000:00:02.0" */
  char *type_id;  /* "i915-GVTg_V5_4", or NULL when the definition names none */
  char *start;    /* "auto" or "manual", or NULL */
} SlicesMdevDefinition;

#define SLICES_TYPE_MDEV_DEFINITION (slices_mdev_definition_get_type ())
GType                 slices_mdev_definition_get_type (void) G_GNUC_CONST;
SlicesMdevDefinition *slices_mdev_definition_new      (const char *uuid,
                                                       const char *parent,
                                                       const char *type_id,
                                                       const char *start);
SlicesMdevDefinition *slices_mdev_definition_copy     (const SlicesMdevDefinition *definition);
void                  slices_mdev_definition_free     (SlicesMdevDefinition *definition);
/* TRUE when mdevctl starts the slice by itself when its GPU appears ("start": "auto"). */
gboolean              slices_mdev_definition_is_auto  (const SlicesMdevDefinition *definition);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlicesMdevDefinition, slices_mdev_definition_free)

/* A new empty table: lowercase uuid (char *) → SlicesMdevDefinition *, both owned. */
GHashTable *slices_mdev_definitions_new (void);

/* Parses the output of `mdevctl list --defined --dumpjson`. mdevctl 1.x prints
 *   [{"0000:00:02.0":[{"<uuid>":{"mdev_type":"i915-GVTg_V5_4","start":"auto","attrs":[]}}]}]
 * and nothing at all, "[]" or "{}" when nothing is defined; older and newer versions nest the
 * parent/uuid levels as objects instead of arrays, or carry "parent" inside the definition.
 * Every object member named by a UUID whose value is an object is taken as a definition; its
 * parent is the nearest enclosing member named like a PCI address. Returns a table as
 * slices_mdev_definitions_new(), or NULL with G_IO_ERROR_INVALID_DATA when the text is not
 * JSON. */
GHashTable *slices_mdevctl_parse_defined (const char *json, GError **error);

/* What mdevctl keeps, read from its store itself: @store_dir/<parent>/<uuid>, each file one
 * definition object (FACTS §4; the helper writes them so). The same table as parsing
 * `mdevctl list --defined --dumpjson` over that store, without a process: a missing store keeps
 * nothing, and what is not a definition (mdevctl's scripts.d, a temporary .UUID.tmp, a file
 * that is not JSON) is left out. */
GHashTable *slices_mdevctl_read_store (const char *store_dir);

/* Back to mdevctl's own --dumpjson shape (sorted by parent, then uuid): what mdevctl would
 * print for the table. Free with g_free(). */
char *slices_mdev_definitions_to_json (GHashTable *definitions);

/* The installed mdevctl: MDEVCTL_PATH (the one the helper runs), then /usr/bin/mdevctl and
 * /usr/sbin/mdevctl. NULL when none is executable. Free with g_free(). */
char     *slices_mdevctl_find         (void);
gboolean  slices_mdevctl_is_installed (void);
/* TRUE when @root_dir (NULL: "/") has etc/NIXOS, as every NixOS system does. */
gboolean  slices_system_is_nixos      (const char *root_dir);

/* The last line of a program's output that is not blank, stripped; NULL when there is none
 * (@text may be NULL). A failed mdevctl or helper says why there; pkexec may print its own
 * lines before the helper's. Free with g_free(). */
char     *slices_last_line            (const char *text);

/* Runs `mdevctl list --defined --dumpjson` as the calling user, asynchronously. @mdevctl_path:
 * NULL for this system: then mdevctl's store is read directly (slices_mdevctl_read_store(), in a
 * thread), where slices_mdevctl_find() finds mdevctl; with a path (tests, the demo), that program
 * is run. mdevctl not installed gives an empty table (nothing can be kept), as does a missing
 * /etc/mdevctl.d, which makes mdevctl 1.2.0 fail instead of listing nothing; any other failure
 * is G_IO_ERROR_FAILED with mdevctl's own line. */
void        slices_mdevctl_list_defined_async  (const char          *mdevctl_path,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* Returns the table (see slices_mdev_definitions_new()); @out_json (optional) gets the text
 * mdevctl printed, "[]" when it was not run, NULL when its store was read instead. */
GHashTable *slices_mdevctl_list_defined_finish (GAsyncResult  *result,
                                                char         **out_json,
                                                GError       **error);

G_END_DECLS

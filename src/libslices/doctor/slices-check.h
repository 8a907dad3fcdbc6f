/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One result of Check Setup: SlicesCheck (a stable id, a status, a one-line title, a plain
 * explanation) and the fixes it offers, SlicesFix (a command to copy, a link, or the id of a
 * one-click action the app runs through the helper). The doctor makes them; the app's Check
 * Setup page and `slicectl doctor` show them.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  SLICES_CHECK_STATUS_OK,
  SLICES_CHECK_STATUS_WARNING,
  SLICES_CHECK_STATUS_ERROR,
  SLICES_CHECK_STATUS_UNKNOWN,   /* cannot tell (e.g. needs administrator rights) */
} SlicesCheckStatus;

/* "ok", "warning", "error", "unknown" (the JSON values). */
const char *slices_check_status_to_string (SlicesCheckStatus status);

typedef enum {
  SLICES_FIX_COMMAND,  /* text: a shell command (or, on NixOS, configuration lines) to copy */
  SLICES_FIX_ACTION,   /* text: a SLICES_FIX_ACTION_* id */
  SLICES_FIX_LINK,     /* text: a URL */
} SlicesFixKind;

/* "command", "action", "link". */
const char *slices_fix_kind_to_string (SlicesFixKind kind);

/* Where a check offers more than one way out (sriov-driver: FACTS-SRIOV S2, S3), which one a
 * fix belongs to; a way's fixes are together, in order. */
typedef enum {
  SLICES_FIX_WAY_NONE,             /* the check's only way */
  SLICES_FIX_WAY_I915_SRIOV_DKMS,  /* install the out-of-tree i915-sriov-dkms, its parameters */
  SLICES_FIX_WAY_XE_FORCE_PROBE,   /* the mainline xe driver, told to take the GPU */
} SlicesFixWay;

/* NULL, "i915-sriov-dkms", "xe-force-probe" (the JSON values). */
const char *slices_fix_way_to_string (SlicesFixWay way);
/* For people: "Install i915-sriov-dkms", "Use the xe driver" (translated); NULL for none. */
const char *slices_fix_way_get_title (SlicesFixWay way);
/* One sentence on what the way does and costs (translated); NULL for none. */
const char *slices_fix_way_get_summary (SlicesFixWay way);

typedef struct {
  SlicesFixKind kind;
  char         *text;
  char         *label;  /* short, for people: "Debian and Ubuntu", "Load now and at every boot"…
                         * (may be NULL) */
  SlicesFixWay  way;
} SlicesFix;

#define SLICES_TYPE_FIX (slices_fix_get_type ())
GType      slices_fix_get_type (void) G_GNUC_CONST;
SlicesFix *slices_fix_new      (SlicesFixKind kind, const char *text, const char *label);
SlicesFix *slices_fix_copy     (const SlicesFix *fix);
void       slices_fix_free     (SlicesFix *fix);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlicesFix, slices_fix_free)

#define SLICES_TYPE_CHECK (slices_check_get_type ())
G_DECLARE_FINAL_TYPE (SlicesCheck, slices_check, SLICES, CHECK, GObject)

/* Properties (read-only): "id", "status" (SlicesCheckStatus as int), "title", "detail",
 * "informational" (TRUE for iommu and qemu-sandbox: never an error, only a hint). */
SlicesCheck       *slices_check_new               (const char        *id,
                                                   SlicesCheckStatus  status,
                                                   const char        *title,
                                                   const char        *detail);
const char        *slices_check_get_id            (SlicesCheck *self);
SlicesCheckStatus  slices_check_get_status        (SlicesCheck *self);
const char        *slices_check_get_title         (SlicesCheck *self);
const char        *slices_check_get_detail        (SlicesCheck *self);
gboolean           slices_check_get_informational (SlicesCheck *self);
/* For the doctor, while it makes the check. */
void               slices_check_set_informational (SlicesCheck *self,
                                                   gboolean     informational);
/* The id of the failed check this one follows from (it was then not checked and offers no
 * fix: "gpu-generation" without a GPU to share), or NULL. */
const char        *slices_check_get_blocked_by    (SlicesCheck *self);
void               slices_check_set_blocked_by    (SlicesCheck *self,
                                                   const char  *id);
/* Element type SlicesFix, owned by the check; never NULL (maybe empty). */
GPtrArray         *slices_check_get_fixes         (SlicesCheck *self);
/* The first fix of @kind, or NULL. */
const SlicesFix   *slices_check_find_fix          (SlicesCheck *self, SlicesFixKind kind);
void               slices_check_add_fix           (SlicesCheck   *self,
                                                   SlicesFixKind  kind,
                                                   const char    *text,
                                                   const char    *label);
/* Gives @way to the fixes added from index @first on (the doctor, while it makes the check). */
void               slices_check_set_fixes_way     (SlicesCheck   *self,
                                                   guint          first,
                                                   SlicesFixWay   way);
/* The ways the fixes belong to, in the order they first appear (none: an empty array).
 * Free with g_array_unref(); element type SlicesFixWay. */
GArray            *slices_check_dup_ways          (SlicesCheck   *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How much of a GPU's slice budget its slices take, and why nothing more fits when it is full;
 * and the words for a type's memory and share. One computation for the window's level bar,
 * `slicectl list` and the doctor's room check.
 *
 * The kernel shows no budget, only each type's available_instances (FACTS.md §1: the least of
 * (aperture − 128 MB − used) / low_gm, (GGTT − aperture − 384 MB − used) / high_gm,
 * (fences − 4 − used) / fence). What the slices take is exact: the sum of their types' sizes.
 * What is left is known only from below: available × size for every type proves at least that
 * much is free. So the fraction shown is never smaller than the truth, is 1 exactly when no type
 * has room, and below 1 whenever one has: it never contradicts available_instances.
 */
#pragma once

#include "slices-types.h"

G_BEGIN_DECLS

typedef enum {
  SLICES_CAPACITY_UNKNOWN,        /* no types, or none says how many fit */
  SLICES_CAPACITY_ROOM,           /* some type has room */
  SLICES_CAPACITY_FULL_SLICES,    /* no type fits: the slices on the GPU take the room */
  SLICES_CAPACITY_FULL_LIMIT,     /* no type fits: the GPU has the most slices GVT-g allows */
  SLICES_CAPACITY_FULL_APERTURE,  /* no type fits with no slice on the GPU: the firmware's
                                   * aperture is too small to begin with */
} SlicesCapacityState;

/* What a slice takes from the GPU's budget. */
typedef enum {
  SLICES_CAPACITY_PART_APERTURE,  /* low graphics memory: the CPU-visible aperture */
  SLICES_CAPACITY_PART_REST,      /* high graphics memory: the rest, beyond the aperture */
  SLICES_CAPACITY_PART_FENCES,    /* fence registers */
  SLICES_CAPACITY_PART_SLICES,    /* the number of slices (at most 7) */
  SLICES_CAPACITY_N_PARTS
} SlicesCapacityPart;

typedef struct {
  gboolean known;         /* every slice's type gives this size, and a type proves what is left */
  gint64 used;            /* MB (fences, slices for those parts) the slices take: exact */
  gint64 free_at_least;   /* what is left, at least */
  double fraction;        /* used / (used + free_at_least); 1 when nothing is provably left */
} SlicesCapacityFigure;

typedef struct {
  SlicesCapacityState state;
  /* For a level bar: 0 with no slice, 1 exactly when full, -1 when unknown. */
  double fraction;
  /* The part with the largest fraction: what runs out first, as far as the kernel shows. */
  SlicesCapacityPart limiting;
  SlicesCapacityFigure parts[SLICES_CAPACITY_N_PARTS];
  /* The most slices of one type that still fit (-1 unknown), and which type (NULL). */
  int max_available;
  SlicesSliceType *roomiest_type;
  /* The GPU's slices (SlicesSlice), in the GPU's order. */
  GPtrArray *slices;
  /* The GPU lists no type with the largest share: its aperture is below 1 GB, so a larger one
   * set in the firmware would give room for more (FACTS.md §1: the aperture decides the types). */
  gboolean aperture_limits_types;
} SlicesCapacity;

/* Never fails: a GPU without types gives SLICES_CAPACITY_UNKNOWN. Free with
 * slices_capacity_free(). */
SlicesCapacity *slices_capacity_new   (SlicesGpu      *gpu);
void            slices_capacity_free  (SlicesCapacity *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlicesCapacity, slices_capacity_free)

gboolean    slices_capacity_is_full          (const SlicesCapacity *self);
/* "unknown", "room", "full-slices", "full-limit", "full-aperture" (slicectl list --json). */
const char *slices_capacity_state_to_id      (SlicesCapacityState state);
/* "aperture", "rest", "fences", "slices". */
const char *slices_capacity_part_to_id       (SlicesCapacityPart part);

/* One or two sentences on the room left, naming the slices when they fill the GPU.
 * @names: one display name per slice in self->slices ("win10’s slice", "1a2b3c4d"), or NULL
 * for their short UUIDs. "2 slices take about 30 % of the room; up to 4 more fit.",
 * "Full: win10’s slice and 1a2b3c4d take all the room. Remove one to make room for another."
 * Free with g_free(). */
char *slices_capacity_dup_summary     (const SlicesCapacity *self,
                                       const char * const   *names);
/* What runs out and why, for a popover or a tooltip: the two parts of graphics memory, the
 * fence registers and the 7-slice limit, with what the slices take of each. Free with g_free(). */
char *slices_capacity_dup_explanation (const SlicesCapacity *self);

/* "448 MB graphics memory (64 MB CPU-visible)": the type's whole graphics memory and the part of
 * it in the aperture; NULL when the kernel did not say. Free with g_free(). */
char *slices_slice_type_dup_memory_text (SlicesSliceType *type);
/* "1/8 share of GPU time", "Largest share of GPU time"; NULL for an unknown weight. */
char *slices_slice_type_dup_share_text  (SlicesSliceType *type);
/* Why a share is not a reservation, one sentence for a tooltip. */
const char *slices_share_explanation    (void);
/* The share @slice gets when every slice on @gpu is busy: its weight over all of theirs
 * ("1/3 of GPU time while all 3 slices are busy"); NULL when a weight is unknown. */
char *slices_slice_dup_busy_share_text  (SlicesGpu   *gpu,
                                         SlicesSlice *slice);

G_END_DECLS

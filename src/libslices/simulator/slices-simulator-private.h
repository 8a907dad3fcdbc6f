/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the simulator's files share and nothing outside simulator/ may see: the object's
 * fields, the kernel's table of GVT-g types, and the entry points of each part:
 *
 *   slices-simulator.c          the object, its root and why a root is refused
 *   slices-simulator-tree.c     the tree: files and links of GPUs and slices as sysfs lays them out
 *   slices-simulator-state.c    ROOT/.gpu-slices-simulator.ini: what sysfs does not show
 *   slices-simulator-kernel.c   the kernel's rules for writes to create and remove
 *   slices-simulator-backend.c  SlicesBackend on top of those rules
 */
#pragma once

#include "slices-simulator.h"

G_BEGIN_DECLS

/* Where the simulated GPUs live below the root, as on a PC: ROOT/devices/pci0000:00/<BDF>. */
#define PCI_ROOT "devices/pci0000:00"

struct _SlicesSimulator
{
  GObject parent_instance;

  char    *root;        /* absolute */
  gboolean delete_root; /* demo: the folder is ours, delete it at finalize */
  gboolean unsafe;      /* root is the real system: refuse every write */
};

/* One row of the kernel's fixed table of GVT-g types (weight = 16 / n). */
typedef struct {
  guint       n;
  guint       low_gm_mb;
  guint       high_gm_mb;
  guint       fence;
  guint       weight;
  const char *resolution;
} SlicesSimTypeSpec;

/* What a GPU's existing slices hold. */
typedef struct {
  guint count;
  guint low_gm_mb;
  guint high_gm_mb;
  guint fences;
} SlicesSimUsage;

/* The hidden facts about one GPU. */
typedef struct {
  guint              aperture_mb;
  guint              ggtt_mb;
  guint              fences;
  SlicesKernelLayout layout;
} SlicesSimGpuState;

/* slices-simulator.c */
gboolean slices_sim_check_root_is_safe  (const char *root, GError **error);
void     slices_simulator_emit_changed  (SlicesSimulator *self);

/* slices-simulator-tree.c: files */
gboolean slices_sim_is_component        (const char *name);
gboolean slices_sim_path_exists_nofollow (const char *path);
gboolean slices_sim_is_real_dir         (const char *path);
gboolean slices_sim_write_file          (const char  *path,
                                         const char  *contents,
                                         int          mode,
                                         GError     **error);
void     slices_sim_remove_tree         (const char *path);

/* slices-simulator-tree.c: GPUs and slices */
char    *slices_simulator_dup_gpu_dir   (SlicesSimulator *self, const char *address);
/* The slices on a GPU: real folders (not links) with an mdev_type link. Their names. */
GPtrArray *slices_simulator_list_gpu_slices (SlicesSimulator *self, const char *address);
/* The type id a slice's mdev_type link names, or NULL. */
char    *slices_simulator_read_slice_type (SlicesSimulator *self,
                                           const char      *address,
                                           const char      *uuid);
/* The GPU of a slice, from its bus link; NULL when there is no such slice. */
char    *slices_simulator_find_slice_gpu (SlicesSimulator *self, const char *uuid);
gboolean slices_simulator_make_slice    (SlicesSimulator    *self,
                                         const char         *address,
                                         const char         *type_id,
                                         const char         *uuid,
                                         SlicesKernelLayout  layout,
                                         GError            **error);
void     slices_simulator_unmake_slice  (SlicesSimulator *self,
                                         const char      *address,
                                         const char      *uuid);

/* slices-simulator-state.c */
GKeyFile *slices_simulator_load_state   (SlicesSimulator *self);
gboolean  slices_simulator_save_state   (SlicesSimulator  *self,
                                         GKeyFile         *keyfile,
                                         GError          **error);
void      slices_simulator_load_gpu_state (SlicesSimulator   *self,
                                           GKeyFile          *keyfile,
                                           const char        *address,
                                           SlicesSimGpuState *state);
void      slices_sim_state_set_gpu      (GKeyFile               *keyfile,
                                         const SlicesSimGpuSpec *spec);
gboolean  slices_sim_state_is_held      (GKeyFile *keyfile, const char *uuid);
/* The simulated mdevctl store. define/forget emit nothing; forget sets *changed (may be
 * NULL) when the slice was kept. */
gboolean  slices_simulator_store_define (SlicesSimulator  *self,
                                         const char       *uuid,
                                         const char       *address,
                                         const char       *type_id,
                                         GError          **error);
gboolean  slices_simulator_store_forget (SlicesSimulator  *self,
                                         const char       *uuid,
                                         gboolean         *changed,
                                         GError          **error);

/* slices-simulator-kernel.c */
extern const SlicesSimTypeSpec slices_sim_type_specs[];
const SlicesSimTypeSpec *slices_sim_type_spec_for_id (const char *type_id);
void     slices_simulator_compute_usage (SlicesSimulator *self,
                                         const char      *address,
                                         SlicesSimUsage  *usage);
/* Rewrites every available_instances of the GPU that changed. */
void     slices_simulator_update_availability (SlicesSimulator *self,
                                               GKeyFile        *keyfile,
                                               const char      *address);

/* slices-simulator-backend.c */
void     slices_simulator_backend_init  (SlicesBackendInterface *iface);

G_END_DECLS

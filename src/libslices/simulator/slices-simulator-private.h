/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the simulator's files share and nothing outside simulator/ may see: the object's
 * fields, the kernel's table of GVT-g types, and the entry points of each part:
 *
 *   slices-simulator.c          the object, its root and why a root is refused
 *   slices-simulator-tree.c     the tree: files and links of GPUs and slices as sysfs lays them out
 *   slices-simulator-state.c    ROOT/.gpu-slices-simulator.ini: what sysfs does not show
 *   slices-simulator-kernel.c   the kernel's rules for writes to create and remove
 *   slices-simulator-sriov.c    SR-IOV PFs and VFs in the tree: sriov_* files, virtfn/physfn,
 *                               binding, render nodes, sriov_admin, prelim_iov, held VFs
 *   slices-simulator-pci.c      the kernel's rules for SR-IOV and binding writes (S1, S2)
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
gboolean slices_sim_make_dir            (const char *path, GError **error);
gboolean slices_sim_make_link           (const char *target, const char *path, GError **error);
/* The lowest n for which DIR/<prefix><n> does not exist. */
guint    slices_sim_lowest_free_number  (const char *dir, const char *prefix);
/* Makes each ROOT-relative folder (NULL-terminated list). */
gboolean slices_sim_ensure_dirs         (SlicesSimulator *self, GError **error, ...)
                                         G_GNUC_NULL_TERMINATED;
/* ROOT/module/MODULE/parameters/PARAMETER (0400) with @value, unless it exists. */
gboolean slices_sim_ensure_module_parameter (SlicesSimulator *self,
                                             const char      *module,
                                             const char      *parameter,
                                             const char      *value,
                                             GError         **error);
/* GPU/drm/<kind><minor> with uevent and dev, and its ROOT/class/drm link. */
gboolean slices_sim_add_drm_node        (SlicesSimulator *self,
                                         const char      *address,
                                         const char      *gpu_dir,
                                         const char      *kind,
                                         int              minor,
                                         GError         **error);

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
int      slices_sim_kernel_parse_unsigned (const char *data,
                                           gsize       len,
                                           guint64     max,
                                           guint64    *value);
extern const SlicesSimTypeSpec slices_sim_type_specs[];
const SlicesSimTypeSpec *slices_sim_type_spec_for_id (const char *type_id);
void     slices_simulator_compute_usage (SlicesSimulator *self,
                                         const char      *address,
                                         SlicesSimUsage  *usage);
/* Rewrites every available_instances of the GPU that changed. */
void     slices_simulator_update_availability (SlicesSimulator *self,
                                               GKeyFile        *keyfile,
                                               const char      *address);

/* slices-simulator-sriov.c */
/* The hidden SR-IOV facts of a PF (slices-simulator-state.c keeps them). */
typedef struct {
  SlicesSimDriver driver;
  guint           fair_vfs;  /* 0: no limit below totalvfs */
  gboolean        discrete;
} SlicesSimSriovState;

gboolean slices_sim_add_sriov_gpu       (SlicesSimulator        *self,
                                         const SlicesSimGpuSpec *spec,
                                         GError                **error);
/* A device of the tree (PF or VF) by its address, after the component check; NULL if none. */
char    *slices_sim_dup_pci_dir         (SlicesSimulator *self, const char *address);
/* The bound driver's name, or NULL. */
char    *slices_sim_read_driver         (SlicesSimulator *self, const char *address);
/* The PF of a VF (its physfn link), or NULL when @address is no VF. */
char    *slices_sim_read_physfn         (SlicesSimulator *self, const char *address);
/* A number file of the device ("sriov_numvfs"); -1 when missing or not a number. */
int      slices_sim_read_number         (SlicesSimulator *self,
                                         const char      *address,
                                         const char      *file);
gboolean slices_sim_write_number        (SlicesSimulator *self,
                                         const char      *address,
                                         const char      *file,
                                         guint            value,
                                         int              mode);
/* The VFs' addresses of a PF in virtfn order (virtfn0 first). */
GPtrArray *slices_sim_list_vfs          (SlicesSimulator *self, const char *pf_address);
/* VF @index (0-based) of @pf_address: devfn + offset + stride · index. */
char    *slices_sim_vf_address          (const char *pf_address, guint index);
gboolean slices_sim_make_vf             (SlicesSimulator  *self,
                                         const char       *pf_address,
                                         guint             index,
                                         GError          **error);
void     slices_sim_unmake_vf           (SlicesSimulator *self,
                                         const char      *pf_address,
                                         guint            index);
/* Binds @address to @driver: the driver link and the driver's device link; a VF bound to
 * the host's xe or i915 gets render and card nodes, one bound to a VFIO driver vfio-dev. */
gboolean slices_sim_bind                (SlicesSimulator  *self,
                                         const char       *address,
                                         const char       *driver,
                                         GError          **error);
void     slices_sim_unbind              (SlicesSimulator *self, const char *address);
/* Lays out (or, @holder NULL, removes) the pretend process that holds a VF open. */
gboolean slices_sim_set_vf_holder       (SlicesSimulator  *self,
                                         const char       *vf_address,
                                         const char       *holder,
                                         GError          **error);

/* slices-simulator-state.c: SR-IOV */
void     slices_sim_state_set_sriov     (GKeyFile *keyfile, const SlicesSimGpuSpec *spec);
void     slices_simulator_load_sriov_state (SlicesSimulator     *self,
                                            GKeyFile            *keyfile,
                                            const char          *address,
                                            SlicesSimSriovState *state);

/* slices-simulator-backend.c */
void     slices_simulator_backend_init  (SlicesBackendInterface *iface);

G_END_DECLS

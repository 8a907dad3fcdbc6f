/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kernel simulator: builds sysfs-like trees of GVT-g GPUs in a folder and applies writes
 * to `create` and `remove` exactly as the kernel does (../shared/FACTS.md §1): EINVAL, EEXIST,
 * ENOSPC, the 7-slice cap, lowercase names, every link, available_instances recomputed from the
 * low-GM, high-GM and fence budgets. Hidden state (aperture, GGTT, fences) lives in
 * ROOT/.gpu-slices-simulator.ini so that separate processes (slicectl --simulate) agree.
 * It never touches the real /sys. Implements SlicesBackend; emits "changed" after each write.
 */
#pragma once

#include "slices-backend.h"

G_BEGIN_DECLS

/* Kernel layouts the simulator can produce. */
typedef enum {
  SLICES_KERNEL_6_1,   /* name file, intel_vgpu_mdev driver, vfio-dev/vfioN */
  SLICES_KERNEL_5_4,   /* no name file, vfio_mdev driver */
  SLICES_KERNEL_4_10,  /* no name file, 3-line description */
} SlicesKernelLayout;

typedef struct {
  const char *address;        /* "0000:00:02.0" */
  guint       device_id;      /* 0x5916 (Kaby Lake HD 620) */
  guint       aperture_mb;    /* 256, 512 or 1024: decides which types exist */
  guint       ggtt_mb;        /* 4096 */
  guint       fences;         /* 32 */
  int         render_minor;   /* 128 → renderD128; -1 for no drm folder */
  int         card_minor;     /* 1 → card1 */
  SlicesKernelLayout layout;
  const char *extra_description_line; /* NULL, or e.g. "aggregation: true" */
} SlicesSimGpuSpec;

/* Fills @spec with the demo's Kaby Lake (1 GB aperture, 4 GB GGTT, 32 fences, renderD128/card1,
 * 6.1 layout) at @address. */
void slices_sim_gpu_spec_init (SlicesSimGpuSpec *spec, const char *address);

#define SLICES_TYPE_SIMULATOR (slices_simulator_get_type ())
G_DECLARE_FINAL_TYPE (SlicesSimulator, slices_simulator, SLICES, SIMULATOR, GObject)

/* Opens an existing simulated tree (made by add_gpu, maybe by another process). */
SlicesSimulator *slices_simulator_new       (const char *root);
/* A private temporary tree with the demo GPU; the folder is deleted when the simulator is
 * finalized. */
SlicesSimulator *slices_simulator_new_demo  (GError **error);
const char      *slices_simulator_get_root  (SlicesSimulator *self);
/* Adds a GPU to the tree (bus/pci/devices and class/mdev_bus links, driver, drm nodes,
 * module parameters, mdev_supported_types per aperture). */
gboolean slices_simulator_add_gpu (SlicesSimulator        *self,
                                   const SlicesSimGpuSpec *spec,
                                   GError                **error);

/* Kernel-level writes: return 0 or a positive errno, exactly as write(2) on the file would.
 * @data/@len are the bytes written (only the first 36 bytes are parsed for create). */
int slices_simulator_write_create (SlicesSimulator *self,
                                   const char      *gpu_address,
                                   const char      *type_id,
                                   const char      *data,
                                   gsize            len);
int slices_simulator_write_remove (SlicesSimulator *self,
                                   const char      *uuid,
                                   const char      *data,
                                   gsize            len);

G_END_DECLS

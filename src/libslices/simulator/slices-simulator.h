/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kernel simulator: builds sysfs-like trees of GVT-g GPUs in a folder and applies writes
 * to `create` and `remove` exactly as the kernel does (../shared/FACTS.md §1): EINVAL, EEXIST,
 * ENOSPC, the 7-slice cap, lowercase names, every link, available_instances recomputed from the
 * low-GM, high-GM and fence budgets. Hidden state (aperture, GGTT, fences) lives in
 * ROOT/.gpu-slices-simulator.ini so that separate processes (slicectl --simulate) agree.
 * It never touches the real /sys. Implements SlicesBackend, and SlicesNotifier: "changed" after
 * each write, where the kernel would send uevents.
 */
#pragma once

#include "slices-backend.h"
#include "slices-notifier.h"

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

/* Opens an existing simulated tree (made by add_gpu, maybe by another process). A root that is
 * "/" or resolves into /sys, /proc or /dev still gives a simulator, but one that refuses every
 * write (EACCES, SLICES_ERROR_INVALID_ARGUMENT from add_gpu): it never touches the real system.
 * Use slices_simulator_open() to be told up front. */
SlicesSimulator *slices_simulator_new       (const char *root);
/* Like slices_simulator_new(), but fails with SLICES_ERROR_INVALID_ARGUMENT for a root in the
 * real system and SLICES_ERROR_BAD_TREE when ROOT/bus/pci/devices is missing (for slicectl
 * --simulate --sysfs-root DIR). */
SlicesSimulator *slices_simulator_open      (const char *root, GError **error);
/* FALSE (with SLICES_ERROR_INVALID_ARGUMENT) when @root is "/" or resolves into /sys, /proc,
 * /dev. */
gboolean         slices_simulator_is_safe_root (const char *root, GError **error);
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
 * @data/@len are the bytes written: create takes 36 or 37 bytes and parses the first 36 as a
 * UUID (so "UUID\n" works); remove parses a number like kstrtoul ("1", "1\n"; "0" does
 * nothing). ENOENT when the GPU, type or slice does not exist. Each write that changes the
 * tree emits "changed" (where the kernel would send uevents). */
int slices_simulator_write_create (SlicesSimulator *self,
                                   const char      *gpu_address,
                                   const char      *type_id,
                                   const char      *data,
                                   gsize            len);
int slices_simulator_write_remove (SlicesSimulator *self,
                                   const char      *uuid,
                                   const char      *data,
                                   gsize            len);

/* Pretends that a process holds the slice (for the demo and UI tests): @holder is what people
 * see, e.g. "qemu-system-x86 (pid 4242)", or NULL to let go. Kept in the state file, so other
 * processes on the root see it. While held, the backend's remove fails with
 * SLICES_ERROR_IN_USE and write_remove() returns EBUSY (the real kernel would block). Emits
 * "changed". Fails with SLICES_ERROR_UNKNOWN_SLICE when there is no such slice. */
gboolean slices_simulator_set_in_use (SlicesSimulator  *self,
                                      const char       *uuid,
                                      const char       *holder,
                                      GError          **error);
/* The holder set with set_in_use(), or NULL. Free with g_free(). */
char    *slices_simulator_get_in_use (SlicesSimulator *self,
                                      const char      *uuid);

/* The simulated mdevctl store (the backend's persist / unpersist write it; removing a slice
 * drops its entry, as the helper does): uuid → SlicesMdevDefinition, read from the state file,
 * so other processes on the root see it. Free with g_hash_table_unref(). */
GHashTable *slices_simulator_dup_defined (SlicesSimulator *self);

G_END_DECLS

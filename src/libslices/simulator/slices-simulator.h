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

/* Which driver holds the simulated GPU (FACTS-SRIOV S1–S3). */
typedef enum {
  SLICES_SIM_DRIVER_I915_GVT,   /* i915 with GVT-g: mdev_supported_types (the default) */
  SLICES_SIM_DRIVER_XE,         /* mainline xe: SR-IOV PF where the platform has it (S2) */
  SLICES_SIM_DRIVER_I915_SRIOV, /* i915-sriov-dkms: i915 with max_vfs and prelim_iov (S3) */
  SLICES_SIM_DRIVER_I915,       /* stock i915 on a Gen12+ GPU: no GVT-g, no SR-IOV support */
} SlicesSimDriver;

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

  /* SR-IOV (ignored for SLICES_SIM_DRIVER_I915_GVT). */
  SlicesSimDriver driver;
  guint       total_vfs;      /* the SR-IOV capability's TotalVFs (7 on Gen12+ iGPUs); 0: none,
                               * and then no sriov_* file exists (S1) */
  gboolean    driver_sriov;   /* xe: the platform has has_sriov (S2); the dkms i915: it covers
                               * the platform (S3) */
  guint       max_vfs;        /* xe.max_vfs / i915.max_vfs; G_MAXUINT: xe's default "unlimited" */
  gboolean    guc;            /* GuC submission on (xe's default; i915.enable_guc=3) */
  gboolean    sriov_admin;    /* xe 6.19+: the sriov_admin tree (S2) */
  gboolean    discrete;       /* a card (Battlemage): sriov_admin has vram_quota */
  guint       fair_vfs;       /* the most VFs fair provisioning can split to; more gives
                               * ENOSPC (S2); 0: as many as totalvfs */
} SlicesSimGpuSpec;

/* Fills @spec with the demo's Kaby Lake (1 GB aperture, 4 GB GGTT, 32 fences, renderD128/card1,
 * 6.1 layout) at @address. */
void slices_sim_gpu_spec_init (SlicesSimGpuSpec *spec, const char *address);
/* SR-IOV platforms for `slicectl simulate --platform`: Panther Lake on xe (TotalVFs 7,
 * sriov_admin), Alder Lake-P on i915-sriov-dkms (i915.max_vfs=7, enable_guc=3), a Battlemage
 * card on xe (default address 0000:03:00.0, sriov_admin with vram_quota). */
void slices_sim_gpu_spec_init_ptl (SlicesSimGpuSpec *spec, const char *address);
void slices_sim_gpu_spec_init_adl (SlicesSimGpuSpec *spec, const char *address);
void slices_sim_gpu_spec_init_bmg (SlicesSimGpuSpec *spec, const char *address);
/* The Alder Lake-P on stock i915 (no max_vfs: a supported GPU that makes no VFs; the PCI core
 * still shows TotalVFs 7, sriov_numvfs writes give ENOENT). */
void slices_sim_gpu_spec_init_adl_stock (SlicesSimGpuSpec *spec, const char *address);

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
/* The demo's two worlds (gpu-slices --demo=gvt|sriov). */
typedef enum {
  SLICES_SIM_DEMO_GVT,   /* Kaby Lake on i915 with GVT-g (what --demo alone shows) */
  SLICES_SIM_DEMO_SRIOV, /* Panther Lake on xe with sriov_admin (TotalVFs 7): 3 VFs left
                          * unbound for VMs (autoprobe 0), VF 1 with a GPU time profile of
                          * 20 ms turns, preempted after 500 µs */
} SlicesSimDemo;

/* "gvt" or "sriov" → the world; FALSE for anything else. */
gboolean         slices_sim_demo_from_string (const char *name, SlicesSimDemo *world);
const char      *slices_sim_demo_to_string   (SlicesSimDemo world);

/* A private temporary tree with the demo GPU; the folder is deleted when the simulator is
 * finalized. slices_simulator_new_demo() is the GVT-g world. */
SlicesSimulator *slices_simulator_new_demo  (GError **error);
SlicesSimulator *slices_simulator_new_demo_world (SlicesSimDemo   world,
                                                  GError        **error);
const char      *slices_simulator_get_root  (SlicesSimulator *self);
/* The made-up healthy computer around the demo GPU, for Check Setup: a new private folder
 * with etc/os-release (the real distribution's, so that commands fit), dev/dri/renderD128,
 * bin/mdevctl (keeping nothing), proc/PID/{comm,cmdline} naming gnome-shell as this process's
 * authentication agent, and log/. Returns its path; remove it with
 * slices_simulator_remove_demo_system(). */
char            *slices_simulator_make_demo_system   (GError **error);
/* The same for @world: for SLICES_SIM_DEMO_SRIOV a healthy xe host (no i915 module options,
 * a render node for the GPU and none for its VFs, vfio in place). */
char            *slices_simulator_make_demo_system_for (SlicesSimDemo   world,
                                                        GError        **error);
void             slices_simulator_remove_demo_system (const char *dir);
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
 * see, e.g. "qemu-system-x86 (pid 4242)", or NULL to let go. @uuid may also be the PCI address
 * of a VF: the simulator then also lays out the holder as a process in ROOT/.proc that has the
 * VF's /dev/vfio/<group> open, as /proc would show it. Kept in the state file, so other
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

/* SR-IOV, kernel-level writes (FACTS-SRIOV S1, S2): return 0 or a positive errno, exactly as
 * write(2) on the file would, and emit "changed" when the tree changed. A later
 * `set-vfs --simulate` is these writes in the helper's order (autoprobe 0, then 0, then N).
 *
 * PF/sriov_numvfs: kstrtou16 (EINVAL), > totalvfs (ERANGE), same value (0, nothing happens),
 * no driver or one without SR-IOV (ENOENT), N > 0 while M > 0 (EBUSY), then the driver: xe's
 * fair provisioning (ENOSPC). VFs at PF devfn + 1 + n with virtfnN / physfn links, each bound
 * by autoprobe to the PF's driver (with a render node) or left unbound. A write of 0 while
 * a VF is held (set_in_use with the VF's address) gives EBUSY: the real kernel blocks there
 * until the process lets go, which a test could never wait out. */
int slices_simulator_write_sriov_numvfs    (SlicesSimulator *self,
                                            const char      *pf_address,
                                            const char      *data,
                                            gsize            len);
/* PF/sriov_drivers_autoprobe: kstrtobool, else EINVAL; ENOENT without SR-IOV files. */
int slices_simulator_write_sriov_autoprobe (SlicesSimulator *self,
                                            const char      *pf_address,
                                            const char      *data,
                                            gsize            len);
/* DEVICE/driver_override: cut at "\n", empty clears; ENOENT for no such device. */
int slices_simulator_write_driver_override (SlicesSimulator *self,
                                            const char      *address,
                                            const char      *data,
                                            gsize            len);
/* bus/pci/drivers_probe (ENODEV for an unknown BDF, else 0 whether or not anything binds),
 * bus/pci/drivers/DRIVER/bind (ENODEV without a match, EBUSY when bound; vfio-pci refuses a
 * PF with VFs: EBUSY), bus/pci/drivers/DRIVER/unbind (ENODEV unless bound to DRIVER). An
 * unknown DRIVER is ENOENT (no such folder). */
int slices_simulator_write_drivers_probe   (SlicesSimulator *self,
                                            const char      *data,
                                            gsize            len);
int slices_simulator_write_bind            (SlicesSimulator *self,
                                            const char      *driver,
                                            const char      *data,
                                            gsize            len);
int slices_simulator_write_unbind          (SlicesSimulator *self,
                                            const char      *driver,
                                            const char      *data,
                                            gsize            len);
/* PF/sriov_admin/@file ("vf1/profile/exec_quantum_ms", "pf/profile/sched_priority",
 * ".bulk_profile/preempt_timeout_us", "vf2/stop"): u32/u64 base 0 or EINVAL, a choice from
 * the list or EINVAL, a VF's sched_priority EOPNOTSUPP, ENOENT for a file that does not
 * exist. */
int slices_simulator_write_sriov_admin     (SlicesSimulator *self,
                                            const char      *pf_address,
                                            const char      *file,
                                            const char      *data,
                                            gsize            len);

/* The simulated mdevctl store (the backend's persist / unpersist write it; removing a slice
 * drops its entry, as the helper does): uuid → SlicesMdevDefinition, read from the state file,
 * so other processes on the root see it. Free with g_hash_table_unref(). */
GHashTable *slices_simulator_dup_defined (SlicesSimulator *self);

G_END_DECLS

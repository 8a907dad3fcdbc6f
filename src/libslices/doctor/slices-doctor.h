/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check Setup: every check of issue 5 against a sysfs root and a few injectable inputs
 * (os-release, /etc/NIXOS and /etc/modprobe.d, /dev, /proc (its cmdline too), the libvirt QEMU
 * log folder, mdevctl and its defined list, libvirt's reachability, the user's groups). Nothing
 * here needs root: the root-only i915 parameters are read from the kernel command line and
 * modprobe's configuration instead.
 * Each check (slices-check.h) has a stable id, a status, a one-line title, a plain explanation
 * and fixes: copyable commands for the detected distribution family, a link, or the id of a
 * one-click action that the app runs through the helper. GPUs, slice types and slices come from
 * the model (slices_sysfs_discover()), what mdevctl keeps from writers/slices-mdevctl.h.
 * GTK-free: the app's Check Setup page, and `slicectl doctor [--json]` / `slicectl nixos`, are
 * two faces on this.
 */
#pragma once

#include <gio/gio.h>

#include "slices-check.h"
#include "slices-distro.h"
#include "slices-types.h"

G_BEGIN_DECLS

/* Stable check ids, in the order slices_doctor_run() lists them. The sriov-* checks are made
 * only when a GPU is shared through SR-IOV (FACTS-SRIOV); vm-slices only when its input was
 * given. */
#define SLICES_CHECK_GPU_GENERATION "gpu-generation"
#define SLICES_CHECK_SRIOV_DRIVER   "sriov-driver"
#define SLICES_CHECK_SRIOV_VFS_LIMIT "sriov-vfs-limit"
#define SLICES_CHECK_SRIOV_GUC      "sriov-guc"
#define SLICES_CHECK_SRIOV_HOST_BINDING "sriov-host-binding"
#define SLICES_CHECK_SRIOV_GUEST_DRIVER "sriov-guest-driver"
#define SLICES_CHECK_GVT_PARAMETER  "gvt-parameter"
#define SLICES_CHECK_GUC_SUBMISSION "guc-submission"
#define SLICES_CHECK_KVMGT_MODULE   "kvmgt-module"
#define SLICES_CHECK_VFIO_MODULES   "vfio-modules"
#define SLICES_CHECK_SLICE_TYPES    "slice-types"
#define SLICES_CHECK_ROOM           "room"
#define SLICES_CHECK_IOMMU          "iommu"
#define SLICES_CHECK_RENDER_NODE    "render-node"
#define SLICES_CHECK_LIBVIRT        "libvirt"
#define SLICES_CHECK_VM_SLICES      "vm-slices"
#define SLICES_CHECK_POLKIT_AGENT   "polkit-agent"
#define SLICES_CHECK_PERSISTENCE    "persistence"
#define SLICES_CHECK_QEMU_SANDBOX   "qemu-sandbox"
#define SLICES_CHECK_VM_RECIPE      "vm-recipe"
/* Made when an SR-IOV GPU is present or a VM's definition has Looking Glass. */
#define SLICES_CHECK_LOOKING_GLASS_SHM "looking-glass-shm"

/* One-click fixes (SLICES_FIX_ACTION texts). Each is safe and reversible. */
/* helper: modprobe kvmgt now, and /etc/modules-load.d/gpu-slices.conf for every boot */
#define SLICES_FIX_ACTION_LOAD_KVMGT       "load-kvmgt"
/* the app: repair the definitions the vm-recipe check names (an attach job each) */
#define SLICES_FIX_ACTION_REPAIR_VMS       "repair-vms"
/* helper `persist <uuid>` for each slice that mdevctl does not keep yet */
#define SLICES_FIX_ACTION_PERSIST_SLICES   "persist-slices"
/* helper `configure-host looking-glass <user>`: the tmpfiles line that makes
 * /dev/shm/looking-glass the user's at every boot (delete the file to undo) */
#define SLICES_FIX_ACTION_LOOKING_GLASS    "looking-glass-shm"

/* What the checks look at. Every NULL / zero field means "the real system". Strings are
 * copied by slices_doctor_new(). Tests point the roots at fake trees. */
typedef struct {
  const char *sysfs_root;              /* NULL: /sys */
  const char *root_dir;                /* NULL: "/": ROOT/etc/NIXOS, os-release, etc/mdevctl.d */
  const char *os_release_path;         /* NULL: ROOT/etc/os-release, then ROOT/usr/lib/os-release */
  const char *dev_root;                /* NULL: /dev (render nodes are DEV/dri/renderD<N>) */
  const char *proc_root;               /* NULL: /proc (authentication agents, cmdline) */
  const char *qemu_log_dir;            /* NULL: /var/log/libvirt/qemu */
  const char *mdevctl_path;            /* NULL: slices_mdevctl_find() (MDEVCTL_PATH,
                                        * /usr/bin/mdevctl, /usr/sbin/mdevctl); "installed" means
                                        * executable */
  GHashTable *mdevctl_defined;         /* what mdevctl keeps: uuid → SlicesMdevDefinition, as
                                        * slices-mdevctl.h and SlicesBackend list it (the doctor
                                        * keeps a reference); NULL: not known */
  SlicesLibvirtState libvirt_state;
  const char *libvirt_uri;             /* for messages; NULL: qemu:///system */
  const char *libvirt_message;         /* libvirt's own error text, or NULL */
  const char * const *user_groups;     /* NULL: this process's groups */
  const char *user_name;               /* NULL: g_get_user_name () */
  gboolean    uid_set;                 /* FALSE: this process's uid */
  guint       uid;
} SlicesDoctorEnv;

#define SLICES_TYPE_DOCTOR (slices_doctor_get_type ())
G_DECLARE_FINAL_TYPE (SlicesDoctor, slices_doctor, SLICES, DOCTOR, GObject)

/* @env: NULL for the real system. Runs nothing yet. */
SlicesDoctor *slices_doctor_new (const SlicesDoctorEnv *env);

/* Inputs that arrive later (libvirt's answer, mdevctl's list). NULL clears. Take effect at
 * the next run. @defined: as SlicesDoctorEnv.mdevctl_defined; the doctor keeps a reference. */
void slices_doctor_set_mdevctl_defined   (SlicesDoctor *self, GHashTable *defined);
void slices_doctor_set_libvirt           (SlicesDoctor       *self,
                                          SlicesLibvirtState  state,
                                          const char         *uri,
                                          const char         *message);
/* The vm-slices check's input, from the VM layer (slices_domain_infos_find_missing_slices()):
 * domain name → GStrv of the slice UUIDs its persistent definition holds that do not exist;
 * empty when all exist. The doctor keeps a reference. NULL (the default): the definitions were
 * not read, and the check is not made. */
void slices_doctor_set_vm_missing_slices (SlicesDoctor       *self,
                                          GHashTable         *missing);

/* A VM whose definition holds the old GVT-g recipe (vm/ slices-domain-recipe.h decides). */
typedef struct {
  const char *domain;
  gboolean    broken;    /* QEMU refuses to start it (else: some settings never arrive) */
  const char *problem;   /* a sentence for people */
} SlicesDoctorVmRecipe;

/* What the caller's libvirt connection found: @n_vms entries (copied). @known FALSE (no
 * connection asked) leaves the vm-recipe check out; TRUE with none makes it ok. */
void slices_doctor_set_vm_recipes        (SlicesDoctor               *self,
                                          gboolean                    known,
                                          const SlicesDoctorVmRecipe *vms,
                                          guint                       n_vms);

/* A VM that matters to the SR-IOV checks: it has a VF, or Looking Glass. */
typedef struct {
  const char *domain;
  const char *vf;            /* the address of a VF its definition holds, or NULL */
  gboolean    looking_glass; /* its definition has the looking-glass shmem device */
} SlicesDoctorVm;

/* What the caller's libvirt connection found (vm/: the definitions' VFs and Looking Glass):
 * @n_vms entries (copied; others may be left out). @known FALSE: not asked, and
 * sriov-guest-driver names no VM; looking-glass-shm then counts on no VM using Looking
 * Glass. */
void slices_doctor_set_vms               (SlicesDoctor         *self,
                                          gboolean              known,
                                          const SlicesDoctorVm *vms,
                                          guint                 n_vms);

/* Runs every check now (small file reads only, no subprocess) and replaces the items of
 * slices_doctor_get_checks() in one items-changed. */
void slices_doctor_run (SlicesDoctor *self);
/* Only the GPUs and the sriov-driver check (a few sysfs files, nothing slow: the window's first
 * screen asks it): that check, or NULL where no GPU could do SR-IOV. Leaves the list alone. */
SlicesCheck *slices_doctor_run_sriov_driver (SlicesDoctor *self);

/* When mdevctl is installed and its defined list was not given, lists it with
 * slices_mdevctl_list_defined_async() (unprivileged), then slices_doctor_run(). A failing
 * mdevctl leaves the persistence check "unknown"; it is not an error of the call. */
void     slices_doctor_run_async  (SlicesDoctor        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean slices_doctor_run_finish (SlicesDoctor  *self,
                                   GAsyncResult  *result,
                                   GError       **error);
/* The same for slicectl, blocking. FALSE only when cancelled. */
gboolean slices_doctor_run_sync   (SlicesDoctor  *self,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* Item type SlicesCheck, in the order of the SLICES_CHECK_* ids. Empty before the first run. */
GListModel        *slices_doctor_get_checks  (SlicesDoctor *self);
SlicesCheck       *slices_doctor_find_check  (SlicesDoctor *self, const char *id);
SlicesDistroFamily slices_doctor_get_distro  (SlicesDoctor *self);
/* Whose fixes they are: the env's user name, else this process's. */
const char        *slices_doctor_get_user_name (SlicesDoctor *self);
guint              slices_doctor_count       (SlicesDoctor *self, SlicesCheckStatus status);
/* How many checks follow from check @id's failure (were not checked for it). */
guint              slices_doctor_count_blocked_by (SlicesDoctor *self, const char *id);
/* TRUE when any check is an error (slicectl doctor exits 1). */
gboolean           slices_doctor_has_errors  (SlicesDoctor *self);
/* "2 problems found" / "No problems found" (errors + warnings), translated. Free with g_free(). */
char              *slices_doctor_dup_summary (SlicesDoctor *self);

/* The `slicectl doctor --json` contract:
 * {"distro":"debian","summary":{"errors":1,"warnings":0},
 *  "checks":[{"id":"guc-submission","status":"error","title":"…","detail":"…",
 *             "fixes":[{"kind":"command","text":"…","label":"…","way":"…"}]}]}
 * ("label" only when the fix has one; "way", "i915-sriov-dkms" or "xe-force-probe", only
 * where a check offers several ways out: slices_fix_way_to_string()). Free with g_free(). */
char *slices_doctor_to_json (SlicesDoctor *self, gboolean pretty);

/* The NixOS snippet for the slices seen at the last run (slices_nixos_snippet() with the first
 * GVT-g GPU, enable_guc=2 when the guc-submission check is an error, the env's user name).
 * Free with g_free(). */
char *slices_doctor_dup_nixos_snippet (SlicesDoctor *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the doctor's files share and nothing outside doctor/ may see: the doctor's inputs and
 * last results, the state of one run (what earlier checks found, for later ones), and one entry
 * point per check. Which file holds what:
 *
 *   slices-doctor.c              the runner: inputs, run / run_async / run_sync, results
 *   slices-doctor-fixes.c        fixes per distribution family
 *   slices-doctor-gpu.c          GPU and GVT-g: gpu-generation, gvt-parameter, guc-submission,
 *                                kvmgt-module, slice-types, room; module parameters
 *   slices-doctor-sriov.c        SR-IOV: sriov-driver, sriov-vfs-limit, sriov-guc,
 *                                sriov-host-binding
 *   slices-doctor-host.c         host: vfio-modules, iommu, render-node, polkit-agent,
 *                                qemu-sandbox
 *   slices-doctor-libvirt.c      libvirt, vm-slices
 *   slices-doctor-vms.c          the virtual machines' definitions (what the caller found)
 *   slices-doctor-guests.c       what a VM with a VF needs: sriov-guest-driver,
 *                                looking-glass-shm
 *   slices-doctor-persistence.c  persistence
 */
#pragma once

#include "slices-doctor.h"
#include "slices-gpu.h"

G_BEGIN_DECLS

struct _SlicesDoctor
{
  GObject parent_instance;

  /* inputs (copied from the env) */
  char               *sysfs_root;
  char               *root_dir;
  char               *os_release_path;
  char               *dev_root;
  char               *proc_root;       /* NULL: /proc, the real one */
  char               *qemu_log_dir;
  char               *mdevctl_path;    /* absolute; NULL: not installed */
  GHashTable         *mdevctl_defined; /* uuid → SlicesMdevDefinition; NULL: not known */
  SlicesLibvirtState  libvirt_state;
  char               *libvirt_uri;
  char               *libvirt_message;
  GHashTable         *vm_missing_slices; /* domain → GStrv; NULL: not read */
  GPtrArray          *vm_recipes;      /* SlicesDoctorVmRecipe (owned copies); NULL: not known */
  GPtrArray          *vms;             /* SlicesDoctorVm (owned copies); NULL: not known */
  GStrv               user_groups;     /* NULL: this process's */
  char               *user_name;
  gboolean            uid_set;
  guint               uid;

  /* results of the last run */
  SlicesDistroFamily  distro;
  GPtrArray          *gpus;            /* SlicesGpu: the Intel display devices, by address */
  GListStore         *checks;
};

/* One run: the checks made so far, and what they found for the checks after them. */
typedef struct {
  SlicesDoctor *doctor;
  GPtrArray    *checks;           /* SlicesCheck, in order */
  gboolean      gvt_gpu_present;
  gboolean      sriov_gpu_present; /* a GPU of an SR-IOV platform, or one that makes VFs */
  gboolean      types_present;
  gboolean      guc_failed;
} SlicesDoctorRun;

/* slices-doctor.c */
SlicesCheck       *slices_doctor_run_add_check    (SlicesDoctorRun   *run,
                                                   const char        *id,
                                                   SlicesCheckStatus  status,
                                                   const char        *title,
                                                   const char        *detail);
/* The status of an earlier check of this run; UNKNOWN when it has not run. */
SlicesCheckStatus  slices_doctor_run_get_status   (SlicesDoctorRun *run,
                                                   const char      *id);
gboolean           slices_doctor_path_exists      (const char *first,
                                                   ...) G_GNUC_NULL_TERMINATED;
/* The first GPU that offers GVT-g, else the first GPU, else NULL. */
SlicesGpu         *slices_doctor_get_first_gvt_gpu (SlicesDoctor *self);
guint              slices_doctor_count_slices     (SlicesDoctor *self);
guint              slices_doctor_get_uid          (SlicesDoctor *self);
char              *slices_doctor_dup_nixos_snippet_for_run (SlicesDoctor *self,
                                                            gboolean      guc_failed);

/* TRUE for a GPU shared through SR-IOV: its platform is one (slices-platform.h), or its
 * driver makes VFs. */
gboolean           slices_doctor_gpu_is_sriov     (SlicesGpu *gpu);
/* The first SR-IOV GPU, or NULL. */
SlicesGpu         *slices_doctor_get_first_sriov_gpu (SlicesDoctor *self);

/* slices-doctor-gpu.c: where a module parameter's value came from. */
typedef enum {
  SLICES_PARAMETER_SYSFS,    /* the driver's own value, readable here */
  SLICES_PARAMETER_CONFIG,   /* root-only (0400): what the kernel command line or modprobe.d
                              * sets */
  SLICES_PARAMETER_DEFAULT,  /* root-only, and nothing sets it */
} SlicesParameterSource;

/* A parameter of @module ("i915", "xe"): from sysfs when readable; else, as it is root-only
 * (mode 0400), what the kernel command line or modprobe.d sets, else @fallback (the driver's
 * default). No password is ever asked for a read. NULL when the driver has no such
 * parameter. Free with g_free(). */
char *slices_doctor_read_parameter (SlicesDoctor          *self,
                                    const char            *module,
                                    const char            *name,
                                    const char            *fallback,
                                    SlicesParameterSource *source);

/* slices-doctor-fixes.c */
/* @lines of NixOS configuration to copy, labelled with where they go and what to run then. */
void slices_doctor_add_nixos_fix          (SlicesCheck        *check,
                                           const char         *lines);

/* Adds @param (e.g. "i915.enable_gvt=1", or several separated by spaces) to the kernel command
 * line the way the family does it. @nixos_text: what NixOS users write instead (NULL:
 * boot.kernelParams, one string per parameter). */
void slices_doctor_add_kernel_param_fixes (SlicesCheck        *check,
                                           SlicesDistroFamily  distro,
                                           const char         *param,
                                           const char         *nixos_text);
/* The family's install command for its package name (NULL: the family has none), else @link. */
void slices_doctor_add_package_fixes      (SlicesCheck        *check,
                                           SlicesDistroFamily  distro,
                                           const char         *debian,
                                           const char         *fedora,
                                           const char         *arch,
                                           const char         *nixos,
                                           const char         *link);
#define SLICES_DOCTOR_I915_SRIOV_DKMS_URL "https://github.com/strongtz/i915-sriov-dkms"

/* Building and installing i915-sriov-dkms (FACTS-SRIOV S3) the family's way. */
void slices_doctor_add_i915_sriov_dkms_fixes (SlicesCheck        *check,
                                              SlicesDistroFamily  distro);
/* Joining a group: users.users.<user>.extraGroups on NixOS (@nixos_group), else @command. */
void slices_doctor_add_group_fix          (SlicesCheck        *check,
                                           SlicesDistroFamily  distro,
                                           const char         *user_name,
                                           const char         *nixos_group,
                                           const char         *command,
                                           const char         *label);

/* The checks, in the order slices_doctor_run() makes them. */
void slices_doctor_check_gpu_generation (SlicesDoctorRun *run);  /* slices-doctor-gpu.c */
void slices_doctor_check_sriov_driver   (SlicesDoctorRun *run);  /* slices-doctor-sriov.c */
void slices_doctor_check_sriov_vfs_limit (SlicesDoctorRun *run);
void slices_doctor_check_sriov_guc      (SlicesDoctorRun *run);
void slices_doctor_check_sriov_host_binding (SlicesDoctorRun *run);
void slices_doctor_check_gvt_parameter  (SlicesDoctorRun *run);  /* slices-doctor-gpu.c */
void slices_doctor_check_guc_submission (SlicesDoctorRun *run);
void slices_doctor_check_kvmgt_module   (SlicesDoctorRun *run);
void slices_doctor_check_vfio_modules   (SlicesDoctorRun *run);  /* slices-doctor-host.c */
void slices_doctor_check_slice_types    (SlicesDoctorRun *run);  /* slices-doctor-gpu.c */
void slices_doctor_check_room           (SlicesDoctorRun *run);
void slices_doctor_check_iommu          (SlicesDoctorRun *run);  /* slices-doctor-host.c */
void slices_doctor_check_render_node    (SlicesDoctorRun *run);
void slices_doctor_check_libvirt        (SlicesDoctorRun *run);  /* slices-doctor-libvirt.c */
void slices_doctor_check_vm_slices      (SlicesDoctorRun *run);
void slices_doctor_check_polkit_agent   (SlicesDoctorRun *run);  /* slices-doctor-host.c */
void slices_doctor_check_persistence    (SlicesDoctorRun *run);  /* slices-doctor-persistence.c */
void slices_doctor_check_qemu_sandbox   (SlicesDoctorRun *run);  /* slices-doctor-host.c */
void slices_doctor_check_vm_recipe      (SlicesDoctorRun *run);  /* slices-doctor-vms.c */
void slices_doctor_check_sriov_guest_driver (SlicesDoctorRun *run); /* slices-doctor-guests.c */
void slices_doctor_check_looking_glass_shm  (SlicesDoctorRun *run);
void slices_doctor_free_vms             (SlicesDoctor    *self);
void slices_doctor_vm_recipe_free       (gpointer         data);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The NixOS configuration for what exists now (FACTS.md §4): on NixOS slices are kept through
 * `virtualisation.kvmgt` rather than mdevctl, so GPU Slices prints lines to paste into
 * /etc/nixos/configuration.nix. Pure text in, text out; no file is read here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SLICES_NIXOS_DEFAULT_DEVICE "0000:00:02.0"

/* One slice that exists now. */
typedef struct {
  const char *gpu_address;  /* "0000:00:02.0" */
  const char *type_id;      /* "i915-GVTg_V5_4" */
  const char *uuid;         /* any case; written in lowercase */
} SlicesNixosSlice;

/* A snippet of NixOS option definitions (one statement per line, each ending in ';', with
 * '#' comment lines) to paste inside the top-level { … } of configuration.nix:
 *   virtualisation.kvmgt.enable = true;
 *   virtualisation.kvmgt.device = "…";            only when @gpu_address is not 0000:00:02.0
 *   virtualisation.kvmgt.vgpus."<type>".uuid = [ "…" ];   one line per type, types sorted,
 *                                                         uuids sorted; only @gpu_address's
 *   boot.extraModprobeConfig = "options i915 enable_guc=2";   when @guc_failed
 *   virtualisation.libvirtd.enable = true;
 *   users.users.<name>.extraGroups = [ "libvirtd" ];          when @user_name is not NULL
 * @gpu_address: the GPU to configure; NULL for the GPU of the first slice, else 0000:00:02.0.
 * NixOS's kvmgt module drives one GPU: slices of other GPUs are named in a comment only.
 * Every string is escaped for Nix. Free with g_free(). */
char *slices_nixos_snippet (const char             *gpu_address,
                            const SlicesNixosSlice *slices,
                            gsize                   n_slices,
                            gboolean                guc_failed,
                            const char             *user_name);

/* One SR-IOV GPU (FACTS-SRIOV S2, S3). */
typedef struct {
  const char *gpu_address;   /* "0000:00:02.0" */
  const char *driver;        /* "xe" or "i915" (i915-sriov-dkms) */
  guint       device_id;     /* for xe.force_probe */
  gboolean    force_probe;   /* xe needs xe.force_probe=<id> on this platform */
  guint       count;         /* VFs to make at every boot (the current count) */
} SlicesNixosSriovGpu;

/* The same kind of snippet for SR-IOV GPUs: the udev rule that `persist --gpu` writes, as
 * services.udev.extraRules (one Nix string); boot.kernelParams with what the drivers need
 * (intel_iommu=on; xe: xe.force_probe=<id> and i915.force_probe=!<id> where needed;
 * i915-sriov-dkms: i915.enable_guc=3 i915.max_vfs=7 module_blacklist=xe); then libvirtd and
 * @user_name's group as above. GPUs without VFs get a comment instead of a rule. */
char *slices_nixos_sriov_snippet (const SlicesNixosSriovGpu *gpus,
                                  gsize                      n_gpus,
                                  const char                *user_name);

/* Wraps a snippet in "{\n" … "}\n" so that it is a whole Nix expression (for parsers). */
char *slices_nixos_wrap_module (const char *snippet);

/* "text" as a Nix double-quoted string: \ " ${ and control characters escaped. */
char *slices_nix_string (const char *text);
/* An attribute name: bare when it is a plain Nix identifier (and not a keyword), else quoted. */
char *slices_nix_attr_name (const char *name);

G_END_DECLS

# SPDX-License-Identifier: GPL-3.0-or-later
# A NixOS module for GPU Slices. In configuration.nix:
#
#   imports = [ /path/to/gpu-slices/nix/module.nix ];
#   programs.gpu-slices.enable = true;
#   programs.gpu-slices.kvmgt = true;
#   programs.gpu-slices.slices."i915-GVTg_V5_4".uuid = [ "4b20d080-1b54-4048-85b3-a6a62d165c01" ];
#
# `slices` has the shape of virtualisation.kvmgt.vgpus, which is what `slicectl nixos` prints.
{ config, lib, pkgs, ... }:

let
  cfg = config.programs.gpu-slices;
in
{
  options.programs.gpu-slices = {
    enable = lib.mkEnableOption "GPU Slices: the app, slicectl, the helper and its polkit policy";

    package = lib.mkOption {
      type = lib.types.package;
      default = pkgs.callPackage ./package.nix { };
      defaultText = lib.literalExpression "pkgs.callPackage ./package.nix { }";
      description = "The GPU Slices package (`withGui = false` for servers).";
    };

    kvmgt = lib.mkOption {
      type = lib.types.bool;
      default = false;
      description = "Turn on GVT-g (`virtualisation.kvmgt.enable`): the i915 parameter and the kvmgt module.";
    };

    device = lib.mkOption {
      type = lib.types.nullOr lib.types.str;
      default = null;
      example = "0000:00:02.0";
      description = "The GPU's PCI address, when it is not the default 0000:00:02.0 (`virtualisation.kvmgt.device`).";
    };

    slices = lib.mkOption {
      type = lib.types.attrsOf (lib.types.submodule {
        options.uuid = lib.mkOption {
          type = lib.types.listOf lib.types.str;
          description = "The UUIDs of the slices of this type, created at every boot.";
        };
      });
      default = { };
      example = lib.literalExpression ''
        { "i915-GVTg_V5_4".uuid = [ "4b20d080-1b54-4048-85b3-a6a62d165c01" ]; }
      '';
      description = "Slices by type id, as `virtualisation.kvmgt.vgpus` takes them (`slicectl nixos` prints them).";
    };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      # The policy in share/polkit-1/actions names the helper's store path as exec.path.
      environment.systemPackages = [ cfg.package ];
      security.polkit.enable = true;
      assertions = [{
        assertion = cfg.slices == { } || cfg.kvmgt;
        message = "programs.gpu-slices.slices needs programs.gpu-slices.kvmgt = true.";
      }];
    }
    (lib.mkIf cfg.kvmgt {
      virtualisation.kvmgt.enable = true;
      virtualisation.kvmgt.vgpus = cfg.slices;
    })
    (lib.mkIf (cfg.kvmgt && cfg.device != null) {
      virtualisation.kvmgt.device = cfg.device;
    })
  ]);
}

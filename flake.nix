# SPDX-License-Identifier: GPL-3.0-or-later
# nix build; in a NixOS flake: imports = [ gpu-slices.nixosModules.default ];
{
  description = "GPU Slices: share an Intel GPU with virtual machines (GVT-g slices)";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      forSystems = f: nixpkgs.lib.genAttrs [ "x86_64-linux" ]
        (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forSystems (pkgs: {
        default = pkgs.callPackage ./nix/package.nix { };
        cli = pkgs.callPackage ./nix/package.nix { withGui = false; };
      });

      nixosModules.default = ./nix/module.nix;
    };
}

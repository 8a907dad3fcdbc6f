# SPDX-License-Identifier: GPL-3.0-or-later
# GPU Slices for nixpkgs' callPackage: the app, slicectl, the helper, the polkit policy, the man
# pages. `withGui = false` builds only slicectl, the helper and the policy (servers).
{ lib
, stdenv
, meson
, ninja
, pkg-config
, scdoc
, gettext
, glib
, systemd
, libvirt
, libxml2
, polkit
, gtk4
, libadwaita
, desktop-file-utils
, appstream
, wrapGAppsHook4
, mdevctl
, patchelf
, withGui ? true
}:

stdenv.mkDerivation {
  pname = "gpu-slices";
  version = "0.1.0";

  src = lib.cleanSource ./..;

  nativeBuildInputs = [ meson ninja pkg-config scdoc gettext glib libxml2 polkit patchelf ]
    ++ lib.optionals withGui [ desktop-file-utils appstream wrapGAppsHook4 ];

  buildInputs = [ glib systemd libvirt libxml2 polkit ]
    ++ lib.optionals withGui [ gtk4 libadwaita ];

  mesonFlags = [
    (lib.mesonBool "gui" withGui)
    (lib.mesonBool "tests" false)
    # nixpkgs' glib has no static archives: slicectl links the shared GLib.
    (lib.mesonBool "static_glib_cli" false)
    (lib.mesonEnable "man" true)
    # NixOS's setuid wrapper; pkexec in the store is not setuid.
    (lib.mesonOption "pkexec_path" "/run/wrappers/bin/pkexec")
    (lib.mesonOption "mdevctl_path" "${mdevctl}/bin/mdevctl")
  ];

  # libvirt is opened at run time (g_module_open "libvirt.so.0"), not linked: give the programs
  # that open it a run path to it.
  postFixup = ''
    for program in $out/libexec/slicectl-vm ${lib.optionalString withGui "$out/bin/gpu-slices"}; do
      patchelf --add-rpath ${lib.getLib libvirt}/lib "$program"
    done
  '';

  meta = {
    description = "Share an Intel GPU with virtual machines (GVT-g slices)";
    homepage = "https://github.com/gpuslices/GpuSlices";
    license = lib.licenses.gpl3Plus;
    platforms = lib.platforms.linux;
    mainProgram = if withGui then "gpu-slices" else "slicectl";
  };
}

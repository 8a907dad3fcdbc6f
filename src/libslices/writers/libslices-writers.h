/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libslices/writers/ for the app and slicectl, in one header: what changes the system: the backend interface, the pkexec helper client, mdevctl, the slices kept after restart, the NixOS snippet.
 * Inside libslices, files include the headers they use one by one.
 */
#pragma once

#include "slices-backend.h"
#include "slices-helper-client.h"
#include "slices-mdevctl.h"
#include "slices-persistence.h"
#include "slices-nixos.h"
#include "slices-vfs.h"

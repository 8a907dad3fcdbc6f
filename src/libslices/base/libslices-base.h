/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libslices/base/ for the app and slicectl, in one header: the shared ground: errors, shared enums, UUIDs and PCI addresses, the notifier interface, the distribution, JSON.
 * Inside libslices, files include the headers they use one by one.
 */
#pragma once

#include "slices-types.h"
#include "slices-error.h"
#include "slices-ids.h"
#include "slices-json.h"
#include "slices-notifier.h"
#include "slices-distro.h"

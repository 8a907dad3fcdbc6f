/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libslices/vm/ for the app and slicectl, in one header: virtual machines: the libvirt connection, the attach job, the removal job, the domain XML edit and diff, the bare QEMU arguments.
 * Inside libslices, files include the headers they use one by one.
 */
#pragma once

#include "slices-libvirt.h"
#include "slices-domain-edit.h"
#include "slices-domain-diff.h"
#include "slices-domain-recipe.h"
#include "slices-attach-job.h"
#include "slices-removal-job.h"
#include "slices-qemu-args.h"

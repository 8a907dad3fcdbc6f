/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libslices/model/ for the app and slicectl, in one header: what the kernel shows: the host, its
 * GPUs, slice types and slices, SR-IOV GPUs and their VFs, render nodes, the Intel platform table,
 * the words for what a GPU offers, its slice budget (capacity), the udev monitor.
 * Inside libslices, files include the headers they use one by one.
 */
#pragma once

#include "slices-platform.h"
#include "slices-render-nodes.h"
#include "slices-slice-type.h"
#include "slices-slice.h"
#include "slices-vf.h"
#include "slices-sriov.h"
#include "slices-gpu.h"
#include "slices-gpu-support.h"
#include "slices-capacity.h"
#include "slices-host.h"
#include "slices-monitor.h"

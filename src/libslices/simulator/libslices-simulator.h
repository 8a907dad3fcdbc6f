/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libslices/simulator/ for the app and slicectl, in one header: the kernel simulator and the demo.
 * Inside libslices, files include the headers they use one by one.
 */
#pragma once

#include "slices-simulator.h"

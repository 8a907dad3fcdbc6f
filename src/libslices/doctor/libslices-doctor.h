/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libslices/doctor/ for the app and slicectl, in one header: Check Setup: the checks and their fixes.
 * Inside libslices, files include the headers they use one by one.
 */
#pragma once

#include "slices-check.h"
#include "slices-doctor.h"

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fuzz targets' invariant check: says which one failed, then aborts so that libFuzzer
 * (or the corpus replay) reports the input.
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>

#define check(condition)                                                              \
  do                                                                                  \
    {                                                                                 \
      if (!(condition))                                                               \
        {                                                                             \
          fprintf (stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,       \
                   #condition);                                                       \
          abort ();                                                                   \
        }                                                                             \
    }                                                                                 \
  while (0)

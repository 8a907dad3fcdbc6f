/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark: attach a slice to (and detach it from) a ~1 MB domain definition, as a VM with
 * hundreds of disks and NICs would have. Prints the median of many runs; the target is well
 * under 20 ms so that the wizard's review page never waits. A benchmark, not a timed test.
 * Wall-clock and CPU time are both printed: on a busy machine the CPU time is the fair figure.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slices-domain-edit.h"

#define SLICE "1b3e2c4a-9f6d-4e21-8a7b-0c5d6e7f8091"
#define RUNS 31

static char *
make_big_domain (void)
{
  GString *xml = g_string_new (NULL);
  guint i = 0;

  g_string_append (xml,
                   "<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n"
                   "  <name>big</name>\n"
                   "  <uuid>6f1c1a6e-4d0b-4c5a-9a51-2d1b7c0e9f10</uuid>\n"
                   "  <memory unit='GiB'>8</memory>\n"
                   "  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n"
                   "  <devices>\n"
                   "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n");
  while (xml->len < 1024 * 1024)
    {
      g_string_append_printf (xml,
                              "    <disk type='file' device='disk'>\n"
                              "      <driver name='qemu' type='qcow2' discard='unmap'/>\n"
                              "      <source file='/var/lib/libvirt/images/disk-%u.qcow2'/>\n"
                              "      <target dev='vd%u' bus='virtio'/>\n"
                              "      <address type='pci' domain='0x0000' bus='0x%02x' "
                              "slot='0x00' function='0x0'/>\n"
                              "    </disk>\n"
                              "    <interface type='network'>\n"
                              "      <mac address='52:54:00:%02x:%02x:%02x'/>\n"
                              "      <source network='default'/>\n"
                              "      <model type='virtio'/>\n"
                              "    </interface>\n",
                              i, i, i % 256, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
      i++;
    }
  g_string_append (xml,
                   "    <graphics type='spice' autoport='yes'>\n"
                   "      <listen type='address'/>\n"
                   "    </graphics>\n"
                   "    <video>\n      <model type='qxl' primary='yes'/>\n    </video>\n"
                   "  </devices>\n"
                   "  <qemu:commandline>\n    <qemu:arg value='-no-hpet'/>\n"
                   "  </qemu:commandline>\n"
                   "</domain>\n");
  return g_string_free (xml, FALSE);
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (void)
{
  g_autofree char *xml = make_big_domain ();
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;
  double attach_ms[RUNS], detach_ms[RUNS], attach_cpu[RUNS];

  opts.rendernode = "/dev/dri/renderD128";

  for (int run = -3; run < RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *attached = NULL;
      g_autofree char *detached = NULL;
      double c0 = cpu_ms (), c1;
      gint64 t0 = g_get_monotonic_time (), t1;

      attached = slices_domain_attach (xml, SLICE, "i915-GVTg_V5_4", 1920, 1200, &opts,
                                       SLICES_LIBVIRT_VERSION (9, 0, 0), NULL, &error);
      t1 = g_get_monotonic_time ();
      c1 = cpu_ms ();
      if (attached == NULL)
        {
          g_printerr ("attach failed: %s\n", error->message);
          return EXIT_FAILURE;
        }
      detached = slices_domain_detach (attached, SLICE, &error);
      if (detached == NULL)
        {
          g_printerr ("detach failed: %s\n", error->message);
          return EXIT_FAILURE;
        }
      if (run >= 0)
        {
          attach_ms[run] = (t1 - t0) / 1000.0;
          attach_cpu[run] = c1 - c0;
          detach_ms[run] = (g_get_monotonic_time () - t1) / 1000.0;
        }
    }

  qsort (attach_ms, RUNS, sizeof (double), compare_doubles);
  qsort (detach_ms, RUNS, sizeof (double), compare_doubles);
  qsort (attach_cpu, RUNS, sizeof (double), compare_doubles);
  printf ("domain XML: %.2f MB\n", strlen (xml) / (1024.0 * 1024.0));
  printf ("attach: median %.2f ms (min %.2f, max %.2f) over %d runs; target < 20 ms\n",
          attach_ms[RUNS / 2], attach_ms[0], attach_ms[RUNS - 1], RUNS);
  printf ("attach: median %.2f ms of CPU time\n", attach_cpu[RUNS / 2]);
  printf ("detach: median %.2f ms (min %.2f, max %.2f) over %d runs\n",
          detach_ms[RUNS / 2], detach_ms[0], detach_ms[RUNS - 1], RUNS);
  return EXIT_SUCCESS;
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark (not a test): `slicectl list --json` against `mdevctl types --dumpjson`, the tool it
 * should cost about as much as (issue 11: at most 1.5 times), on the same simulated tree. The
 * tree (from `slicectl simulate`) is bind-mounted over /sys in a private mount namespace, so both
 * read it as they would read the kernel's and nothing else on the machine sees it. The two run
 * interleaved, so that a busy moment costs both alike; it prints the median of each, their
 * ratio, and the spread (the 10th and 90th percentile), for a tree without slices and for one
 * with two (where slicectl also reads which are kept from mdevctl's store, /etc/mdevctl.d,
 * as `mdevctl list --defined` would, without starting it). A
 * third row, `slicectl --version`, is the floor: slicectl's start without any work (GLib, GObject
 * and GIO linked in statically, libudev and libc mapped; src/cli/meson.build), against which
 * mdevctl (Rust, its standard library linked in, libc and libgcc_s mapped) starts.
 *
 * Usage: bench-list [--runs N] SLICECTL [SLICECTL…]   (meson: meson test --benchmark)
 * More than one slicectl compares builds (with and without a change) in the same interleaved
 * runs; the first one makes the tree.
 * Needs root (for the mount namespace) and mdevctl; otherwise it says why and skips (77).
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "slices-test-util.h"

#define SKIP 77
#define TARGET_RATIO 1.5
#define WARM_UP_RUNS 5

extern char **environ;

static int
skip (const char *why)
{
  printf ("list-vs-mdevctl: skipped: %s\n", why);
  return SKIP;
}

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Runs @argv with stdout on /dev/null; returns the wall time from spawn to exit in ms, or a
 * negative number when it failed. */
static double
time_run (char * const *argv)
{
  posix_spawn_file_actions_t actions;
  double start;
  pid_t pid;
  int status;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  start = now_ms ();
  if (posix_spawn (&pid, argv[0], &actions, NULL, argv, environ) != 0)
    {
      posix_spawn_file_actions_destroy (&actions);
      return -1;
    }
  posix_spawn_file_actions_destroy (&actions);
  if (waitpid (pid, &status, 0) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return -1;

  return now_ms () - start;
}

/* What @argv prints, or NULL when it failed. */
static char *
capture (char * const *argv)
{
  g_autofree char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                     NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return NULL;

  return g_steal_pointer (&out);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The @q quantile (0 to 1) of the sorted @values. */
static double
quantile (const GArray *values,
          double        q)
{
  double position = q * (values->len - 1);
  guint below = (guint) position;
  double fraction = position - below;
  double low = g_array_index (values, double, below);

  if (below + 1 >= values->len)
    return low;
  return low + fraction * (g_array_index (values, double, below + 1) - low);
}

static void
print_row (const char *name,
           GArray     *times)
{
  g_array_sort (times, compare_doubles);
  printf ("  %-32s median %6.2f ms   (p10 %.2f, p90 %.2f, min %.2f)\n", name,
          quantile (times, 0.5), quantile (times, 0.1), quantile (times, 0.9),
          g_array_index (times, double, 0));
}

/* Every command @runs times, interleaved: one run of each in turn, starting each round with
 * another one, so that a busy moment costs them alike. @commands[0] is mdevctl, the last is
 * the floor (`slicectl --version`), those between are slicectl builds. Returns FALSE when one
 * failed. */
static gboolean
measure (const char  *label,
         GPtrArray   *commands,
         guint        runs)
{
  g_autoptr(GPtrArray) times = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  double mdevctl_median;

  for (guint c = 0; c < commands->len; c++)
    g_ptr_array_add (times, g_array_new (FALSE, FALSE, sizeof (double)));

  for (guint i = 0; i < WARM_UP_RUNS + runs; i++)
    {
      for (guint k = 0; k < commands->len; k++)
        {
          guint c = (i + k) % commands->len;
          char **argv = g_ptr_array_index (commands, c);
          double ms = time_run (argv);

          if (ms < 0)
            {
              printf ("  %s: %s failed\n", label, argv[0]);
              return FALSE;
            }
          if (i >= WARM_UP_RUNS)
            g_array_append_val (g_ptr_array_index (times, c), ms);
        }
    }

  printf ("%s, %u runs each, interleaved, after %d warm-up runs:\n", label, runs, WARM_UP_RUNS);
  print_row ("mdevctl types --dumpjson", g_ptr_array_index (times, 0));
  mdevctl_median = quantile (g_ptr_array_index (times, 0), 0.5);
  for (guint c = 1; c + 1 < commands->len; c++)
    {
      GArray *slicectl_times = g_ptr_array_index (times, c);
      g_autofree char *name = commands->len > 3
                              ? g_strdup_printf ("slicectl list --json [%u]", c)
                              : g_strdup ("slicectl list --json");

      print_row (name, slicectl_times);
      printf ("  %-32s ratio of the medians, slicectl / mdevctl: %.2fx (target <= %.1fx)\n",
              "", quantile (slicectl_times, 0.5) / mdevctl_median, TARGET_RATIO);
    }
  {
    GArray *floor_times = g_ptr_array_index (times, commands->len - 1);

    print_row ("slicectl --version (the floor)", floor_times);
    printf ("  %-32s ratio of the medians, floor / mdevctl: %.2fx\n", "",
            quantile (floor_times, 0.5) / mdevctl_median);
  }

  return TRUE;
}

/* `slicectl --sysfs-root DIR --simulate create …` of one slice; FALSE when it failed. */
static gboolean
create_slice (const char *slicectl,
              const char *dir,
              const char *type)
{
  char *argv[] = { (char *) slicectl, (char *) "--sysfs-root", (char *) dir,
                   (char *) "--simulate", (char *) "create", (char *) "--gpu",
                   (char *) "0000:00:02.0", (char *) "--type", (char *) type, NULL };
  g_autofree char *out = capture (argv);

  return out != NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *tmp = NULL;
  g_autofree char *tree = NULL;
  g_autofree char *mdevctl = NULL;
  const char *slicectl;
  guint runs = 200;
  int status = 0;

  if (argc >= 3 && g_str_equal (argv[1], "--runs"))
    {
      runs = (guint) MAX (atoi (argv[2]), 1);
      argv += 2;
      argc -= 2;
    }
  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-list [--runs N] SLICECTL [SLICECTL…]\n");
      return 2;
    }
  slicectl = argv[1];

  if (geteuid () != 0)
    return skip ("it needs root, to mount a simulated tree over /sys in a private mount "
                 "namespace");
  mdevctl = g_find_program_in_path ("mdevctl");
  if (mdevctl == NULL)
    return skip ("mdevctl is not installed (Debian: mdevctl), so there is nothing to compare "
                 "with");

  tmp = g_dir_make_tmp ("bench-list-XXXXXX", NULL);
  g_assert (tmp != NULL);
  tree = g_build_filename (tmp, "sys", NULL);
  {
    char *simulate[] = { (char *) slicectl, (char *) "simulate", tree, NULL };
    g_autofree char *out = capture (simulate);

    if (out == NULL)
      {
        fprintf (stderr, "bench-list: slicectl simulate %s failed\n", tree);
        return 1;
      }
  }

  /* A namespace of our own: nothing outside sees the tree over /sys, and it goes with us. */
  if (unshare (CLONE_NEWNS) != 0)
    {
      slices_test_remove_tree (tmp);
      return skip ("no private mount namespace here (unshare: permission denied in this "
                   "container?)");
    }
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount (tree, "/sys", NULL, MS_BIND | MS_REC, NULL) != 0)
    {
      g_autofree char *why = g_strdup_printf ("could not bind-mount the tree over /sys: %s",
                                              g_strerror (errno));

      slices_test_remove_tree (tmp);
      return skip (why);
    }

  g_ptr_array_add (commands, g_strdupv ((char *[]) { mdevctl, (char *) "types",
                                                      (char *) "--dumpjson", NULL }));
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (commands, g_strdupv ((char *[]) { argv[i], (char *) "list",
                                                        (char *) "--json", NULL }));

  for (guint c = 1; commands->len > 2 && c < commands->len; c++)
    printf ("[%u] %s\n", c, ((char **) g_ptr_array_index (commands, c))[0]);
  g_ptr_array_add (commands, g_strdupv ((char *[]) { (char *) slicectl, (char *) "--version",
                                                      NULL }));

  /* Each sees the simulated GPU, or the comparison means nothing. */
  for (guint c = 0; c + 1 < commands->len; c++)
    {
      g_autofree char *out = capture (g_ptr_array_index (commands, c));

      if (out == NULL || strstr (out, "i915-GVTg_V5_4") == NULL)
        {
          fprintf (stderr, "bench-list: %s does not list the simulated tree\n",
                   ((char **) g_ptr_array_index (commands, c))[0]);
          status = 1;
        }
    }

  if (status == 0 && !measure ("A simulated Kaby Lake over /sys, no slices", commands, runs))
    status = 1;

  /* With slices, slicectl also reads mdevctl's store to say which are kept. */
  if (status == 0 &&
      (!create_slice (slicectl, tree, "i915-GVTg_V5_4") ||
       !create_slice (slicectl, tree, "i915-GVTg_V5_8")))
    {
      fprintf (stderr, "bench-list: could not create slices in the simulated tree\n");
      status = 1;
    }
  if (status == 0 && !measure ("The same with two slices", commands, runs))
    status = 1;

  /* The tree must go before the namespace does: unmount, then remove. */
  umount2 ("/sys", MNT_DETACH);
  slices_test_remove_tree (tmp);

  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replays fuzz inputs without libFuzzer: each argument is a file or a folder of files, and
 * every file is fed once to LLVMFuzzerTestOneInput. Built with the normal compiler so that CI
 * re-checks every corpus entry (and every input that once crashed) in a second.
 */

#define _GNU_SOURCE

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
replay_file (const char *path)
{
  unsigned char *data;
  size_t size = 0;
  FILE *file;
  long len;

  file = fopen (path, "rb");
  if (file == NULL || fseek (file, 0, SEEK_END) != 0 || (len = ftell (file)) < 0 ||
      fseek (file, 0, SEEK_SET) != 0)
    {
      fprintf (stderr, "Could not read %s\n", path);
      return 1;
    }
  /* One spare byte so that an empty file still has a valid pointer. */
  data = malloc ((size_t) len + 1);
  if (data == NULL)
    abort ();
  size = fread (data, 1, (size_t) len, file);
  fclose (file);

  LLVMFuzzerTestOneInput (data, size);
  free (data);
  return 0;
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  unsigned replayed = 0;
  int failures = 0;

  for (int i = 1; i < argc; i++)
    {
      struct stat st;
      struct dirent *entry;
      char **names = NULL;
      size_t n_names = 0;
      DIR *dir;

      if (stat (argv[i], &st) != 0)
        {
          fprintf (stderr, "No such corpus: %s\n", argv[i]);
          return 1;
        }
      if (!S_ISDIR (st.st_mode))
        {
          failures += replay_file (argv[i]);
          replayed++;
          continue;
        }

      dir = opendir (argv[i]);
      while (dir != NULL && (entry = readdir (dir)) != NULL)
        {
          if (entry->d_name[0] == '.')
            continue;
          names = realloc (names, (n_names + 1) * sizeof *names);
          if (names == NULL)
            abort ();
          if (asprintf (&names[n_names++], "%s/%s", argv[i], entry->d_name) < 0)
            abort ();
        }
      if (dir != NULL)
        closedir (dir);
      /* In name order, so that a failure is reproducible. */
      if (n_names > 0)
        qsort (names, n_names, sizeof *names, compare_names);
      for (size_t n = 0; n < n_names; n++)
        {
          failures += replay_file (names[n]);
          replayed++;
          free (names[n]);
        }
      free (names);
    }

  printf ("%u inputs replayed\n", replayed);
  return failures == 0 && replayed > 0 ? 0 : 1;
}

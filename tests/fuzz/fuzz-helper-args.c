/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fuzz target: the helper's argument grammar (src/helper/slices-helper-validate.c), exactly
 * as gpu-slices-helper runs it as root. The input is split at NUL bytes into argv[1..]. Checks
 * that a refusal is one line of printable ASCII, and that an accepted request holds only what
 * the grammar allows, so nothing else can ever reach a path.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slices-helper-validate.h"

#define MAX_ARGS 8

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
is_allowed_type_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *argv[MAX_ARGS + 1];
  char message[1024];
  char quoted[SLICES_HELPER_QUOTE_SIZE];
  SlicesHelperRequest request;
  char *copy;
  int argc = 1;
  int code;

  /* A NUL-terminated copy; NUL bytes separate the arguments. */
  copy = malloc (size + 1);
  if (copy == NULL)
    abort ();
  memcpy (copy, data, size);
  copy[size] = '\0';

  argv[0] = "gpu-slices-helper";
  if (size > 0)
    {
      const char *arg = copy;

      while (argc < MAX_ARGS && arg <= copy + size)
        {
          argv[argc++] = arg;
          arg += strlen (arg) + 1;
        }
    }
  argv[argc] = NULL;

  message[0] = '\0';
  code = slices_helper_parse_args (argc, argv, &request, message, sizeof message);

  if (code != SLICES_HELPER_EXIT_OK)
    {
      check (code == SLICES_HELPER_EXIT_USAGE || code == SLICES_HELPER_EXIT_BAD_ADDRESS ||
             code == SLICES_HELPER_EXIT_BAD_TYPE || code == SLICES_HELPER_EXIT_BAD_UUID);
      /* One line for people, never a raw byte of the input that is not printable ASCII. */
      check (message[0] != '\0');
      for (const char *c = message; *c != '\0'; c++)
        check ((unsigned char) *c >= 0x20 && (unsigned char) *c < 0x7f);
    }
  else if (request.command == SLICES_HELPER_COMMAND_STATUS ||
           request.command == SLICES_HELPER_COMMAND_LOAD_KVMGT)
    {
      check (argc == 2);
    }
  else
    {
      check (strlen (request.uuid) == SLICES_HELPER_UUID_TEXT_LEN);
      check (slices_helper_is_uuid_text (request.uuid));
      for (const char *c = request.uuid; *c != '\0'; c++)
        check (*c == '-' || (*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f'));

      if (request.command == SLICES_HELPER_COMMAND_CREATE)
        {
          check (argc == 5);
          check (strlen (request.address) == SLICES_HELPER_PCI_ADDRESS_LEN);
          check (strchr (request.address, '/') == NULL);
          check (request.type[0] != '\0' && strlen (request.type) <= SLICES_HELPER_MAX_ARG_LEN);
          for (const char *c = request.type; *c != '\0'; c++)
            check (is_allowed_type_char (*c));
          /* Never a path component that means something else. */
          check (strcmp (request.type, ".") != 0 && strcmp (request.type, "..") != 0);
        }
      else
        {
          check (request.command == SLICES_HELPER_COMMAND_REMOVE ||
                 request.command == SLICES_HELPER_COMMAND_PERSIST ||
                 request.command == SLICES_HELPER_COMMAND_UNPERSIST);
          check (argc == 3);
        }
    }

  /* The quoting used in every message, on every argument and a few buffer sizes. */
  for (int i = 1; i < argc; i++)
    {
      const char *q = slices_helper_quote (argv[i], quoted, sizeof quoted);

      check (strlen (q) < sizeof quoted);
      for (const char *c = q; *c != '\0'; c++)
        check ((unsigned char) *c >= 0x20 && (unsigned char) *c < 0x7f);
    }
  for (size_t small = 12; small < 40 && argc > 1; small += 7)
    {
      char buffer[40];

      slices_helper_quote (argv[1], buffer, small);
      check (strlen (buffer) < small);
    }

  free (copy);
  return 0;
}

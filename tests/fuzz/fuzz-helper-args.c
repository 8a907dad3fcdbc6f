/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fuzz target: the helper's grammar (src/helper/slices-helper-validate.c), exactly as
 * gpu-slices-helper runs it as root. The input is split at NUL bytes into argv[1..]. Checks
 * that a refusal is one line of printable ASCII that repeats no byte of the input, and that an
 * accepted request holds only what the grammar allows, so nothing else can ever reach a path
 * or an mdevctl argument.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slices-helper-protocol.h"

#define MAX_ARGS 8

#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *argv[MAX_ARGS + 1];
  char message[1024];
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
             code == SLICES_HELPER_EXIT_BAD_TYPE || code == SLICES_HELPER_EXIT_BAD_UUID ||
             code == SLICES_HELPER_EXIT_BAD_NUMBER || code == SLICES_HELPER_EXIT_BAD_USER);
      /* One line for people, never a raw byte of the input that is not printable ASCII. */
      check (message[0] != '\0');
      for (const char *c = message; *c != '\0'; c++)
        check ((unsigned char) *c >= 0x20 && (unsigned char) *c < 0x7f);
      free (copy);
      return 0;
    }

  /* The first word is one of the two that pick a polkit action. */
  check (argc >= 3);
  check (strcmp (argv[1], request.command == SLICES_HELPER_COMMAND_LOAD_KVMGT ||
                          request.command == SLICES_HELPER_COMMAND_LOOKING_GLASS
                          ? "configure-host" : "slices") == 0);
  /* Whatever reaches a path, or a file is of the grammar's characters only. */
  if (request.address != NULL)
    {
      check (strlen (request.address) == SLICES_HELPER_PCI_ADDRESS_LEN);
      check (strspn (request.address, "0123456789abcdef:.") == SLICES_HELPER_PCI_ADDRESS_LEN);
    }
  if (request.uuid[0] != '\0')
    {
      check (strlen (request.uuid) == SLICES_HELPER_UUID_TEXT_LEN);
      check (request.uuid[8] == '-' && request.uuid[13] == '-' && request.uuid[18] == '-' &&
             request.uuid[23] == '-');
      for (const char *c = request.uuid; *c != '\0'; c++)
        check (*c == '-' || (*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f'));
    }
  if (request.user != NULL)
    check (request.user[0] != '\0' && strlen (request.user) <= 32 &&
           strspn (request.user, "abcdefghijklmnopqrstuvwxyz0123456789_-") ==
           strlen (request.user) && request.user[0] != '-' &&
           (request.user[0] < '0' || request.user[0] > '9'));
  if (request.key != NULL)
    check (strcmp (request.key, "exec_quantum_ms") == 0 ||
           strcmp (request.key, "preempt_timeout_us") == 0);
  switch (request.command)
    {
    case SLICES_HELPER_COMMAND_CREATE:
      check (argc == 6 && request.type != NULL && request.uuid[0] != '\0');
      check (request.type[0] != '\0' && strlen (request.type) <= SLICES_HELPER_MAX_ARG_LEN);
      /* One path component, and never an '=' that could join an mdevctl option. */
      check (strspn (request.type, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789_-") == strlen (request.type));
      check (strcmp (request.type, ".") != 0 && strcmp (request.type, "..") != 0);
      break;
    case SLICES_HELPER_COMMAND_REMOVE:
    case SLICES_HELPER_COMMAND_PERSIST:
      check (argc == 4 && request.uuid[0] != '\0' && request.address == NULL);
      break;
    case SLICES_HELPER_COMMAND_UNPERSIST:
      check (argc == 5 && request.uuid[0] != '\0' && request.address != NULL);
      break;
    case SLICES_HELPER_COMMAND_SET_VFS:
    case SLICES_HELPER_COMMAND_PERSIST_VFS:
      check (argc == 5 && request.address != NULL && request.count <= 65535);
      break;
    case SLICES_HELPER_COMMAND_UNPERSIST_VFS:
      check (argc == 4 && request.address != NULL);
      break;
    case SLICES_HELPER_COMMAND_SET_VF_PROFILE:
      check (argc == 7 && request.address != NULL && request.key != NULL);
      check (request.vf >= 1 && request.vf <= 65535 && request.value <= 4294967295ul);
      break;
    case SLICES_HELPER_COMMAND_LOAD_KVMGT:
      check (argc == 3);
      break;
    case SLICES_HELPER_COMMAND_LOOKING_GLASS:
      check (argc == 4 && request.user != NULL);
      break;
    default:
      check (0);
    }

  free (copy);
  return 0;
}

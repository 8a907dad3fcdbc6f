/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper's argument grammar as pure functions: no I/O, no exit, no GLib. Compiled into
 * gpu-slices-helper and into the argument fuzz target (tests/fuzz/fuzz-helper-args.c), so
 * that what is fuzzed is exactly what runs as root.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "slices-helper-protocol.h"

#define SLICES_HELPER_PCI_ADDRESS_LEN 12
#define SLICES_HELPER_UUID_TEXT_LEN   36
/* Room for slices_helper_quote() of one argument. */
#define SLICES_HELPER_QUOTE_SIZE      (SLICES_HELPER_MAX_ARG_LEN * 4 + 8)

typedef enum {
  SLICES_HELPER_COMMAND_CREATE,
  SLICES_HELPER_COMMAND_REMOVE,
  SLICES_HELPER_COMMAND_STATUS,      /* no arguments */
  SLICES_HELPER_COMMAND_PERSIST,     /* uuid */
  SLICES_HELPER_COMMAND_UNPERSIST,   /* uuid */
  SLICES_HELPER_COMMAND_LOAD_KVMGT,  /* no arguments */
} SlicesHelperCommand;

/* A request that passed every check that needs no look at the system. */
typedef struct {
  SlicesHelperCommand command;
  const char *address;                            /* create: points into argv */
  const char *type;                               /* create: points into argv */
  char uuid[SLICES_HELPER_UUID_TEXT_LEN + 1];     /* canonical lower case */
} SlicesHelperRequest;

/* Checks the command, the argument count and every argument. Returns SLICES_HELPER_EXIT_OK
 * and fills @request, or an exit code and one line for people (no newline) in @message. */
int slices_helper_parse_args (int                  argc,
                              const char * const  *argv,
                              SlicesHelperRequest *request,
                              char                *message,
                              size_t               size);

int slices_helper_check_address (const char *arg, char *message, size_t size);
int slices_helper_check_type    (const char *arg, char *message, size_t size);
/* Fills @canonical with the lowercase form the kernel uses. */
int slices_helper_check_uuid    (const char *arg,
                                 char        canonical[SLICES_HELPER_UUID_TEXT_LEN + 1],
                                 char       *message,
                                 size_t      size);

/* 8-4-4-4-12 ASCII hex digits, upper or lower case, nothing else. */
bool slices_helper_is_uuid_text (const char *text);
/* One or more ASCII digits and nothing else. */
bool slices_helper_is_digits    (const char *text);

/* Quotes untrusted bytes for a message: printable ASCII stays, everything else becomes \xNN,
 * cut at SLICES_HELPER_MAX_ARG_LEN input bytes. @size should be SLICES_HELPER_QUOTE_SIZE. */
const char *slices_helper_quote (const char *text,
                                 char       *buffer,
                                 size_t      size);

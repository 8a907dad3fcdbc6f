/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gpu-slices-helper: the only part of GPU Slices that runs as root, started through pkexec.
 * It owns exactly two writes — a UUID to a slice type's `create` file and "1" to a slice's
 * `remove` file — and everything needed to make them safe: a root check, a clean environment,
 * strict parsing of every argument, paths built here from the compiled-in /sys (never taken
 * from the caller), no symlink followed at the last step, and a refusal to remove a slice that a
 * process still holds. The grammar and exit codes live in slices-helper-protocol.h.
 *
 * libc and libuuid only: no GLib, no udev. Every failure is one line on stderr and a named exit
 * code; nothing is written unless every check passed.
 */

#define _GNU_SOURCE

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "slices-helper-protocol.h"
#include "slices-helper-validate.h"

/* Compiled in on purpose: no option, argument or environment variable changes a path. */
#define SYSFS_ROOT        "/sys"
#define SYSFS_DEVICES     SYSFS_ROOT "/devices/"
#define PCI_DEVICES_DIR   SYSFS_ROOT "/bus/pci/devices/"
#define MDEV_DEVICES_DIR  SYSFS_ROOT "/bus/mdev/devices/"
#define VFIO_GROUP_DIR    "/dev/vfio/"
#define VFIO_DEVICE_DIR   "/dev/vfio/devices/"
#define PROC_DIR          "/proc"

#define SAFE_PATH         "/usr/sbin:/usr/bin:/sbin:/bin"
#define PCI_ADDRESS_LEN   SLICES_HELPER_PCI_ADDRESS_LEN
#define UUID_TEXT_LEN     SLICES_HELPER_UUID_TEXT_LEN
#define QUOTE_SIZE        SLICES_HELPER_QUOTE_SIZE
#define MAX_TYPES         32
#define MAX_TARGETS       8
#define MESSAGE_MAX       1024

typedef struct
{
  struct stat st;
  char path[64];
} Target;

static void fail (int code, const char *format, ...)
  __attribute__ ((noreturn, format (printf, 2, 3)));

/* One line for people on stderr, then the exit code. The line is written with a single
 * write(2) so that it cannot interleave, and anything but printable ASCII that slipped into it
 * (a process name, say) is replaced, so that it stays one line of valid UTF-8. */
static void
fail (int         code,
      const char *format,
      ...)
{
  char message[MESSAGE_MAX];
  va_list args;
  size_t len;
  ssize_t ignored;

  va_start (args, format);
  vsnprintf (message, sizeof message - 1, format, args);
  va_end (args);

  len = strlen (message);
  for (size_t i = 0; i < len; i++)
    if ((unsigned char) message[i] < 0x20 || (unsigned char) message[i] >= 0x7f)
      message[i] = '?';
  message[len++] = '\n';

  ignored = write (STDERR_FILENO, message, len);
  (void) ignored;
  exit (code);
}

/* Make sure fds 0–2 are open, so that a file opened below can never become stdout or stderr
 * and receive a message meant for people. */
static void
ensure_standard_fds (void)
{
  for (int fd = 0; fd <= 2; fd++)
    {
      if (fcntl (fd, F_GETFD) >= 0 || errno != EBADF)
        continue;
      if (open ("/dev/null", O_RDWR | O_NOCTTY) != fd)
        _exit (SLICES_HELPER_EXIT_FAILED);
    }
}

static void
sanitize_environment (void)
{
  char mock_dir[PATH_MAX] = "";
  const char *preload = getenv ("LD_PRELOAD");
  const char *mock = getenv ("UMOCKDEV_DIR");

  /* The tests run this helper under umockdev, whose preload library redirects /sys and /dev
   * into a testbed and looks up UMOCKDEV_DIR on every call. It is kept only together with
   * that library already loaded into this process: pkexec and sudo never pass LD_PRELOAD, so
   * only a caller who is already root and chose to inject code can get here, and the helper
   * itself never reads the variable. */
  if (preload != NULL && mock != NULL && strstr (preload, "libumockdev-preload") != NULL &&
      strlen (mock) < sizeof mock_dir)
    strcpy (mock_dir, mock);

  if (clearenv () != 0 ||
      setenv ("PATH", SAFE_PATH, 1) != 0 ||
      setenv ("LC_ALL", "C", 1) != 0 ||
      (mock_dir[0] != '\0' && setenv ("UMOCKDEV_DIR", mock_dir, 1) != 0))
    fail (SLICES_HELPER_EXIT_FAILED, "Could not clear the environment: %s.", strerror (errno));
}

static void
check_root (void)
{
  if (getuid () == 0 && geteuid () == 0 && getgid () == 0 && getegid () == 0)
    return;

  fail (SLICES_HELPER_EXIT_NOT_ROOT,
        "gpu-slices-helper must run as root through pkexec (it runs as uid %u, euid %u, "
        "gid %u, egid %u): start it with pkexec, or use GPU Slices or slicectl, which do.",
        (unsigned) getuid (), (unsigned) geteuid (), (unsigned) getgid (),
        (unsigned) getegid ());
}

/* Resolves a /sys/bus/…/<name> link to its device folder and opens it. The folder must lie
 * under /sys/devices/ and carry the expected name, as sysfs makes it. Returns -1 with errno
 * ENOENT when there is no such device. */
static int
open_device_dir (const char *link_path,
                 const char *name)
{
  char *real;
  const char *base;
  struct stat st;
  int fd;

  if (lstat (link_path, &st) != 0)
    {
      if (errno == ENOENT)
        return -1;
      fail (SLICES_HELPER_EXIT_FAILED, "Could not read %s: %s.", link_path, strerror (errno));
    }

  real = realpath (link_path, NULL);
  if (real == NULL)
    {
      if (errno == ENOENT)
        return -1;
      fail (SLICES_HELPER_EXIT_FAILED, "Could not resolve %s: %s.", link_path,
            strerror (errno));
    }

  base = strrchr (real, '/');
  if (strncmp (real, SYSFS_DEVICES, strlen (SYSFS_DEVICES)) != 0 || base == NULL ||
      strcmp (base + 1, name) != 0)
    fail (SLICES_HELPER_EXIT_UNSAFE,
          "%s leads to %.200s, not to a device folder of that name under " SYSFS_DEVICES
          " as sysfs makes it: refusing to write there.", link_path, real);

  fd = open (real, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    fail (errno == ELOOP || errno == ENOTDIR ? SLICES_HELPER_EXIT_UNSAFE
                                             : SLICES_HELPER_EXIT_FAILED,
          "Could not open %.200s: %s.", real, strerror (errno));

  free (real);
  return fd;
}

/* Opens `name` inside `dirfd` as a folder, refusing a symlink. Returns -1 (errno ENOENT) when
 * it does not exist. */
static int
open_subdir (int         dirfd,
             const char *name,
             const char *shown_as)
{
  struct stat st;
  int fd;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    {
      if (errno == ENOENT)
        return -1;
      fail (SLICES_HELPER_EXIT_FAILED, "Could not read %s: %s.", shown_as, strerror (errno));
    }
  if (!S_ISDIR (st.st_mode))
    fail (SLICES_HELPER_EXIT_UNSAFE, "%s is %s, not a folder as sysfs makes it: refusing to "
          "use it.", shown_as, S_ISLNK (st.st_mode) ? "a symbolic link" : "not a folder");

  fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    fail (errno == ELOOP || errno == ENOTDIR ? SLICES_HELPER_EXIT_UNSAFE
                                             : SLICES_HELPER_EXIT_FAILED,
          "Could not open %s: %s.", shown_as, strerror (errno));
  return fd;
}

/* Opens a sysfs attribute for writing: a regular file, never through a symlink. Returns -1
 * (errno ENOENT) when it does not exist. */
static int
open_attribute (int         dirfd,
                const char *name,
                const char *shown_as)
{
  struct stat st;
  int fd;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    {
      if (errno == ENOENT)
        return -1;
      fail (SLICES_HELPER_EXIT_FAILED, "Could not read %s: %s.", shown_as, strerror (errno));
    }
  if (!S_ISREG (st.st_mode))
    fail (SLICES_HELPER_EXIT_UNSAFE, "%s is %s, not a sysfs attribute: refusing to write to "
          "it.", shown_as, S_ISLNK (st.st_mode) ? "a symbolic link" : "not a regular file");

  fd = openat (dirfd, name, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    {
      if (errno == ENOENT)
        return -1;
      fail (errno == ELOOP ? SLICES_HELPER_EXIT_UNSAFE : SLICES_HELPER_EXIT_FAILED,
            "Could not open %s for writing: %s.", shown_as, strerror (errno));
    }

  /* Checked again on what was opened, in case the name changed in between. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    fail (SLICES_HELPER_EXIT_UNSAFE, "%s is not a sysfs attribute: refusing to write to it.",
          shown_as);
  return fd;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Enumerates the GPU's slice types and checks that `type` is one of them (the caller's string
 * is only ever compared, never used to build a path before this). */
static void
check_type_listed (int         types_fd,
                   const char *address,
                   const char *type)
{
  char *names[MAX_TYPES];
  size_t n_names = 0;
  char listing[512] = "";
  char q[QUOTE_SIZE];
  struct dirent *entry;
  bool found = false;
  DIR *dir;
  int fd;

  fd = fcntl (types_fd, F_DUPFD_CLOEXEC, 3);
  dir = fd >= 0 ? fdopendir (fd) : NULL;
  if (dir == NULL)
    fail (SLICES_HELPER_EXIT_FAILED, "Could not list the slice types of %s: %s.", address,
          strerror (errno));

  while ((entry = readdir (dir)) != NULL)
    {
      if (entry->d_name[0] == '.')
        continue;
      if (strcmp (entry->d_name, type) == 0)
        found = true;
      if (n_names < MAX_TYPES)
        names[n_names++] = strdup (entry->d_name);
    }
  closedir (dir);

  if (found)
    {
      for (size_t i = 0; i < n_names; i++)
        free (names[i]);
      return;
    }

  qsort (names, n_names, sizeof names[0], compare_strings);
  for (size_t i = 0; i < n_names; i++)
    {
      char shown[QUOTE_SIZE];

      if (names[i] == NULL)
        continue;
      slices_helper_quote (names[i], shown, sizeof shown);
      /* Drop the quotes again: these come from sysfs, but may still need escaping. */
      shown[strlen (shown) - 1] = '\0';
      if (strlen (listing) + strlen (shown) + 3 < sizeof listing)
        {
          if (listing[0] != '\0')
            strcat (listing, ", ");
          strcat (listing, shown + 1);
        }
      free (names[i]);
    }

  if (n_names == 0)
    fail (SLICES_HELPER_EXIT_BAD_TYPE, "GPU %s offers no slice types at all, so not %s.",
          address, slices_helper_quote (type, q, sizeof q));
  fail (SLICES_HELPER_EXIT_BAD_TYPE, "GPU %s has no slice type %s; it offers %s.", address,
        slices_helper_quote (type, q, sizeof q), listing);
}

/* The type's own name ("GVTg_V5_4"), read from sysfs, or derived from the id on kernels
 * before 5.18 that have no `name`. */
static void
read_type_name (int         type_fd,
                const char *type,
                char       *name,
                size_t      size)
{
  ssize_t n = -1;
  int fd;

  fd = openat (type_fd, "name", O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd >= 0)
    {
      n = read (fd, name, size - 1);
      close (fd);
    }
  if (n > 0)
    {
      name[n] = '\0';
      name[strcspn (name, "\n")] = '\0';
      for (char *c = name; *c != '\0'; c++)
        if (!isprint ((unsigned char) *c))
          *c = '?';
      if (name[0] != '\0')
        return;
    }

  snprintf (name, size, "%s", strncmp (type, "i915-", 5) == 0 ? type + 5 : type);
}

/* Slices are the GPU's children named by their UUID. */
static int
count_slices (int gpu_fd)
{
  struct dirent *entry;
  int count = 0;
  DIR *dir;
  int fd;

  fd = fcntl (gpu_fd, F_DUPFD_CLOEXEC, 3);
  dir = fd >= 0 ? fdopendir (fd) : NULL;
  if (dir == NULL)
    return -1;

  while ((entry = readdir (dir)) != NULL)
    {
      struct stat st;
      uuid_t uu;

      if (!slices_helper_is_uuid_text (entry->d_name) || uuid_parse (entry->d_name, uu) != 0)
        continue;
      if (fstatat (gpu_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode))
        count++;
    }
  closedir (dir);

  return count;
}

static int
do_create (const SlicesHelperRequest *request)
{
  const char *address = request->address;
  const char *type = request->type;
  const char *uuid = request->uuid;
  char line[UUID_TEXT_LEN + 2];
  char link_path[sizeof PCI_DEVICES_DIR + PCI_ADDRESS_LEN];
  char shown[256];
  ssize_t written;
  int gpu_fd, types_fd, type_fd, fd;
  int saved_errno;

  snprintf (link_path, sizeof link_path, PCI_DEVICES_DIR "%s", address);
  gpu_fd = open_device_dir (link_path, address);
  if (gpu_fd < 0)
    fail (SLICES_HELPER_EXIT_NO_GPU, "There is no PCI device %s: check the GPU's address "
          "with `slicectl list`.", address);

  snprintf (shown, sizeof shown, "%s/mdev_supported_types", link_path);
  types_fd = open_subdir (gpu_fd, "mdev_supported_types", shown);
  if (types_fd < 0)
    fail (SLICES_HELPER_EXIT_NO_GPU, "PCI device %s offers no GPU slices (it has no "
          "mdev_supported_types): it is not a GVT-g GPU, or GVT-g is off (it needs "
          "i915.enable_gvt=1 and the kvmgt module).", address);

  check_type_listed (types_fd, address, type);

  snprintf (shown, sizeof shown, "%s/mdev_supported_types/%s", link_path, type);
  type_fd = open_subdir (types_fd, type, shown);
  if (type_fd < 0)
    fail (SLICES_HELPER_EXIT_BAD_TYPE, "Slice type %s of GPU %s went away: refresh the list and "
          "try again.", type, address);

  snprintf (shown, sizeof shown, "%s/mdev_supported_types/%s/create", link_path, type);
  fd = open_attribute (type_fd, "create", shown);
  if (fd < 0)
    fail (SLICES_HELPER_EXIT_GVT_INACTIVE, "GPU %s lists slice type %s but cannot create it "
          "(no create file): GVT-g is not active; load the kvmgt module and try again.",
          address, type);

  snprintf (line, sizeof line, "%s\n", uuid);
  written = write (fd, line, strlen (line));
  saved_errno = errno;
  if (written < 0)
    {
      char name[64];
      int count;

      switch (saved_errno)
        {
        case ENOSPC:
          read_type_name (type_fd, type, name, sizeof name);
          count = count_slices (gpu_fd);
          if (count < 0)
            fail (SLICES_HELPER_EXIT_NO_ROOM, "No room for another %s slice on %s. Remove a "
                  "slice or pick a smaller type; if none fits, give the GPU a larger graphics "
                  "aperture in the firmware (BIOS) settings.", name, address);
          fail (SLICES_HELPER_EXIT_NO_ROOM, "No room for another %s slice on %s: %d %s already "
                "on this GPU. Remove a slice or pick a smaller type; if none fits, give the "
                "GPU a larger graphics aperture in the firmware (BIOS) settings.", name,
                address, count, count == 1 ? "slice exists" : "slices exist");
        case EEXIST:
          fail (SLICES_HELPER_EXIT_UUID_EXISTS, "A slice with UUID %s already exists on this or "
                "another GPU: pick another UUID.", uuid);
        case EINVAL:
          fail (SLICES_HELPER_EXIT_BAD_UUID, "The kernel refused UUID %s as invalid.", uuid);
        case ENODEV:
          fail (SLICES_HELPER_EXIT_NO_DEVICE, "GPU %s is going away (its driver is unloading): "
                "wait until it is back, then try again.", address);
        case ENOENT:
          fail (SLICES_HELPER_EXIT_GVT_INACTIVE, "GPU %s cannot create slices right now: GVT-g "
                "is not active; load the kvmgt module and try again.", address);
        default:
          fail (SLICES_HELPER_EXIT_FAILED, "Could not create a %s slice on %s: writing to %s "
                "failed: %s.", type, address, shown, strerror (saved_errno));
        }
    }
  if ((size_t) written != strlen (line))
    fail (SLICES_HELPER_EXIT_FAILED, "Could not create a %s slice on %s: the kernel took only "
          "part of the UUID.", type, address);
  if (close (fd) != 0)
    fail (SLICES_HELPER_EXIT_FAILED, "Could not create a %s slice on %s: %s.", type, address,
          strerror (errno));

  close (type_fd);
  close (types_fd);
  close (gpu_fd);

  if (printf ("%s\n", uuid) < 0 || fflush (stdout) != 0)
    return SLICES_HELPER_EXIT_FAILED;
  return SLICES_HELPER_EXIT_OK;
}

static void
add_target (Target     *targets,
            size_t     *n_targets,
            const char *path)
{
  if (*n_targets >= MAX_TARGETS)
    return;
  if (stat (path, &targets[*n_targets].st) != 0)
    return;
  snprintf (targets[*n_targets].path, sizeof targets[*n_targets].path, "%s", path);
  (*n_targets)++;
}

/* The device nodes through which a VM holds the slice: its VFIO group /dev/vfio/<group> and,
 * from 6.1, its VFIO device /dev/vfio/devices/vfio<N>. */
static size_t
find_slice_nodes (int         slice_fd,
                  const char *uuid,
                  Target     *targets)
{
  char link[PATH_MAX];
  char path[64];
  size_t n_targets = 0;
  struct dirent *entry;
  const char *group;
  ssize_t n;
  DIR *dir;
  int fd;

  n = readlinkat (slice_fd, "iommu_group", link, sizeof link - 1);
  if (n > 0)
    {
      link[n] = '\0';
      group = strrchr (link, '/');
      group = group != NULL ? group + 1 : link;
      if (!slices_helper_is_digits (group) || strlen (group) > 10)
        fail (SLICES_HELPER_EXIT_UNSAFE, "The IOMMU group of slice %s is not a number as sysfs "
              "makes it: refusing to remove it.", uuid);
      snprintf (path, sizeof path, VFIO_GROUP_DIR "%s", group);
      add_target (targets, &n_targets, path);
    }

  fd = openat (slice_fd, "vfio-dev", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  dir = fd >= 0 ? fdopendir (fd) : NULL;
  if (dir == NULL)
    {
      if (fd >= 0)
        close (fd);
      return n_targets;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      if (strncmp (entry->d_name, "vfio", 4) != 0 || !slices_helper_is_digits (entry->d_name + 4) ||
          strlen (entry->d_name) > 14)
        continue;
      snprintf (path, sizeof path, VFIO_DEVICE_DIR "%s", entry->d_name);
      add_target (targets, &n_targets, path);
    }
  closedir (dir);

  return n_targets;
}

static bool
same_file (const struct stat *a,
           const struct stat *b)
{
  if (a->st_dev == b->st_dev && a->st_ino == b->st_ino)
    return true;
  /* A VM in its own mount namespace (libvirt makes a private /dev for QEMU) holds its own
   * node for the same device. */
  return S_ISCHR (a->st_mode) && S_ISCHR (b->st_mode) && a->st_rdev != 0 &&
         a->st_rdev == b->st_rdev;
}

static void
read_comm (int   proc_fd,
           char *comm,
           size_t size)
{
  ssize_t n = -1;
  int fd;

  fd = openat (proc_fd, "comm", O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd >= 0)
    {
      n = read (fd, comm, size - 1);
      close (fd);
    }
  if (n <= 0)
    {
      snprintf (comm, size, "an unknown process");
      return;
    }
  comm[n] = '\0';
  comm[strcspn (comm, "\n")] = '\0';
}

/* Refuses to go on when any process holds one of the slice's nodes open: the kernel would
 * block the remove until the VM lets go, or on 5.19–6.1 leak the vGPU. stat() on
 * /proc/<pid>/fd/<n> follows to the open file itself, whatever name it was opened by. */
static void
check_not_in_use (int         slice_fd,
                  const char *uuid)
{
  Target targets[MAX_TARGETS];
  struct dirent *proc_entry;
  size_t n_targets;
  DIR *proc;

  n_targets = find_slice_nodes (slice_fd, uuid, targets);
  if (n_targets == 0)
    return;

  proc = opendir (PROC_DIR);
  if (proc == NULL)
    fail (SLICES_HELPER_EXIT_FAILED, "Could not look through " PROC_DIR " to check whether "
          "slice %s is in use (%s): refusing to remove it blindly.", uuid, strerror (errno));

  while ((proc_entry = readdir (proc)) != NULL)
    {
      struct dirent *fd_entry;
      DIR *fds;
      int pid_fd, fds_fd;

      if (!slices_helper_is_digits (proc_entry->d_name))
        continue;
      pid_fd = openat (dirfd (proc), proc_entry->d_name,
                       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (pid_fd < 0)
        continue;  /* it exited meanwhile */
      fds_fd = openat (pid_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      fds = fds_fd >= 0 ? fdopendir (fds_fd) : NULL;
      if (fds == NULL)
        {
          if (fds_fd >= 0)
            close (fds_fd);
          close (pid_fd);
          continue;
        }

      while ((fd_entry = readdir (fds)) != NULL)
        {
          struct stat st;

          if (fd_entry->d_name[0] == '.')
            continue;
          if (fstatat (dirfd (fds), fd_entry->d_name, &st, AT_NO_AUTOMOUNT) != 0)
            continue;
          for (size_t i = 0; i < n_targets; i++)
            {
              char comm[64];

              if (!same_file (&st, &targets[i].st))
                continue;
              read_comm (pid_fd, comm, sizeof comm);
              fail (SLICES_HELPER_EXIT_IN_USE, "Slice %s is in use by %s (pid %s), which holds "
                    "%s open: shut down the virtual machine that uses it, then remove the "
                    "slice.", uuid, comm, proc_entry->d_name, targets[i].path);
            }
        }
      closedir (fds);
      close (pid_fd);
    }
  closedir (proc);
}

static int
do_remove (const SlicesHelperRequest *request)
{
  const char *uuid = request->uuid;
  char link_path[sizeof MDEV_DEVICES_DIR + UUID_TEXT_LEN];
  char shown[256];
  ssize_t written;
  int slice_fd, fd;

  snprintf (link_path, sizeof link_path, MDEV_DEVICES_DIR "%s", uuid);
  slice_fd = open_device_dir (link_path, uuid);
  if (slice_fd < 0)
    fail (SLICES_HELPER_EXIT_NO_SLICE, "There is no slice %s: it may have been removed "
          "already; refresh the list.", uuid);

  check_not_in_use (slice_fd, uuid);

  snprintf (shown, sizeof shown, "%s/remove", link_path);
  fd = open_attribute (slice_fd, "remove", shown);
  if (fd < 0)
    fail (SLICES_HELPER_EXIT_NO_SLICE, "Slice %s cannot be removed: it has no remove file "
          "(it may be going away already).", uuid);

  written = write (fd, "1", 1);
  if (written < 0)
    {
      switch (errno)
        {
        case ENOENT:
        case ENODEV:
          fail (SLICES_HELPER_EXIT_NO_SLICE, "Slice %s went away while it was being removed.",
                uuid);
        case EBUSY:
          fail (SLICES_HELPER_EXIT_IN_USE, "Slice %s is in use: shut down the virtual machine "
                "that uses it, then remove the slice.", uuid);
        default:
          fail (SLICES_HELPER_EXIT_FAILED, "Could not remove slice %s: writing to %s failed: "
                "%s.", uuid, shown, strerror (errno));
        }
    }
  if (written != 1 || close (fd) != 0)
    fail (SLICES_HELPER_EXIT_FAILED, "Could not remove slice %s: %s.", uuid,
          written != 1 ? "the kernel did not take the request" : strerror (errno));

  close (slice_fd);
  return SLICES_HELPER_EXIT_OK;
}

int
main (int    argc,
      char **argv)
{
  SlicesHelperRequest request;
  char message[MESSAGE_MAX];
  int code;

  ensure_standard_fds ();
  umask (077);
  sanitize_environment ();
  check_root ();

  code = slices_helper_parse_args (argc, (const char * const *) argv, &request, message,
                                   sizeof message);
  if (code != SLICES_HELPER_EXIT_OK)
    fail (code, "%s", message);

  if (request.command == SLICES_HELPER_COMMAND_CREATE)
    return do_create (&request);
  return do_remove (&request);
}

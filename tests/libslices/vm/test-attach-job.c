/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlicesAttachJob against real libvirt without a daemon: libvirt's test:///default driver,
 * whose state every connection of this process shares, so that a second connection plays
 * "another program" (virsh edit, virt-manager) changing the VM between our read and our
 * define, or between our define and the undo. Changes are made at exact points of the job by
 * watching its "phase". Results are waited for in the main loop with a timeout; no sleeps.
 */

#include <glib.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "slices-attach-job.h"
#include "slices-test-libvirt.h"
#include "slices-test-util.h"

#define TIMEOUT_SECONDS 30
#define SLICE_UUID "4b20d080-1b54-4048-85b3-a6a62d165c01"
#define OTHER_SLICE_UUID "0c5d6e7f-8091-4e21-8a7b-1b3e2c4a9f6d"
#define RENDERNODE "/dev/dri/renderD128"

#define DOMAIN_XML \
  "<domain type='test'><name>%s</name><uuid>%s</uuid><memory>131072</memory>" \
  "<os><type arch='x86_64'>hvm</type></os>" \
  "<devices><graphics type='vnc' port='-1' passwd='s3cret'/>%s</devices></domain>"

typedef struct {
  SlicesLibvirt *libvirt;
  virConnectPtr  other;
  virDomainPtr   dom;         /* "vm", defined through @other */
  GPtrArray     *phases;      /* SlicesAttachJobPhase, as "notify::phase" reported them */
  guint          busy_changes;
  int            edit_after_read;  /* change "vm" elsewhere after this many more reads */
} Fixture;

/* --- waiting ------------------------------------------------------------------------------- */

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  return slices_test_wait_for_result (slot, TIMEOUT_SECONDS);
}

static gboolean
prepare_sync (SlicesAttachJob  *job,
              GCancellable     *cancellable,
              GError          **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_attach_job_prepare_async (job, cancellable, slices_test_store_result_cb, &slot);
  g_assert_true (slices_attach_job_is_busy (job));
  result = wait_for_result (&slot);
  g_assert_false (slices_attach_job_is_busy (job));
  return slices_attach_job_prepare_finish (job, result, error);
}

static gboolean
apply_sync (SlicesAttachJob  *job,
            GCancellable     *cancellable,
            GError          **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_attach_job_apply_async (job, cancellable, slices_test_store_result_cb, &slot);
  result = wait_for_result (&slot);
  g_assert_false (slices_attach_job_is_busy (job));
  return slices_attach_job_apply_finish (job, result, error);
}

static gboolean
undo_sync (SlicesAttachJob  *job,
           GError          **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  slices_attach_job_undo_async (job, NULL, slices_test_store_result_cb, &slot);
  result = wait_for_result (&slot);
  g_assert_false (slices_attach_job_is_busy (job));
  return slices_attach_job_undo_finish (job, result, error);
}

/* --- the shared host ---------------------------------------------------------------------- */

/* What "vm" is now, as another program reads it (with its secrets). */
static char *
stored_xml (Fixture *fixture)
{
  return slices_test_domain_xml (fixture->dom);
}

/* virsh edit: "vm" gets a <description> (@text), through the other connection. */
static void
edit_elsewhere (Fixture    *fixture,
                const char *text)
{
  g_autofree char *xml = stored_xml (fixture);
  g_autoptr(GString) edited = g_string_new (xml);
  g_autofree char *element = g_strdup_printf ("<description>%s</description>", text);
  const char *end = strstr (xml, "</uuid>");

  g_assert_nonnull (end);
  g_string_insert (edited, end - xml + strlen ("</uuid>"), element);
  virDomainFree (virDomainDefineXML (fixture->other, edited->str));
}

static void
define_vm (Fixture    *fixture,
           const char *devices)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *xml = g_strdup_printf (DOMAIN_XML, "vm", uuid, devices);

  fixture->dom = virDomainDefineXML (fixture->other, xml);
  g_assert_nonnull (fixture->dom);
}

static void
on_phase_cb (SlicesAttachJob *job,
             GParamSpec      *pspec,
             Fixture         *fixture)
{
  SlicesAttachJobPhase phase = slices_attach_job_get_phase (job);

  g_ptr_array_add (fixture->phases, GINT_TO_POINTER (phase));
  /* Between the job's read and its define, another program changes the VM. */
  if (phase == SLICES_ATTACH_JOB_PHASE_EDITING && fixture->edit_after_read > 0)
    {
      g_autofree char *text = g_strdup_printf ("edit %d", fixture->edit_after_read);

      fixture->edit_after_read--;
      edit_elsewhere (fixture, text);
    }
}

static void
on_busy_cb (SlicesAttachJob *job,
            GParamSpec      *pspec,
            Fixture         *fixture)
{
  fixture->busy_changes++;
}

static SlicesAttachJob *
new_attach_job (Fixture *fixture)
{
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;
  SlicesAttachJob *job;

  opts.rendernode = RENDERNODE;
  job = slices_attach_job_new_attach (fixture->libvirt, "vm", SLICE_UUID, "i915-GVTg_V5_4",
                                      1920, 1200, &opts);
  g_signal_connect (job, "notify::phase", G_CALLBACK (on_phase_cb), fixture);
  g_signal_connect (job, "notify::busy", G_CALLBACK (on_busy_cb), fixture);
  return job;
}

static void
assert_phases (Fixture                    *fixture,
               const SlicesAttachJobPhase *expected,
               guint                       n_expected)
{
  g_assert_cmpuint (fixture->phases->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (fixture->phases, i)), ==, expected[i]);
  g_ptr_array_set_size (fixture->phases, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->libvirt = slices_test_libvirt_open ("test:///default", TIMEOUT_SECONDS);
  fixture->other = virConnectOpen ("test:///default");
  g_assert_nonnull (fixture->other);
  fixture->phases = g_ptr_array_new ();
  define_vm (fixture, data != NULL ? data : "");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (virDomainIsActive (fixture->dom) == 1)
    virDomainDestroy (fixture->dom);
  virDomainUndefine (fixture->dom);
  virDomainFree (fixture->dom);
  virConnectClose (fixture->other);
  g_ptr_array_unref (fixture->phases);
  g_clear_object (&fixture->libvirt);
}

/* --- tests --------------------------------------------------------------------------------- */

/* The whole way: the review sees before and after and nothing is written; apply writes; undo
 * puts the definition from before back, its VNC password included. */
static void
test_attach_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  static const SlicesAttachJobPhase prepare_phases[] = {
    SLICES_ATTACH_JOB_PHASE_READING, SLICES_ATTACH_JOB_PHASE_EDITING,
    SLICES_ATTACH_JOB_PHASE_PREPARED,
  };
  static const SlicesAttachJobPhase apply_phases[] = {
    SLICES_ATTACH_JOB_PHASE_DEFINING, SLICES_ATTACH_JOB_PHASE_APPLIED,
  };
  static const SlicesAttachJobPhase undo_phases[] = {
    SLICES_ATTACH_JOB_PHASE_UNDOING, SLICES_ATTACH_JOB_PHASE_UNDONE,
  };
  g_autoptr(SlicesAttachJob) job = new_attach_job (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = stored_xml (fixture);
  g_autofree char *now = NULL;
  GPtrArray *notes;
  gboolean noted_vnc = FALSE;

  g_assert_cmpint (slices_attach_job_get_phase (job), ==, SLICES_ATTACH_JOB_PHASE_NONE);
  g_assert_cmpstr (slices_attach_job_get_domain (job), ==, "vm");
  g_assert_cmpstr (slices_attach_job_get_slice_uuid (job), ==, SLICE_UUID);
  g_assert_false (slices_attach_job_is_detach (job));
  g_assert_cmpuint (slices_attach_job_get_retries (job), ==, 1);
  g_assert_null (slices_attach_job_get_old_xml (job));
  g_assert_false (slices_attach_job_has_changes (job));

  g_assert_true (prepare_sync (job, NULL, &error));
  g_assert_no_error (error);
  assert_phases (fixture, prepare_phases, G_N_ELEMENTS (prepare_phases));
  g_assert_cmpuint (fixture->busy_changes, ==, 2);
  /* Read with its secrets, so that a redefine keeps the password. */
  g_assert_nonnull (strstr (slices_attach_job_get_old_xml (job), "s3cret"));
  g_assert_null (strstr (slices_attach_job_get_old_xml (job), SLICE_UUID));
  g_assert_nonnull (strstr (slices_attach_job_get_new_xml (job), SLICE_UUID));
  g_assert_nonnull (strstr (slices_attach_job_get_new_xml (job), RENDERNODE));
  g_assert_true (slices_attach_job_has_changes (job));
  /* The edit's notes: the local display replaces the VM's VNC server. */
  notes = slices_attach_job_get_notes (job);
  for (guint i = 0; i < notes->len; i++)
    noted_vnc |= strstr (g_ptr_array_index (notes, i), "VNC") != NULL;
  g_assert_true (noted_vnc);
  g_assert_null (slices_attach_job_get_stored_xml (job));
  /* The review writes nothing. */
  now = stored_xml (fixture);
  g_assert_cmpstr (now, ==, before);

  g_assert_true (apply_sync (job, NULL, &error));
  g_assert_no_error (error);
  assert_phases (fixture, apply_phases, G_N_ELEMENTS (apply_phases));
  g_assert_false (slices_attach_job_get_needs_restart (job));
  g_assert_nonnull (strstr (slices_attach_job_get_stored_xml (job), SLICE_UUID));
  g_clear_pointer (&now, g_free);
  now = stored_xml (fixture);
  g_assert_cmpstr (now, ==, slices_attach_job_get_stored_xml (job));

  g_assert_true (undo_sync (job, &error));
  g_assert_no_error (error);
  assert_phases (fixture, undo_phases, G_N_ELEMENTS (undo_phases));
  g_clear_pointer (&now, g_free);
  now = stored_xml (fixture);
  g_assert_null (strstr (now, SLICE_UUID));
  g_assert_nonnull (strstr (now, "s3cret"));
  g_assert_cmpuint (fixture->busy_changes, ==, 6);
}

/* Another program changes the VM after the review: apply never writes over that; it reads
 * again, recomputes and defines, and both changes are there. */
static void
test_changed_retry (Fixture       *fixture,
                    gconstpointer  data)
{
  static const SlicesAttachJobPhase phases[] = {
    SLICES_ATTACH_JOB_PHASE_DEFINING, SLICES_ATTACH_JOB_PHASE_READING,
    SLICES_ATTACH_JOB_PHASE_EDITING, SLICES_ATTACH_JOB_PHASE_DEFINING,
    SLICES_ATTACH_JOB_PHASE_APPLIED,
  };
  g_autoptr(SlicesAttachJob) job = new_attach_job (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;

  g_assert_true (prepare_sync (job, NULL, &error));
  g_ptr_array_set_size (fixture->phases, 0);
  edit_elsewhere (fixture, "edited elsewhere");

  g_assert_true (apply_sync (job, NULL, &error));
  g_assert_no_error (error);
  assert_phases (fixture, phases, G_N_ELEMENTS (phases));
  g_assert_nonnull (strstr (slices_attach_job_get_old_xml (job), "edited elsewhere"));
  now = stored_xml (fixture);
  g_assert_nonnull (strstr (now, "edited elsewhere"));
  g_assert_nonnull (strstr (now, SLICE_UUID));

  /* Undo goes back to what was there just before the write: their change stays. */
  g_assert_true (undo_sync (job, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, g_free);
  now = stored_xml (fixture);
  g_assert_nonnull (strstr (now, "edited elsewhere"));
  g_assert_null (strstr (now, SLICE_UUID));
}

/* A VM that keeps changing: after its retries the job gives up with CHANGED and has written
 * nothing. */
static void
test_changed_gives_up (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SlicesAttachJob) job = new_attach_job (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;
  guint reads = 0;

  slices_attach_job_set_retries (job, 2);
  /* Right after each of the three reads (prepare's, and two retries). */
  fixture->edit_after_read = 3;
  g_assert_false (apply_sync (job, NULL, &error));
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "vm"));
  g_assert_cmpint (slices_attach_job_get_phase (job), ==, SLICES_ATTACH_JOB_PHASE_DEFINING);
  g_assert_null (slices_attach_job_get_stored_xml (job));
  for (guint i = 0; i < fixture->phases->len; i++)
    reads += GPOINTER_TO_INT (g_ptr_array_index (fixture->phases, i))
             == SLICES_ATTACH_JOB_PHASE_READING;
  g_assert_cmpuint (reads, ==, 3);
  now = stored_xml (fixture);
  g_assert_nonnull (strstr (now, "edit 1"));
  g_assert_null (strstr (now, SLICE_UUID));
}

/* The wizard's way: no automatic retry. CHANGED, nothing written; prepare again shows the
 * change computed on what is there now, and apply then goes through. */
static void
test_changed_without_retry (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(SlicesAttachJob) job = new_attach_job (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;

  slices_attach_job_set_retries (job, 0);
  g_assert_true (prepare_sync (job, NULL, &error));
  edit_elsewhere (fixture, "edited elsewhere");

  g_assert_false (apply_sync (job, NULL, &error));
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED);
  g_assert_cmpint (slices_attach_job_get_phase (job), ==, SLICES_ATTACH_JOB_PHASE_DEFINING);
  g_clear_error (&error);
  now = stored_xml (fixture);
  g_assert_null (strstr (now, SLICE_UUID));

  g_assert_true (prepare_sync (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (slices_attach_job_get_old_xml (job), "edited elsewhere"));
  g_assert_nonnull (strstr (slices_attach_job_get_new_xml (job), "edited elsewhere"));
  g_assert_true (apply_sync (job, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, g_free);
  now = stored_xml (fixture);
  g_assert_nonnull (strstr (now, SLICE_UUID));
}

/* Undo only over what apply wrote: after another change it refuses and writes nothing. */
static void
test_undo_after_change (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SlicesAttachJob) job = new_attach_job (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;

  g_assert_true (apply_sync (job, NULL, &error));
  g_assert_no_error (error);
  edit_elsewhere (fixture, "edited since");

  g_assert_false (undo_sync (job, &error));
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_CHANGED);
  g_assert_cmpint (slices_attach_job_get_phase (job), ==, SLICES_ATTACH_JOB_PHASE_UNDOING);
  now = stored_xml (fixture);
  g_assert_nonnull (strstr (now, "edited since"));
  g_assert_nonnull (strstr (now, SLICE_UUID));
}

/* Attaching a slice the VM already holds: nothing to change, nothing written, nothing to
 * undo. */
static void
test_nothing_to_do (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SlicesAttachJob) first = new_attach_job (fixture);
  g_autoptr(SlicesAttachJob) again = new_attach_job (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  GPtrArray *notes;

  g_assert_true (apply_sync (first, NULL, &error));
  before = stored_xml (fixture);

  g_assert_true (prepare_sync (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (slices_attach_job_has_changes (again));
  notes = slices_attach_job_get_notes (again);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "already attached"));

  g_assert_true (apply_sync (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (slices_attach_job_get_phase (again), ==, SLICES_ATTACH_JOB_PHASE_APPLIED);
  g_assert_null (slices_attach_job_get_stored_xml (again));
  g_assert_true (undo_sync (again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (slices_attach_job_get_phase (again), ==, SLICES_ATTACH_JOB_PHASE_UNDONE);
  now = stored_xml (fixture);
  g_assert_cmpstr (now, ==, before);
}

#define HELD_SLICE \
  "<hostdev mode='subsystem' type='mdev' model='vfio-pci'>" \
  "<source><address uuid='" OTHER_SLICE_UUID "'/></source></hostdev>"

/* Detach, and the edit's own refusals: they fail while EDITING and write nothing. */
static void
test_detach (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SlicesAttachJob) job = slices_attach_job_new_detach (fixture->libvirt, "vm",
                                                                 OTHER_SLICE_UUID);
  g_autoptr(SlicesAttachJob) missing = slices_attach_job_new_detach (fixture->libvirt, "vm",
                                                                     SLICE_UUID);
  g_autoptr(SlicesAttachJob) second = new_attach_job (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = stored_xml (fixture);
  g_autofree char *now = NULL;

  g_assert_true (slices_attach_job_is_detach (job));

  /* The VM holds another slice: attach refuses, as slices_domain_attach() does. */
  g_assert_false (apply_sync (second, NULL, &error));
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_HAS_SLICE);
  g_assert_cmpint (slices_attach_job_get_phase (second), ==, SLICES_ATTACH_JOB_PHASE_EDITING);
  g_clear_error (&error);

  g_assert_false (prepare_sync (missing, NULL, &error));
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_ATTACHED);
  g_assert_cmpint (slices_attach_job_get_phase (missing), ==, SLICES_ATTACH_JOB_PHASE_EDITING);
  g_clear_error (&error);
  now = stored_xml (fixture);
  g_assert_cmpstr (now, ==, before);

  g_assert_true (apply_sync (job, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, g_free);
  now = stored_xml (fixture);
  g_assert_null (strstr (now, OTHER_SLICE_UUID));
  g_assert_nonnull (strstr (now, "s3cret"));

  g_assert_true (undo_sync (job, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, g_free);
  now = stored_xml (fixture);
  g_assert_nonnull (strstr (now, OTHER_SLICE_UUID));
}

/* The VM was removed: before the read (READING fails) or after it (DEFINING fails); it is
 * not brought back. */
static void
test_vanished (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SlicesAttachJob) job = new_attach_job (fixture);
  g_autoptr(SlicesAttachJob) unknown = NULL;
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  virDomainPtr gone;

  opts.rendernode = RENDERNODE;
  unknown = slices_attach_job_new_attach (fixture->libvirt, "nope", SLICE_UUID, NULL, 0, 0,
                                          &opts);
  g_assert_false (prepare_sync (unknown, NULL, &error));
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN);
  g_assert_cmpint (slices_attach_job_get_phase (unknown), ==, SLICES_ATTACH_JOB_PHASE_READING);
  g_assert_null (slices_attach_job_get_old_xml (unknown));
  g_clear_error (&error);

  g_assert_true (prepare_sync (job, NULL, &error));
  g_assert_cmpint (virDomainUndefine (fixture->dom), ==, 0);
  g_assert_false (apply_sync (job, NULL, &error));
  g_assert_error (error, SLICES_LIBVIRT_ERROR, SLICES_LIBVIRT_ERROR_NO_DOMAIN);
  g_assert_cmpint (slices_attach_job_get_phase (job), ==, SLICES_ATTACH_JOB_PHASE_DEFINING);
  gone = virDomainLookupByName (fixture->other, "vm");
  g_assert_null (gone);
}

/* A running VM gets the change at its next cold boot, and the job says so. */
static void
test_running (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SlicesAttachJob) job = new_attach_job (fixture);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (virDomainCreate (fixture->dom), ==, 0);
  g_assert_true (apply_sync (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (slices_attach_job_get_needs_restart (job));
  g_assert_true (undo_sync (job, &error));
  g_assert_no_error (error);
  g_assert_true (slices_attach_job_get_needs_restart (job));
}

static void
on_cancel_at_defining_cb (SlicesAttachJob *job,
                          GParamSpec      *pspec,
                          GCancellable    *cancellable)
{
  if (slices_attach_job_get_phase (job) == SLICES_ATTACH_JOB_PHASE_DEFINING)
    g_cancellable_cancel (cancellable);
}

/* Cancel before anything is written: G_IO_ERROR_CANCELLED, nothing written, and the job can
 * be prepared and applied again. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SlicesAttachJob) job = new_attach_job (fixture);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GCancellable) at_define = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = stored_xml (fixture);
  g_autofree char *now = NULL;
  gulong handler;

  g_cancellable_cancel (cancelled);
  g_assert_false (prepare_sync (job, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_true (prepare_sync (job, NULL, &error));
  handler = g_signal_connect (job, "notify::phase", G_CALLBACK (on_cancel_at_defining_cb),
                              at_define);
  g_assert_false (apply_sync (job, at_define, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_signal_handler_disconnect (job, handler);
  now = stored_xml (fixture);
  g_assert_cmpstr (now, ==, before);

  g_assert_true (apply_sync (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (slices_attach_job_get_phase (job), ==, SLICES_ATTACH_JOB_PHASE_APPLIED);
}

/* The lifecycle event of a define, on the event thread: the define has happened. */
typedef struct {
  GMutex   lock;
  GCond    cond;
  gboolean defined;
} DefinedEvent;

static int
on_other_lifecycle_cb (virConnectPtr  conn,
                       virDomainPtr   dom,
                       int            event,
                       int            detail,
                       void          *opaque)
{
  DefinedEvent *seen = opaque;

  if (event == VIR_DOMAIN_EVENT_DEFINED)
    {
      g_mutex_lock (&seen->lock);
      seen->defined = TRUE;
      g_cond_signal (&seen->cond);
      g_mutex_unlock (&seen->lock);
    }
  return 0;
}

/* Cancel after the define started: it is waited for and reported as it ended, a success,
 * so that the caller knows the definition was written (and can undo it). */
static void
test_cancel_late (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SlicesAttachJob) job = new_attach_job (fixture);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;
  GAsyncResult *slot = NULL;
  DefinedEvent seen = { 0 };
  gboolean applied;
  gint64 deadline;
  int callback_id;

  g_assert_true (prepare_sync (job, NULL, &error));
  callback_id = virConnectDomainEventRegisterAny (fixture->other, fixture->dom,
                                                  VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                  VIR_DOMAIN_EVENT_CALLBACK (on_other_lifecycle_cb),
                                                  &seen, NULL);
  g_assert_cmpint (callback_id, >=, 0);

  /* From PREPARED the define starts in the call itself; the main context does not run until
   * libvirt has stored the definition. */
  slices_attach_job_apply_async (job, cancellable, slices_test_store_result_cb, &slot);
  deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_TIME_SPAN_SECOND;
  g_mutex_lock (&seen.lock);
  while (!seen.defined)
    g_assert_true (g_cond_wait_until (&seen.cond, &seen.lock, deadline));
  g_mutex_unlock (&seen.lock);
  g_cancellable_cancel (cancellable);

  result = wait_for_result (&slot);
  applied = slices_attach_job_apply_finish (job, result, &error);
  g_assert_no_error (error);  /* says which step answered, should it ever fail */
  g_assert_true (applied);
  g_assert_cmpint (slices_attach_job_get_phase (job), ==, SLICES_ATTACH_JOB_PHASE_APPLIED);
  now = stored_xml (fixture);
  g_assert_nonnull (strstr (now, SLICE_UUID));

  virConnectDomainEventDeregisterAny (fixture->other, callback_id);
}

/* Without libvirt: the same edit on a text, as `slicectl attach --xml` uses it. */
static void
test_edit_offline (void)
{
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;
  g_autoptr(SlicesAttachJob) attach = NULL;
  g_autoptr(SlicesAttachJob) detach = NULL;
  g_autoptr(GPtrArray) job_notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) edit_notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *xml = g_strdup_printf (DOMAIN_XML, "vm", uuid, "");
  g_autofree char *attached = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *back = NULL;
  guint version = SLICES_LIBVIRT_VERSION (7, 0, 0);

  opts.display = SLICES_DISPLAY_MODE_REMOTE;
  opts.rendernode = RENDERNODE;
  attach = slices_attach_job_new_attach (NULL, NULL, SLICE_UUID, "i915-GVTg_V5_8", 1024, 768,
                                         &opts);
  /* The job keeps its own copy of the options' strings. */
  opts.rendernode = "/elsewhere";
  attached = slices_attach_job_edit (attach, xml, version, job_notes, &error);
  g_assert_no_error (error);
  opts.rendernode = RENDERNODE;
  expected = slices_domain_attach (xml, SLICE_UUID, "i915-GVTg_V5_8", 1024, 768, &opts, version,
                                   edit_notes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (attached, ==, expected);
  g_assert_cmpuint (job_notes->len, ==, edit_notes->len);
  g_assert_nonnull (strstr (attached, "device.ua-gpu-slices-4b20d080.xres=1024"));

  detach = slices_attach_job_new_detach (NULL, NULL, SLICE_UUID);
  back = slices_attach_job_edit (detach, attached, version, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (back, SLICE_UUID));
  g_assert_null (slices_attach_job_edit (detach, back, version, NULL, &error));
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_NOT_ATTACHED);
}

/* The wizard's call for an SR-IOV VF: the same job, with the VF's address; a concurrent change
 * is read again once, undo restores, and a detach job takes it out again. */
static void
test_vf (Fixture       *fixture,
         gconstpointer  data)
{
  SlicesAttachOptions opts = SLICES_ATTACH_OPTIONS_INIT;
  g_autoptr(SlicesAttachJob) job = NULL;
  g_autoptr(SlicesAttachJob) again = NULL;
  g_autoptr(SlicesAttachJob) detach = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = stored_xml (fixture);
  g_autofree char *now = NULL;

  opts.display = SLICES_DISPLAY_MODE_LOOKING_GLASS;
  opts.xres = 2560;
  opts.yres = 1440;
  opts.hdr = TRUE;
  job = slices_attach_job_new_attach (fixture->libvirt, "vm", "0000:00:02.1", NULL, 0, 0,
                                      &opts);
  g_signal_connect (job, "notify::phase", G_CALLBACK (on_phase_cb), fixture);
  g_assert_cmpstr (slices_attach_job_get_slice_uuid (job), ==, "0000:00:02.1");

  fixture->edit_after_read = 1;
  g_assert_true (apply_sync (job, NULL, &error));
  g_assert_no_error (error);
  now = stored_xml (fixture);
  g_assert_nonnull (strstr (now, "<description>edit 1</description>"));
  g_assert_nonnull (strstr (now, "function='0x1'"));
  g_assert_nonnull (strstr (now, "<size unit='M'>128</size>"));
  g_assert_nonnull (strstr (now, "s3cret"));
  g_clear_pointer (&now, g_free);

  g_assert_true (undo_sync (job, &error));
  g_assert_no_error (error);
  now = stored_xml (fixture);
  g_assert_null (strstr (now, "0x02"));
  g_assert_nonnull (strstr (now, "<description>edit 1</description>"));
  g_clear_pointer (&now, g_free);

  /* A local display for a VF: refused in the edit, nothing written. */
  opts.display = SLICES_DISPLAY_MODE_LOCAL;
  opts.rendernode = RENDERNODE;
  again = slices_attach_job_new_attach (fixture->libvirt, "vm", "0000:00:02.1", NULL, 0, 0,
                                        &opts);
  g_assert_false (apply_sync (again, NULL, &error));
  g_assert_error (error, SLICES_DOMAIN_EDIT_ERROR, SLICES_DOMAIN_EDIT_ERROR_INVALID);
  g_assert_cmpint (slices_attach_job_get_phase (again), ==, SLICES_ATTACH_JOB_PHASE_EDITING);
  g_clear_error (&error);

  /* Attach as remote, then detach: the definition from before the attach. */
  g_clear_object (&again);
  g_free (before);
  before = stored_xml (fixture);
  opts.display = SLICES_DISPLAY_MODE_REMOTE;
  again = slices_attach_job_new_attach (fixture->libvirt, "vm", "0000:00:02.1", NULL, 0, 0,
                                        &opts);
  g_assert_true (apply_sync (again, NULL, &error));
  g_assert_no_error (error);
  detach = slices_attach_job_new_detach (fixture->libvirt, "vm", "0000:00:02.1");
  g_assert_true (apply_sync (detach, NULL, &error));
  g_assert_no_error (error);
  now = stored_xml (fixture);
  g_assert_cmpstr (now, ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* Before this process's own virConnectOpen() calls. */
  g_assert_true (slices_libvirt_init_events (NULL));

  g_test_add ("/slices/attach-job/attach-and-undo", Fixture, NULL,
              fixture_set_up, test_attach_and_undo, fixture_tear_down);
  g_test_add ("/slices/attach-job/changed-retry", Fixture, NULL,
              fixture_set_up, test_changed_retry, fixture_tear_down);
  g_test_add ("/slices/attach-job/changed-gives-up", Fixture, NULL,
              fixture_set_up, test_changed_gives_up, fixture_tear_down);
  g_test_add ("/slices/attach-job/changed-without-retry", Fixture, NULL,
              fixture_set_up, test_changed_without_retry, fixture_tear_down);
  g_test_add ("/slices/attach-job/undo-after-change", Fixture, NULL,
              fixture_set_up, test_undo_after_change, fixture_tear_down);
  g_test_add ("/slices/attach-job/nothing-to-do", Fixture, NULL,
              fixture_set_up, test_nothing_to_do, fixture_tear_down);
  g_test_add ("/slices/attach-job/detach", Fixture, HELD_SLICE,
              fixture_set_up, test_detach, fixture_tear_down);
  g_test_add ("/slices/attach-job/vanished", Fixture, NULL,
              fixture_set_up, test_vanished, fixture_tear_down);
  g_test_add ("/slices/attach-job/running", Fixture, NULL,
              fixture_set_up, test_running, fixture_tear_down);
  g_test_add ("/slices/attach-job/cancel", Fixture, NULL,
              fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/slices/attach-job/cancel-late", Fixture, NULL,
              fixture_set_up, test_cancel_late, fixture_tear_down);
  g_test_add_func ("/slices/attach-job/edit-offline", test_edit_offline);
  g_test_add ("/slices/attach-job/vf", Fixture, NULL,
              fixture_set_up, test_vf, fixture_tear_down);

  return g_test_run ();
}

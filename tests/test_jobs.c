/*
 * The print queue (db_jobs.c): slip numbers per local day, exclusive claiming
 * across connections and processes, the retry window, and every state
 * transition, on a real SQLite file in a temporary folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "db.h"
#include "db_jobs.h"
#include "xmalloc.h"

/* 2026-11-27 17:30 UTC = 2026-11-28 00:30 in Vietnam (UTC+7): the local day is
 * the 28th. */
#define T0  ((int64_t)1795800600)
#define DAY ((int64_t)86400)

struct fixture {
    char dir[64];
    char path[96];
    struct db *db;
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    char *cause = NULL;

    assert_non_null(f);
    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    strcpy(f->dir, "/tmp/test_jobs.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/kiosk.db", f->dir);
    if (db_open(f->path, &f->db, &cause) != 0)
        fail_msg("db_open: %s", cause);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    char path[128];

    db_close(f->db);
    snprintf(path, sizeof path, "%s/kiosk.db-wal", f->dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/kiosk.db-shm", f->dir);
    unlink(path);
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

static int64_t
enqueue_slip(struct db *db, int service, int64_t now, char **slip_no)
{
    struct print_job_new n = { .kind = JOB_SLIP,
                               .service = service,
                               .catalog_hash = "abc",
                               .answers = "1,2",
                               .have = "1,3",
                               .paper = "80mm",
                               .printer = "Q",
                               .lang = "vi" };
    char *cause = NULL;
    int64_t id = 0;

    if (db_jobs_enqueue(db, &n, now, &id, slip_no, &cause) != 0)
        fail_msg("enqueue: %s", cause);
    assert_true(id > 0);
    return id;
}

static struct print_job *
claim(struct db *db, int64_t now, int retry_minutes, const char *owner)
{
    struct print_job *j = NULL;
    char *cause = NULL;

    struct jobs_claim q = { .now = now, .retry_minutes = retry_minutes };

    if (db_jobs_claim(db, &q, owner, &j, &cause) != 0)
        fail_msg("claim: %s", cause);
    return j;
}

static void
test_local_day(void **state)
{
    char day[9];

    (void)state;
    jobs_local_day(T0, day);
    assert_string_equal(day, "20261128");
    jobs_local_day(T0 - 3600, day); /* 23:30 on the 27th in Vietnam */
    assert_string_equal(day, "20261127");
}

static void
test_slip_numbers_per_day(void **state)
{
    struct fixture *f = *state;
    char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
    struct print_job *j;

    enqueue_slip(f->db, 1, T0, &a);
    enqueue_slip(f->db, 2, T0 + 10, &b);
    enqueue_slip(f->db, 3, T0 + 20, &c);
    assert_string_equal(a, "20261128-0001");
    assert_string_equal(b, "20261128-0002");
    assert_string_equal(c, "20261128-0003");
    /* The next local day starts again at 1; the day before has its own counter.
     */
    enqueue_slip(f->db, 1, T0 + DAY, &d);
    assert_string_equal(d, "20261129-0001");
    enqueue_slip(f->db, 1, T0 - 3600, &e);
    assert_string_equal(e, "20261127-0001");

    j = db_jobs_get_slip(f->db, b);
    assert_non_null(j);
    assert_int_equal(j->service, 2);
    assert_int_equal(j->kind, JOB_SLIP);
    assert_int_equal(j->state, JOB_QUEUED);
    assert_string_equal(j->shown_no, b);
    assert_string_equal(j->answers, "1,2");
    assert_string_equal(j->have, "1,3");
    assert_string_equal(j->paper, "80mm");
    assert_string_equal(j->printer, "Q");
    assert_string_equal(j->catalog_hash, "abc");
    assert_int_equal(j->created_at, T0 + 10);
    assert_int_equal(j->attempts, 0);
    print_job_free(j);
    assert_null(db_jobs_get_slip(f->db, "20261128-0099"));
    free(a);
    free(b);
    free(c);
    free(d);
    free(e);
}

static void
test_claim_oldest_first_and_once(void **state)
{
    struct fixture *f = *state;
    int64_t id1 = enqueue_slip(f->db, 1, T0, NULL);
    int64_t id2 = enqueue_slip(f->db, 2, T0 + 1, NULL);
    struct print_job *j;

    j = claim(f->db, T0 + 5, 15, "A");
    assert_non_null(j);
    assert_int_equal(j->id, id1);
    assert_int_equal(j->state, JOB_SENDING);
    assert_string_equal(j->owner, "A");
    assert_int_equal(j->attempts, 1);
    print_job_free(j);
    j = claim(f->db, T0 + 5, 15, "B");
    assert_non_null(j);
    assert_int_equal(j->id, id2);
    print_job_free(j);
    assert_null(claim(f->db, T0 + 5, 15, "C"));
}

static void
test_claim_exclusive_across_connections(void **state)
{
    struct fixture *f = *state;
    struct db *other = NULL;
    char *cause = NULL;
    struct print_job *a, *b, *j = NULL;
    int64_t id = enqueue_slip(f->db, 1, T0, NULL);

    if (db_open(f->path, &other, &cause) != 0)
        fail_msg("db_open: %s", cause);
    a = claim(other, T0 + 1, 15, "A");
    b = claim(f->db, T0 + 1, 15, "B");
    assert_non_null(a);
    assert_null(b);
    /* A given job is also claimed once only. */
    assert_int_equal(db_jobs_claim_id(f->db, id, T0 + 1, "B", &j, &cause), 0);
    assert_null(j);
    print_job_free(a);
    db_close(other);
}

/* Two processes claim from the same queue as fast as they can: every job
 * exactly once. */
static void
test_claim_exclusive_across_processes(void **state)
{
    struct fixture *f = *state;
    enum { NJOBS = 40 };
    int fds[2][2];
    pid_t pids[2];
    int seen[NJOBS + 1] = { 0 };
    int total = 0;

    for (int i = 0; i < NJOBS; i++)
        enqueue_slip(f->db, 1 + i % 25, T0, NULL);
    for (int p = 0; p < 2; p++) {
        assert_int_equal(pipe(fds[p]), 0);
        pids[p] = fork();
        assert_true(pids[p] >= 0);
        if (pids[p] == 0) {
            struct db *db = NULL;
            char *cause = NULL;
            struct print_job *j = NULL;
            char owner[16];
            struct jobs_claim q = { .now = T0 + 1, .retry_minutes = 15 };

            close(fds[p][0]);
            snprintf(owner, sizeof owner, "P%d", p);
            if (db_open(f->path, &db, &cause) != 0)
                _exit(2);
            for (;;) {
                if (db_jobs_claim(db, &q, owner, &j, &cause) != 0)
                    _exit(3);
                if (j == NULL)
                    break;
                int64_t id = j->id;
                if (write(fds[p][1], &id, sizeof id) != (ssize_t)sizeof id)
                    _exit(4);
                print_job_free(j);
            }
            db_close(db);
            _exit(0);
        }
        close(fds[p][1]);
    }
    for (int p = 0; p < 2; p++) {
        int64_t id;
        int status;

        while (read(fds[p][0], &id, sizeof id) == (ssize_t)sizeof id) {
            assert_in_range(id, 1, NJOBS);
            seen[id]++;
            total++;
        }
        close(fds[p][0]);
        assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(total, NJOBS);
    for (int i = 1; i <= NJOBS; i++)
        assert_int_equal(seen[i], 1);
}

/* A command printing its own job right away keeps runners off it with not_before. */
static void
test_not_before_keeps_runners_off(void **state)
{
    struct fixture *f = *state;
    struct print_job_new n = { .kind = JOB_TEST, .printer = "Q", .not_before = T0 + 60 };
    struct print_job *j = NULL;
    char *cause = NULL;
    int64_t id = 0;

    assert_int_equal(db_jobs_enqueue(f->db, &n, T0, &id, NULL, &cause), 0);
    assert_null(claim(f->db, T0 + 59, 15, "runner"));
    assert_int_equal(db_jobs_claim_id(f->db, id, T0, "command", &j, &cause), 0);
    assert_non_null(j);
    assert_int_equal(j->kind, JOB_TEST);
    assert_string_equal(j->owner, "command");
    assert_string_equal(j->lang, "vi");
    print_job_free(j);
}

/* One pass visits each job once (after_id); --once ignores the back-off (any_time). */
static void
test_claim_after_id_and_any_time(void **state)
{
    struct fixture *f = *state;
    int64_t a = enqueue_slip(f->db, 1, T0, NULL);
    int64_t b = enqueue_slip(f->db, 2, T0, NULL);
    struct jobs_claim q = { .now = T0 + 1, .retry_minutes = 15 };
    struct print_job *j = NULL;
    char *cause = NULL;

    assert_int_equal(db_jobs_claim(f->db, &q, "A", &j, &cause), 0);
    assert_int_equal(j->id, a);
    print_job_free(j);
    assert_int_equal(db_jobs_requeue(f->db, a, "paused", "", T0 + 60, T0 + 1, &cause), 0);
    /* Back off: not due before T0 + 60, whatever the id. */
    assert_int_equal(db_jobs_claim(f->db, &q, "A", &j, &cause), 0);
    assert_int_equal(j->id, b);
    assert_int_equal(db_jobs_requeue(f->db, b, "paused", "", T0 + 60, T0 + 1, &cause), 0);
    print_job_free(j);
    assert_int_equal(db_jobs_claim(f->db, &q, "A", &j, &cause), 0);
    assert_null(j);
    /* any_time takes them at once, and after_id moves the pass along. */
    q.any_time = true;
    assert_int_equal(db_jobs_claim(f->db, &q, "A", &j, &cause), 0);
    assert_int_equal(j->id, a);
    assert_int_equal(db_jobs_requeue(f->db, a, "paused", "", T0 + 60, T0 + 1, &cause), 0);
    q.after_id = j->id;
    print_job_free(j);
    assert_int_equal(db_jobs_claim(f->db, &q, "A", &j, &cause), 0);
    assert_int_equal(j->id, b);
    q.after_id = j->id;
    print_job_free(j);
    assert_int_equal(db_jobs_claim(f->db, &q, "A", &j, &cause), 0);
    assert_null(j);
}

static void
test_retry_window(void **state)
{
    struct fixture *f = *state;
    int64_t id = enqueue_slip(f->db, 5, T0, NULL);
    struct print_job_list l;
    struct print_job *j;
    char *cause = NULL;
    int count = -1;
    int64_t next = -1;

    /* Within 15 minutes it is due; one second past the window it is not. */
    assert_int_equal(db_jobs_waiting(f->db, T0 + 15 * 60, 15, &count, &next, &cause), 0);
    assert_int_equal(count, 1);
    assert_int_equal(db_jobs_list(f->db, JOBS_DUE, 0, T0 + 15 * 60, 15, 0, &l, &cause), 0);
    assert_int_equal(l.n, 1);
    print_job_list_free(&l);
    assert_null(claim(f->db, T0 + 15 * 60 + 1, 15, "A"));
    assert_int_equal(db_jobs_waiting(f->db, T0 + 15 * 60 + 1, 15, &count, &next, &cause), 0);
    assert_int_equal(count, 0);
    assert_int_equal(db_jobs_list(f->db, JOBS_DUE, 0, T0 + 15 * 60 + 1, 15, 0, &l, &cause), 0);
    assert_int_equal(l.n, 0);
    print_job_list_free(&l);

    /* It stays listed as queued (expired) for a reprint at the counter. */
    assert_int_equal(db_jobs_list(f->db, JOBS_QUEUED, 0, 0, 0, 0, &l, &cause), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0]->id, id);
    assert_true(print_job_expired(l.v[0], T0 + 15 * 60 + 1, 15));
    assert_false(print_job_expired(l.v[0], T0 + 60, 15));
    print_job_list_free(&l);

    /* A longer window (kiosk.conf) still takes it; retry opens a fresh window. */
    j = claim(f->db, T0 + 15 * 60 + 1, 30, "A");
    assert_non_null(j);
    assert_int_equal(db_jobs_requeue(f->db, id, "paused", "Hết giấy", 0, T0 + 1000, &cause), 0);
    print_job_free(j);
    assert_null(claim(f->db, T0 + 3600, 15, "A"));
    assert_int_equal(db_jobs_retry(f->db, id, T0 + 3600, &cause), 0);
    j = claim(f->db, T0 + 3600, 15, "A");
    assert_non_null(j);
    assert_string_equal(j->error_kind, "");
    assert_int_equal(j->attempts, 2);
    print_job_free(j);
}

static void
test_requeue_waits_for_next_try(void **state)
{
    struct fixture *f = *state;
    int64_t id = enqueue_slip(f->db, 5, T0, NULL);
    struct print_job *j = claim(f->db, T0, 15, "A");
    char *cause = NULL;
    int count = 0;
    int64_t next = 0;

    assert_non_null(j);
    print_job_free(j);
    assert_int_equal(db_jobs_requeue(f->db, id, "paused", "Hết giấy", T0 + 30, T0, &cause), 0);
    j = db_jobs_get(f->db, id);
    assert_int_equal(j->state, JOB_QUEUED);
    assert_string_equal(j->error_kind, "paused");
    assert_string_equal(j->reason, "Hết giấy");
    assert_string_equal(j->owner, "");
    print_job_free(j);
    assert_int_equal(db_jobs_waiting(f->db, T0 + 1, 15, &count, &next, &cause), 0);
    assert_int_equal(count, 1);
    assert_int_equal(next, T0 + 30);
    assert_null(claim(f->db, T0 + 29, 15, "A"));
    j = claim(f->db, T0 + 30, 15, "A");
    assert_non_null(j);
    assert_int_equal(j->id, id);
    print_job_free(j);
}

static void
expect_transition_fails(int rc, char **cause, const char *needle)
{
    /* cause is read here, after the call that set it (argument order is
     * unspecified). */
    assert_int_equal(rc, -1);
    assert_non_null(*cause);
    if (strstr(*cause, needle) == NULL)
        fail_msg("cause \"%s\" lacks \"%s\"", *cause, needle);
    free(*cause);
    *cause = NULL;
}

static void
test_state_transitions(void **state)
{
    struct fixture *f = *state;
    int64_t id = enqueue_slip(f->db, 5, T0, NULL);
    struct print_job *j;
    char *cause = NULL;

    /* Not yet claimed: it cannot be sent, done or requeued. */
    expect_transition_fails(db_jobs_mark_sent(f->db, id, 7, T0, &cause), &cause, "is queued");
    expect_transition_fails(db_jobs_mark_done(f->db, id, NULL, T0, &cause), &cause, "is queued");
    expect_transition_fails(db_jobs_requeue(f->db, id, "", "", 0, T0, &cause), &cause, "is queued");

    j = claim(f->db, T0 + 1, 15, "A");
    assert_non_null(j);
    print_job_free(j);
    /* Sending: neither cancelled nor retried under the sender's feet. */
    expect_transition_fails(db_jobs_cancel(f->db, id, T0, &cause), &cause, "is sending");
    expect_transition_fails(db_jobs_retry(f->db, id, T0, &cause), &cause, "is sending");

    assert_int_equal(db_jobs_mark_sent(f->db, id, 42, T0 + 2, &cause), 0);
    j = db_jobs_get(f->db, id);
    assert_int_equal(j->state, JOB_SENT);
    assert_int_equal(j->cups_job_id, 42);
    print_job_free(j);
    /* Sent: never claimed or retried again (CUPS has it). */
    assert_null(claim(f->db, T0 + 3, 15, "B"));
    expect_transition_fails(db_jobs_retry(f->db, id, T0, &cause), &cause, "is sent");
    assert_int_equal(db_jobs_set_error(f->db, id, "paused", "Hết giấy", T0 + 3, &cause), 0);
    j = db_jobs_get(f->db, id);
    assert_int_equal(j->state, JOB_SENT);
    assert_string_equal(j->reason, "Hết giấy");
    print_job_free(j);

    assert_int_equal(db_jobs_mark_done(f->db, id, "/x/y.pdf", T0 + 4, &cause), 0);
    j = db_jobs_get(f->db, id);
    assert_int_equal(j->state, JOB_DONE);
    assert_string_equal(j->pdf_path, "/x/y.pdf");
    assert_string_equal(j->error_kind, "");
    assert_int_equal(j->updated_at, T0 + 4);
    print_job_free(j);
    expect_transition_fails(db_jobs_cancel(f->db, id, T0, &cause), &cause, "is done");
    expect_transition_fails(db_jobs_retry(f->db, id, T0, &cause), &cause, "is done");
    expect_transition_fails(db_jobs_mark_failed(f->db, id, "failed", "x", T0, &cause), &cause,
                            "is done");
    expect_transition_fails(db_jobs_cancel(f->db, 999, T0, &cause), &cause, "no such job");
}

static void
test_failed_cancelled_retried(void **state)
{
    struct fixture *f = *state;
    int64_t id = enqueue_slip(f->db, 5, T0, NULL);
    struct print_job *j = claim(f->db, T0, 15, "A");
    char *cause = NULL;

    assert_non_null(j);
    print_job_free(j);
    assert_int_equal(db_jobs_mark_failed(f->db, id, "failed", "Filter failed", T0 + 1, &cause), 0);
    j = db_jobs_get(f->db, id);
    assert_int_equal(j->state, JOB_FAILED);
    assert_string_equal(j->error_kind, "failed");
    assert_string_equal(j->reason, "Filter failed");
    assert_string_equal(j->owner, "");
    print_job_free(j);
    assert_null(claim(f->db, T0 + 2, 15, "A"));

    assert_int_equal(db_jobs_cancel(f->db, id, T0 + 3, &cause), 0);
    j = db_jobs_get(f->db, id);
    assert_int_equal(j->state, JOB_CANCELLED);
    print_job_free(j);
    expect_transition_fails(db_jobs_cancel(f->db, id, T0, &cause), &cause, "is cancelled");

    assert_int_equal(db_jobs_retry(f->db, id, T0 + 4, &cause), 0);
    j = claim(f->db, T0 + 4, 15, "A");
    assert_non_null(j);
    assert_int_equal(j->id, id);
    assert_int_equal(j->cups_job_id, 0);
    print_job_free(j);
}

static void
test_take_over_only_from_the_named_owner(void **state)
{
    struct fixture *f = *state;
    int64_t id = enqueue_slip(f->db, 5, T0, NULL);
    struct print_job *j = claim(f->db, T0, 15, "dead");
    char *cause = NULL;

    assert_non_null(j);
    print_job_free(j);
    assert_int_equal(db_jobs_take_over(f->db, id, "someone", "B", T0 + 1, &cause), 0);
    assert_int_equal(db_jobs_take_over(f->db, id, "dead", "B", T0 + 1, &cause), 1);
    /* A second rescuer loses: the owner changed. */
    assert_int_equal(db_jobs_take_over(f->db, id, "dead", "C", T0 + 1, &cause), 0);
    j = db_jobs_get(f->db, id);
    assert_string_equal(j->owner, "B");
    assert_int_equal(j->state, JOB_SENDING);
    print_job_free(j);
}

static void
test_reprint_keeps_the_number_shown(void **state)
{
    struct fixture *f = *state;
    char *orig = NULL, *r1 = NULL, *r2 = NULL;
    int64_t id = enqueue_slip(f->db, 7, T0, &orig);
    int64_t rid = 0;
    struct print_job *j;
    char *cause = NULL;

    assert_int_equal(db_jobs_reprint(f->db, orig, NULL, T0 + DAY, &rid, &r1, &cause), 0);
    assert_string_equal(r1, "20261128-0001-R1");
    j = db_jobs_get(f->db, rid);
    assert_non_null(j);
    assert_int_equal(j->state, JOB_QUEUED);
    assert_int_equal(j->reprint_of, id);
    assert_string_equal(j->shown_no, orig);
    assert_int_equal(j->service, 7);
    assert_string_equal(j->answers, "1,2");
    assert_string_equal(j->have, "1,3");
    assert_string_equal(j->printer, "Q");
    assert_int_equal(j->created_at, T0 + DAY);
    print_job_free(j);

    /* A reprint of the reprint, to another queue: still counted from the
     * original. */
    assert_int_equal(db_jobs_reprint(f->db, r1, "Other", T0 + DAY, &rid, &r2, &cause), 0);
    assert_string_equal(r2, "20261128-0001-R2");
    j = db_jobs_get(f->db, rid);
    assert_string_equal(j->shown_no, orig);
    assert_string_equal(j->printer, "Other");
    assert_int_equal(j->reprint_of, id);
    print_job_free(j);

    /* Reprints take no number from the day's counter. */
    free(orig);
    enqueue_slip(f->db, 1, T0 + 5, &orig);
    assert_string_equal(orig, "20261128-0002");

    cause = NULL;
    assert_int_equal(db_jobs_reprint(f->db, "20261128-0099", NULL, T0, &rid, NULL, &cause), -1);
    assert_non_null(cause);
    assert_non_null(strstr(cause, "20261128-0099"));
    free(cause);
    free(orig);
    free(r1);
    free(r2);
}

static char doc_key[] = "doc";

static int
build_ok(void *arg, const char *number, char **json, char **cause)
{
    (void)cause;
    xasprintf(json, "{\"%s\": \"%s\"}", (const char *)arg, number);
    return 0;
}

static int
build_fails(void *arg, const char *number, char **json, char **cause)
{
    (void)arg;
    (void)json;
    xasprintf(cause, "cannot build %s", number);
    return -1;
}

/* Staff printouts count apart from residents' slips; the document is built with the number
 * it carries, stored with the row, copied by a reprint; a document that cannot be built
 * queues nothing and takes no number. */
static void
test_numbers_and_stored_documents(void **state)
{
    struct fixture *f = *state;
    struct print_job_new h = {
        .kind = JOB_HANDOUT, .paper = "A4", .printer = "Q", .build = build_ok, .build_arg = doc_key
    };
    struct print_job_new bad = { .kind = JOB_SLIP, .build = build_fails };
    int64_t id = 0, rid = 0;
    char *no = NULL, *rno = NULL, *json = NULL, *cause = NULL, *slip = NULL;

    assert_int_equal(db_jobs_enqueue(f->db, &h, T0, &id, &no, &cause), 0);
    assert_string_equal(no, "20261128-S001");
    assert_int_equal(db_jobs_receipt(f->db, id, &json, &cause), 0);
    assert_string_equal(json, "{\"doc\": \"20261128-S001\"}");
    free(json);
    free(no);
    /* The residents' first slip of the day is still 0001. */
    enqueue_slip(f->db, 1, T0 + 1, &slip);
    assert_string_equal(slip, "20261128-0001");
    assert_int_equal(db_jobs_enqueue(f->db, &bad, T0 + 2, &id, &no, &cause), -1);
    assert_non_null(strstr(cause, "cannot build 20261128-0002"));
    free(cause);
    cause = NULL;
    free(slip);
    enqueue_slip(f->db, 1, T0 + 3, &slip);
    assert_string_equal(slip, "20261128-0002");
    /* A reprint carries the very document of the original. */
    assert_int_equal(db_jobs_enqueue(f->db, &h, T0 + 4, &id, &no, &cause), 0);
    assert_string_equal(no, "20261128-S002");
    assert_int_equal(db_jobs_reprint(f->db, no, NULL, T0 + 5, &rid, &rno, &cause), 0);
    assert_string_equal(rno, "20261128-S002-R1");
    assert_int_equal(db_jobs_receipt(f->db, rid, &json, &cause), 0);
    assert_string_equal(json, "{\"doc\": \"20261128-S002\"}");
    free(json);
    free(no);
    free(rno);
    free(slip);
}

/* Slips and other jobs can be claimed apart, so the runner prints a resident's slip before
 * a burst of staff handouts queued earlier. */
static void
test_claim_slips_apart(void **state)
{
    struct fixture *f = *state;
    struct print_job_new n = {
        .kind = JOB_HANDOUT, .services = "3", .paper = "A4", .printer = "Q"
    };
    struct jobs_claim slips = { .now = T0 + 5, .retry_minutes = 15, .kinds = 1 };
    struct jobs_claim others = { .now = T0 + 5, .retry_minutes = 15, .kinds = 2 };
    int64_t h1 = 0, h2 = 0, s1;
    struct print_job *j = NULL;
    char *cause = NULL;

    assert_int_equal(db_jobs_enqueue(f->db, &n, T0, &h1, NULL, &cause), 0);
    assert_int_equal(db_jobs_enqueue(f->db, &n, T0, &h2, NULL, &cause), 0);
    s1 = enqueue_slip(f->db, 9, T0 + 1, NULL);
    assert_int_equal(db_jobs_claim(f->db, &slips, "A", &j, &cause), 0);
    assert_non_null(j);
    assert_int_equal(j->id, s1); /* the slip, though queued last */
    print_job_free(j);
    assert_int_equal(db_jobs_claim(f->db, &slips, "A", &j, &cause), 0);
    assert_null(j); /* no other slip */
    assert_int_equal(db_jobs_claim(f->db, &others, "A", &j, &cause), 0);
    assert_non_null(j);
    assert_int_equal(j->id, h1);
    assert_int_not_equal(j->kind, JOB_SLIP);
    print_job_free(j);
}

static void
test_lists(void **state)
{
    struct fixture *f = *state;
    int64_t a = enqueue_slip(f->db, 1, T0, NULL);
    int64_t b = enqueue_slip(f->db, 2, T0 + 1, NULL);
    int64_t c = enqueue_slip(f->db, 3, T0 + 2, NULL);
    struct print_job_list l;
    struct print_job *j;
    char *cause = NULL;

    (void)a;
    j = claim(f->db, T0 + 3, 15, "A"); /* a */
    print_job_free(j);
    j = claim(f->db, T0 + 3, 15, "A"); /* b */
    print_job_free(j);
    assert_int_equal(db_jobs_mark_failed(f->db, b, "no_printer", "", T0 + 4, &cause), 0);

    assert_int_equal(db_jobs_list(f->db, JOBS_QUEUED, 0, 0, 0, 0, &l, &cause), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0]->id, c);
    print_job_list_free(&l);
    assert_int_equal(db_jobs_list(f->db, JOBS_SENDING, 0, 0, 0, 0, &l, &cause), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0]->id, a);
    print_job_list_free(&l);
    assert_int_equal(db_jobs_list(f->db, JOBS_FAILED, 0, 0, 0, 0, &l, &cause), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0]->id, b);
    assert_string_equal(l.v[0]->error_kind, "no_printer");
    print_job_list_free(&l);
    /* Recent: newest first, limited. */
    assert_int_equal(db_jobs_list(f->db, JOBS_RECENT, T0, 0, 0, 2, &l, &cause), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.v[0]->id, c);
    assert_int_equal(l.v[1]->id, b);
    print_job_list_free(&l);
    assert_int_equal(db_jobs_list(f->db, JOBS_RECENT, T0 + 2, 0, 0, 0, &l, &cause), 0);
    assert_int_equal(l.n, 1);
    print_job_list_free(&l);
}

static void
test_names(void **state)
{
    (void)state;
    assert_string_equal(job_kind_name(JOB_POSTER), "poster");
    assert_int_equal(job_kind_parse("handout"), JOB_HANDOUT);
    assert_int_equal(job_kind_parse("nope"), -1);
    assert_string_equal(job_state_name(JOB_CANCELLED), "cancelled");
    assert_int_equal(job_state_parse("sent"), JOB_SENT);
    assert_int_equal(job_state_parse(""), -1);
}

/* Privacy retention: old finished jobs lose the answers, ticks, document and PDF; jobs still
 * with CUPS and recent jobs keep them; a PDF outside pdf_dir is never touched. */
static void
test_forget_old_slips(void **state)
{
    struct fixture *f = *state;
    char *cause = NULL, pdfdir[128], pdf[160], other[160];
    int64_t old_done, old_sent, fresh;
    int forgotten = 0, removed = 0;
    struct print_job *j;
    FILE *fp;

    snprintf(pdfdir, sizeof pdfdir, "%s/slips", f->dir);
    assert_int_equal(mkdir(pdfdir, 0755), 0);
    snprintf(pdf, sizeof pdf, "%s/old.pdf", pdfdir);
    snprintf(other, sizeof other, "%s/not-ours.pdf", f->dir);
    fp = fopen(pdf, "w");
    fputs("%PDF", fp);
    fclose(fp);
    fp = fopen(other, "w");
    fputs("%PDF", fp);
    fclose(fp);

    old_done = enqueue_slip(f->db, 5, T0, NULL);
    j = claim(f->db, T0 + 1, 15, "A");
    print_job_free(j);
    assert_int_equal(db_jobs_mark_done(f->db, old_done, pdf, T0 + 2, &cause), 0);
    old_sent = enqueue_slip(f->db, 6, T0 + 3, NULL);
    j = claim(f->db, T0 + 4, 15, "A");
    print_job_free(j);
    assert_int_equal(db_jobs_mark_sent(f->db, old_sent, 9, T0 + 5, &cause), 0);
    fresh = enqueue_slip(f->db, 7, T0 + 40 * DAY, NULL);

    assert_int_equal(db_jobs_forget(f->db, T0 + 30 * DAY, pdfdir, &forgotten, &removed, &cause), 0);
    assert_int_equal(forgotten, 1);
    assert_int_equal(removed, 1);
    assert_int_equal(access(pdf, F_OK), -1);
    assert_int_equal(access(other, F_OK), 0);
    j = db_jobs_get(f->db, old_done);
    assert_string_equal(j->answers, "");
    assert_string_equal(j->have, "");
    assert_string_equal(j->pdf_path, "");
    assert_int_equal(j->state, JOB_DONE); /* number, service, state and dates stay */
    assert_int_equal(j->service, 5);
    assert_true(j->slip_no[0] != '\0');
    print_job_free(j);
    j = db_jobs_get(f->db, old_sent);
    assert_string_equal(j->answers, "1,2");
    print_job_free(j);
    j = db_jobs_get(f->db, fresh);
    assert_string_equal(j->answers, "1,2");
    assert_string_equal(j->have, "1,3");
    print_job_free(j);
    /* Idempotent. */
    assert_int_equal(db_jobs_forget(f->db, T0 + 30 * DAY, pdfdir, &forgotten, &removed, &cause), 0);
    assert_int_equal(forgotten, 0);
    unlink(other);
    rmdir(pdfdir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test_setup_teardown(test_local_day, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slip_numbers_per_day, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claim_oldest_first_and_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claim_exclusive_across_connections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claim_exclusive_across_processes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_before_keeps_runners_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claim_after_id_and_any_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retry_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_requeue_waits_for_next_try, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_transitions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forget_old_slips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claim_slips_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_cancelled_retried, setup, teardown),
        cmocka_unit_test_setup_teardown(test_take_over_only_from_the_named_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reprint_keeps_the_number_shown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbers_and_stored_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The guided questions of one service, as one screen with its own answer history (so Back
 * within the questions never depends on the stack's depth). One step at a time:
 *
 *   the service's questions (flow.h walks them) → an outcome
 *   → "a better-suited service" when the outcome suggests one (open it, or stay)
 *   → the pre-flight questions for online filing (service->prereqs, yes/no each); a "no"
 *     shows what to do (if_no) and lets the resident continue — never a dead end; skipped
 *     when the outcome needs no filing or is done in person ("skip_prerequisites": true),
 *     each one the outcome lists ("skip_prerequisites": [ids], e.g. the online payment in a
 *     free case), and one whose "requires" question was answered "no" (no password question
 *     after "no account")
 *   → the checklist (pushed on top; this screen stays below it for Back).
 *
 * The history is ans[]: the choice made at each step. The steps themselves are never stored:
 * they are replayed from ans[0..depth), so changing an earlier answer recomputes everything
 * after it. Going back keeps ans[] (the old answer is shown selected); choosing a different
 * answer forgets the answers after it, choosing the same one keeps them.
 *
 * Progress "Câu 2/6" counts the questions answered on this path plus the current one, out of
 * the most questions any path can ask (the longest path of questions and every pre-flight
 * question): the total never changes on the way; a shorter path ends before it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "catalog.h"
#include "i18n.h"
#include "screens.h"
#include "widgets.h"
#include "xmalloc.h"

enum questions_step_kind { STEP_QUESTION, STEP_SUGGEST, STEP_PREREQ, STEP_ADVICE, STEP_END };

struct questions_step {
    enum questions_step_kind kind;
    int index; /* QUESTION: question index; SUGGEST: outcome index; PREREQ, ADVICE: position
                  in service->prereqs */
};

/* Where replaying the history up to a step leads. */
struct questions_walk {
    struct questions_step step; /* the step at that position */
    int outcome;                /* the outcome reached, -1 = not yet */
    size_t nq;                  /* question answers on the way */
    size_t nmissing;            /* pre-flight "no" answers on the way */
    int counted;                /* question and pre-flight steps on the way */
    uint64_t said_no;           /* catalog->prereqs answered "no" on the way (bit per index) */
};

struct questions_state {
    const struct catalog *cat; /* borrowed: app->cat outlives every screen */
    const struct service *svc; /* borrowed */
    char today[11];
    int *ans; /* owned, cap entries: 1-based choice per step */
    int cap;
    int nknown;       /* ans[0..nknown) are answers on the current path */
    int depth;        /* the step on screen */
    int *longest;     /* owned: per question, the most questions from it to an outcome */
    int total;        /* the progress's total: longest[0] + every pre-flight question */
    struct list list; /* the choices of the step on screen */
    /* What the checklist gets; filled when the end is reached (must outlive key()). */
    int *qans;       /* owned, nquestions entries */
    size_t *missing; /* owned, nprereqs entries: indexes into catalog->prereqs */
    struct checklist_request req;
};

/* The suggested service of an outcome when it is another active service, else NULL. */
static const struct service *
questions_suggested(const struct questions_state *st, int outcome)
{
    const struct outcome *o = &st->svc->outcomes[outcome];
    const struct service *to;

    if (o->suggest <= 0 || o->suggest == st->svc->number)
        return NULL;
    to = catalog_service(st->cat, o->suggest);
    return to != NULL && catalog_service_active(to, st->today) ? to : NULL;
}

/* Is pre-flight question k (position in service->prereqs) asked, given the outcome and the
 * pre-flight answers "no" so far? */
static bool
questions_prereq_asked(const struct questions_state *st, int outcome, size_t k, uint64_t said_no)
{
    const struct outcome *o = &st->svc->outcomes[outcome];
    size_t p = st->svc->prereqs[k];
    int req = st->cat->prereqs[p].requires;

    if (o->skip_prereqs)
        return false;
    for (size_t i = 0; i < o->nskip; i++)
        if (o->skip[i] == p)
            return false;
    return !(req >= 0 && req < 64 && (said_no & (UINT64_C(1) << req)));
}

/* The first pre-flight question from position k that is asked, or the end. */
static struct questions_step
questions_prereq_from(const struct questions_state *st, int outcome, int k, uint64_t said_no)
{
    for (size_t i = (size_t)k; i < st->svc->nprereqs; i++)
        if (questions_prereq_asked(st, outcome, i, said_no))
            return (struct questions_step){ STEP_PREREQ, (int)i };
    return (struct questions_step){ STEP_END, 0 };
}

/* Replay ans[0..upto) from the first question. qans and missing, when not NULL, receive the
 * question answers and the pre-flight "no"s on the way. */
static void
questions_walk(const struct questions_state *st, int upto, struct questions_walk *w, int *qans,
               size_t *missing)
{
    struct questions_step cur = { STEP_QUESTION, 0 };

    w->outcome = -1;
    w->nq = 0;
    w->nmissing = 0;
    w->counted = 0;
    w->said_no = 0;
    for (int j = 0; j < upto && cur.kind != STEP_END; j++) {
        int c = st->ans[j];

        switch (cur.kind) {
        case STEP_QUESTION: {
            const struct answer *a = &st->svc->questions[cur.index].answers[c - 1];

            w->counted++;
            if (qans != NULL)
                qans[w->nq] = c;
            w->nq++;
            if (a->outcome >= 0) {
                w->outcome = a->outcome;
                cur = questions_suggested(st, a->outcome) != NULL
                          ? (struct questions_step){ STEP_SUGGEST, a->outcome }
                          : questions_prereq_from(st, a->outcome, 0, w->said_no);
            } else {
                cur = (struct questions_step){ STEP_QUESTION, a->next };
            }
            break;
        }
        case STEP_SUGGEST: /* 2 = stay here */
            cur = questions_prereq_from(st, w->outcome, 0, w->said_no);
            break;
        case STEP_PREREQ:
            w->counted++;
            if (c == 2) {
                size_t p = st->svc->prereqs[cur.index];

                if (missing != NULL)
                    missing[w->nmissing] = p;
                w->nmissing++;
                if (p < 64)
                    w->said_no |= UINT64_C(1) << p;
                cur.kind = STEP_ADVICE;
            } else {
                cur = questions_prereq_from(st, w->outcome, cur.index + 1, w->said_no);
            }
            break;
        case STEP_ADVICE:
            cur = questions_prereq_from(st, w->outcome, cur.index + 1, w->said_no);
            break;
        case STEP_END: break;
        }
    }
    w->step = cur;
}

/* A pre-flight question phrased "Bạn đã … chưa?" ("have you … yet?") is answered "Chưa"
 * (not yet), not "Không". */
static bool
questions_not_yet(const struct prereq *p)
{
    static const char tail[] = "chưa?";
    size_t n = strlen(p->question.vi);

    return n >= sizeof tail - 1 && strcmp(p->question.vi + n - (sizeof tail - 1), tail) == 0;
}

static int
questions_nchoices(const struct questions_state *st, struct questions_step step)
{
    switch (step.kind) {
    case STEP_QUESTION: return (int)st->svc->questions[step.index].nanswers;
    case STEP_SUGGEST:
    case STEP_PREREQ:
    case STEP_ADVICE: return 2;
    case STEP_END: break;
    }
    return 0;
}

static int
questions_longest_from(const struct service *svc, int q, int *memo, size_t guard)
{
    const struct question *qq = &svc->questions[q];
    int best = 0;

    if (memo[q] > 0)
        return memo[q];
    if (guard > svc->nquestions) /* a validated catalog has no cycles */
        return 1;
    for (size_t i = 0; i < qq->nanswers; i++) {
        if (qq->answers[i].next >= 0) {
            int n = questions_longest_from(svc, qq->answers[i].next, memo, guard + 1);

            best = n > best ? n : best;
        }
    }
    memo[q] = best + 1;
    return memo[q];
}

/* Show the step at st->depth: its choices, with the remembered answer selected. */
static void
questions_show(struct questions_state *st, struct app *app, bool log)
{
    struct questions_walk w;
    char step[160];

    questions_walk(st, st->depth, &w, NULL, NULL);
    list_init(&st->list, questions_nchoices(st, w.step));
    st->list.wrap = true; /* a long answer goes on onto a second line */
    if (st->depth < st->nknown && st->ans[st->depth] >= 1 && st->ans[st->depth] <= st->list.n)
        st->list.sel = st->ans[st->depth] - 1;
    if (!log)
        return;
    switch (w.step.kind) {
    case STEP_QUESTION:
        snprintf(step, sizeof step, "q:%s", st->svc->questions[w.step.index].id);
        break;
    case STEP_SUGGEST:
        snprintf(step, sizeof step, "suggest:%d", st->svc->outcomes[w.step.index].suggest);
        break;
    case STEP_PREREQ:
        snprintf(step, sizeof step, "preflight:%s",
                 st->cat->prereqs[st->svc->prereqs[w.step.index]].id);
        break;
    case STEP_ADVICE:
        /* Not logged: after "preflight:X" it would record that X was answered "no". The log
         * says how far a resident got, never what they answered about themselves. */
        return;
    case STEP_END: return;
    }
    app_session_step(app, st->svc->number, step);
}

static int
questions_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct questions_state *st = s->state;
    int number = (int)(intptr_t)arg;

    st->cat = app->cat;
    st->svc = app->cat != NULL ? catalog_service(app->cat, number) : NULL;
    if (st->svc == NULL || st->svc->nquestions == 0) {
        xasprintf(cause, "no questions for service %d", number);
        return -1;
    }
    app_today(app, st->today);
    /* Every question once, a suggestion, and a pre-flight question and its advice each. */
    st->cap = (int)(st->svc->nquestions + 1 + 2 * st->svc->nprereqs);
    st->ans = xcalloc((size_t)st->cap, sizeof *st->ans);
    st->longest = xcalloc(st->svc->nquestions, sizeof *st->longest);
    for (size_t q = 0; q < st->svc->nquestions; q++)
        questions_longest_from(st->svc, (int)q, st->longest, 0);
    st->total = st->longest[0] + (int)st->svc->nprereqs;
    st->qans = xcalloc(st->svc->nquestions, sizeof *st->qans);
    st->missing = xcalloc(st->svc->nprereqs + 1, sizeof *st->missing);
    app->sess.service = number;
    questions_show(st, app, true);
    return 0;
}

static void
questions_leave(struct screen *s, struct app *app)
{
    struct questions_state *st = s->state;

    (void)app;
    free(st->ans);
    free(st->longest);
    free(st->qans);
    free(st->missing);
}

static void
questions_resume(struct screen *s, struct app *app)
{
    struct questions_state *st = s->state;

    app->sess.service = st->svc->number; /* back from a suggested service */
}

static struct action
questions_back(struct questions_state *st, struct app *app)
{
    if (st->depth == 0)
        return action_ignored(); /* the first question: the app closes the screen */
    st->depth--;
    questions_show(st, app, false);
    return action_handled();
}

static struct action
questions_choose(struct questions_state *st, struct app *app, int c)
{
    struct questions_walk w, next;

    questions_walk(st, st->depth, &w, NULL, NULL);
    if (c < 1 || c > questions_nchoices(st, w.step))
        return action_handled();
    st->list.sel = c - 1;
    if (w.step.kind == STEP_ADVICE && c == 2)
        return questions_back(st, app);
    if (st->depth >= st->nknown || st->ans[st->depth] != c) {
        st->ans[st->depth] = c;
        st->nknown = st->depth + 1; /* a new answer: what followed is recomputed */
    }
    if (w.step.kind == STEP_SUGGEST && c == 1)
        return action_push(&service_screen,
                           (const void *)(intptr_t)st->svc->outcomes[w.step.index].suggest);
    questions_walk(st, st->depth + 1, &next, st->qans, st->missing);
    if (next.step.kind == STEP_END) {
        /* The checklist goes on top; this step stays on screen below it for Back. */
        st->req = (struct checklist_request){
            .service = st->svc->number,
            .answers = st->qans,
            .nanswers = next.nq,
            .missing = st->missing,
            .nmissing = next.nmissing,
            .prereqs_asked = true,
        };
        return action_push(&checklist_screen, &st->req);
    }
    if (st->depth + 1 >= st->cap)
        return action_handled(); /* cannot happen: cap counts every step */
    st->depth++;
    questions_show(st, app, true);
    return action_handled();
}

static struct action
questions_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct questions_state *st = s->state;

    if (list_key(&st->list, ev, st->list.n))
        return action_handled();
    switch (ev->key) {
    case K_OK: return questions_choose(st, app, st->list.sel + 1);
    case K_PICK: return questions_choose(st, app, ev->num);
    case K_BACK:
    case K_BKSP: return questions_back(st, app);
    default: return action_ignored();
    }
}

/* Labels of the choices of one step. */
struct questions_label_ctx {
    const struct questions_state *st;
    struct questions_step step;
};

static const char *
questions_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct questions_label_ctx *lc = ctx;
    const struct service *svc = lc->st->svc;

    (void)role;
    switch (lc->step.kind) {
    case STEP_QUESTION: return tx(&svc->questions[lc->step.index].answers[i].text);
    case STEP_PREREQ:
        if (i == 0)
            return tr(MSG_FLOW_YES);
        return tr(questions_not_yet(&lc->st->cat->prereqs[svc->prereqs[lc->step.index]])
                      ? MSG_FLOW_NOT_YET
                      : MSG_FLOW_NO);
    case STEP_ADVICE: return tr(i == 0 ? MSG_FLOW_ADVICE_CONTINUE : MSG_FLOW_ADVICE_BACK);
    case STEP_SUGGEST:
        if (i == 0) {
            const struct service *to = questions_suggested(lc->st, lc->step.index);

            trf(buf, size, MSG_FLOW_SUGGEST_OPEN, to->number, tx(&to->plain_name));
            return buf;
        }
        return tr(MSG_FLOW_SUGGEST_STAY);
    case STEP_END: break;
    }
    return NULL;
}

static void
questions_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct questions_state *st = s->state;
    const struct service *svc = st->svc;
    struct questions_label_ctx lc = { .st = st };
    struct questions_walk w;
    char title[200], line[256];
    const char *hint = "";
    struct area a;
    int y, bottom;

    questions_walk(st, st->depth, &w, NULL, NULL);
    lc.step = w.step;
    snprintf(title, sizeof title, "%d. %s", svc->number, tx(&svc->plain_name));
    a = widgets_frame(app, ui, title);
    y = a.y;
    switch (w.step.kind) {
    case STEP_QUESTION: {
        const struct question *q = &svc->questions[w.step.index];

        trf(line, sizeof line, MSG_FLOW_PROGRESS, w.counted + 1, st->total);
        ui_text(ui, y, a.x, a.w, ROLE_DIM, line);
        y += 2;
        y += ui_wrap(ui, y, a.x, a.w, 4, ROLE_HEADING, tx(&q->text)) + 1;
        hint = tx(&q->hint);
        break;
    }
    case STEP_PREREQ: {
        const struct prereq *p = &st->cat->prereqs[svc->prereqs[w.step.index]];

        trf(line, sizeof line, MSG_FLOW_PREFLIGHT_PROGRESS, w.counted + 1, st->total);
        ui_text(ui, y, a.x, a.w, ROLE_DIM, line);
        y += 2;
        y += ui_wrap(ui, y, a.x, a.w, 4, ROLE_HEADING, tx(&p->question)) + 1;
        hint = tx(&p->hint);
        break;
    }
    case STEP_ADVICE: {
        const struct prereq *p = &st->cat->prereqs[svc->prereqs[w.step.index]];

        ui_text(ui, y, a.x, a.w, ROLE_DIM, tr(MSG_FLOW_PREFLIGHT));
        y += 2;
        y += ui_wrap(ui, y, a.x, a.w, 3, ROLE_NORMAL, tx(&p->question)) + 1;
        ui_text(ui, y++, a.x, a.w, ROLE_HEADING,
                tr(questions_not_yet(p) ? MSG_FLOW_ADVICE_HEAD_NOT_YET : MSG_FLOW_ADVICE_HEAD));
        y += ui_wrap(ui, y, a.x + 2, a.w - 2, 7, ROLE_WARN, tx(&p->if_no)) + 1;
        break;
    }
    case STEP_SUGGEST: {
        const struct outcome *o = &svc->outcomes[w.step.index];
        const struct service *to = questions_suggested(st, w.step.index);

        /* At most 2 + 5 + 1 + 1 + 2 + 3 rows above the two choices: it fits 80x24. */
        y += ui_wrap(ui, y, a.x, a.w, 2, ROLE_HEADING, tx(&o->title));
        if (tx(&o->note)[0] != '\0')
            y += ui_wrap(ui, y, a.x, a.w, 5, ROLE_NORMAL, tx(&o->note));
        y++;
        ui_text(ui, y++, a.x, a.w, ROLE_NORMAL, tr(MSG_FLOW_SUGGEST_HEAD));
        snprintf(line, sizeof line, "%d. %s", to->number, tx(&to->plain_name));
        y += ui_wrap(ui, y, a.x + 2, a.w - 2, 2, ROLE_HEADING, line);
        y += ui_wrap(ui, y, a.x + 2, a.w - 2, 2, ROLE_DIM, tx(&to->official_name)) + 1;
        break;
    }
    case STEP_END: return;
    }
    bottom = a.y + a.h - (hint[0] != '\0' ? 2 : 0);
    list_draw(ui, &st->list, (struct area){ y, a.x, bottom - y, a.w }, questions_label, &lc);
    if (hint[0] != '\0')
        ui_text(ui, a.y + a.h - 1, a.x, a.w, ROLE_DIM, tr(MSG_FLOW_HINT_KEY));
}

static int
questions_items(const struct screen *s)
{
    const struct questions_state *st = s->state;

    return st->list.n;
}

static const char *
questions_help_text(const struct screen *s)
{
    const struct questions_state *st = s->state;
    struct questions_walk w;

    questions_walk(st, st->depth, &w, NULL, NULL);
    switch (w.step.kind) {
    case STEP_QUESTION: return tx(&st->svc->questions[w.step.index].hint);
    case STEP_PREREQ: return tx(&st->cat->prereqs[st->svc->prereqs[w.step.index]].hint);
    case STEP_ADVICE: return tx(&st->cat->prereqs[st->svc->prereqs[w.step.index]].if_no);
    default: return NULL;
    }
}

const struct screen_ops questions_screen = {
    .name = "questions",
    .state_size = sizeof(struct questions_state),
    .enter = questions_enter,
    .leave = questions_leave,
    .resume = questions_resume,
    .draw = questions_draw,
    .key = questions_key,
    .items = questions_items,
    .help = MSG_FLOW_HELP_QUESTIONS,
    .help_text = questions_help_text,
};

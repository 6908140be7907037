/*
 * ptydrive: run a program under a real pseudo-terminal of a given size and TERM, and measure
 * what a person at that terminal would see: the time from exec to the first complete frame,
 * the bytes the program writes, the latency and bytes of each key, and its peak memory.
 *
 *   ptydrive [-s COLSxROWS] [-t TERM] [-q QUIET_MS] [-T TIMEOUT_MS] [-n NOANSWER_MS] [-o FILE]
 *            STEP... -- PROG ARGS
 *
 * A frame (or a key's answer) is complete when the output has gone quiet for QUIET_MS
 * (default 40) after its first byte, and, when a marker is given, the marker text has been
 * seen; its time is that of its LAST byte (the quiet wait itself is not counted). A frame or
 * marker may take TIMEOUT_MS (default 10000); a key that gets no byte within NOANSWER_MS
 * (default 1500) has no answer (a key step then prints first_ms=NA).
 *
 * Steps, run in order:
 *   frame[=MARKER]        wait for the first complete frame (print "frame ms= bytes=")
 *   key:LABEL=KEY[,KEY…]  send the keys in one write, wait for the complete answer
 *                         (print "key label= first_ms= ms= bytes=")
 *   prep=KEY[,KEY…]       send keys, wait for the answer, print nothing (getting somewhere)
 *   seq=KEY[,KEY…]        send the keys one at a time, each after the answer to the one
 *                         before (Down*10 is ten keys here), print nothing
 *   wait=MARKER           wait for the marker (or see it in the previous answer), then quiet
 *   quiet                 wait until output is quiet (nothing printed)
 *   sleep=MS              sleep, reading output
 *   rss=LABEL             print the child's VmRSS and VmHWM now ("rss label= kb= hwm_kb=")
 *   term                  send SIGTERM to the child
 * At the end the child gets SIGTERM (if still running), then SIGKILL 20 s later; the last line
 * is "exit status= maxrss_kb= total_bytes= ms=" (maxrss from wait4's rusage).
 *
 * KEY is a terminfo key name from this TERM's entry (Down Up Left Right PgDn PgUp Home End
 * F1..F12 Backspace), Esc, Enter (CR), Space, Tab, or text:SOMETHING, or a single character.
 * A trailing *N repeats a key N times in the same write (Down*5).
 * -o FILE appends everything the program wrote to FILE (for debugging the markers).
 */
#define _GNU_SOURCE
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <term.h>
#include <time.h>
#include <unistd.h>

#define BUFMAX (1 << 20)

static int master = -1;
static pid_t child = -1;
static bool child_gone; /* the pty hung up (EOF/EIO): the program has ended */
static int quiet_ms = 40;
static int timeout_ms = 10000;
static int noanswer_ms = 1500; /* a key may get no answer at all (End at the end of a list) */
static double t0;
static double last_byte; /* time of the latest byte */
static uint64_t total_bytes;
static char *buf; /* output since the last mark, for markers */
static size_t buflen;
static FILE *dump;
static const char *term_name = "xterm-256color";

static double
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
die(const char *fmt, const char *arg)
{
    fprintf(stderr, "ptydrive: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    if (child > 0)
        kill(child, SIGKILL);
    exit(2);
}

/* Read what is there, waiting at most wait_ms. Returns bytes read (0: nothing, -1: hung up). */
static long
pump(int wait_ms)
{
    struct pollfd p = { .fd = master, .events = POLLIN };
    char tmp[65536];
    ssize_t n;

    if (child_gone)
        return -1;
    if (poll(&p, 1, wait_ms) <= 0)
        return 0;
    n = read(master, tmp, sizeof tmp);
    if (n <= 0) {
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            return 0;
        child_gone = true;
        return -1;
    }
    last_byte = now_ms();
    total_bytes += (uint64_t)n;
    if (dump != NULL)
        fwrite(tmp, 1, (size_t)n, dump);
    if (buflen + (size_t)n > BUFMAX) {
        /* Keep the recent half: markers are short. */
        memmove(buf, buf + buflen / 2, buflen - buflen / 2);
        buflen -= buflen / 2;
    }
    if ((size_t)n <= BUFMAX - buflen) {
        memcpy(buf + buflen, tmp, (size_t)n);
        buflen += (size_t)n;
    }
    return n;
}

struct answer {
    double first, last; /* absolute times of the first and last byte; 0 = none */
    uint64_t bytes;
    bool timed_out;
};

/*
 * Wait for output after `since`: at least one byte (and the marker, if any), then quiet.
 * keep: the marker may also be in what the step before read (wait= after seq=).
 * The answer's bytes are those read during the wait.
 */
static struct answer
await(double since, const char *marker, bool keep, int limit_ms)
{
    struct answer a = { 0 };
    uint64_t start = total_bytes;
    bool seen = marker == NULL || (keep && memmem(buf, buflen, marker, strlen(marker)) != NULL);

    if (seen && keep) {
        a.first = a.last = last_byte; /* it came with the answer before: quiet is enough */
    }
    buflen = 0;
    for (;;) {
        double now = now_ms();
        long n;

        if (now - since > (a.first > 0 ? timeout_ms : limit_ms)) {
            a.timed_out = true;
            break;
        }
        n = pump(a.first > 0 && seen ? quiet_ms : 50);
        if (n > 0) {
            if (a.first == 0)
                a.first = last_byte;
            a.last = last_byte;
            if (!seen && memmem(buf, buflen, marker, strlen(marker)) != NULL)
                seen = true;
        } else if (n < 0) {
            break; /* the program ended: its answer is complete */
        } else if (a.first > 0 && seen && now_ms() - a.last >= quiet_ms) {
            break;
        }
    }
    a.bytes = total_bytes - start;
    return a;
}

struct keyname {
    const char *name, *cap;
};

static const struct keyname keys[] = {
    { "Down", "kcud1" },    { "Up", "kcuu1" },     { "Left", "kcub1" }, { "Right", "kcuf1" },
    { "PgDn", "knp" },      { "PgUp", "kpp" },     { "Home", "khome" }, { "End", "kend" },
    { "F1", "kf1" },        { "F2", "kf2" },       { "F3", "kf3" },     { "F4", "kf4" },
    { "F5", "kf5" },        { "F6", "kf6" },       { "F7", "kf7" },     { "F8", "kf8" },
    { "F9", "kf9" },        { "F10", "kf10" },     { "F11", "kf11" },   { "F12", "kf12" },
    { "Backspace", "kbs" }, { "Delete", "kdch1" },
};

/* Append the bytes of one key to out. */
static void
key_bytes(const char *spec, char *out, size_t max)
{
    char name[64];
    const char *star = strrchr(spec, '*');
    int times = 1;
    const char *seq = NULL;

    if (strncmp(spec, "text:", 5) == 0) {
        strncat(out, spec + 5, max - strlen(out) - 1);
        return;
    }
    if (star != NULL && star != spec && star[1] != '\0') {
        times = atoi(star + 1);
        snprintf(name, sizeof name, "%.*s", (int)(star - spec), spec);
    } else {
        snprintf(name, sizeof name, "%s", spec);
    }
    if (strcmp(name, "Esc") == 0)
        seq = "\033";
    else if (strcmp(name, "Enter") == 0)
        seq = "\r";
    else if (strcmp(name, "Space") == 0)
        seq = " ";
    else if (strcmp(name, "Tab") == 0)
        seq = "\t";
    else if (strcmp(name, "Comma") == 0)
        seq = ",";
    for (size_t i = 0; seq == NULL && i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(name, keys[i].name) == 0) {
            char *s = tigetstr((char *)(uintptr_t)keys[i].cap);

            if (s == NULL || s == (char *)-1)
                die("this TERM has no %s key", keys[i].cap);
            seq = s;
        }
    }
    if (seq == NULL) {
        if (strlen(name) != 1)
            die("unknown key \"%s\"", name);
        seq = name;
    }
    for (int i = 0; i < times; i++)
        strncat(out, seq, max - strlen(out) - 1);
}

static void
send_keys(const char *list)
{
    char *copy = strdup(list), *save = NULL, out[4096] = "";
    size_t len;

    for (char *k = strtok_r(copy, ",", &save); k != NULL; k = strtok_r(NULL, ",", &save))
        key_bytes(k, out, sizeof out);
    free(copy);
    len = strlen(out);
    if (write(master, out, len) != (ssize_t)len)
        die("cannot write to the terminal%s", "");
}

static void
print_rss(const char *label)
{
    char path[64], line[256];
    long rss = -1, hwm = -1;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/status", (int)child);
    f = fopen(path, "r");
    if (f != NULL) {
        while (fgets(line, sizeof line, f) != NULL) {
            if (strncmp(line, "VmRSS:", 6) == 0)
                rss = atol(line + 6);
            else if (strncmp(line, "VmHWM:", 6) == 0)
                hwm = atol(line + 6);
        }
        fclose(f);
    }
    printf("rss label=%s kb=%ld hwm_kb=%ld\n", label, rss, hwm);
}

static void
print_answer(const char *what, const char *label, double since, struct answer a)
{
    printf("%s", what);
    if (label != NULL)
        printf(" label=%s", label);
    if (a.first > 0)
        printf(" first_ms=%.3f ms=%.3f bytes=%llu", a.first - since, a.last - since,
               (unsigned long long)a.bytes);
    else
        printf(" first_ms=NA ms=NA bytes=0");
    if (a.timed_out)
        printf(" timeout=1");
    printf("\n");
    fflush(stdout);
}

static void
run_step(const char *step)
{
    if (strncmp(step, "frame", 5) == 0) {
        const char *marker = step[5] == '=' ? step + 6 : NULL;

        print_answer("frame", NULL, t0, await(t0, marker, false, timeout_ms));
    } else if (strncmp(step, "key:", 4) == 0) {
        char label[128];
        const char *eq = strchr(step, '=');
        double since;

        if (eq == NULL)
            die("key step needs LABEL=KEYS: %s", step);
        snprintf(label, sizeof label, "%.*s", (int)(eq - step - 4), step + 4);
        pump(0); /* nothing stale may count */
        since = now_ms();
        send_keys(eq + 1);
        print_answer("key", label, since, await(since, NULL, false, noanswer_ms));
    } else if (strncmp(step, "prep=", 5) == 0) {
        double since = now_ms();

        send_keys(step + 5);
        await(since, NULL, false, noanswer_ms);
    } else if (strncmp(step, "seq=", 4) == 0) {
        char *copy = strdup(step + 4), *save = NULL;

        for (char *k = strtok_r(copy, ",", &save); k != NULL; k = strtok_r(NULL, ",", &save)) {
            char one[64];
            char *star = strrchr(k, '*');
            bool rep = star != NULL && star != k && star[1] != '\0';
            int times = rep ? atoi(star + 1) : 1;

            snprintf(one, sizeof one, "%.*s", rep ? (int)(star - k) : 63, k);
            for (int i = 0; i < times; i++) {
                double since = now_ms();

                send_keys(one);
                await(since, NULL, false, noanswer_ms);
            }
        }
        free(copy);
    } else if (strncmp(step, "wait=", 5) == 0) {
        struct answer a = await(now_ms(), step + 5, true, timeout_ms);

        if (a.timed_out)
            printf("wait marker=%s timeout=1\n", step + 5);
    } else if (strcmp(step, "quiet") == 0) {
        while (pump(quiet_ms) > 0)
            ;
    } else if (strncmp(step, "sleep=", 6) == 0) {
        double until = now_ms() + atof(step + 6);

        while (now_ms() < until && pump((int)(until - now_ms()) + 1) >= 0)
            ;
    } else if (strncmp(step, "rss=", 4) == 0) {
        print_rss(step + 4);
    } else if (strcmp(step, "term") == 0) {
        kill(child, SIGTERM);
    } else {
        die("unknown step \"%s\"", step);
    }
}

int
main(int argc, char **argv)
{
    struct winsize ws = { .ws_col = 100, .ws_row = 30 };
    int first_step = 0, nsteps = 0, prog = -1, status = 0, err;
    struct rusage ru;
    double kill_at;
    pid_t w;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            prog = i + 1;
            break;
        }
        if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
            unsigned c, r;

            if (sscanf(argv[++i], "%ux%u", &c, &r) != 2)
                die("bad size %s", argv[i]);
            ws.ws_col = (unsigned short)c;
            ws.ws_row = (unsigned short)r;
        } else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
            term_name = argv[++i];
        } else if (strcmp(argv[i], "-q") == 0 && i + 1 < argc) {
            quiet_ms = atoi(argv[++i]);
        } else if (strcmp(argv[i], "-T") == 0 && i + 1 < argc) {
            timeout_ms = atoi(argv[++i]);
        } else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            noanswer_ms = atoi(argv[++i]);
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            dump = fopen(argv[++i], "a");
        } else {
            if (nsteps++ == 0)
                first_step = i;
        }
    }
    if (prog < 0 || prog >= argc)
        die("usage: ptydrive [-s COLSxROWS] [-t TERM] [-q MS] [-T MS] STEP... -- PROG%s", "");
    if (setupterm((char *)(uintptr_t)term_name, -1, &err) != OK)
        die("no terminfo entry for %s", term_name);
    buf = malloc(BUFMAX);
    if (buf == NULL)
        die("out of memory%s", "");

    t0 = now_ms();
    child = forkpty(&master, NULL, NULL, &ws);
    if (child < 0)
        die("forkpty: %s", strerror(errno));
    if (child == 0) {
        setenv("TERM", term_name, 1);
        execvp(argv[prog], argv + prog);
        fprintf(stderr, "ptydrive: cannot run %s: %s\n", argv[prog], strerror(errno));
        _exit(127);
    }
    for (int i = first_step; nsteps > 0 && i < prog - 1; i++) {
        if (argv[i][0] == '-' && argv[i][1] != '\0' && strchr("stqTno", argv[i][1]) != NULL &&
            argv[i][2] == '\0') {
            i++; /* an option and its value */
            continue;
        }
        run_step(argv[i]);
    }

    /* The end: ask politely, then insist; keep reading so the program never blocks on a
     * full terminal. */
    if (!child_gone)
        kill(child, SIGTERM);
    kill_at = now_ms() + 20000;
    for (;;) {
        w = wait4(child, &status, WNOHANG, &ru);
        if (w == child)
            break;
        if (w < 0)
            die("wait4: %s", strerror(errno));
        if (now_ms() > kill_at) {
            kill(child, SIGKILL);
            kill_at += 1e9;
        }
        if (pump(10) < 0)
            usleep(2000);
    }
    printf("exit status=%d maxrss_kb=%ld total_bytes=%llu ms=%.3f\n",
           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), ru.ru_maxrss,
           (unsigned long long)total_bytes, now_ms() - t0);
    free(buf);
    return 0;
}

/*
 * The printing commands staff type, run by the kiosk binary itself:
 *
 *   kiosk slip --service N [--answers 1,2] [--have 1,3] OUTPUT
 *   kiosk handout (--all | --poster | N...) [--paper A4|A5] [--split] OUTPUT
 *   kiosk print-test [PRINTER] [OUTPUT]
 *   kiosk report --month YYYY-MM OUTPUT
 *   kiosk reprint SLIP_NO [OUTPUT]         ("42" is today's slip 42)
 *   kiosk catalog review [FILE] OUTPUT     (print_cmd_review)
 *
 *   OUTPUT: -o FILE.pdf | --print | --printer NAME | --text | --queue; --lang vi|en, --paper
 *
 * Each builds its document from the catalog the kiosk shows (print_docs.h), checks the
 * output first (a folder, a device or a FIFO given to -o is refused with exit 2 before
 * anything is queued), queues it, and hands the job to the print helper, which renders the
 * stored document into the file and/or sends it. Exit status: 0 done, 1 not printed (a
 * printer fault; the job is kept), 2 bad input.
 */
#ifndef KIOSK_PRINT_CMD_H
#define KIOSK_PRINT_CMD_H

#include <stdbool.h>

/* Is cmd one of the commands above? */
bool print_cmd_is(const char *cmd);

/* Run it: argv[0] is the command's name. */
int print_cmd_run(const char *config_path, int argc, char **argv);

/*
 * kiosk catalog review [FILE] OUTPUT (argv[0] is "review"): the catalog review sheet
 * (receipt_build_review) of FILE (default: the configured catalog), on A4, with kiosk.conf's
 * portal overrides, built and queued like the other staff documents (as a report job).
 */
int print_cmd_review(const char *config_path, int argc, char **argv);

#endif

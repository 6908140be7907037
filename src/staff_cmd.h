/* `kiosk set-pin`: set the staff PIN from the command line (see pin.h). */
#ifndef KIOSK_STAFF_CMD_H
#define KIOSK_STAFF_CMD_H

#include <stdio.h>

/*
 * Read a new PIN and store its hash in the configured database. When in is a terminal it
 * asks twice without echo (termios) and both must match; otherwise it reads the first line
 * (provisioning scripts: `echo 4821 | kiosk set-pin`). The PIN never reaches out, err or the
 * log. Returns 0, or 2 with a message on err (nothing changed) when the config or database
 * cannot be used or the PIN is not 4 to 12 digits.
 */
int staff_cmd_set_pin(const char *config_path, FILE *in, FILE *out, FILE *err);

/*
 * `kiosk check-config`, after the file itself is fine: report what staff changed at run time
 * over kiosk.conf, i.e. a default language chosen in the staff menu (kept in the database),
 * which overrides kiosk.conf's `language` until staff choose "As in kiosk.conf". Writes one
 * line to out when there is such an override; nothing when there is none or no database yet.
 */
void staff_cmd_report_overrides(const char *config_path, FILE *out);

#endif

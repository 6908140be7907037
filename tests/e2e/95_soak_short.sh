#!/bin/sh
# A short soak inside make test: 500 random but replayable keys (tests/soak/soak.sh) across
# the resident and staff screens, with resizes, an idle reset and printing to a private
# cups-pdf queue. The normal build; a sanitizer build under make asan (SANITIZE=1), where
# every ASan/UBSan/LSan report fails it. make soak runs 20 000 keys.
#   SOAK_SEED=N  another seed (the default is fixed, so make test is repeatable)
#   SOAK_SHORT_KEYS=N  another length
. "$(dirname "$0")/../lib/e2e.sh"
. "$ROOT/tests/soak/soak.sh"
soak_init soak-short
soak_cups_start || echo "# the private cupsd did not start: printing is not soaked"
soak_config
soak_pass short "${SOAK_SEED:-20251001}" "${SOAK_SHORT_KEYS:-500}" "${SANITIZE:-0}" 0
soak_done

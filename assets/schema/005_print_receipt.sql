-- Schema version 5: a print job carries the document itself. The kiosk builds what the paper
-- says (src/receipt.c, from the catalog it shows, with kiosk.conf's portal overrides) and
-- stores it here, serialized as src/receipt_json.h describes (format "kiosk-receipt",
-- version 1); the print helper only renders it, so a reprint prints exactly what the
-- original said. '' = none (a row written by an older kiosk: it cannot be printed).
ALTER TABLE print_jobs ADD COLUMN receipt TEXT NOT NULL DEFAULT '';

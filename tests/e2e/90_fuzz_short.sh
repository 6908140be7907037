#!/bin/sh
# A short libFuzzer pass over the catalog loader and the Telex/VNI composer (make fuzz runs
# longer). Any crash, sanitizer report or leak fails it.
FUZZ_SECONDS=${FUZZ_SECONDS:-15} exec sh "$(dirname "$0")/../fuzz/run.sh"

# The commune service-desk kiosk. One non-recursive Makefile; all output goes to $(BUILD).
#
#   make            build build/kiosk and build/kiosk-print
#   make run        install missing packages (as root), build, run with ./kiosk.conf
#   make test       install missing packages and the test tools (as root), build, run every test
#   make deps       the install step of make run alone (build tools, run-time libraries)
#   make test-deps  the install step of make test alone (adds the test tools)
#   make deploy-deps  what an unattended commune PC adds (scripts/deps.sh, group deploy)
#   make console-font   the Linux console font (build/console/kiosk-8x16.psf) for PCs that
#                   run the kiosk on the bare console
#   make asan | valgrind | fuzz | format | format-check | lint | bench | soak | golden
#
# Two programs: the interactive kiosk links only what guiding a resident needs; the print
# helper (kiosk-print) holds cairo, pango and CUPS, and the kiosk execs it for printing
# subcommands and for the print queue. src/print/ is the helper's own code.
#
# Boundaries the build enforces: the core (src/, screens/) compiles with the kiosk's
# packages' flags only, so a core file that includes cairo, pango or CUPS does not compile;
# src/print/ adds cairo, pango, CUPS and xlsxwriter; the tests add cmocka. Feature-test macros
# are set here, once, not taken from a .pc file (ncursesw's define _XOPEN_SOURCE=600). A
# missing package stops the build with one line naming it and the command that installs it.

BUILD   ?= build
Q       ?= @
CC      ?= cc
CFLAGS  ?= -O2 -g
WERROR  ?= -Werror
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings -Wformat=2 -Wcast-qual -Wundef -Wvla -Wpointer-arith \
           -Wimplicit-fallthrough
# The core and the kiosk; what the print helper adds; what the tests add.
KIOSK_PKGS = ncursesw sqlite3 jansson libqrencode inih libsodium
PRINT_PKGS = cairo cairo-pdf pangocairo xlsxwriter
TEST_PKGS  = cmocka
# The Debian package that provides each (scripts/deps.sh installs them).
deb.ncursesw = libncurses-dev
deb.sqlite3 = libsqlite3-dev
deb.jansson = libjansson-dev
deb.libqrencode = libqrencode-dev
deb.inih = libinih-dev
deb.libsodium = libsodium-dev
deb.cairo = libcairo2-dev
deb.cairo-pdf = libcairo2-dev
deb.pangocairo = libpango1.0-dev
deb.xlsxwriter = libxlsxwriter-dev
deb.cmocka = libcmocka-dev

# Feature-test macros: set once here, and removed from what pkg-config says.
FEATURES    = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700
NOT_FEATURE = -D_DEFAULT_SOURCE -D_BSD_SOURCE -D_GNU_SOURCE -D_XOPEN_SOURCE% -D_POSIX_C_SOURCE%
pc = $(filter-out $(NOT_FEATURE),$(shell pkg-config $(1) $(2) 2>/dev/null))

# Goals that build C need the packages; a missing one stops make here, with one line. (run,
# test and the like install them first, then build in a second make; "make deps all"
# installs first, then builds.)
DEPS_GOALS    := deps test-deps deploy-deps check-deps check-test-deps
DEPS_FIRST    := $(filter $(DEPS_GOALS),$(MAKECMDGOALS))
NOBUILD_GOALS := $(DEPS_GOALS) run test asan valgrind fuzz soak clean format format-check lint
ifeq ($(DEPS_FIRST),)
ifneq ($(filter-out $(NOBUILD_GOALS),$(or $(MAKECMDGOALS),all)),)
NEEDED_PKGS := $(KIOSK_PKGS) $(PRINT_PKGS) \
               $(if $(filter tests unit golden $(BUILD)/tests/%,$(MAKECMDGOALS)),$(TEST_PKGS))
MISSING_PKGS := $(foreach p,$(NEEDED_PKGS),$(if $(shell pkg-config --exists '$(p)' 2>/dev/null && echo y),,$(p)))
MISSING_DEBS := $(sort $(foreach p,$(MISSING_PKGS),$(deb.$(p))) \
                       $(if $(shell command -v cups-config),,libcups2-dev))
ifneq ($(MISSING_DEBS),)
$(error kiosk: cannot build, these Debian packages are missing: $(MISSING_DEBS); install them with "make deps" (as root))
endif
endif
endif

# What pkg-config says is read once, when first needed (after "make deps" in the same run).
once = $(eval $(1) := $(2))$($(1))

CUPS_CFLAGS = $(call once,CUPS_CFLAGS,$(filter-out $(NOT_FEATURE),$(shell cups-config --cflags 2>/dev/null)))
CUPS_LIBS   = $(call once,CUPS_LIBS,$(shell cups-config --libs 2>/dev/null))

# Per part: the core and the screens; the print helper; the tests (which reach both).
CORE_CFLAGS  = $(call once,CORE_CFLAGS,$(call pc,--cflags,$(KIOSK_PKGS)))
PRINT_CFLAGS = $(call once,PRINT_CFLAGS,$(CORE_CFLAGS) $(call pc,--cflags,$(PRINT_PKGS)) $(CUPS_CFLAGS))
TEST_CFLAGS  = $(call once,TEST_CFLAGS,$(PRINT_CFLAGS) $(call pc,--cflags,$(TEST_PKGS)))
PKG_CFLAGS    = $(CORE_CFLAGS)
$(BUILD)/src/print/%.o: PKG_CFLAGS = $(PRINT_CFLAGS)
$(BUILD)/tests/%.o: PKG_CFLAGS = $(TEST_CFLAGS)

CPPFLAGS += -Isrc -Iscreens -Itests/lib -I$(BUILD)/gen $(FEATURES) -DNCURSES_WIDECHAR=1 -MMD -MP
CFLAGS   += -std=c11 $(WARN) $(WERROR)
# Test builds may inject crash points (KIOSK_CRASH_AT) into the print helper.
ifeq ($(TEST_HOOKS),1)
CPPFLAGS += -DKIOSK_TEST_HOOKS=1
endif

CORE_SRCS   := $(filter-out src/main.c,$(wildcard src/*.c))
SCREEN_SRCS := $(wildcard screens/*.c)
PRINT_SRCS  := $(filter-out src/print/main.c,$(wildcard src/print/*.c))
TEST_SRCS   := $(wildcard tests/test_*.c)
TESTLIB_SRCS:= $(wildcard tests/lib/*.c)
FUZZ_SRCS   := $(wildcard tests/fuzz/fuzz_*.c)
SCHEMA_SQL  := $(sort $(wildcard assets/schema/*.sql))

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))
CORE_OBJS   := $(call obj,$(CORE_SRCS)) $(BUILD)/gen/schema.o $(BUILD)/gen/slip_charset.o
SCREEN_OBJS := $(call obj,$(SCREEN_SRCS))
PRINT_OBJS  := $(call obj,$(PRINT_SRCS))
TESTLIB_OBJS:= $(call obj,$(TESTLIB_SRCS))
TESTS       := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))

KIOSK_LIBS  = $(call once,KIOSK_LIBS,$(call pc,--libs,$(KIOSK_PKGS)))
PRINT_LIBS  = $(call once,PRINT_LIBS,$(call pc,--libs,$(KIOSK_PKGS) $(PRINT_PKGS)) $(CUPS_LIBS))
TEST_LIBS   = $(call once,TEST_LIBS,$(call pc,--libs,$(KIOSK_PKGS) $(PRINT_PKGS) $(TEST_PKGS)) $(CUPS_LIBS))

.PHONY: all run test deps test-deps deploy-deps check-deps check-test-deps unit e2e asan \
        valgrind fuzz format format-check lint bench soak golden clean console-font
.DEFAULT_GOAL := all
.SECONDARY:

all: $(BUILD)/kiosk $(if $(wildcard src/print/main.c),$(BUILD)/kiosk-print)

$(BUILD)/libcore.a: $(CORE_OBJS)
	@rm -f $@
	@echo "  LD      $@"
	$(Q)$(AR) rcs $@ $^

$(BUILD)/libprint.a: $(PRINT_OBJS)
	@rm -f $@
	@echo "  LD      $@"
	$(Q)$(AR) rcs $@ $^

$(BUILD)/kiosk: $(BUILD)/src/main.o $(SCREEN_OBJS) $(BUILD)/libcore.a
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(BUILD)/src/main.o $(SCREEN_OBJS) $(BUILD)/libcore.a $(KIOSK_LIBS)

$(BUILD)/kiosk-print: $(BUILD)/src/print/main.o $(BUILD)/libprint.a $(BUILD)/libcore.a
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PRINT_LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TESTLIB_OBJS) $(SCREEN_OBJS) $(BUILD)/libprint.a $(BUILD)/libcore.a
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS)

# Objects remember the flags they were built with: 'make test' (TEST_HOOKS=1) after 'make'
# in the same folder rebuilds instead of reusing objects without the crash points.
FLAGS_STAMP := $(BUILD)/.flags
$(FLAGS_STAMP): FORCE | $(DEPS_FIRST)
	@mkdir -p $(@D)
	@echo '$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $(TEST_CFLAGS)' | cmp -s - $@ || \
	    echo '$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $(TEST_CFLAGS)' > $@

.PHONY: FORCE
FORCE:

$(BUILD)/%.o: %.c $(FLAGS_STAMP) | $(DEPS_FIRST)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

# The schema migrations, in file-name order, become a C array (assets/schema is the truth).
$(BUILD)/gen/schema.c: $(SCHEMA_SQL) scripts/embed-schema.sh
	@mkdir -p $(@D)
	sh scripts/embed-schema.sh $(SCHEMA_SQL) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/schema.o: $(BUILD)/gen/schema.c $(FLAGS_STAMP)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The slip font's characters (DejaVu Sans, read with fc-query) for the text checks.
$(BUILD)/gen/slip_charset.c: scripts/gen-slip-charset.sh
	@mkdir -p $(@D)
	sh scripts/gen-slip-charset.sh > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/slip_charset.o: $(BUILD)/gen/slip_charset.c $(FLAGS_STAMP)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The characters the kiosk can put on screen (tools/charset.c): its message tables, the
# string literals of its code (UI symbols) and every resident-facing text of the catalog.
CHARSET_SRCS := $(wildcard src/msg_*.def src/*.c src/*.h screens/*.c screens/*.h) assets/catalog.json

$(BUILD)/charset: tools/charset.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(FEATURES) $(call pc,--cflags,jansson) -o $@ $< $(call pc,--libs,jansson)

$(BUILD)/console/kiosk.set: $(BUILD)/charset $(CHARSET_SRCS)
	@mkdir -p $(@D)
	$(Q)$(BUILD)/charset list $(CHARSET_SRCS) > $@.tmp && mv $@.tmp $@

$(BUILD)/console/kiosk-8x16.psf: $(BUILD)/console/kiosk.set scripts/console-font.sh
	@echo "  FONT    $@"
	$(Q)sh scripts/console-font.sh $@ $(BUILD)/console/kiosk.set

console-font: $(BUILD)/console/kiosk-8x16.psf

# Packages (scripts/deps.sh): run = build tools and what the kiosk and the print helper need;
# test = the test tools on top (never needed on a commune PC); deploy = an unattended PC's.
deps check-deps:
	@sh scripts/deps.sh run

test-deps check-test-deps:
	@sh scripts/deps.sh run test

deploy-deps:
	@sh scripts/deps.sh deploy

run: check-deps
	@$(MAKE) --no-print-directory all BUILD=$(BUILD)
	@mkdir -p var
	./$(BUILD)/kiosk -c kiosk.conf

# Every test: unit and golden-screen (cmocka), end-to-end (tmux, cupsd). One closing line.
test: check-test-deps
	@$(MAKE) --no-print-directory all tests console-font TEST_HOOKS=1 BUILD=$(BUILD)
	@BUILD=$(BUILD) sh tests/run.sh

tests: $(TESTS)

unit: tests
	@BUILD=$(BUILD) ONLY=unit sh tests/run.sh

e2e: all
	@BUILD=$(BUILD) ONLY=e2e sh tests/run.sh

golden: tests
	@UPDATE_GOLDEN=1 BUILD=$(BUILD) ONLY=unit sh tests/run.sh; git diff --stat tests/golden

asan: check-test-deps
	@$(MAKE) --no-print-directory BUILD=build-asan TEST_HOOKS=1 \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    LDFLAGS="-fsanitize=address,undefined" all tests
	@BUILD=build-asan SANITIZE=1 G_SLICE=always-malloc \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    sh tests/run.sh

valgrind: check-test-deps
	@$(MAKE) --no-print-directory BUILD=build-vg TEST_HOOKS=1 CFLAGS="-O0 -g" all tests
	@BUILD=build-vg ONLY=unit VALGRIND=1 sh tests/run.sh

fuzz: check-test-deps
	@sh tests/fuzz/run.sh

format:
	clang-format -i $(wildcard src/*.[ch] src/print/*.[ch] screens/*.[ch] tests/*.[ch] tests/lib/*.[ch] tests/fuzz/*.c)

format-check:
	clang-format --dry-run --Werror $(wildcard src/*.[ch] src/print/*.[ch] screens/*.[ch] tests/*.[ch] tests/lib/*.[ch] tests/fuzz/*.c)

lint:
	cppcheck --quiet --enable=warning,portability --error-exitcode=1 --inline-suppr \
	    --suppress=missingIncludeSystem -Isrc -Iscreens src screens
	git diff --check

bench: all
	@sh bench/run.sh

soak: check-test-deps
	@sh tests/soak/run.sh

# var/ (the database) is never removed by clean.
clean:
	rm -rf $(BUILD) build-asan build-vg build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

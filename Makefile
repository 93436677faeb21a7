# ndcluster - streaming near-duplicate clustering for NDJSON.
# One non-recursive Makefile.  `make help` lists the targets.

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man

WARN = -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wvla \
       -Wformat=2
ifeq ($(WERROR),1)
WARN += -Werror
endif
BUILD ?= build
ifneq ($(SANITIZE),)
SANFLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
endif

DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags yajl libxxhash libutf8proc \
                2>/dev/null)
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs yajl libxxhash libutf8proc \
             2>/dev/null || echo -lyajl -lxxhash -lutf8proc)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || \
               echo -lcmocka)

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc $(WARN) \
             $(DEPS_CFLAGS) $(CFLAGS) $(SANFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

# The library: every file of src/ but the command's, so that a new mode's
# file needs no line here.
LIB_SRC = $(filter-out $(CLI_SRC),$(sort $(wildcard src/*.c)))
# The command: main.c, and the rest of it (CMD_SRC), which the fuzz
# targets link without main.c.
CMD_SRC = src/cmd_opts.c src/cmd_help.c src/cmd_optval.c src/cmd_run.c \
          src/cmd_input.c src/cmd_prep.c src/cmd_record.c src/cmd_raw.c \
          src/cmd_output.c src/cmd_diag.c src/cmd_state.c src/cmd_buf.c \
          src/json.c src/json_arena.c src/json_write.c src/timeparse.c \
          src/statefile.c src/cmd_work.c
CLI_SRC = src/main.c $(CMD_SRC)
JSON_OBJ = $(BUILD)/json.o $(BUILD)/json_arena.o $(BUILD)/json_write.o \
           $(BUILD)/cmd_buf.o
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:src/%.c=$(BUILD)/%.o)
LIB = $(BUILD)/libndcluster.a
BIN = $(BUILD)/ndcluster

UNIT_TESTS = normalize shingle minhash lsh window cluster json timeparse story \
             story_index story_fold mode state state_damage state_compat \
             template
UNIT_BIN = $(UNIT_TESTS:%=$(BUILD)/test_%)
# Helpers that the parts of one unit test share (tests/<name>_util.c).
UNIT_UTIL_OBJ = $(BUILD)/state_util.o $(BUILD)/story_util.o

.PHONY: all test check check-plain check-sanitize demo install uninstall \
        clean help setup setup-demo setup-check eval bench lint symbols fuzz \
        fuzz-build install-test fuzz-syntax memcheck static replay

all: ndcluster

ndcluster: $(BIN)
	cp $(BIN) $@.tmp && mv -f $@.tmp $@

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/test_%.o: tests/test_%.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/%_util.o: tests/%_util.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD):
	mkdir -p $@

$(LIB): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -pthread -o $@ $(CLI_OBJ) $(LIB) $(DEPS_LIBS) -lm

$(BUILD)/test_json: $(BUILD)/test_json.o $(JSON_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(DEPS_LIBS)

$(BUILD)/test_timeparse: $(BUILD)/test_timeparse.o $(BUILD)/timeparse.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)

# test_cluster and test_story_index fail allocations on demand through
# wrapped allocators.
WRAP_ALLOC = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
$(BUILD)/test_cluster: $(BUILD)/test_cluster.o $(LIB)
	$(CC) $(ALL_LDFLAGS) $(WRAP_ALLOC) -o $@ $^ $(CMOCKA_LIBS) $(DEPS_LIBS) -lm
$(BUILD)/test_story_index: $(BUILD)/test_story_index.o $(BUILD)/story_util.o \
                           $(LIB)
	$(CC) $(ALL_LDFLAGS) $(WRAP_ALLOC) -o $@ $^ $(CMOCKA_LIBS) $(DEPS_LIBS) -lm
$(BUILD)/test_story: $(BUILD)/test_story.o $(BUILD)/story_util.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(DEPS_LIBS) -lm
$(BUILD)/test_story_fold: $(BUILD)/test_story_fold.o $(BUILD)/story_util.o \
                          $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(DEPS_LIBS) -lm

# The state tests (and test_template's) share tests/state_util.c.
STATE_TESTS = $(BUILD)/test_state $(BUILD)/test_state_damage \
              $(BUILD)/test_state_compat $(BUILD)/test_template
$(STATE_TESTS): %: %.o $(BUILD)/state_util.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(DEPS_LIBS) -lm

# test_mode prepares records on a second thread.
$(BUILD)/test_mode.o: ALL_CFLAGS += -pthread
$(BUILD)/test_mode: $(BUILD)/test_mode.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -pthread -o $@ $^ $(CMOCKA_LIBS) $(DEPS_LIBS) -lm

$(BUILD)/test_%: $(BUILD)/test_%.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(DEPS_LIBS) -lm

# Unit tests, then the command-line cases, against this build.
test: $(BIN) $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do \
	    echo "== $$t"; CMOCKA_MESSAGE_OUTPUT=stdout ./$$t; done
	sh scripts/run-cli-tests.sh $(BIN)
	sh scripts/run-bad-tests.sh $(BIN)
	sh scripts/man-examples.sh $(BIN)
	$(MAKE) --no-print-directory replay

# The packages that a purpose needs, from the lists in scripts/setup:
# make setup installs all of them, make demo those of the build and the
# demo, make check those of the build and the tests.
setup:
	sh scripts/setup build demo test

setup-demo:
	sh scripts/setup build demo

setup-check:
	sh scripts/setup build test

# The whole suite: warnings as errors, unit, CLI and bad-input tests,
# lint, the public symbols, cppcheck, the bad-input catalog under
# valgrind, then the tests again under AddressSanitizer and UBSan.
check: setup-check
	$(MAKE) WERROR=1 check-plain
	$(MAKE) memcheck
	$(MAKE) WERROR=1 BUILD=build/sanitize SANITIZE=address,undefined test
	@echo "make check: all passed"

check-plain: all test install-test lint symbols fuzz-syntax static

# The bad-input catalog again under valgrind (no errors, no definite
# leaks), but for its few large cases: about a minute.
memcheck: $(BIN)
	@if command -v valgrind >/dev/null 2>&1; then \
	    VALGRIND=1 sh scripts/run-bad-tests.sh $(BIN); \
	else echo "memcheck: skipped: no valgrind"; fi

# cppcheck's warnings (not its style notes) on src/: two seconds.
static:
	@if command -v cppcheck >/dev/null 2>&1; then \
	    cppcheck -q --std=c11 --enable=warning,portability,performance \
	        --error-exitcode=1 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc \
	        src/ && echo "static: cppcheck found nothing"; \
	else echo "static: skipped: no cppcheck"; fi

# The manual's style, and STYLE.md's 80 columns in the C sources.
lint:
	mandoc -Tlint -Wstyle man/ndcluster.1
	@awk 'length > 80 { print FILENAME ":" FNR ": " length " columns"; \
	    bad = 1 } END { exit bad }' src/*.c src/*.h include/*.h \
	    tests/*.c tests/*.h tests/fuzz/*.c tests/fuzz/*.h

# The library exports ndc_ symbols only; ndci_ ones stay internal.
symbols: $(LIB)
	@bad=$$(nm -g --defined-only $(LIB) | awk 'NF==3 {print $$3}' | \
	    grep -v '^ndc_' | grep -v '^ndci_' || true); \
	if [ -n "$$bad" ]; then echo "unprefixed symbols: $$bad"; exit 1; fi
	@echo "symbols: only ndc_/ndci_ names exported"

demo: setup-demo all
	sh scripts/demo.sh

eval: all
	python3 scripts/eval.py $(EVAL_ARGS)
	python3 scripts/eval-story.py $(EVAL_STORY_ARGS)

bench: all
	sh scripts/bench.sh

# pkg-config's description of the installed library, for the PREFIX
# (and LIBDIR, INCLUDEDIR) of this make.  The library is static and
# inlines xxHash, so what links with it is libutf8proc and libm.
VERSION := $(shell sed -n 's/^\#define NDC_VERSION_STRING "\(.*\)"/\1/p' \
           include/ndcluster.h)
PC = $(BUILD)/ndcluster.pc

$(PC): include/ndcluster.h Makefile | $(BUILD)
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' \
	    'includedir=$(INCLUDEDIR)' '' 'Name: ndcluster' \
	    'Description: streaming near-duplicate and same-story clustering' \
	    'Version: $(VERSION)' \
	    'Libs: -L$${libdir} -lndcluster -lutf8proc -lm' \
	    'Cflags: -I$${includedir}' >$@.tmp && mv -f $@.tmp $@

install: all $(PC)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	    $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 ndcluster $(DESTDIR)$(BINDIR)/ndcluster
	install -m 0644 $(LIB) $(DESTDIR)$(LIBDIR)/libndcluster.a
	install -m 0644 $(PC) $(DESTDIR)$(LIBDIR)/pkgconfig/ndcluster.pc
	install -m 0644 include/ndcluster.h $(DESTDIR)$(INCLUDEDIR)/ndcluster.h
	install -m 0644 man/ndcluster.1 $(DESTDIR)$(MANDIR)/man1/ndcluster.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ndcluster $(DESTDIR)$(LIBDIR)/libndcluster.a \
	    $(DESTDIR)$(LIBDIR)/pkgconfig/ndcluster.pc \
	    $(DESTDIR)$(INCLUDEDIR)/ndcluster.h \
	    $(DESTDIR)$(MANDIR)/man1/ndcluster.1

# A staged install (DESTDIR), and a program built against it with
# pkg-config, as a user of the library would build one.
install-test: all
	sh scripts/install-test.sh

clean:
	rm -rf build ndcluster

help:
	@echo "make            build ./ndcluster and build/libndcluster.a"
	@echo "make demo       install the build and demo packages (jq), then"
	@echo "                cluster the bundled example and show it"
	@echo "make check      install the build and test packages, build with"
	@echo "                -Werror, run all tests, then again under ASan"
	@echo "                and UBSan"
	@echo "make setup      install the packages of the build, demo and tests"
	@echo "make test       unit and CLI tests of the current build"
	@echo "make eval       quality on ../shared/data, when present"
	@echo "make bench      speed against cat and jq"
	@echo "make fuzz       libFuzzer targets, FUZZ_TIME=$(FUZZ_TIME) s each (clang)"
	@echo "make memcheck   the bad-input catalog under valgrind"
	@echo "make install    PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)"
	@echo "make install-test  a staged install, and a program built against it"
	@echo "                with pkg-config --cflags --libs ndcluster"
	@echo "make uninstall, make clean"

# libFuzzer targets (tests/fuzz/), built with clang under ASan and UBSan
# into build/fuzz.  They link the library and the command without
# src/main.c, and run the command in-process through the same steps as
# main() (tests/fuzz/fuzz_cmd.h).  `make fuzz` runs each target
# FUZZ_TIME seconds; it is never part of check.
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_BUILD = build/fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc $(WARN) \
              $(DEPS_CFLAGS) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
              -MMD -MP
FUZZ_TARGETS = cli state assign
FUZZ_BIN = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_OBJ = $(LIB_SRC:src/%.c=$(FUZZ_BUILD)/%.o) \
           $(CMD_SRC:src/%.c=$(FUZZ_BUILD)/%.o)

$(FUZZ_BUILD):
	mkdir -p $@

$(FUZZ_BUILD)/%.o: src/%.c | $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

# Straight-line arithmetic that comparison tracing only slows down: the
# targets run several times faster without it there.
FUZZ_NO_CMP = minhash state
$(FUZZ_NO_CMP:%=$(FUZZ_BUILD)/%.o): FUZZ_CFLAGS += \
    -fno-sanitize-coverage=trace-cmp

$(FUZZ_BUILD)/fuzz_%.o: tests/fuzz/fuzz_%.c | $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/fuzz_%.o $(FUZZ_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -pthread -o $@ $^ $(DEPS_LIBS) -lm

.SECONDARY: $(FUZZ_OBJ) $(FUZZ_BIN:=.o)

fuzz-build: $(FUZZ_BIN)

# What check does instead of building the fuzz targets (which takes
# clang and some 20 s): compile them for errors only, with CC.
fuzz-syntax:
	$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) \
	    -fsyntax-only $(wildcard tests/fuzz/*.c)

# The fuzz targets built with CC and tests/fuzz/replay.c instead of
# libFuzzer: make test runs every input in tests/fuzz/regress/TARGET
# through them, so a finding once fixed stays fixed in the plain and
# sanitizer builds.
REPLAY_BUILD = $(BUILD)/replay
REPLAY_OBJ = $(LIB_SRC:src/%.c=$(REPLAY_BUILD)/%.o) \
             $(CMD_SRC:src/%.c=$(REPLAY_BUILD)/%.o)
REPLAY_BIN = $(FUZZ_TARGETS:%=$(REPLAY_BUILD)/fuzz_%)

$(REPLAY_BUILD):
	mkdir -p $@

$(REPLAY_BUILD)/%.o: src/%.c | $(REPLAY_BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(REPLAY_BUILD)/fuzz_%.o: tests/fuzz/fuzz_%.c | $(REPLAY_BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(REPLAY_BUILD)/replay.o: tests/fuzz/replay.c | $(REPLAY_BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(REPLAY_BUILD)/fuzz_%: $(REPLAY_BUILD)/fuzz_%.o $(REPLAY_BUILD)/replay.o \
    $(REPLAY_OBJ)
	$(CC) $(ALL_LDFLAGS) -pthread -o $@ $^ $(DEPS_LIBS) -lm

.SECONDARY: $(REPLAY_OBJ) $(REPLAY_BIN:=.o)

replay: $(REPLAY_BIN)
	@set -e; for t in $(FUZZ_TARGETS); do \
	    set -- tests/fuzz/regress/$$t/*; \
	    if [ -f "$$1" ]; then \
	        printf 'tests/fuzz/regress/%s: ' $$t; \
	        $(REPLAY_BUILD)/fuzz_$$t "$$@" 2>$(REPLAY_BUILD)/$$t.err || \
	        { cat $(REPLAY_BUILD)/$$t.err; exit 1; }; \
	    fi; done

fuzz: $(BIN) fuzz-build
	sh scripts/fuzz.sh $(FUZZ_TIME) $(BIN) $(FUZZ_BUILD) $(FUZZ_TARGETS)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d) \
    $(UNIT_UTIL_OBJ:.o=.d) \
    $(FUZZ_OBJ:.o=.d) $(FUZZ_BIN:=.d) $(REPLAY_OBJ:.o=.d) $(REPLAY_BIN:=.d)

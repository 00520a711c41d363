# Guichet — build, run, test, bench.  Plain GNU make, no generator.
#
#   make            build build/guichet (strict warnings)
#   make deps       install the missing Debian packages, tests' included (scripts/deps.sh)
#   make run        run deps only (compiler, libraries: no Node) + build + import demo/
#                   into demo.db + serve on 127.0.0.1:8080
#   make test       deps + build + every test (unit, e2e, short fuzz)
#   make bench      the benchmarks under bench/ (print numbers)
#   make soak       10 minutes at 256 connections (bench/soak.sh; not in make test)
#   make asan|ubsan sanitizer builds into build-asan/ and build-ubsan/, with their tests
#   make fuzz       libFuzzer targets (clang), FUZZ_SECONDS each (default 600)

CC      ?= cc
BUILD   ?= build
PKGS    := libmicrohttpd sqlite3 libcjson libcurl libical libxml-2.0 md4c libsodium libutf8proc \
           libsystemd
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wpointer-arith -Wcast-align -Wno-unused-parameter
CFLAGS  ?= -O2 -g
override CFLAGS += -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(WARN) \
           -fstack-protector-strong -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
override LDLIBS += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lpthread -lm
PORT    ?= 8080
# Where the language data (data/fr/) is read when the data-dir setting is empty:
# this tree's data/ by default; the Debian package passes /usr/share/guichet.
GC_DATADIR ?= $(CURDIR)/data
override CFLAGS += -DGC_DATADIR='"$(GC_DATADIR)"'

SRC     := $(shell find src -name '*.c' ! -name main.c | sort)
OBJ     := $(SRC:%.c=$(BUILD)/%.o)
WEB     := $(sort $(wildcard web/*))
TESTS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))

.PHONY: all deps deps-run run test unit e2e bench soak asan ubsan fuzz clean check-banned

all: $(BUILD)/guichet

deps:
	@sh scripts/deps.sh test

deps-run:
	@sh scripts/deps.sh run

Q       := $(if $(V),,@)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

# Static assets are compiled into the binary (no files to deploy beside it).
$(BUILD)/gen/web_assets.c: $(WEB) scripts/embed.sh
	@mkdir -p $(dir $@)
	$(Q)sh scripts/embed.sh $@ $(WEB)

$(BUILD)/gen/web_assets.o: $(BUILD)/gen/web_assets.c
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# The API's OpenAPI description, served at /api/v1/openapi.json.
$(BUILD)/gen/api_docs.c: docs/openapi.json scripts/embed.sh
	@mkdir -p $(dir $@)
	$(Q)sh scripts/embed.sh -n api_docs $@ docs/openapi.json

$(BUILD)/gen/api_docs.o: $(BUILD)/gen/api_docs.c
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libguichet.a: $(OBJ) $(BUILD)/gen/web_assets.o $(BUILD)/gen/api_docs.o
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/guichet: $(BUILD)/src/main.o $(BUILD)/libguichet.a
	@$(if $(V),,echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $^ -o $@ $(LDFLAGS) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libguichet.a
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $< -o $@ $(BUILD)/libguichet.a $(LDFLAGS) $(LDLIBS) -lcmocka

$(BUILD)/bench/%: bench/%.c $(BUILD)/libguichet.a
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $< -o $@ $(BUILD)/libguichet.a $(LDFLAGS) $(LDLIBS)

demo.db: $(BUILD)/guichet $(shell find demo -type f 2>/dev/null)
	./$(BUILD)/guichet import --db demo.db demo/

run: deps-run all demo.db
	./$(BUILD)/guichet serve --config demo/guichet.ini --db demo.db --listen 127.0.0.1:$(PORT)

unit: $(TESTS)
	@sh tests/run-unit.sh $(TESTS)

e2e: all
	@sh tests/e2e/run.sh $(BUILD)/guichet

# Every test: strict build, banned functions, unit tests, the same unit tests
# under ASan+UBSan, end-to-end tests on the real binary, short fuzz runs.
test: deps
	@$(MAKE) --no-print-directory all check-banned
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory e2e
	@if [ -x tests/fuzz/run.sh ] || [ -f tests/fuzz/run.sh ]; then sh tests/fuzz/run.sh $${FUZZ_SECONDS_SHORT:-10}; fi
	@sh tests/summary.sh

check-banned:
	@sh scripts/check-banned.sh

bench: deps all $(BUILD)/bench/recorder
	@sh bench/run.sh $(BUILD)/guichet

soak: deps all
	@sh bench/soak.sh $(BUILD)/guichet

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" LDFLAGS="-fsanitize=address,undefined" all unit

ubsan:
	@$(MAKE) --no-print-directory BUILD=build-ubsan CFLAGS="-O1 -g -fsanitize=undefined -fno-sanitize-recover=undefined" LDFLAGS="-fsanitize=undefined" all unit

fuzz:
	@sh tests/fuzz/run.sh $${FUZZ_SECONDS:-600}

clean:
	rm -rf build build-asan build-ubsan build-fuzz

-include $(OBJ:.o=.d) $(BUILD)/src/main.d

# --- the Debian package (debian/, docs/deploy.md) ---------------------------
# Built by dpkg-buildpackage from a copy of the tracked files of this working
# tree (`git ls-files`: what is committed or staged, with its uncommitted
# changes; untracked files are left out), so that neither the build here nor
# the tests are touched.  DEB_BUILD_OPTIONS=nocheck: the tests are make
# test's.  Result: build/guichet_VERSION_ARCH.deb.
DEB_VERSION = $(shell dpkg-parsechangelog -S Version 2>/dev/null)
DEB_ARCH    = $(shell dpkg --print-architecture 2>/dev/null)
DEB_JOBS   ?= 2
.PHONY: deb man

deb:
	@rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb/guichet-$(DEB_VERSION)
	@git ls-files -z | tar --null -T - -cf - | tar -xf - -C $(BUILD)/deb/guichet-$(DEB_VERSION)
	cd $(BUILD)/deb/guichet-$(DEB_VERSION) && \
	    DEB_BUILD_OPTIONS="nocheck parallel=$(DEB_JOBS)" dpkg-buildpackage -b -us -uc >../build.log 2>&1 || \
	    { tail -40 ../build.log; exit 1; }
	@cp $(BUILD)/deb/guichet_$(DEB_VERSION)_$(DEB_ARCH).deb $(BUILD)/
	@echo "deb: $(BUILD)/guichet_$(DEB_VERSION)_$(DEB_ARCH).deb"

man: $(BUILD)/guichet.1

$(BUILD)/guichet.1: $(BUILD)/guichet scripts/gen-man.sh
	sh scripts/gen-man.sh $(BUILD)/guichet > $@

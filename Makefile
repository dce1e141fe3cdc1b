# mulin — one binary, two commands: `make run` serves the demo, `make check` runs every test.
# Plain make: every C file under src/ is part of the program; adding a file needs no edit here.

PKGS    := libmicrohttpd jansson libsodium sqlite3 libpq libjpeg libpng libexif libqrencode cairo pangocairo fontconfig xlsxwriter
CC      ?= cc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE $(WARN) -Isrc -Ibuild/gen $(PKG_CFLAGS)
CFLAGS  ?= -O2 -g
# Quiet by default; `make V=1` shows the commands.
Q       := $(if $(V),,@)
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRC  := $(sort $(shell find src -name '*.c' ! -path src/main.c))
GEN_SRC  := build/gen/assets.c
# assets/ is embedded as it is; the OpenAPI document is merged from openapi/*.json first.
OPENAPI  := openapi/base.json $(filter-out openapi/base.json,$(sort $(wildcard openapi/*.json)))
ASSETS   := $(sort $(shell find assets -type f)) build/gen/assets/openapi.json
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

REL_OBJ  := $(LIB_SRC:%.c=build/rel/%.o) build/rel/gen/assets.o
ASAN_OBJ := $(LIB_SRC:%.c=build/asan/%.o) build/asan/gen/assets.o
UNIT_REL := $(UNIT_SRC:tests/unit/%.c=build/rel/unit/%)
UNIT_ASAN:= $(UNIT_SRC:tests/unit/%.c=build/asan/unit/%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

.PHONY: all deps run check unit unit-asan procedure http http-asan e2e fuzz lint bench clean format
all: mulin

deps:
	@sh tools/deps.sh build

build/gen/assets/openapi.json: $(OPENAPI)
	@mkdir -p $(dir $@)
	$(Q)jq -s 'reduce .[] as $$x ({}; . * $$x)' $(OPENAPI) > $@.tmp && mv $@.tmp $@

build/gen/assets.c: tools/embed.sh $(ASSETS)
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC $@")
	$(Q)sh tools/embed.sh $(ASSETS) > $@.tmp && mv $@.tmp $@

build/rel/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC $@")
	$(Q)$(CC) $(CFLAGS_COMMON) $(CFLAGS) -c $< -o $@
build/asan/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC $@")
	$(Q)$(CC) $(CFLAGS_COMMON) -O1 -g $(SAN) -c $< -o $@

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC $@")
	$(Q)$(CC) $(CFLAGS_COMMON) $(CFLAGS) -MMD -MP -c $< -o $@
build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC $@")
	$(Q)$(CC) $(CFLAGS_COMMON) -O1 -g $(SAN) -MMD -MP -c $< -o $@

# The message catalogue is compiled into i18n.c.
build/rel/src/web/i18n.o build/asan/src/web/i18n.o: locale/messages.def

mulin: build/rel/src/main.o $(REL_OBJ)
	$(if $(V),,@echo "  CC $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)
build/asan/mulin: build/asan/src/main.o $(ASAN_OBJ)
	$(if $(V),,@echo "  CC $@")
	$(Q)$(CC) -g $(SAN) -o $@ $^ $(PKG_LIBS)

build/rel/unit/%: tests/unit/%.c $(REL_OBJ)
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC $@")
	$(Q)$(CC) $(CFLAGS_COMMON) $(CFLAGS) -Itests/unit -o $@ $^ $(PKG_LIBS) -lcmocka
build/asan/unit/%: tests/unit/%.c $(ASAN_OBJ)
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC $@")
	$(Q)$(CC) $(CFLAGS_COMMON) -O1 -g $(SAN) -Itests/unit -o $@ $^ $(PKG_LIBS) -lcmocka

# libFuzzer targets are built by clang; the library is compiled for them once (instrumented
# for coverage, fuzzer-no-link) and linked into each target.
FUZZ_SAN := -fsanitize=address,undefined
build/fuzzobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC $@")
	$(Q)clang $(CFLAGS_COMMON) -O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) -MMD -MP -c $< -o $@
build/fuzzobj/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	$(Q)clang $(CFLAGS_COMMON) -O1 -g -c $< -o $@
build/fuzzobj/src/web/i18n.o: locale/messages.def
FUZZ_OBJ := $(LIB_SRC:%.c=build/fuzzobj/%.o) build/fuzzobj/gen/assets.o
.SECONDARY: $(FUZZ_OBJ)
build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC $@")
	$(Q)clang $(CFLAGS_COMMON) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(PKG_LIBS)

# deps first, then a fresh make: pkg-config's answers are read when make starts.
run: deps
	@$(MAKE) --no-print-directory mulin
	./mulin serve --demo

unit: $(UNIT_REL)
	@sh tools/run-unit.sh $(UNIT_REL)
unit-asan: $(UNIT_ASAN)
	@sh tools/run-unit.sh $(UNIT_ASAN)
procedure: mulin
	@sh tools/run-procedure.sh
http: mulin
	@MULIN_BIN=./mulin sh tools/run-http.sh
http-asan: build/asan/mulin
	@MULIN_BIN=./build/asan/mulin sh tools/run-http.sh
e2e: mulin
	@MULIN_BIN=./mulin sh tools/run-e2e.sh
fuzz: $(FUZZ_BIN)
	@sh tools/run-fuzz.sh $(FUZZ_BIN)
lint:
	@sh tools/lint.sh

check:
	@sh tools/deps.sh check
	@$(MAKE) --no-print-directory -j2 mulin build/asan/mulin $(UNIT_REL) $(UNIT_ASAN) $(FUZZ_BIN)
	@sh tools/check.sh

bench:
	@sh tools/deps.sh bench
	@$(MAKE) --no-print-directory mulin
	@sh bench/run.sh

format:
	clang-format -i $$(find src tests/unit tests/fuzz -name '*.[ch]')

clean:
	rm -rf build mulin

-include $(shell find build -name '*.d' 2>/dev/null)

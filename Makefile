# bayeskit: `make test` runs every test (Rust, ABI drift, C under ASan+UBSan).
CARGO   ?= cargo
CC      ?= gcc
BUILD   := build
CFLAGS  := -std=c11 -Wall -Wextra -Wpedantic -Werror -g -Iinclude
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LIBDIR  := $(CURDIR)/target/debug
C_TESTS := $(patsubst tests/c/%.c,$(BUILD)/c/%,$(wildcard tests/c/test_*.c))

.PHONY: test lint rust-test lib release-lib symbols c-test c-valgrind header bless-symbols bench demo clean

test: lint rust-test symbols c-test c-valgrind
	@echo "make test: all suites passed"

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

rust-test:
	$(CARGO) test --all-targets
	$(CARGO) test --doc

# The shared library carries SONAME libbayeskit.so.0; cargo writes only
# libbayeskit.so, so add the SONAME link that the loader looks for.
lib:
	$(CARGO) build --lib
	ln -sf libbayeskit.so $(LIBDIR)/libbayeskit.so.0

# The exported symbol list is committed; a removal or rename must be deliberate.
symbols: lib
	@mkdir -p $(BUILD)
	nm -D --defined-only $(LIBDIR)/libbayeskit.so | awk '$$2 == "T" && $$3 ~ /^bk_/ { print $$3 }' | sort > $(BUILD)/symbols.txt
	@diff -u abi/symbols.txt $(BUILD)/symbols.txt || { echo "exported symbols changed: review, then 'make bless-symbols'"; exit 1; }
	@readelf -d $(LIBDIR)/libbayeskit.so | grep -q 'SONAME.*libbayeskit.so.0' || { echo "SONAME libbayeskit.so.0 missing"; exit 1; }

bless-symbols:
	$(CARGO) build --lib
	nm -D --defined-only $(LIBDIR)/libbayeskit.so | awk '$$2 == "T" && $$3 ~ /^bk_/ { print $$3 }' | sort > abi/symbols.txt

header:
	BK_BLESS=1 $(CARGO) test --test abi header_is_up_to_date

$(BUILD)/c/%: tests/c/%.c tests/c/check.h include/bayeskit.h lib
	@mkdir -p $(BUILD)/c
	$(CC) $(CFLAGS) $(SAN) $< -o $@ -L$(LIBDIR) -lbayeskit -Wl,-rpath,$(LIBDIR) -lm

# C tests run under AddressSanitizer (with LeakSanitizer) and UBSan; we check
# the sanitizer runtime is really linked so a silent no-op cannot pass.
c-test: $(C_TESTS)
	@for t in $(C_TESTS); do \
	  ldd $$t | grep -q libasan || { echo "$$t: ASan runtime not linked"; exit 1; }; \
	  echo "== $$t"; \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 $$t || exit 1; \
	done

# The same C tests without sanitizers, against the release library, under valgrind
# (DESIGN §5: ASan catches what valgrind misses and the other way round).
RELDIR  := $(CURDIR)/target/release
VG_TESTS := $(patsubst tests/c/%.c,$(BUILD)/c-release/%,$(wildcard tests/c/test_*.c))

release-lib:
	$(CARGO) build --release --lib
	ln -sf libbayeskit.so $(RELDIR)/libbayeskit.so.0

$(BUILD)/c-release/%: tests/c/%.c tests/c/check.h include/bayeskit.h release-lib
	@mkdir -p $(BUILD)/c-release
	$(CC) $(CFLAGS) -O1 $< -o $@ -L$(RELDIR) -lbayeskit -Wl,-rpath,$(RELDIR) -lm

c-valgrind: $(VG_TESTS)
	@for t in $(VG_TESTS); do \
	  echo "== valgrind $$t"; \
	  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect $$t || exit 1; \
	done

bench:
	$(CARGO) bench

demo:
	$(CARGO) run --release -- demo

clean:
	$(CARGO) clean
	rm -rf $(BUILD)

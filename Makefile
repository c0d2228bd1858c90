# bayeskit: `make test` runs every test (Rust, ABI drift, C under ASan+UBSan,
# C++ binding under ASan+UBSan via ctest, consumers of the prebuilt tarball).
CARGO   ?= cargo
CC      ?= gcc
BUILD   := build
CFLAGS  := -std=c11 -Wall -Wextra -Wpedantic -Werror -g -Iinclude
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LIBDIR  := $(CURDIR)/target/debug
C_TESTS := $(patsubst tests/c/%.c,$(BUILD)/c/%,$(wildcard tests/c/test_*.c))
# The release version, and the ABI version of the shared library's SONAME
# (docs/abi-policy.md): 0.<minor> before 1.0, <major> after.
VERSION   := $(shell sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)
SOVERSION := $(shell echo $(VERSION) | awk -F. '{ print ($$1 == 0 ? $$1 "." $$2 : $$1) }')
SONAME    := libbayeskit.so.$(SOVERSION)
SERIES    := $(shell echo $(VERSION) | cut -d. -f1,2)

.PHONY: test lint rust-test lib release-lib symbols c-test c-valgrind header bless-symbols bench demo clean
.PHONY: install stage dist cpp-test consumer-test cpp-bench
.PHONY: jvm-native jvm-test jvm-bench jvm-version spark-bench fuzz platforms platform-test arm-jre
.PHONY: py-lint py-wheel py-test py-bench py-wheel-aarch64 py-wheel-macos py-platform-test arm-py

test: lint rust-test symbols c-test c-valgrind platform-test cpp-test consumer-test jvm-test py-test py-platform-test
	@echo "make test: all suites passed"

# The workspace: the core (.), the C ABI (capi/) and the CLI (cli/).
lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

rust-test:
	$(CARGO) test --workspace --all-targets
	$(CARGO) test -p bayeskit --doc
	$(CARGO) test --release -p bayeskit --test bandit

# The shared library carries SONAME $(SONAME); cargo writes only
# libbayeskit.so, so add the SONAME link that the loader looks for.
lib:
	$(CARGO) build -p bayeskit-capi
	ln -sf libbayeskit.so $(LIBDIR)/$(SONAME)

# The exported symbol list is committed; a removal or rename must be deliberate.
symbols: lib
	@mkdir -p $(BUILD)
	nm -D --defined-only $(LIBDIR)/libbayeskit.so | awk '$$2 == "T" && $$3 ~ /^bk_/ { print $$3 }' | sort > $(BUILD)/symbols.txt
	@diff -u abi/symbols.txt $(BUILD)/symbols.txt || { echo "exported symbols changed: review, then 'make bless-symbols'"; exit 1; }
	@readelf -d $(LIBDIR)/libbayeskit.so | grep -q 'SONAME.*\[$(SONAME)\]' || { echo "SONAME $(SONAME) missing"; exit 1; }

bless-symbols:
	$(CARGO) build -p bayeskit-capi
	nm -D --defined-only $(LIBDIR)/libbayeskit.so | awk '$$2 == "T" && $$3 ~ /^bk_/ { print $$3 }' | sort > abi/symbols.txt

header:
	BK_BLESS=1 $(CARGO) test -p bayeskit-capi header_is_up_to_date

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

# ---- Prebuilt platforms (packaging/platforms.sh, docs/platforms.md) -----------
# Release libraries (C ABI and JNI) for each platform in build/platforms/<platform>/, built
# once from this machine and shared by the tests, `make dist` and the jar. The Linux x86_64 one
# (glibc 2.17) is what this machine's packages, the C++ suite and the JVM suites use.
PLATFORMS := $(shell packaging/platforms.sh list)
PLAT_DIR  := $(CURDIR)/$(BUILD)/platforms
HOST_PLATFORM := linux-$(shell uname -m)
RELDIR    := $(PLAT_DIR)/$(HOST_PLATFORM)/lib

platform-%:
	packaging/platforms.sh build $*
platforms: $(addprefix platform-,$(PLATFORMS))

# Each library's exports, glibc symbol versions, SONAME or install name and linked libraries;
# the C test programs and the JNI library's smoke test for each platform this machine can run
# (natively, qemu-user, wine).
platform-test: platforms
	@for p in $(PLATFORMS); do packaging/platforms.sh check $$p && packaging/platforms.sh test $$p || exit 1; done

# A release build for this machine's own toolchain (`make install`).
release-lib:
	$(CARGO) build --release -p bayeskit-capi
	ln -sf libbayeskit.so $(CURDIR)/target/release/$(SONAME)

# The same C tests without sanitizers, against the shipped Linux library, under valgrind
# (ASan catches what valgrind misses and the other way round).
VG_TESTS := $(patsubst tests/c/%.c,$(BUILD)/c-release/%,$(wildcard tests/c/test_*.c))

$(BUILD)/c-release/%: tests/c/%.c tests/c/check.h include/bayeskit.h platform-$(HOST_PLATFORM)
	@mkdir -p $(BUILD)/c-release
	ln -sf libbayeskit.so $(RELDIR)/$(SONAME)
	$(CC) $(CFLAGS) -O1 $< -o $@ -L$(RELDIR) -lbayeskit -Wl,-rpath,$(RELDIR) -lm -pthread

c-valgrind: $(VG_TESTS)
	@for t in $(VG_TESTS); do \
	  echo "== valgrind $$t"; \
	  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect $$t || exit 1; \
	done

bench:
	$(CARGO) bench

demo:
	$(CARGO) run --release -- demo

# ---- Packaging and the C++ binding (bindings/cpp, packaging/) ----------------
DIST_NAME := bayeskit-$(VERSION)-$(HOST_PLATFORM)
STAGE     := $(CURDIR)/$(BUILD)/stage/$(DIST_NAME)
DIST_DIR  := dist
PREFIX    ?= /usr/local
CMAKE     ?= cmake
CTEST     ?= ctest
CPP_BUILD := $(BUILD)/cpp

# `make install PREFIX=/opt/bayeskit [DESTDIR=...]`: the release libraries,
# headers, CMake package and pkg-config files (see packaging/install.sh).
install: release-lib
	packaging/install.sh --from target/release --dest "$(DESTDIR)$(PREFIX)" --prefix "$(PREFIX)" --version $(VERSION)

# This machine's unpacked package, in build/stage/ (what cpp-test builds against).
stage: platform-$(HOST_PLATFORM)
	packaging/dist.sh --from $(RELDIR) --stage $(STAGE) --version $(VERSION) --platform $(HOST_PLATFORM)

# dist/bayeskit-<version>-<platform>.tar.gz (.zip for Windows) for every platform, and SHA256SUMS.
dist: platforms
	@rm -f $(DIST_DIR)/bayeskit-* $(DIST_DIR)/SHA256SUMS
	@for p in $(PLATFORMS); do \
	  packaging/dist.sh --from $(PLAT_DIR)/$$p/lib --stage $(BUILD)/stage/bayeskit-$(VERSION)-$$p \
	    --version $(VERSION) --platform $$p --out $(DIST_DIR) || exit 1; \
	done
	cd $(DIST_DIR) && sha256sum bayeskit-$(VERSION)-* > SHA256SUMS && cat SHA256SUMS

# GoogleTest suite (under ASan + UBSan), the static-library and no-allocation
# tests, and the examples, run by ctest against the staged package.
cpp-test: stage
	$(CMAKE) -S bindings/cpp -B $(CPP_BUILD) -DCMAKE_PREFIX_PATH=$(STAGE) -DBAYESKIT_REQUIRE=$(SERIES) \
	  -DCMAKE_BUILD_TYPE=Debug -DBAYESKIT_SANITIZE=ON -DBAYESKIT_BUILD_BENCH=OFF
	$(CMAKE) --build $(CPP_BUILD) -j2
	cd $(CPP_BUILD) && $(CTEST) --output-on-failure -j2

# A CMake project and a Makefile + pkg-config project, outside the source
# tree, built against the unpacked tarball and run.
consumer-test: dist
	packaging/consumer-test.sh $(DIST_DIR)/$(DIST_NAME).tar.gz

# What the C++ binding adds over direct C calls (Release, no sanitizers; not in `make test`).
cpp-bench: stage
	$(CMAKE) -S bindings/cpp -B $(BUILD)/cpp-bench -DCMAKE_PREFIX_PATH=$(STAGE) -DBAYESKIT_REQUIRE=$(SERIES) \
	  -DCMAKE_BUILD_TYPE=Release -DBAYESKIT_SANITIZE=OFF -DBAYESKIT_BUILD_TESTS=OFF -DBAYESKIT_BUILD_BENCH=ON
	$(CMAKE) --build $(BUILD)/cpp-bench -j2
	$(BUILD)/cpp-bench/bench/bench_wrapper

# ---- JVM binding (bindings/jvm) ------------------------------------------------
# The JNI shim (C, public API only) linked with the static library into one
# libbayeskit_jni.so that exports only JNI_OnLoad and Java_*, for every platform
# (packaging/platforms.sh); Maven bundles them from bindings/jvm/target/native/resources.
# The C reference program writes results that the Java tests compare bit for bit.
MVN       ?= mvn
JAVA_HOME ?= $(patsubst %/bin/javac,%,$(realpath $(shell command -v javac)))
export JAVA_HOME  # packaging/platforms.sh compiles the JNI shim for every platform
JVM_DIR   := bindings/jvm
JVM_BUILD := $(JVM_DIR)/target/native
JVM_VERSION = $(shell sed -n '0,/<version>/s/.*<version>\([^<]*\)<\/version>.*/\1/p' $(JVM_DIR)/pom.xml)
MVN_FLAGS := -B -ntp -Dstyle.color=never

# The Maven version must equal the crate's (one release, one version).
jvm-version:
	@test "$(JVM_VERSION)" = "$(VERSION)" || { echo "bindings/jvm/pom.xml version '$(JVM_VERSION)' != Cargo.toml version '$(VERSION)'"; exit 1; }
	@for m in bayeskit-java bayeskit-scala_2.13 bayeskit-spark_2.13 examples; do \
	  grep -q '<version>$(VERSION)</version>' $(JVM_DIR)/$$m/pom.xml || { echo "$$m/pom.xml's parent version differs from $(VERSION)"; exit 1; }; \
	done

jvm-native: platforms jvm-version
	@test -f $(JAVA_HOME)/include/jni.h || { echo "jni.h not found under JAVA_HOME=$(JAVA_HOME); set JAVA_HOME to a JDK"; exit 1; }
	rm -rf $(JVM_BUILD)/resources/native
	@for p in $(PLATFORMS); do \
	  mkdir -p $(JVM_BUILD)/resources/native/$$p && cp $(PLAT_DIR)/$$p/jni/* $(JVM_BUILD)/resources/native/$$p/ || exit 1; \
	done
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -Iinclude $(JVM_DIR)/native/c_reference.c -o $(JVM_BUILD)/c_reference \
	  $(RELDIR)/libbayeskit.a -lm -lpthread -ldl
	$(JVM_BUILD)/c_reference > $(JVM_BUILD)/c_reference.txt

# JUnit 5 (Java) and ScalaTest (Scala, Spark in local[2], the Spark examples) suites through Maven,
# then a program outside the tree with only the jar on its class path, run by this machine's JVM
# and by an aarch64 JVM under qemu-aarch64 (the same numbers, bit for bit).
# The Java suite runs under -Xcheck:jni; HotSpot only prints what it finds (surefire files it
# as a .dumpstream), so any such report fails the target.
jvm-test: jvm-native arm-jre
	rm -rf $(JVM_DIR)/bayeskit-java/target/surefire-reports
	cd $(JVM_DIR) && $(MVN) $(MVN_FLAGS) verify
	@! grep -h -A3 'in native method' $(JVM_DIR)/bayeskit-java/target/surefire-reports/*.dumpstream 2>/dev/null \
	  || { echo "-Xcheck:jni reported the JNI misuse above"; exit 1; }
	packaging/jvm-consumer-test.sh $(JVM_DIR)/bayeskit-java/target/bayeskit-java-$(VERSION).jar \
	  tests/data/model_v1_dense_k3.bkm $(ARM_JRE)/root

# An aarch64 Java runtime for the consumer test under qemu-aarch64: Debian's arm64 packages,
# downloaded and unpacked into build/ (not installed; .ci/run enables the arm64 architecture).
# Its configuration links point into /etc: they are replaced by the package's own files (the
# one the package lacks, the generated cacerts, is not needed).
ARM_JRE := $(BUILD)/arm-jre
ARM_JRE_DEBS := openjdk-17-jre-headless:arm64 libstdc++6:arm64 libgcc-s1:arm64 zlib1g:arm64
arm-jre: $(ARM_JRE)/root/.unpacked
$(ARM_JRE)/root/.unpacked:
	rm -rf $(ARM_JRE) && mkdir -p $(ARM_JRE)/debs
	cd $(ARM_JRE)/debs && apt-get download $(ARM_JRE_DEBS)
	for d in $(ARM_JRE)/debs/*.deb; do dpkg -x $$d $(ARM_JRE)/root || exit 1; done
	cd $(ARM_JRE)/root && find . -type l -lname '/etc/*' | while read -r l; do \
	  if [ -e ".$$(readlink "$$l")" ]; then cp --remove-destination ".$$(readlink "$$l")" "$$l" || exit 1; fi; done
	touch $@

# JMH: batched and single-row logistic scoring, a Scala conjugate update (not in `make test`),
# after the plain-C baseline of the same logistic scoring (c_bench.c), so JNI overhead is a ratio.
jvm-bench: jvm-native
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -Iinclude $(JVM_DIR)/native/c_bench.c -o $(JVM_BUILD)/c_bench \
	  $(RELDIR)/libbayeskit.a -lm -lpthread -ldl
	$(JVM_BUILD)/c_bench
	cd $(JVM_DIR) && $(MVN) $(MVN_FLAGS) -Pbench -DskipTests verify
	java -jar $(JVM_DIR)/bayeskit-bench/target/benchmarks.jar $(JMH_ARGS)

# Spark in local[2]: bayeskit's aggregator and scoring against plain-Spark baselines, in rows/s
# (not in `make test`). SPARK_BENCH_ARGS="aggRows scoreRows" (default 2000000 1000000).
SPARK_ARGLINE = $(shell sed -n 's:.*<spark.test.argLine>\(.*\)</spark.test.argLine>.*:\1:p' $(JVM_DIR)/pom.xml)
spark-bench: jvm-native
	cd $(JVM_DIR) && $(MVN) $(MVN_FLAGS) -q -pl examples -am -DskipTests package \
	  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
	java $(SPARK_ARGLINE) -cp $(JVM_DIR)/examples/target/classes:$$(cat $(JVM_DIR)/examples/target/classpath.txt) \
	  org.bayeskit.examples.SparkBench $(SPARK_BENCH_ARGS)

clean:
	$(CARGO) clean
	cd $(PY_DIR) && $(CARGO) clean
	rm -rf $(BUILD) $(DIST_DIR) $(JVM_DIR)/target $(JVM_DIR)/*/target

# ---- Fuzzing (not in `make test`; tests/fuzz_corpus.rs replays fuzz/seeds there) ----
# cargo-fuzz drives libFuzzer in-process (10^5-10^6 executions a second on these
# parsers, ASan, and custom mutators: the model and statistics targets recompute
# the CRC after mutating). The toolchain is stable; RUSTC_BOOTSTRAP=1 lets
# cargo-fuzz pass the -Z flags libFuzzer's instrumentation needs. Each target runs
# FUZZ_SECONDS; allocations past 2 GB count as crashes. Logs, with executions
# (stat::number_of_executed_units) and coverage (cov: edges), go to build/fuzz/.
# A crash leaves its input in fuzz/artifacts/<target>: once fixed, add it to
# fuzz/seeds/<target>, so that `make test` replays it from then on.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := model_loader stats_deserializer svmlight phrases counts c_buffers
fuzz:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	@mkdir -p $(BUILD)/fuzz
	cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz build -O
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/corpus/$$t; \
	  echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; \
	  (cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O $$t corpus/$$t seeds/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -rss_limit_mb=2048 -malloc_limit_mb=2048) \
	    > $(BUILD)/fuzz/$$t.log 2>&1 || { tail -40 $(BUILD)/fuzz/$$t.log; \
	    echo "fuzz $$t crashed: the input is in fuzz/artifacts/$$t"; exit 1; }; \
	  grep -E "^#[0-9]+ +DONE|stat::number_of_executed_units" $(BUILD)/fuzz/$$t.log; \
	done

# ---- Python package (bindings/python) ------------------------------------------
# PyO3 over the core (its own Cargo workspace, so the root's cargo commands need no
# Python). The abi3 wheel (CPython >= 3.9) is linked by zig for manylinux2014; a fresh
# virtual environment under build/ installs the wheel and the pinned test dependencies
# (bindings/python/requirements-*.txt), then pytest runs the tests and the doctests of
# the installed package and of docs/python.md. The bit-for-bit tests against the CLI and
# the C API use this workspace's debug builds (the same numbers as release: no fast-math).
PYTHON     ?= python3
PY_DIR     := bindings/python
PY_BUILDENV := $(BUILD)/py-build-venv
PY_VENV    := $(BUILD)/py-venv
PY_WHEELS  := $(BUILD)/wheels
PY_VERSION = $(shell sed -n 's/^version *= *"\([^"]*\)".*/\1/p' $(PY_DIR)/Cargo.toml | head -n 1)

py-lint:
	@test "$(PY_VERSION)" = "$(VERSION)" || { echo "$(PY_DIR)/Cargo.toml version '$(PY_VERSION)' != Cargo.toml version '$(VERSION)'"; exit 1; }
	cd $(PY_DIR) && $(CARGO) fmt --check && $(CARGO) clippy --all-targets -- -D warnings

# The build tools' venv sees the system's packages, so the ziglang that .ci/run installs
# for the prebuilt platforms (same pin) is not downloaded twice; the test venv is fresh.
$(PY_BUILDENV)/.installed: $(PY_DIR)/requirements-build.txt
	rm -rf $(PY_BUILDENV) && $(PYTHON) -m venv --system-site-packages $(PY_BUILDENV)
	$(PY_BUILDENV)/bin/pip install -q --disable-pip-version-check -r $<
	touch $@

py-wheel: $(PY_BUILDENV)/.installed
	rm -rf $(PY_WHEELS)
	$(PY_BUILDENV)/bin/maturin build --release --zig --compatibility manylinux2014 \
	  -m $(PY_DIR)/Cargo.toml -o $(PY_WHEELS)

py-test: py-lint py-wheel lib
	$(CARGO) build -p bayeskit-cli
	rm -rf $(PY_VENV) && $(PYTHON) -m venv $(PY_VENV)
	$(PY_VENV)/bin/pip install -q --disable-pip-version-check $(PY_WHEELS)/bayeskit-*.whl -r $(PY_DIR)/requirements-test.txt
	cd $(PY_DIR) && BAYESKIT_CLI=$(CURDIR)/target/debug/bayeskit BAYESKIT_LIBDIR=$(LIBDIR) BAYESKIT_ROOT=$(CURDIR) \
	  MPLBACKEND=Agg $(CURDIR)/$(PY_VENV)/bin/python -m pytest -q -p no:cacheprovider --import-mode=importlib \
	  tests --doctest-modules --pyargs bayeskit --doctest-glob='python.md' $(CURDIR)/docs/python.md

# The package beyond this machine's CPython: the abi3 wheel on CPython 3.9 (pyenv's or
# python3.9 on PATH; PY39= to name one), and the aarch64 wheel on Debian's arm64 CPython 3.11
# under qemu-aarch64, each printing this machine's numbers bit for bit; the macOS wheels
# inspected (packaging/py-platform-test.sh).
PY39 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.9.*/bin/python3.9) $(shell command -v python3.9))
PY_WHEELS_ARM := $(BUILD)/wheels-aarch64
py-wheel-aarch64: $(PY_BUILDENV)/.installed
	rm -rf $(PY_WHEELS_ARM)
	$(PY_BUILDENV)/bin/maturin build --release --zig --compatibility manylinux2014 \
	  --target aarch64-unknown-linux-gnu -m $(PY_DIR)/Cargo.toml -o $(PY_WHEELS_ARM)

# The macOS wheels (Intel, Apple silicon) cannot run here: they are built and inspected, as
# the macOS libraries are (docs/platforms.md).
PY_WHEELS_MACOS := $(BUILD)/wheels-macos
py-wheel-macos: $(PY_BUILDENV)/.installed
	rm -rf $(PY_WHEELS_MACOS)
	for t in x86_64-apple-darwin aarch64-apple-darwin; do \
	  $(PY_BUILDENV)/bin/maturin build --release --zig --target $$t -m $(PY_DIR)/Cargo.toml -o $(PY_WHEELS_MACOS) || exit 1; done

py-platform-test: py-test py-wheel-aarch64 py-wheel-macos arm-py
	packaging/py-platform-test.sh $(PY_VENV)/bin/python $(wildcard $(PY_WHEELS)/bayeskit-*.whl) \
	  $(wildcard $(PY_WHEELS_ARM)/bayeskit-*.whl) $(ARM_PY)/root $(PY_WHEELS_MACOS) $(BUILD)/py-platform $(PY39)

# Debian's arm64 CPython 3.11 and the libraries numpy's wheels need, downloaded and unpacked
# into build/ (not installed), as the arm JRE above.
ARM_PY := $(BUILD)/arm-py
ARM_PY_DEBS := python3.11-minimal:arm64 libpython3.11-minimal:arm64 libpython3.11-stdlib:arm64 \
  zlib1g:arm64 libffi8:arm64 libexpat1:arm64 libbz2-1.0:arm64 liblzma5:arm64 libcrypt1:arm64 \
  libstdc++6:arm64 libgcc-s1:arm64
arm-py: $(ARM_PY)/root/.unpacked
$(ARM_PY)/root/.unpacked:
	rm -rf $(ARM_PY) && mkdir -p $(ARM_PY)/debs
	cd $(ARM_PY)/debs && apt-get download $(ARM_PY_DEBS)
	for d in $(ARM_PY)/debs/*.deb; do dpkg -x $$d $(ARM_PY)/root || exit 1; done
	touch $@

# predict_proba against scikit-learn's and the Rust batch benchmark's shape, single-row
# overhead, training against saga (not in `make test`; numbers in docs/python.md).
py-bench: py-test
	cd $(PY_DIR) && $(CURDIR)/$(PY_VENV)/bin/python benches/bench.py

#!/usr/bin/env bash
# The prebuilt platforms (docs/platforms.md): build, check and test each one from this
# Linux x86_64 machine.
#
#   platforms.sh list                 the platform names, one per line
#   platforms.sh build PLATFORM       release libraries (C ABI + JNI) into build/platforms/PLATFORM/
#   platforms.sh check PLATFORM       exports == abi/symbols.txt, glibc <= 2.17, SONAME or install
#                                     name, what the library links, the JNI library's exports
#   platforms.sh macos-minimum FILE   the oldest macOS a Mach-O library loads on
#   platforms.sh test PLATFORM        the C test programs (tests/c) and the JNI library's smoke
#                                     test built for PLATFORM and run natively, under qemu-user
#                                     or under wine
#
# build/platforms/PLATFORM/ holds what packaging/install.sh lays out for that platform:
#   lib/   the shared library as cargo names it (libbayeskit.so, libbayeskit.dylib, bayeskit.dll
#          with libbayeskit.dll.a and bayeskit.def, its exports for MSVC's lib.exe) and
#          libbayeskit.a, debug information removed, and
#          native-static-libs: what a static link needs besides libbayeskit.a (from rustc)
#   jni/   the JNI library the jar carries for it (libbayeskit_jni.so, .dylib, bayeskit_jni.dll)
#
# Routes: the Linux and macOS libraries are linked by zig through cargo-zigbuild (glibc 2.17
# symbol versions for the gnu targets, musl dynamically for the musl ones, macOS without an
# SDK); Windows by Debian's mingw-w64, the toolchain Rust's windows-gnu target expects. C code
# (the JNI shim, the tests) is compiled by the same route's C compiler.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$root/build/platforms"
zig=(python3 -m ziglang)
tools="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"
nm="$tools/llvm-nm"
objdump="$tools/llvm-objdump"
strip="$tools/llvm-strip"

PLATFORMS=(linux-x86_64 linux-aarch64 linux-x86_64-musl linux-aarch64-musl macos-x86_64 macos-aarch64 windows-x86_64)

# The Rust target (with cargo-zigbuild's glibc suffix), the C compiler's target, the library files.
describe() {
  case "$1" in
    linux-x86_64)       rust=x86_64-unknown-linux-gnu.2.17;  cc_target=x86_64-linux-gnu.2.17 ;;
    linux-aarch64)      rust=aarch64-unknown-linux-gnu.2.17; cc_target=aarch64-linux-gnu.2.17 ;;
    linux-x86_64-musl)  rust=x86_64-unknown-linux-musl;      cc_target=x86_64-linux-musl ;;
    linux-aarch64-musl) rust=aarch64-unknown-linux-musl;     cc_target=aarch64-linux-musl ;;
    macos-x86_64)       rust=x86_64-apple-darwin;            cc_target=x86_64-macos.10.12 ;;
    macos-aarch64)      rust=aarch64-apple-darwin;           cc_target=aarch64-macos.11.0 ;;
    windows-x86_64)     rust=x86_64-pc-windows-gnu;          cc_target=x86_64-w64-mingw32 ;;
    *) echo "platforms.sh: unknown platform '$1' (one of: ${PLATFORMS[*]})" >&2; exit 2 ;;
  esac
  triple="${rust%.2.17}"
  # The oldest macOS the libraries load on: Rust's defaults for these targets (zig's own
  # default would be the newest macOS), for the C ABI library and the JNI library alike.
  macos_min="${cc_target#*-macos.}"
  case "$1" in
    linux-*)   os=linux;   shared=libbayeskit.so;    jni=libbayeskit_jni.so ;;
    macos-*)   os=macos;   shared=libbayeskit.dylib; jni=libbayeskit_jni.dylib ;;
    windows-*) os=windows; shared=bayeskit.dll;      jni=bayeskit_jni.dll ;;
  esac
  dir="$out/$1"
}

# The C compiler for the platform, as an array: zig cc, or mingw-w64's gcc for Windows.
c_compiler() {
  if [ "$os" = windows ]; then cc=(x86_64-w64-mingw32-gcc); else cc=("${zig[@]}" cc -target "$cc_target"); fi
}

version() { sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$root/Cargo.toml" | head -n 1; }
# The ABI version (docs/abi-policy.md): 0.MINOR before 1.0, MAJOR after.
soversion() { version | awk -F. '{ print ($1 == 0 ? $1 "." $2 : $1) }'; }

# What a build needs, with how to get it (.ci/run installs all of it; docs/platforms.md).
need() { "${@:2}" >/dev/null 2>&1 || { echo "platforms.sh: $1" >&2; exit 1; }; }
preflight() {
  need "LLVM's tools missing: rustup component add llvm-tools" test -x "$nm"
  need "Rust target $triple missing: rustup target add $triple" test -d "$(rustc --print sysroot)/lib/rustlib/$triple"
  if [ "$os" = windows ]; then
    need "mingw-w64 missing: apt-get install mingw-w64" x86_64-w64-mingw32-gcc --version
  else
    need "zig missing: pip install ziglang cargo-zigbuild" "${zig[@]}" version
    need "cargo-zigbuild missing: pip install cargo-zigbuild" cargo-zigbuild --version
  fi
}

build() {
  describe "$1"
  preflight
  local cargo_out="$root/target/$triple/release"
  case "$1" in
    windows-*) cargo build --release -p bayeskit-capi --target "$triple" ;;
    macos-*)
      # zig's Mach-O linker ignores the exported-symbols list rustc gives it, so without LTO
      # every Rust-internal symbol would be exported; fat LTO internalises them first. The
      # install name plays the SONAME's part.
      local var
      var="$(echo "$triple" | tr 'a-z-' 'A-Z_')"
      env CARGO_PROFILE_RELEASE_LTO=fat MACOSX_DEPLOYMENT_TARGET="$macos_min" \
        "CARGO_TARGET_${var}_RUSTFLAGS=-C link-arg=-Wl,-install_name,@rpath/libbayeskit.$(soversion).dylib" \
        cargo zigbuild --release -p bayeskit-capi --target "$rust" ;;
    *) cargo zigbuild --release -p bayeskit-capi --target "$rust" ;;
  esac
  rm -rf "$dir" && mkdir -p "$dir/lib" "$dir/jni"
  cp "$cargo_out/$shared" "$cargo_out/libbayeskit.a" "$dir/lib/"
  "$strip" --strip-debug "$dir/lib/$shared" "$dir/lib/libbayeskit.a"
  if [ "$os" = windows ]; then
    cp "$cargo_out/libbayeskit.dll.a" "$dir/lib/"
    # The DLL's exports as a module-definition file: what MSVC needs to make an import library
    # (`lib /def:bayeskit.def /machine:x64 /out:bayeskit.lib`); MinGW links libbayeskit.dll.a.
    { echo "LIBRARY $shared"; echo "EXPORTS"; exports "$dir/lib/$shared" | sed 's/^/    /'; } > "$dir/lib/bayeskit.def"
  fi
  # What a static link needs besides libbayeskit.a: the standard library's system libraries
  # for this target, as rustc prints them for an empty static library (bayeskit adds none).
  local empty="$root/build/platforms-test/empty"
  mkdir -p "$empty" && : > "$empty/empty.rs"
  rustc --edition 2021 --crate-type staticlib --target "$triple" --print native-static-libs \
    -o "$empty/libempty-$triple.a" "$empty/empty.rs" 2>&1 | sed -n 's/.*native-static-libs: //p' > "$dir/lib/native-static-libs"
  [ -s "$dir/lib/native-static-libs" ] || { echo "platforms.sh: rustc printed no native-static-libs for $triple" >&2; exit 1; }
  build_jni
  echo "built $1: $(du -h "$dir/lib/$shared" | cut -f1) $shared, $(du -h "$dir/jni/$jni" | cut -f1) $jni"
}

# The JNI shim linked with the static library: one library exporting only JNI_OnLoad and Java_*.
build_jni() {
  c_compiler
  local jdk="${JAVA_HOME:?set JAVA_HOME to a JDK}/include" md flags=()
  case "$os" in
    linux)   md="$jdk/linux"
             flags=(-Wl,--version-script="$root/bindings/jvm/native/exports.map" -Wl,-z,defs) ;;
    macos)   md="$jdk/linux" # the same definitions: LP64, default visibility
             flags=(-Wl,-install_name,@rpath/libbayeskit_jni.dylib) ;;
    windows) md="$root/bindings/jvm/native/windows"
             flags=(-static -Wl,--exclude-all-symbols -lpthread) ;;
  esac
  local libs
  libs="$(cat "$dir/lib/native-static-libs")"
  # shellcheck disable=SC2086 # the library list is words
  "${cc[@]}" -std=c11 -O2 -Wall -Wextra -Werror -fvisibility=hidden -shared -I"$root/include" -I"$jdk" -I"$md" \
    "$root/bindings/jvm/native/bayeskit_jni.c" -o "$dir/jni/$jni" "$dir/lib/libbayeskit.a" "${flags[@]}" $libs
  "$strip" --strip-debug "$dir/jni/$jni"
}

# The symbols a library exports, one per line, sorted (no leading underscore on macOS).
exports() {
  case "$os" in
    linux)   "$nm" -D --defined-only "$1" | awk 'NF == 3 { print $3 }' ;;
    macos)   "$objdump" --macho --exports-trie "$1" | awk '$1 ~ /^0x/ { sub(/^_/, "", $2); print $2 }' ;;
    windows) "$objdump" -p "$1" | awk '/^Export Table/ { on = 1; next } on && /^$/ { on = 0 } on && NF >= 3 && $1 ~ /^[0-9]+$/ { print $NF }' ;;
  esac | sort
}

fail() { echo "platforms.sh check $platform: $*" >&2; exit 1; }

# The oldest macOS a Mach-O file loads on: LC_BUILD_VERSION's minos, or LC_VERSION_MIN_MACOSX's
# version (what the linker writes for targets older than 10.14).
macos_minimum() {
  "$objdump" --macho --private-headers "$1" \
    | awk '$1 == "minos" { print $2; exit } /LC_VERSION_MIN_MACOSX/ { m = 1 } m && $1 == "version" { print $2; exit }'
}

check() {
  platform="$1"
  describe "$1"
  local lib="$dir/lib/$shared" soversion
  [ -f "$lib" ] || fail "$lib missing: run 'platforms.sh build $1'"
  soversion="$(soversion)"
  # Exactly the committed C ABI, from the shared library and from the JNI library's view.
  diff -u "$root/abi/symbols.txt" <(exports "$lib" | grep '^bk_') >&2 || fail "exports differ from abi/symbols.txt"
  # zig's Mach-O linker ignores export lists: a macOS library also exports the image's own
  # header symbols and Rust's unwinding personality (the C ABI's and the JNI library's), and
  # the JNI library the bk_* functions it links. Two-level namespaces bind every reference
  # to the image it was linked against, so these cannot clash with another library's.
  local extra='^$' jni_extra='^$' other
  if [ "$os" = macos ]; then
    extra='^(_mh_dylib_header|__dso_handle|rust_eh_personality|_RNvNtCs[A-Za-z0-9_]+_3std9panicking11EMPTY_PANIC)$'
    jni_extra='^(bk_[a-z0-9_]+|_mh_dylib_header|__dso_handle|rust_eh_personality|_RNvNtCs[A-Za-z0-9_]+_3std9panicking11EMPTY_PANIC)$'
  fi
  other="$(exports "$lib" | grep -v '^bk_' | grep -v -E "$extra" || true)"
  [ -z "$other" ] || fail "exports more than bk_*: $(echo "$other" | head -5 | paste -sd' ')"
  other="$(exports "$dir/jni/$jni" | grep -v -E '^(Java_org_bayeskit_Native_|JNI_OnLoad$)' | grep -v -E "$jni_extra" || true)"
  [ -z "$other" ] || fail "$jni exports more than JNI symbols: $(echo "$other" | head -5 | paste -sd' ')"
  exports "$dir/jni/$jni" | grep '^JNI_OnLoad$' >/dev/null || fail "$jni does not export JNI_OnLoad"
  case "$os" in
    linux)
      "$objdump" -p "$lib" | grep "SONAME *libbayeskit.so.$soversion\$" >/dev/null || fail "SONAME is not libbayeskit.so.$soversion"
      local glibc
      for f in "$lib" "$dir/jni/$jni"; do
        glibc="$("$objdump" -T "$f" | { grep -o 'GLIBC_[0-9][0-9.]*' || true; } | sed 's/GLIBC_//' | sort -uV | tail -n 1)"
        if [[ "$1" == *-musl ]]; then
          [ -z "$glibc" ] || fail "$(basename "$f") of a musl build needs GLIBC_$glibc"
          "$objdump" -p "$f" | grep 'NEEDED *libc.so$' >/dev/null || fail "$(basename "$f") does not link musl's libc.so"
        else
          [ -n "$glibc" ] && [ "$(printf '%s\n2.17\n' "$glibc" | sort -V | tail -n 1)" = 2.17 ] \
            || fail "$(basename "$f") needs GLIBC_$glibc, above the 2.17 baseline"
        fi
      done ;;
    macos)
      "$objdump" --macho --dylib-id "$lib" | grep "@rpath/libbayeskit.$soversion.dylib\$" >/dev/null \
        || fail "install name is not @rpath/libbayeskit.$soversion.dylib"
      local linked f minos
      linked="$("$objdump" --macho --dylibs-used "$lib" | tail -n +2 | awk '{ print $1 }' | grep -v -E '^(@rpath/libbayeskit|/usr/lib/libSystem\.B\.dylib|/usr/lib/libiconv\.2\.dylib)' || true)"
      [ -z "$linked" ] || fail "links more than libSystem: $linked"
      for f in "$lib" "$dir/jni/$jni"; do
        minos="$(macos_minimum "$f")"
        [ "$minos" = "$macos_min" ] || fail "$(basename "$f") needs macOS $minos, not $macos_min"
      done ;;
    windows)
      "$nm" "$dir/lib/libbayeskit.dll.a" | grep ' T bk_version$' >/dev/null || fail "libbayeskit.dll.a does not import bk_version"
      local dlls
      dlls="$("$objdump" -p "$lib" "$dir/jni/$jni" | sed -n 's/^ *DLL Name: //p' | sort -u \
              | grep -v -i -E '^(kernel32|ntdll|msvcrt|bcrypt|bcryptprimitives|advapi32|ws2_32|userenv|api-ms-win-[a-z0-9-]+)\.dll$' || true)"
      [ -z "$dlls" ] || fail "needs DLLs Windows does not have: $dlls" ;;
  esac
  echo "checked $1: $(exports "$lib" | grep -c '^bk_') bk_* exports, $(exports "$dir/jni/$jni" | grep -c -E '^(Java_|JNI_OnLoad$)') JNI entry points"
}

# Runs one test program of the platform from the repository's root (the tests read data/);
# the shared library is found by path on Linux, next to the program on Windows.
run() {
  case "$platform" in
    linux-x86_64|linux-x86_64-musl) LD_LIBRARY_PATH="$dir/lib" "$@" ;;
    linux-aarch64)      LD_LIBRARY_PATH="$dir/lib" qemu-aarch64-static -L /usr/aarch64-linux-gnu "$@" ;;
    linux-aarch64-musl) LD_LIBRARY_PATH="$dir/lib" qemu-aarch64-static "$@" ;;
    windows-x86_64)     WINEPREFIX="$root/build/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" wine "$@" ;;
  esac
}

run_tests() {
  platform="$1"
  describe "$1"
  if [ "$os" = macos ]; then
    echo "test $1: cannot run on this machine (see docs/platforms.md for the tests on a Mac)"; return 0
  fi
  c_compiler
  local bin="$root/build/platforms-test/$1" soversion exe=
  soversion="$(soversion)"
  rm -rf "$bin" && mkdir -p "$bin"
  if [ "$os" = linux ]; then
    ln -sf "$shared" "$dir/lib/libbayeskit.so.$soversion"
  else # the DLL and the threads library of mingw-w64's C runtime, where Windows looks first,
    # and wine's missing bcryptprimitives.dll (packaging/wine/bcryptprimitives.c says why)
    exe=.exe
    cp "$dir/lib/$shared" "$(x86_64-w64-mingw32-gcc -print-file-name=libwinpthread-1.dll)" "$bin/"
    x86_64-w64-mingw32-gcc -O2 -shared "$root/packaging/wine/bcryptprimitives.c" -o "$bin/bcryptprimitives.dll" -ladvapi32
  fi
  local t name start ms
  for t in "$root"/tests/c/test_*.c; do
    name="$(basename "$t" .c)"
    "${cc[@]}" -std=c11 -O1 -Wall -Wextra -Werror -I"$root/include" "$t" -o "$bin/$name$exe" \
      -L"$dir/lib" -lbayeskit -lm -pthread
    start=$(date +%s%N)
    echo "== $1 $name"
    (cd "$root" && run "$bin/$name$exe") || { echo "platforms.sh test $1: $name failed" >&2; exit 1; }
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    echo "   $name on $1: $ms ms"
  done
  if [ "$os" = windows ]; then
    # The module-definition file is complete: an import library made from it alone (as MSVC's
    # lib.exe would) links and runs the posterior suite.
    x86_64-w64-mingw32-dlltool -d "$dir/lib/bayeskit.def" -l "$bin/libfromdef.a"
    "${cc[@]}" -std=c11 -O1 -Wall -Wextra -Werror -I"$root/include" "$root/tests/c/test_posterior.c" \
      -o "$bin/test_posterior_def.exe" "$bin/libfromdef.a" -lm -pthread
    echo "== $1 test_posterior linked through bayeskit.def"
    (cd "$root" && run "$bin/test_posterior_def.exe") || { echo "platforms.sh test $1: bayeskit.def is incomplete" >&2; exit 1; }
  fi
  # The JNI library the jar carries for this platform, run without a JVM (no JVM for the
  # emulated platforms here): bindings/jvm/native/jni_smoke.c scores a model through its natives
  # and compares with this platform's C API, both libraries loaded in one process.
  local jdk="${JAVA_HOME:?set JAVA_HOME to a JDK}/include" md dl=
  if [ "$os" = windows ]; then md="$root/bindings/jvm/native/windows"; else md="$jdk/linux" dl=-ldl; fi
  "${cc[@]}" -std=c11 -O1 -Wall -Wextra -Werror -I"$root/include" -I"$jdk" -I"$md" \
    "$root/bindings/jvm/native/jni_smoke.c" -o "$bin/jni_smoke$exe" -L"$dir/lib" -lbayeskit $dl
  echo "== $1 jni_smoke $jni"
  (cd "$root" && run "$bin/jni_smoke$exe" "$dir/jni/$jni" tests/data/model_v1_dense_k3.bkm) \
    || { echo "platforms.sh test $1: the JNI library failed" >&2; exit 1; }
}

case "${1:-}" in
  list) printf '%s\n' "${PLATFORMS[@]}" ;;
  build) build "${2:?platform}" ;;
  check) check "${2:?platform}" ;;
  test) run_tests "${2:?platform}" ;;
  macos-minimum) macos_minimum "${2:?Mach-O file}" ;;
  *) echo "usage: platforms.sh list | build PLATFORM | check PLATFORM | test PLATFORM | macos-minimum FILE" >&2; exit 2 ;;
esac

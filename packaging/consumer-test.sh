#!/usr/bin/env bash
# Builds and runs the consumer projects of packaging/consumer/ against an
# unpacked `make dist` tarball, outside the source tree (a temporary
# directory), as a user would:
#   - CMake, find_package(bayeskit CONFIG): shared (default) and static
#     (COMPONENTS static), and a version the package must refuse;
#   - a Makefile with pkg-config: C++ shared, C++ static, and plain C.
# usage: consumer-test.sh dist/bayeskit-VERSION-linux-ARCH.tar.gz
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
tarball="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
[ -f "$tarball" ] || { echo "consumer-test: $tarball missing (make dist)" >&2; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/bayeskit-consumer.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
tar -C "$tmp" -xzf "$tarball"
prefix="$(echo "$tmp"/bayeskit-*)"
[ -d "$prefix" ] || { echo "consumer-test: the tarball has no bayeskit-* directory" >&2; exit 1; }
# The version series to ask find_package for: the tarball's MAJOR.MINOR.
version="$(basename "$prefix" | sed -n 's/^bayeskit-\([0-9]*\.[0-9]*\)\..*/\1/p')"
cp -r "$here/consumer/cmake" "$tmp/cmake-app"
cp -r "$here/consumer/pkgconfig" "$tmp/pc-app"
# Nothing from the environment may point back at the source tree.
unset CMAKE_PREFIX_PATH PKG_CONFIG_PATH CPATH CPLUS_INCLUDE_PATH LIBRARY_PATH LD_LIBRARY_PATH

pass=0
fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAILED: $1" >&2; fail=$((fail + 1)); }
# The SONAME of the library in the tarball (libbayeskit.so.0.<minor> before 1.0).
needs_so() { readelf -d "$1" | grep -q 'NEEDED.*\[libbayeskit\.so\.[0-9.]*\]'; }

exe=
run_cmake() {  # name, extra cmake arguments...; sets $exe
  local name="$1"; shift
  local build="$tmp/build-$name"
  exe="$build/consumer"
  if ! { cmake -S "$tmp/cmake-app" -B "$build" -DCMAKE_PREFIX_PATH="$prefix" -DBAYESKIT_REQUIRE="$version" "$@" &&
         cmake --build "$build" -j2; } >"$build.log" 2>&1; then
    cat "$build.log" >&2
    return 1
  fi
  "$exe"
}

echo "== CMake consumer, shared (default)"
if run_cmake shared; then
  if needs_so "$exe"; then ok "cmake shared"; else bad "cmake shared: libbayeskit.so.<abi> not NEEDED"; fi
else bad "cmake shared"; fi

echo "== CMake consumer, COMPONENTS static"
if run_cmake static -DUSE_STATIC=ON; then
  if needs_so "$exe"; then bad "cmake static: still needs libbayeskit.so.<abi>"; else ok "cmake static"; fi
else bad "cmake static"; fi

echo "== CMake consumer, BAYESKIT_USE_STATIC=ON"
if run_cmake usestatic -DBAYESKIT_USE_STATIC=ON; then
  if needs_so "$exe"; then bad "cmake BAYESKIT_USE_STATIC: still needs libbayeskit.so.<abi>"; else ok "cmake BAYESKIT_USE_STATIC"; fi
else bad "cmake BAYESKIT_USE_STATIC"; fi

echo "== CMake consumer asking for incompatible versions (must be refused)"
# A later major, and (before 1.0, where every minor may break the ABI) the previous minor.
incompatible="99.0"
case "$version" in 0.[1-9]*) incompatible="$incompatible 0.$(( ${version#0.} - 1 ))" ;; esac
for asked in $incompatible; do
  if cmake -S "$tmp/cmake-app" -B "$tmp/build-badversion-$asked" -DCMAKE_PREFIX_PATH="$prefix" \
       -DBAYESKIT_REQUIRE="$asked" >"$tmp/badversion.log" 2>&1; then
    bad "find_package(bayeskit $asked) succeeded"
  elif grep -q 'not compatible\|no suitable\|version' "$tmp/badversion.log"; then
    ok "find_package(bayeskit $asked) refused"
  else
    cat "$tmp/badversion.log" >&2; bad "find_package(bayeskit $asked) failed for another reason"
  fi
done

echo "== pkg-config consumer (C++ shared, C++ static, C)"
if PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make -s -C "$tmp/pc-app" check; then
  if needs_so "$tmp/pc-app/consumer" && ! needs_so "$tmp/pc-app/consumer-static"; then
    ok "pkg-config"
  else bad "pkg-config: wrong linkage"; fi
else bad "pkg-config"; fi

echo "consumer-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

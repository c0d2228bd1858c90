#!/usr/bin/env bash
# Lays out an installed bayeskit (used by `make install`, `make stage` and `make dist`):
#
#   PREFIX/lib/libbayeskit.so.ABI     (SONAME libbayeskit.so.ABI: 0.MINOR before 1.0, MAJOR after)
#   PREFIX/lib/libbayeskit.so -> libbayeskit.so.ABI
#   PREFIX/lib/libbayeskit.a
#   PREFIX/include/bayeskit.h, PREFIX/include/bayeskit.hpp
#   PREFIX/lib/cmake/bayeskit/bayeskitConfig.cmake, bayeskitConfigVersion.cmake
#   PREFIX/lib/pkgconfig/bayeskit.pc, bayeskit-static.pc
#
# usage: install.sh --from DIR --dest DIR --version X.Y.Z [--prefix P] [--strip]
#   --from     the cargo output directory holding libbayeskit.so and libbayeskit.a
#   --dest     where to write the files (DESTDIR + PREFIX for `make install`)
#   --prefix   the prefix recorded in the .pc files; without it they are
#              relocatable (prefix=${pcfiledir}/../..), as in the tarball
#   --strip    remove debug information from the libraries (the symbols stay)
# The CMake files are always relocatable.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
from= dest= version= prefix= strip=0
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="$2"; shift 2 ;;
    --dest) dest="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --prefix) prefix="$2"; shift 2 ;;
    --strip) strip=1; shift ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$from" ] && [ -n "$dest" ] && [ -n "$version" ] || { echo "usage: install.sh --from DIR --dest DIR --version X.Y.Z [--prefix P] [--strip]" >&2; exit 2; }

major="${version%%.*}"
rest="${version#*.}"
minor="${rest%%.*}"
arch="$(uname -m)"
# The ABI version (docs/abi-policy.md): every 0.x minor may break the ABI.
if [ "$major" = 0 ]; then soversion="0.$minor"; else soversion="$major"; fi
so="libbayeskit.so.$soversion"
# What the Rust standard library needs besides libbayeskit.a
# (`cargo rustc --release -p bayeskit-capi --crate-type staticlib -- --print native-static-libs`).
static_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"
static_libs_cmake="$(echo "$static_libs" | sed 's/-l//g; s/ /;/g')"

for f in "$from/libbayeskit.so" "$from/libbayeskit.a"; do
  [ -f "$f" ] || { echo "install.sh: $f missing (cargo build --release -p bayeskit-capi)" >&2; exit 1; }
done
readelf -d "$from/libbayeskit.so" | grep -q "SONAME.*\[$so\]" || { echo "install.sh: $from/libbayeskit.so lacks SONAME $so" >&2; exit 1; }

mkdir -p "$dest/lib/cmake/bayeskit" "$dest/lib/pkgconfig" "$dest/include"
rm -f "$dest/lib/$so" "$dest/lib/libbayeskit.so" "$dest/lib/libbayeskit.a"
install -m 0755 "$from/libbayeskit.so" "$dest/lib/$so"
ln -s "$so" "$dest/lib/libbayeskit.so"
install -m 0644 "$from/libbayeskit.a" "$dest/lib/libbayeskit.a"
if [ "$strip" = 1 ]; then
  strip --strip-debug "$dest/lib/$so" "$dest/lib/libbayeskit.a"
fi
install -p -m 0644 "$root/include/bayeskit.h" "$dest/include/bayeskit.h"
install -p -m 0644 "$root/bindings/cpp/include/bayeskit.hpp" "$dest/include/bayeskit.hpp"

pc_prefix="${prefix:-\${pcfiledir\}/../..}"
subst() {
  sed -e "s|@VERSION@|$version|g" -e "s|@MAJOR@|$major|g" -e "s|@MINOR@|$minor|g" -e "s|@SOVERSION@|$soversion|g" \
      -e "s|@ARCH@|$arch|g" -e "s|@STATIC_LIBS@|$static_libs|g" \
      -e "s|@STATIC_LIBS_CMAKE@|$static_libs_cmake|g" -e "s|@PC_PREFIX@|$pc_prefix|g" "$1" > "$2"
  chmod 0644 "$2"
}
subst "$here/cmake/bayeskitConfig.cmake.in" "$dest/lib/cmake/bayeskit/bayeskitConfig.cmake"
subst "$here/cmake/bayeskitConfigVersion.cmake.in" "$dest/lib/cmake/bayeskit/bayeskitConfigVersion.cmake"
subst "$here/pkgconfig/bayeskit.pc.in" "$dest/lib/pkgconfig/bayeskit.pc"
subst "$here/pkgconfig/bayeskit-static.pc.in" "$dest/lib/pkgconfig/bayeskit-static.pc"
echo "installed bayeskit $version into $dest"

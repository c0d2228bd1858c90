#!/usr/bin/env bash
# Lays out an installed bayeskit (used by `make install`, `make stage` and `make dist`):
#
#   Linux:   PREFIX/lib/libbayeskit.so.ABI (SONAME libbayeskit.so.ABI: 0.MINOR before 1.0,
#            MAJOR after) and PREFIX/lib/libbayeskit.so -> libbayeskit.so.ABI
#   macOS:   PREFIX/lib/libbayeskit.ABI.dylib (install name @rpath/libbayeskit.ABI.dylib) and
#            PREFIX/lib/libbayeskit.dylib -> libbayeskit.ABI.dylib
#   Windows: PREFIX/bin/bayeskit.dll, its import library PREFIX/lib/libbayeskit.dll.a (MinGW)
#            and its exports PREFIX/lib/bayeskit.def (for MSVC's lib.exe)
#   and on each: PREFIX/lib/libbayeskit.a, PREFIX/include/bayeskit.h, bayeskit.hpp,
#   PREFIX/lib/cmake/bayeskit/bayeskitConfig.cmake, bayeskitConfigVersion.cmake,
#   PREFIX/lib/pkgconfig/bayeskit.pc, bayeskit-static.pc
#
# usage: install.sh --from DIR --dest DIR --version X.Y.Z [--platform P] [--prefix P] [--strip]
#   --from      the directory holding the shared library as cargo names it (libbayeskit.so,
#               libbayeskit.dylib, or bayeskit.dll with libbayeskit.dll.a) and libbayeskit.a
#   --dest      where to write the files (DESTDIR + PREFIX for `make install`)
#   --platform  one of `packaging/platforms.sh list`; default: this machine's linux-ARCH
#               (the system libraries of a static link are then rustc's for this machine)
#   --prefix    the prefix recorded in the .pc files; without it they are
#               relocatable (prefix=${pcfiledir}/../..), as in the tarball
#   --strip     remove debug information from the libraries (the symbols stay)
# The CMake files are always relocatable.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
from= dest= version= prefix= strip=0 platform="linux-$(uname -m)"
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="$2"; shift 2 ;;
    --dest) dest="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --prefix) prefix="$2"; shift 2 ;;
    --platform) platform="$2"; shift 2 ;;
    --strip) strip=1; shift ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$from" ] && [ -n "$dest" ] && [ -n "$version" ] || { echo "usage: install.sh --from DIR --dest DIR --version X.Y.Z [--platform P] [--prefix P] [--strip]" >&2; exit 2; }

major="${version%%.*}"
rest="${version#*.}"
minor="${rest%%.*}"
# The ABI version (docs/abi-policy.md): every 0.x minor may break the ABI.
if [ "$major" = 0 ]; then soversion="0.$minor"; else soversion="$major"; fi
# LLVM's objdump and strip (rustup component llvm-tools) read every platform's format; for this
# machine's own libraries (`make install`) binutils' do as well.
tools="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"
objdump="$tools/llvm-objdump" strip_tool="$tools/llvm-strip"
if [ ! -x "$objdump" ] && [ "$platform" = "linux-$(uname -m)" ]; then objdump=objdump strip_tool=strip; fi
# Per platform: the shared library as cargo writes it, where it is installed, the name a program
# linked against it records (SONAME, install name or DLL name), the development link and the
# import library (Windows).
case "$platform" in
  linux-*)   built=libbayeskit.so;    shared="lib/libbayeskit.so.$soversion"; recorded="libbayeskit.so.$soversion"
             devlink=lib/libbayeskit.so; implib= ;;
  macos-*)   built=libbayeskit.dylib; shared="lib/libbayeskit.$soversion.dylib"; recorded="@rpath/libbayeskit.$soversion.dylib"
             devlink=lib/libbayeskit.dylib; implib= ;;
  windows-*) built=bayeskit.dll;      shared=bin/bayeskit.dll; recorded=bayeskit.dll
             devlink=; implib=lib/libbayeskit.dll.a ;;
  *) echo "install.sh: unknown platform $platform" >&2; exit 2 ;;
esac
# What the Rust standard library needs besides libbayeskit.a: packaging/platforms.sh writes
# rustc's list next to a cross build; this machine's is rustc's for the host
# (`rustc --crate-type staticlib --print native-static-libs`).
if [ -f "$from/native-static-libs" ]; then
  static_libs="$(cat "$from/native-static-libs")"
else
  static_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"
fi
static_libs_cmake="$(echo "$static_libs" | sed 's/-l//g; s/ /;/g')"

for f in "$from/$built" "$from/libbayeskit.a" ${implib:+"$from/$(basename "$implib")"}; do
  [ -f "$f" ] || { echo "install.sh: $f missing (cargo build --release -p bayeskit-capi, or packaging/platforms.sh build)" >&2; exit 1; }
done
case "$platform" in
  linux-*) "$objdump" -p "$from/$built" | grep "SONAME *$recorded\$" >/dev/null \
             || { echo "install.sh: $from/$built lacks SONAME $recorded" >&2; exit 1; } ;;
  macos-*) "$objdump" --macho --dylib-id "$from/$built" | grep "$recorded\$" >/dev/null \
             || { echo "install.sh: $from/$built lacks the install name $recorded" >&2; exit 1; } ;;
esac

mkdir -p "$dest/lib/cmake/bayeskit" "$dest/lib/pkgconfig" "$dest/include" "$(dirname "$dest/$shared")"
rm -f "$dest/$shared" ${devlink:+"$dest/$devlink"} ${implib:+"$dest/$implib"} "$dest/lib/libbayeskit.a"
install -m 0755 "$from/$built" "$dest/$shared"
if [ -n "$devlink" ]; then ln -s "$(basename "$shared")" "$dest/$devlink"; fi
if [ -n "$implib" ]; then
  install -m 0644 "$from/$(basename "$implib")" "$dest/$implib"
  install -m 0644 "$from/bayeskit.def" "$dest/lib/bayeskit.def"
fi
install -m 0644 "$from/libbayeskit.a" "$dest/lib/libbayeskit.a"
if [ "$strip" = 1 ]; then
  "$strip_tool" --strip-debug "$dest/$shared" "$dest/lib/libbayeskit.a"
fi
install -p -m 0644 "$root/include/bayeskit.h" "$dest/include/bayeskit.h"
install -p -m 0644 "$root/bindings/cpp/include/bayeskit.hpp" "$dest/include/bayeskit.hpp"

pc_prefix="${prefix:-\${pcfiledir\}/../..}"
subst() {
  sed -e "s|@VERSION@|$version|g" -e "s|@MAJOR@|$major|g" -e "s|@MINOR@|$minor|g" -e "s|@SOVERSION@|$soversion|g" \
      -e "s|@PLATFORM@|$platform|g" -e "s|@SHARED@|$shared|g" -e "s|@RECORDED@|$recorded|g" -e "s|@IMPLIB@|$implib|g" \
      -e "s|@STATIC_LIBS@|$static_libs|g" \
      -e "s|@STATIC_LIBS_CMAKE@|$static_libs_cmake|g" -e "s|@PC_PREFIX@|$pc_prefix|g" "$1" > "$2"
  chmod 0644 "$2"
}
subst "$here/cmake/bayeskitConfig.cmake.in" "$dest/lib/cmake/bayeskit/bayeskitConfig.cmake"
subst "$here/cmake/bayeskitConfigVersion.cmake.in" "$dest/lib/cmake/bayeskit/bayeskitConfigVersion.cmake"
subst "$here/pkgconfig/bayeskit.pc.in" "$dest/lib/pkgconfig/bayeskit.pc"
subst "$here/pkgconfig/bayeskit-static.pc.in" "$dest/lib/pkgconfig/bayeskit-static.pc"
echo "installed bayeskit $version into $dest"

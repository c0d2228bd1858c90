#!/usr/bin/env bash
# Builds one platform's prebuilt package from its release build (`make dist`, `make stage`):
#   STAGE_PARENT/bayeskit-VERSION-PLATFORM/   the unpacked tree (`make cpp-test` builds against it)
#   OUT_DIR/bayeskit-VERSION-PLATFORM.tar.gz   (.zip for Windows, the convention there)
# usage: dist.sh --from DIR --stage STAGE_DIR --version X.Y.Z --platform P [--out OUT_DIR]
#   --from  the platform's libraries: build/platforms/P/lib (packaging/platforms.sh build P)
# Without --out only the staged tree is made.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
from= stage= version= out= platform=
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="$2"; shift 2 ;;
    --stage) stage="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --platform) platform="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "dist.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$from" ] && [ -n "$stage" ] && [ -n "$version" ] && [ -n "$platform" ] \
  || { echo "usage: dist.sh --from DIR --stage DIR --version X.Y.Z --platform P [--out DIR]" >&2; exit 2; }

major="${version%%.*}"
rest="${version#*.}"
minor="${rest%%.*}"
if [ "$major" = 0 ]; then soversion="0.$minor"; else soversion="$major"; fi
series="$major.$minor"
name="$(basename "$stage")"
arch="${platform#*-}"
arch="${arch%-musl}"
tools="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"
objdump="$tools/llvm-objdump"

rm -rf "$stage"
"$here/install.sh" --from "$from" --dest "$stage" --version "$version" --platform "$platform" --strip >/dev/null
install -m 0644 "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/"
static_libs="$(sed -n 's/^Libs: ${libdir}\/libbayeskit.a //p' "$stage/lib/pkgconfig/bayeskit-static.pc")"
code() { printf '`%s`' "$1"; }
list() { sed 's/.*/`&`/' | paste -sd, - | sed 's/,/, /g'; }

# The blocks of README.dist.md.in that differ by platform.
blocks="$(mktemp -d)"
trap 'rm -rf "$blocks"' EXIT
case "$platform" in
  linux-*)
    so="lib/libbayeskit.so.$soversion"
    cat > "$blocks/CONTENTS" <<EOF
    $so                   shared library (SONAME libbayeskit.so.$soversion)
    lib/libbayeskit.so -> libbayeskit.so.$soversion
EOF
    cat > "$blocks/DIRECT" <<EOF
Directly: \`-I\$DIR/include -L\$DIR/lib -lbayeskit\` (and \`-Wl,-rpath,\$DIR/lib\` or
\`LD_LIBRARY_PATH\` at run time), or \`\$DIR/lib/libbayeskit.a $static_libs\`.
EOF
    needed="$("$objdump" -p "$stage/$so" | awk '$1 == "NEEDED" { print $2 }' | list)"
    if [[ "$platform" == *-musl ]]; then
      cat > "$blocks/REQUIREMENTS" <<EOF
- Linux $arch with musl libc (Alpine Linux, or any distribution built on musl),
  linked dynamically: the library needs $needed, which musl's dynamic loader provides.
- The static library needs musl at link time, plus $static_libs.
EOF
      route="cargo-zigbuild (zig $(python3 -m ziglang version)) for musl"
    else
      glibc="$("$objdump" -T "$stage/$so" | grep -o 'GLIBC_[0-9][0-9.]*' | sort -uV | tail -n1 | sed 's/GLIBC_//')"
      glibc_symbols="$("$objdump" -T "$stage/$so" | awk -v v="GLIBC_$glibc" '$0 ~ v { print $NF }' | sort -u | list)"
      cat > "$blocks/REQUIREMENTS" <<EOF
- Linux $arch with glibc **$glibc** or newer: the highest symbol version
  $(code "$so") needs (\`objdump -T $so\`). Symbols needing it: $glibc_symbols.
- Shared libraries it links: $needed.
- The static library needs the same glibc at link time, plus $static_libs.
EOF
      route="cargo-zigbuild (zig $(python3 -m ziglang version)) against glibc $glibc"
    fi ;;
  macos-*)
    so="lib/libbayeskit.$soversion.dylib"
    cat > "$blocks/CONTENTS" <<EOF
    $so                shared library (install name @rpath/libbayeskit.$soversion.dylib)
    lib/libbayeskit.dylib -> libbayeskit.$soversion.dylib
EOF
    cat > "$blocks/DIRECT" <<EOF
Directly: \`-I\$DIR/include -L\$DIR/lib -lbayeskit -Wl,-rpath,\$DIR/lib\`, or
\`\$DIR/lib/libbayeskit.a $static_libs\`.
EOF
    minos="$("$here/platforms.sh" macos-minimum "$stage/$so")"
    [ -n "$minos" ] || { echo "dist.sh: no minimum macOS version in $so" >&2; exit 1; }
    linked="$("$objdump" --macho --dylibs-used "$stage/$so" | tail -n +2 | awk '{ print $1 }' | grep -v libbayeskit | list)"
    cat > "$blocks/REQUIREMENTS" <<EOF
- macOS **$minos** or newer on $arch (the library's minimum OS version).
- Shared libraries it links: $linked.
- Built on Linux without Apple's tools: not signed. A downloaded archive may be
  quarantined: \`xattr -d com.apple.quarantine lib/*.dylib\` before use.
EOF
    route="cargo-zigbuild (zig $(python3 -m ziglang version)), without an SDK" ;;
  windows-*)
    so="bin/bayeskit.dll"
    cat > "$blocks/CONTENTS" <<EOF
    bin/bayeskit.dll                         shared library (DLL)
    lib/libbayeskit.dll.a                    its import library (MinGW-w64)
    lib/bayeskit.def                         its exports, to make an import library for MSVC
EOF
    cat > "$blocks/DIRECT" <<EOF
Directly (MinGW-w64): \`-I\$DIR/include -L\$DIR/lib -lbayeskit\` links the DLL through its
import library; put \`bin/bayeskit.dll\` next to the program or on \`PATH\`. Statically:
\`\$DIR/lib/libbayeskit.a $static_libs\`. With MSVC, make the import library from the
exports first: \`lib /def:lib\\bayeskit.def /machine:x64 /out:lib\\bayeskit.lib\`, then link
\`bayeskit.lib\` (the C API is plain C; the static library is MinGW's and not for MSVC).
EOF
    dlls="$("$objdump" -p "$stage/$so" | sed -n 's/^ *DLL Name: //p' | sort -u | list)"
    cat > "$blocks/REQUIREMENTS" <<EOF
- 64-bit Windows 10 or newer (Rust's minimum for this target; \`bcryptprimitives.dll\`
  came with Windows 10). The DLL needs only system DLLs: $dlls.
EOF
    route="Debian's mingw-w64 ($(x86_64-w64-mingw32-gcc -dumpversion))" ;;
esac

commit="$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain -- src capi Cargo.toml Cargo.lock include 2>/dev/null)" ]; then
  commit="$commit (with local changes)"
fi
rustc_v="$(rustc --version 2>/dev/null || echo 'rustc (unknown version)')"
build_os="$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-Linux}" || echo Linux)"

sed -e "s|@VERSION@|$version|g" -e "s|@SERIES@|$series|g" -e "s|@PLATFORM@|$platform|g" \
    -e "s|@COMMIT@|$commit|g" -e "s|@RUSTC@|$rustc_v|g" -e "s|@BUILD_OS@|$build_os|g" -e "s|@ROUTE@|$route|g" \
    "$here/README.dist.md.in" \
  | awk -v dir="$blocks" '/^@[A-Z]+@$/ { f = dir "/" substr($0, 2, length($0) - 2); while ((getline l < f) > 0) print l; close(f); next } { print }' \
  > "$stage/README.md"
if grep -q '@[A-Z_]*@' "$stage/README.md"; then
  echo "dist.sh: unsubstituted placeholder in README.md" >&2; exit 1
fi
echo "staged $stage"

if [ -n "$out" ]; then
  mkdir -p "$out"
  # Reproducible archives: sorted names, fixed owner, mtime of the last commit.
  mtime="$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)"
  if [[ "$platform" == windows-* ]]; then
    archive="$out/$name.zip"
    python3 - "$(dirname "$stage")" "$name" "$archive.tmp" "$mtime" <<'EOF'
import os, sys, time, zipfile
parent, name, out, mtime = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
stamp = time.gmtime(max(mtime, 315532800))[:6]  # zip dates start in 1980
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for d, dirs, files in os.walk(os.path.join(parent, name)):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(d, f)
            info = zipfile.ZipInfo(os.path.relpath(path, parent), stamp)
            info.external_attr = (os.stat(path).st_mode & 0o777) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as fh:
                z.writestr(info, fh.read())
EOF
  else
    archive="$out/$name.tar.gz"
    tar -C "$(dirname "$stage")" --sort=name --owner=0 --group=0 --numeric-owner \
        --mtime="@$mtime" -cf - "$name" | gzip -n -6 > "$archive.tmp"
  fi
  mv "$archive.tmp" "$archive"
  echo "wrote $archive ($(du -h "$archive" | cut -f1))"
fi

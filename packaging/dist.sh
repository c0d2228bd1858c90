#!/usr/bin/env bash
# Builds the prebuilt tarball from a release build (`make dist`):
#   STAGE_PARENT/bayeskit-VERSION-linux-ARCH/   the unpacked tree (also used by `make cpp-test`)
#   OUT_DIR/bayeskit-VERSION-linux-ARCH.tar.gz
# usage: dist.sh --from TARGET_RELEASE_DIR --stage STAGE_DIR --version X.Y.Z [--out OUT_DIR]
# Without --out only the staged tree is made.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
from= stage= version= out=
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="$2"; shift 2 ;;
    --stage) stage="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "dist.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$from" ] && [ -n "$stage" ] && [ -n "$version" ] || { echo "usage: dist.sh --from DIR --stage DIR --version X.Y.Z [--out DIR]" >&2; exit 2; }

arch="$(uname -m)"
major="${version%%.*}"
rest="${version#*.}"
minor="${rest%%.*}"
if [ "$major" = 0 ]; then soversion="0.$minor"; else soversion="$major"; fi
series="$major.$minor"
name="$(basename "$stage")"

rm -rf "$stage"
"$here/install.sh" --from "$from" --dest "$stage" --version "$version" --strip >/dev/null
install -m 0644 "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/"

so="$stage/lib/libbayeskit.so.$soversion"
# The highest GLIBC_x.y symbol version the library needs, and which symbols need it.
glibc="$(objdump -T "$so" | grep -o 'GLIBC_[0-9][0-9.]*' | sort -uV | tail -n1 | sed 's/GLIBC_//')"
glibc_symbols="$(objdump -T "$so" | awk -v v="(GLIBC_$glibc)" '$0 ~ v { print "`" $NF "`" }' | sort -u | paste -sd, - | sed 's/,/, /g')"
needed="$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/`\1`/p' | paste -sd, - | sed 's/,/, /g')"
commit="$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain -- src Cargo.toml Cargo.lock include 2>/dev/null)" ]; then
  commit="$commit (with local changes)"
fi
rustc_v="$(rustc --version 2>/dev/null || echo 'rustc (unknown version)')"
build_os="$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-Linux}" || echo Linux)"
build_glibc="$(ldd --version 2>/dev/null | awk 'NR == 1 { print $NF }')"
static_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"

sed -e "s|@VERSION@|$version|g" -e "s|@MAJOR@|$major|g" -e "s|@SOVERSION@|$soversion|g" -e "s|@SERIES@|$series|g" -e "s|@ARCH@|$arch|g" \
    -e "s|@GLIBC@|$glibc|g" -e "s|@GLIBC_SYMBOLS@|$glibc_symbols|g" -e "s|@NEEDED@|$needed|g" \
    -e "s|@COMMIT@|$commit|g" -e "s|@RUSTC@|$rustc_v|g" -e "s|@BUILD_OS@|$build_os|g" \
    -e "s|@BUILD_GLIBC@|$build_glibc|g" -e "s|@STATIC_LIBS@|$static_libs|g" \
    "$here/README.dist.md.in" > "$stage/README.md"
if grep -q '@[A-Z_]*@' "$stage/README.md"; then
  echo "dist.sh: unsubstituted placeholder in README.md" >&2; exit 1
fi
echo "staged $stage (needs glibc >= $glibc)"

if [ -n "$out" ]; then
  mkdir -p "$out"
  tarball="$out/$name.tar.gz"
  # Reproducible archive: sorted names, fixed owner, mtime of the last commit.
  mtime="$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)"
  tar -C "$(dirname "$stage")" --sort=name --owner=0 --group=0 --numeric-owner \
      --mtime="@$mtime" -cf - "$name" | gzip -n -6 > "$tarball.tmp"
  mv "$tarball.tmp" "$tarball"
  echo "wrote $tarball ($(du -h "$tarball" | cut -f1))"
fi

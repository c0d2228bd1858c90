#!/usr/bin/env bash
# The Python package where it is not this machine's CPython (`make py-platform-test`): the
# abi3 wheel installed into a fresh CPython 3.9 environment (the oldest CPython it claims), and
# the aarch64 wheel with its aarch64 numpy, scipy and scikit-learn run by Debian's arm64
# CPython under qemu-aarch64. Each runs bindings/python/tests/platform_numbers.py, which prints
# every number of a run in full, and must print this machine's numbers, bit for bit. The macOS
# wheels cannot run here: each is inspected (its platform tag's macOS is the extension's
# minimum, it links only macOS's own libraries and not libpython, it exports PyInit__native).
# usage: py-platform-test.sh HOST_PYTHON X86_64_WHEEL AARCH64_WHEEL AARCH64_PYTHON_ROOT
#          MACOS_WHEEL_DIR WORKDIR [PYTHON3.9]
set -euo pipefail
host_python="$1" wheel="$2" arm_wheel="$3" arm_root="$(cd "$4" && pwd)" macos_wheels="$5" work="$6" py39="${7:-}"
root="$(cd "$(dirname "$0")/.." && pwd)"
script="$root/bindings/python/tests/platform_numbers.py"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
pip_quiet=(-q --disable-pip-version-check)
# The test pins of what the package imports (bindings/python/requirements-test.txt).
pins() { grep -E "^($(echo "$@" | tr ' ' '|'))==" "$root/bindings/python/requirements-test.txt"; }

"$host_python" "$script" "$root" > "$work/host.txt"
same_numbers() { # label, output file
  head -n 1 "$2"
  diff <(tail -n +2 "$work/host.txt") <(tail -n +2 "$2") \
    || { echo "py-platform-test: $1 printed other numbers than this machine's CPython" >&2; exit 1; }
  echo "$1: the same $(($(wc -l < "$2") - 1)) lines of numbers"
}

if [ -n "$py39" ]; then
  rm -rf "$work/py39" && "$py39" -m venv "$work/py39"
  "$work/py39/bin/pip" install "${pip_quiet[@]}" "$wheel" -r "$root/bindings/python/requirements-py39.txt"
  "$work/py39/bin/python" "$script" "$root" > "$work/py39.txt"
  same_numbers "CPython 3.9" "$work/py39.txt"
else
  echo "py-platform-test: no CPython 3.9 on this machine (set PY39=/path/to/python3.9): its check skipped" >&2
fi

# aarch64: the wheels unpacked for Debian's CPython 3.11 (no pip runs under qemu).
rm -rf "$work/arm-site"
"$host_python" -m pip install "${pip_quiet[@]}" --target "$work/arm-site" --only-binary=:all: \
  --implementation cp --python-version 3.11 --platform manylinux2014_aarch64 \
  --platform manylinux_2_17_aarch64 --platform manylinux_2_28_aarch64 \
  "$arm_wheel" $(pins numpy scipy scikit-learn joblib threadpoolctl narwhals)
LD_LIBRARY_PATH="$arm_root/usr/lib/aarch64-linux-gnu:$arm_root/lib/aarch64-linux-gnu" \
  PYTHONHOME="$arm_root/usr" PYTHONPATH="$work/arm-site" PYTHONNOUSERSITE=1 \
  qemu-aarch64-static -L /usr/aarch64-linux-gnu "$arm_root/usr/bin/python3.11" "$script" "$root" > "$work/arm.txt"
same_numbers "aarch64 CPython under qemu" "$work/arm.txt"

# macOS: the two wheels, inspected with LLVM's tools (they read Mach-O here).
tools="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"
n=0
for w in "$macos_wheels"/bayeskit-*-macosx_*.whl; do
  [ -f "$w" ] || { echo "py-platform-test: no macOS wheel in $macos_wheels" >&2; exit 1; }
  rm -rf "$work/macos" && mkdir -p "$work/macos"
  "$host_python" -m zipfile -e "$w" "$work/macos"
  so="$work/macos/bayeskit/_native.abi3.so"
  name="$(basename "$w")"
  tag="$(echo "$name" | sed -n 's/.*-macosx_\([0-9]*\)_\([0-9]*\)_.*/\1.\2/p')"
  minos="$("$tools/llvm-objdump" --macho --private-headers "$so" \
    | awk '$1 == "minos" { print $2; exit } /LC_VERSION_MIN_MACOSX/ { m = 1 } m && $1 == "version" { print $2; exit }')"
  [ "$minos" = "$tag" ] || { echo "py-platform-test: $name is tagged macOS $tag, its extension needs $minos" >&2; exit 1; }
  # (its own install name is listed too)
  linked="$("$tools/llvm-objdump" --macho --dylibs-used "$so" | tail -n +2 | awk '{ print $1 }' \
    | grep -v -E '^(@rpath/bayeskit\._native\.abi3\.so|/usr/lib/lib(System\.B|iconv\.2|charset\.1)\.dylib)$' || true)"
  [ -z "$linked" ] || { echo "py-platform-test: $name links more than macOS's libraries: $linked" >&2; exit 1; }
  "$tools/llvm-nm" -gU "$so" | grep ' T _PyInit__native$' >/dev/null \
    || { echo "py-platform-test: $name does not export PyInit__native" >&2; exit 1; }
  echo "$name: macOS $minos, links only macOS's libraries, exports PyInit__native"
  n=$((n + 1))
done
[ "$n" = 2 ] || { echo "py-platform-test: $n macOS wheels, not 2" >&2; exit 1; }

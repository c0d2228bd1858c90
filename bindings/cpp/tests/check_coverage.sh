#!/bin/sh
# Keeps the C++ binding in step with the C ABI: every exported bk_* function
# (abi/symbols.txt) must be used by bayeskit.hpp, or be listed, with a reason,
# in bindings/cpp/unwrapped.txt (an entry ending in `*` matches a prefix).
# usage: check_coverage.sh abi/symbols.txt bayeskit.hpp unwrapped.txt
set -eu
symbols="$1" header="$2" allow="$3"
missing=0
for s in $(cat "$symbols"); do
  grep -Eq "(^|[^A-Za-z0-9_])$s([^A-Za-z0-9_]|\$)" "$header" && continue
  listed=0
  while read -r entry _; do
    case "$entry" in
      ''|'#'*) ;;
      *'*') case "$s" in "${entry%\*}"*) listed=1 ;; esac ;;
      *) [ "$entry" = "$s" ] && listed=1 ;;
    esac
  done < "$allow"
  [ "$listed" = 1 ] && continue
  echo "not wrapped by bayeskit.hpp: $s" >&2
  missing=$((missing + 1))
done
if [ "$missing" -gt 0 ]; then
  echo "wrap these in bindings/cpp/include/bayeskit.hpp (with tests), or list them in $allow with a reason" >&2
  exit 1
fi
echo "every exported function is wrapped or listed"

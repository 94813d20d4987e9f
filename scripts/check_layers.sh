#!/usr/bin/env bash
# The include graph has no upward arrow: every "folder/..." include of a source file must name its
# own layer or one the table below allows. Run from anywhere; exit 1 lists every upward include.
# CTest runs it as `layers.no_upward_include` (top-level CMakeLists.txt).
#
# Usage: scripts/check_layers.sh [SOURCE_DIR]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}

# The allowed graph, bottom to top. A file belongs to the longest layer that prefixes its path.
# Its tests (<layer>/tests/) may include what the layer may, plus the last column: the drivers
# and hosts a test runs, which the library itself must never include.
#
# layer        | may include                                                  | its tests also
layers="
abi            | -                                                            | -
base           | -                                                            | -
ndis           | base                                                         | -
abi/host       | abi ndis base                                                | -
ndis_host      | abi ndis base                                                | -
spec           | ndis base                                                    | -
spec/solver    | spec ndis base                                               | formats
spec/inf       | spec ndis base                                               | -
formats        | spec ndis base                                               | -
admin          | formats spec/solver spec ndis base                           | -
hwref          | ndis base                                                    | -
reference      | abi hwref ndis base                                          | abi/host
duts           | abi reference hwref ndis base                                | -
conformance    | abi abi/host formats spec ndis base                          | duts reference hwref
bench          | abi abi/host conformance reference formats spec spec/solver hwref ndis base | -
cli            | abi abi/host bench conformance reference admin formats spec spec/solver spec/inf hwref ndis base | -
fuzz           | abi abi/host conformance reference admin formats spec spec/solver spec/inf hwref ndis base | -
"

# "vmqkit/dut.h" is the ABI (abi/include); other "vmqkit/..." headers are generated (version,
# test paths) and belong to no layer.
grep -rHn --include='*.h' --include='*.cpp' --include='*.c' --exclude-dir=build --exclude-dir=.git \
  --exclude-dir=corpus '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$root" |
  awk -v root="$root/" -v table="$layers" '
    function layer_of(path,    best, name) {
      best = ""
      for (name in allowed) {
        if (index(path, name "/") == 1 && length(name) > length(best)) best = name
      }
      return best
    }
    BEGIN {
      n = split(table, rows, "\n")
      for (i = 1; i <= n; ++i) {
        if (split(rows[i], cols, "|") != 3) continue
        name = cols[1]; gsub(/[[:space:]]/, "", name)
        allowed[name] = " " name " " cols[2] " "
        tests_extra[name] = " " cols[3] " "
      }
    }
    {
      # file:line:#include "x/y.h"
      split($0, parts, ":")
      file = substr(parts[1], length(root) + 1)
      line = parts[2]
      include = $0
      sub(/^[^"]*"/, "", include); sub(/".*$/, "", include)
      if (include !~ /\//) next
      if (include == "vmqkit/dut.h") target = "abi"
      else if (include ~ /^vmqkit\//) next
      else target = layer_of(include)
      if (target == "") next  # a third-party header spelled with quotes
      source = layer_of(file)
      if (source == "") {
        printf "%s:%s: folder is in no layer; add it to scripts/check_layers.sh\n", file, line
        bad = 1
        next
      }
      ok = index(allowed[source], " " target " ") > 0
      if (!ok && file ~ /\/tests\//) ok = index(tests_extra[source], " " target " ") > 0
      if (!ok) {
        printf "%s:%s: layer %s must not include \"%s\" (layer %s)\n", file, line, source,
               include, target
        bad = 1
      }
    }
    END { exit bad }
  '

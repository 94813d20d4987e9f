#!/usr/bin/env bash
# Runs one libFuzzer target for longer than CI does: scripts/fuzz.sh TARGET [SECONDS]
# (TARGET as in fuzz/CMakeLists.txt, e.g. reg_file), built by the `sanitize` preset (clang 14,
# ASan + UBSan, the build CI uses). New inputs go to build/fuzz/corpus-TARGET,
# crashes to build/fuzz/crash-*; copy a crash into fuzz/corpus/TARGET/ and add a unit test for it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-600}
bash scripts/bootstrap.sh
cmake --preset sanitize >/dev/null
cmake --build --preset sanitize --target "${target}_fuzz"
work=build/fuzz/corpus-${target}
mkdir -p "$work"
dict=()
[[ -f fuzz/${target}.dict ]] && dict=(-dict="fuzz/${target}.dict")
exec "build/sanitize/bin/${target}_fuzz" "$work" "fuzz/corpus/${target}" "${dict[@]}" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix=build/fuzz/

#!/usr/bin/env bash
# Builds LM-Predictor with AddressSanitizer and UndefinedBehaviorSanitizer and runs every test suite.
# The test command of README.md and CI.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${LMP_BUILD_DIR:-build-ci}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLMP_SANITIZE=ON -DLMP_BENCHMARKS=ON
cmake --build "$build" --parallel "$(nproc)"
export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)"

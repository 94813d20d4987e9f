# The two commands of the README. Both start from nothing on Debian 12: bootstrap installs what is
# missing, CMake configures and builds, then the main job runs (run) or every test runs (test).
PRESET ?= default

.PHONY: run test test-asan fuzz-smoke clang build bootstrap bench format clean

bootstrap:
	bash scripts/bootstrap.sh

build: bootstrap
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET)

# The main job: the full conformance suite against the built-in reference miniport.
run: build
	./build/$(PRESET)/bin/vmqkit conform

# What CI runs (.ci/run): GCC 12 with warnings as errors, every test.
test: bootstrap
	cmake --preset ci
	cmake --build --preset ci
	ctest --preset ci

# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (a longer, separate job).
test-asan: bootstrap
	cmake --preset asan
	cmake --build --preset asan
	ctest --preset asan

# Every libFuzzer target for VMQKIT_FUZZ_SECONDS (30 s) each, clang 14 with ASan + UBSan.
fuzz-smoke: bootstrap
	cmake --preset fuzz
	cmake --build --preset fuzz
	ctest --preset fuzz-smoke

# The clang 14 build with warnings as errors.
clang: bootstrap
	cmake --preset clang
	cmake --build --preset clang

bench:
	bash scripts/bootstrap.sh --peers
	cmake --preset default
	cmake --build --preset default --target vmq_bench
	./build/default/bin/vmq_bench

format:
	git ls-files '*.h' '*.cpp' | xargs clang-format -i

clean:
	rm -rf build

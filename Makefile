# The two commands of the README. Both start from nothing on Debian 12: bootstrap installs what is
# missing, CMake configures and builds, then the main job runs (run) or every test runs (test).
PRESET ?= default

.PHONY: run test test-asan fuzz-smoke clang build bootstrap bench package format clean

bootstrap:
	bash scripts/bootstrap.sh

build: bootstrap
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET)

# The main job: the full conformance suite against the built-in reference miniport. It builds only
# what it runs: the `vmqkit` command, whose default DUT (the reference miniport) is linked in, so
# no plug-in, test or benchmark is compiled first.
run: bootstrap
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET) --target vmqkit
	./build/$(PRESET)/bin/vmqkit conform

# What CI runs (.ci/run): GCC 12 with warnings as errors and every test; then one clang 14 build
# with ASan + UBSan and warnings as errors that runs the tests again (all but the reference-
# miniport mutant runs and six long runs the GCC half already makes; docs/robustness.md) and every
# libFuzzer target for 20 s (any sanitizer report, crash, timeout
# or leak fails).
test: bootstrap
	cmake --preset ci
	cmake --build --preset ci
	ctest --preset ci
	cmake --preset sanitize
	cmake --build --preset sanitize
	ctest --preset sanitize
	ctest --preset fuzz-smoke

# Every test under ASan + UBSan (clang 14), including the reference-miniport mutant runs and long runs that
# the sanitizer half of `make test` leaves to the GCC half (docs/robustness.md).
test-asan: bootstrap
	cmake --preset sanitize
	cmake --build --preset sanitize
	ctest --preset sanitize-full

# Every libFuzzer target for VMQKIT_FUZZ_SECONDS (20 s) each, from the same sanitizer build.
fuzz-smoke: bootstrap
	cmake --preset sanitize
	cmake --build --preset sanitize
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

# The Debian packages vmqkit_<version>_<arch>.deb and vmqkit-dev_<version>_<arch>.deb in
# build/$(PRESET)/ (cmake/VmqkitPackage.cmake; docs/install.md).
package: build
	cd build/$(PRESET) && cpack -G DEB
	@ls -1 build/$(PRESET)/*.deb

format:
	git ls-files '*.h' '*.cpp' | xargs clang-format -i

clean:
	rm -rf build

# The two commands of the README. Both start from nothing on Debian 12: bootstrap installs what is
# missing, CMake configures and builds, then the main job runs (run) or every test runs (test).
PRESET ?= default
TEST_PRESET ?= ci

.PHONY: run test build bootstrap bench format clean

bootstrap:
	bash scripts/bootstrap.sh

build: bootstrap
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET)

run: build
	./build/$(PRESET)/bin/vmqkit advertise --registry examples/registry/seed-kb.reg --adapter 0007

test: bootstrap
	cmake --preset $(TEST_PRESET)
	cmake --build --preset $(TEST_PRESET)
	ctest --preset $(TEST_PRESET)

bench: PRESET=default
bench:
	bash scripts/bootstrap.sh --peers
	cmake --preset default
	cmake --build --preset default --target vmq_bench
	./build/default/bin/vmq_bench

format:
	git ls-files '*.h' '*.cpp' | xargs clang-format -i

clean:
	rm -rf build

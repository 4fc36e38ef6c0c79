# Eventioz: the two commands of the README, and a few more for developers.
#   make run    install dependencies, build Release, start `eventioz serve` with embedded defaults
#   make test   install dependencies, build Release, ASan+UBSan and fuzzers, run every test
#   make bench  build Release and run the storage, Kafka broker and group/transaction benchmarks
#               (docs/benchmarks.md)
#   make bench-kafka  only the Kafka broker benchmarks (scripts/bench-kafka)

JOBS ?= $(shell nproc)
RELEASE_DIR := build/release
DEBUG_DIR := build/debug
SANITIZE_DIR := build/asan
FUZZ_DIR := build/fuzz
FUZZ_SECONDS ?= 30
CMAKE_COMMON := -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

.PHONY: all deps console build debug asan fuzz run test bench bench-kafka format format-check clean

all: build

deps:
	@scripts/install-deps

# The web console (console/ -> console/dist), embedded into the binary by CMake: built before
# CMake configures or builds.
console: deps
	@scripts/build-console

$(RELEASE_DIR)/build.ninja: CMakeLists.txt | console
	cmake -S . -B $(RELEASE_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release

$(SANITIZE_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(SANITIZE_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug \
	  -DEVENTIOZ_SANITIZE=ON -DEVENTIOZ_BENCHMARKS=OFF

build: deps console $(RELEASE_DIR)/build.ninja
	cmake --build $(RELEASE_DIR) -j $(JOBS)

debug: deps
	cmake -S . -B $(DEBUG_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(DEBUG_DIR) -j $(JOBS)

asan: deps $(SANITIZE_DIR)/build.ninja
	cmake --build $(SANITIZE_DIR) -j $(JOBS)

$(FUZZ_DIR)/build.ninja: CMakeLists.txt
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DEVENTIOZ_FUZZ=ON -DEVENTIOZ_BENCHMARKS=OFF

# Every libFuzzer program, FUZZ_SECONDS each (longer runs: make fuzz FUZZ_SECONDS=600).
fuzz: deps $(FUZZ_DIR)/build.ninja
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzzers
	scripts/run-fuzzers $(FUZZ_DIR) $(FUZZ_SECONDS)

run: build
	$(RELEASE_DIR)/eventioz serve

# Every test: unit and integration tests on the Release build, the unit tests and the bad-input
# test again under AddressSanitizer and UndefinedBehaviorSanitizer, then a short run of every
# fuzzer. The slow tests (label "slow", e.g. kill -9 during production) are included.
test: build asan format-check
	cd $(RELEASE_DIR) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)
	cd $(SANITIZE_DIR) && ctest --output-on-failure -j $(JOBS) -L 'unit|sanitized'

bench: build
	scripts/bench-storage
	scripts/bench-kafka
	scripts/bench-groups

# The broker over loopback with our client and confluent-kafka; compare with ../shared/peers.
bench-kafka: build
	scripts/bench-kafka

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

# Fails when a source file is not clang-formatted (run `make format`).
format-check:
	@git ls-files '*.cc' '*.h' | xargs clang-format --dry-run -Werror \
	  || { echo "format-check: run 'make format'" >&2; exit 1; }
	@echo "format-check: every source file is clang-formatted"

clean:
	rm -rf build

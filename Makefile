# A thin wrapper over CMake presets and the scripts in scripts/.
.PHONY: all run test asan fuzz bench package clean

all:
	cmake --preset dev && cmake --build --preset dev

run:
	scripts/build-and-run

test:
	scripts/build-and-test

asan:
	cmake --preset asan && cmake --build --preset asan && ctest --preset asan

fuzz:
	cmake --preset fuzz && cmake --build --preset fuzz && ctest --preset fuzz

bench: all
	scripts/bench-mock

package: all
	cd build && cpack -G DEB

clean:
	rm -rf build build-ci build-asan build-fuzz

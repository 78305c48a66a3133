#!/bin/bash -eu
# build.sh: builds kmsconform's fuzz targets the OSS-Fuzz way, for ClusterFuzzLite
# (.clusterfuzzlite/Dockerfile), for an OSS-Fuzz project directory (projects/kmsconform/,
# fuzz/README.md) and directly on a developer machine (the fuzz-smoke test
# fuzz_smoke.build_sh runs it so).
#
# Reads the OSS-Fuzz build environment:
#   CC CXX CFLAGS CXXFLAGS   compilers and flags; the sanitizer and coverage flags
#                            (-fsanitize=address,fuzzer-no-link ...) come from here only
#   LIB_FUZZING_ENGINE       how a target gets its main (-fsanitize=fuzzer, or a library path)
#   SRC OUT WORK             sources; where the results go; scratch space (the CMake build)
# Optional: KC_SRC_DIR (the kmsconform checkout; default: $SRC/kmsconform, else the
# directory above this script), KC_BUILD_JOBS (default: nproc).
#
# Writes into $OUT, for every target registered with kc_fuzz_target() in fuzz/CMakeLists.txt
# (read from the build's fuzz_targets.tsv, never a fixed list): the binary <t>,
# <t>_seed_corpus.zip (corpus/<t>/), <t>.options when fuzz/<t>.options exists, <t>.dict when
# fuzz/<t>.dict exists, and every fuzz/*.dict (the .options files name them).
# It never sets KC_FUZZ_FAULT (the mock's fault switch for fuzzing; a default build is clean).

: "${CC:?set CC}" "${CXX:?set CXX}" "${OUT:?set OUT}" "${WORK:?set WORK}"
: "${SRC:=$(pwd)}"
: "${CFLAGS:=}" "${CXXFLAGS:=}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -n "${KC_SRC_DIR:-}" ]; then
  src=$KC_SRC_DIR
elif [ -f "$SRC/kmsconform/fuzz/CMakeLists.txt" ]; then
  src=$SRC/kmsconform
elif [ -f "$here/../fuzz/CMakeLists.txt" ]; then
  src=$(cd "$here/.." && pwd)
elif [ -f "$(pwd)/fuzz/CMakeLists.txt" ]; then
  src=$(pwd)
else
  echo "build.sh: cannot find the kmsconform sources (set KC_SRC_DIR)" >&2
  exit 1
fi
unset KC_FUZZ_FAULT || true
jobs=${KC_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}
build=$WORK/kmsconform-build
mkdir -p "$OUT" "$build"

# Static OpenSSL when its archives exist (the runner image has no libssl3); libstdc++
# statically unless the flags choose libc++ (OSS-Fuzz links its own libc++).
static_link=""
case " $CXXFLAGS " in
  *-stdlib=libc++*) ;;
  *) static_link="-static-libstdc++" ;;
esac
# Not when cpp-httplib is a shared library (Debian's libcpp-httplib.so): it brings the shared
# libssl/libcrypto along, and one process should not carry two copies of OpenSSL.
openssl_static=OFF
httplib_libs=$(pkg-config --libs cpp-httplib 2>/dev/null || true)
case " $httplib_libs " in
  *" -lcpp-httplib "*) openssl_candidates="" ;;
  *) openssl_candidates="${OPENSSL_ROOT_DIR:-} /usr/local/ssl /usr/local /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib" ;;
esac
for d in $openssl_candidates; do
  if [ -n "$d" ] && { [ -f "$d/libcrypto.a" ] || [ -f "$d/lib/libcrypto.a" ] || [ -f "$d/lib64/libcrypto.a" ]; }; then
    openssl_static=ON
    break
  fi
done

echo "build.sh: sources $src, build $build, out $OUT"
echo "build.sh: CC=$CC CXX=$CXX LIB_FUZZING_ENGINE=$LIB_FUZZING_ENGINE static OpenSSL: $openssl_static"

# KC_FUZZ=ON with KC_FUZZ_ENGINE: targets link $LIB_FUZZING_ENGINE and our CMake adds no
# sanitizer flag of its own. No unit tests (no GoogleTest/RapidCheck needed), no benchmarks.
cmake_args=(
  -S "$src" -B "$build"
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX"
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS"
  -DCMAKE_C_FLAGS_RELEASE="" -DCMAKE_CXX_FLAGS_RELEASE=""
  -DCMAKE_EXE_LINKER_FLAGS="$static_link"
  -DKC_FUZZ=ON -DKC_FUZZ_ENGINE="$LIB_FUZZING_ENGINE"
  -DKC_BUILD_TESTS=OFF -DKC_BUILD_BENCH=OFF -DKC_WERROR=OFF
  -DOPENSSL_USE_STATIC_LIBS="$openssl_static"
  # found again each time: a cached libcrypto.so/.a would outlive a change of the choice above
  -U "OPENSSL_*_LIBRARY"
)
if [ -n "${OPENSSL_ROOT_DIR:-}" ]; then
  cmake_args+=(-DOPENSSL_ROOT_DIR="$OPENSSL_ROOT_DIR")
fi
generator=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi
cmake "${generator[@]}" "${cmake_args[@]}"
# Only the fuzz targets and the libraries they link.
cmake --build "$build" --target fuzz_targets -j "$jobs"

manifest=$build/fuzz/fuzz_targets.tsv
if [ ! -s "$manifest" ]; then
  echo "build.sh: no fuzz targets listed in $manifest" >&2
  exit 1
fi

# Dictionaries first: .options files refer to them by name, relative to $OUT.
for d in "$src"/fuzz/*.dict; do
  [ -f "$d" ] && cp "$d" "$OUT/"
done
count=0
while IFS=$'\t' read -r name binary; do
  [ -n "$name" ] || continue
  cp "$binary" "$OUT/$name"
  [ -f "$src/fuzz/$name.options" ] && cp "$src/fuzz/$name.options" "$OUT/$name.options"
  rm -f "$OUT/${name}_seed_corpus.zip"
  if [ -d "$src/corpus/$name" ] && [ -n "$(ls -A "$src/corpus/$name")" ]; then
    (cd "$src/corpus/$name" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
  fi
  count=$((count + 1))
  echo "build.sh: $OUT/$name"
done <"$manifest"
echo "build.sh: $count fuzz targets in $OUT"

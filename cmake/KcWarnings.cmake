# Project-wide compile options. Applied through the kc_options interface target so
# that third-party headers (httplib.h, nlohmann) are not held to our warning set.
add_library(kc_options INTERFACE)
target_compile_options(kc_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
if(KC_WERROR)
  target_compile_options(kc_options INTERFACE -Werror)
endif()
if(KC_SANITIZE)
  target_compile_options(kc_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(kc_options INTERFACE -fsanitize=address,undefined)
endif()
# KC_FUZZ_ENGINE: how fuzz targets get their main, for OSS-Fuzz / ClusterFuzzLite builds
# (.clusterfuzzlite/build.sh passes $LIB_FUZZING_ENGINE, e.g. -fsanitize=fuzzer or the path of
# an engine library). When it is set, the sanitizer and coverage flags come from the caller's
# CFLAGS/CXXFLAGS, not from here. Empty (the fuzz preset): libFuzzer with ASan + UBSan.
set(KC_FUZZ_ENGINE "" CACHE STRING
  "Fuzzing engine link flags for fuzz targets (OSS-Fuzz $LIB_FUZZING_ENGINE); empty: -fsanitize=fuzzer")
if(KC_FUZZ AND KC_FUZZ_ENGINE)
  target_compile_definitions(kc_options INTERFACE KC_FUZZING_BUILD_MODE=1)
elseif(KC_FUZZ)
  # Every library is instrumented for coverage; only fuzz targets link the libFuzzer main.
  target_compile_options(kc_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
    -fno-omit-frame-pointer)
  target_link_options(kc_options INTERFACE -fsanitize=address,undefined)
  target_compile_definitions(kc_options INTERFACE KC_FUZZING_BUILD_MODE=1)
endif()

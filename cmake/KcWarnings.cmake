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
if(KC_FUZZ)
  # Every library is instrumented for coverage; only fuzz targets link the libFuzzer main.
  target_compile_options(kc_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
    -fno-omit-frame-pointer)
  target_link_options(kc_options INTERFACE -fsanitize=address,undefined)
  target_compile_definitions(kc_options INTERFACE KC_FUZZING_BUILD_MODE=1)
endif()

# Dependencies: Debian 12 packages only, found through find_package / pkg-config.
# Nothing is downloaded at build time (scripts/install-deps installs what is missing).
find_package(Threads REQUIRED)
find_package(OpenSSL 3.0 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(PkgConfig REQUIRED)
# cpp-httplib through pkg-config so that its compile definitions (OpenSSL, zlib, brotli
# support) match the packaged shared library: a mismatch changes class layouts.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)
if(KC_BUILD_TESTS)
  find_package(GTest REQUIRED)
  find_package(rapidcheck REQUIRED)
  include(GoogleTest)
endif()
if(KC_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# kc_test(NAME SOURCES ... LIBS ... [LABELS ...])
# One gtest executable; cases are discovered when ctest runs (not at build time), so a
# cross or sanitizer build never executes test binaries while building.
function(kc_test name)
  if(NOT KC_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main kc_options)
  # Tests find their testdata/ beside the source, whichever directory they run from.
  target_compile_definitions(${name} PRIVATE KC_TEST_SRCDIR="${CMAKE_CURRENT_SOURCE_DIR}")
  # One label per test binary (unit by default); a list would be read as more properties.
  set(label unit)
  if(T_LABELS)
    list(GET T_LABELS 0 label)
  endif()
  # Discovered tests are named "<binary>.<Suite>.<Case>", so `ctest -R crypto_test` selects
  # one module's tests.
  gtest_discover_tests(${name}
    TEST_PREFIX "${name}."
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    DISCOVERY_MODE PRE_TEST
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS ${label} ENVIRONMENT "KC_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endfunction()

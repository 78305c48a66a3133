# KcInstall.cmake: `cmake --install BUILD --prefix P` and the Debian package (`cpack -G DEB`).
#   P/bin/kmsconform, P/bin/mock-kms
#   P/share/man/man1/kmsconform.1.gz, mock-kms.1.gz   (generated from their --help)
#   P/share/doc/kmsconform/   README.md, CONTRACT.md (the reports cite it), the licences and
#                             origins of the data compiled in, the deploy examples
#   P/lib/systemd/system/mock-kms.service             (ExecStart under P/bin)
# Two install components: `mock-kms` (what the container image of mock_kms/deploy/ takes)
# and `kmsconform` (the rest). The binaries need nothing else at run time: the contract
# tables, the key-state table and the report templates are compiled in, and the key cache
# lives in $XDG_CACHE_HOME or ~/.cache.
include(GNUInstallDirs)

install(TARGETS kmsconform RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kmsconform)
install(TARGETS mock-kms RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT mock-kms)

# Man pages: run each program with --help once it is built (not when cross-compiling: the
# binaries cannot run here).
option(KC_MAN_PAGES "Generate man pages from --help (runs the built programs)" ON)
if(KC_MAN_PAGES AND NOT CMAKE_CROSSCOMPILING)
  function(kc_man_page program component summary see_also)
    set(page ${CMAKE_BINARY_DIR}/man/${program}.1.gz)
    add_custom_command(
      OUTPUT ${page}
      # Sanitizer builds (asan, fuzz presets) must not fail the build over a leak at exit.
      COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0
              ${CMAKE_COMMAND} -DKC_PROGRAM=$<TARGET_FILE:${program}> -DKC_NAME=${program}
              -DKC_SUMMARY=${summary} -DKC_SEE_ALSO=${see_also} -DKC_OUTPUT=${page}
              -P ${PROJECT_SOURCE_DIR}/cmake/KcManPage.cmake
      DEPENDS ${program} ${PROJECT_SOURCE_DIR}/cmake/KcManPage.cmake
      COMMENT "Writing the man page of ${program} from its --help"
      VERBATIM)
    add_custom_target(${program}-man ALL DEPENDS ${page})
    install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
  endfunction()
  kc_man_page(kmsconform kmsconform
    "conformance and fuzz harness for the AWS KMS key-import contract"
    "mock-kms(1); /usr/share/doc/kmsconform/README.md")
  kc_man_page(mock-kms mock-kms
    "a mock AWS KMS for the key-import contract, usable as a drop-in emulator"
    "kmsconform(1); /usr/share/doc/kmsconform/README.md")
endif()

set(kc_doc ${CMAKE_INSTALL_DOCDIR})
install(FILES README.md harness/contract/CONTRACT.md DESTINATION ${kc_doc} COMPONENT kmsconform)
# The data compiled into the binaries (the API model tables, the rule sources) and the test
# suites the project carries: each with its licence and where it came from.
install(FILES harness/contract/testdata/LICENSE harness/contract/testdata/README.md
        DESTINATION ${kc_doc}/licenses/aws-kms-api-model COMPONENT kmsconform)
install(FILES harness/sigv4/testdata/sigv4/LICENSE harness/sigv4/testdata/sigv4/README.md
        DESTINATION ${kc_doc}/licenses/aws-sigv4-test-suite COMPONENT kmsconform)
install(FILES harness/crypto/testdata/wycheproof/LICENSE harness/crypto/testdata/wycheproof/README.md
        DESTINATION ${kc_doc}/licenses/wycheproof COMPONENT kmsconform)
install(FILES mock_kms/deploy/Dockerfile mock_kms/deploy/docker-compose.yml
              mock_kms/deploy/mock-kms.service mock_kms/deploy/README.md
        DESTINATION ${kc_doc}/examples/mock-kms COMPONENT kmsconform)

# The systemd unit names the installed binary: its ExecStart follows the install prefix
# (read at install time, so the package's /usr and `--prefix P` both come out right).
install(CODE "
  set(prefix \"\${CMAKE_INSTALL_PREFIX}\")
  file(READ \"${PROJECT_SOURCE_DIR}/mock_kms/deploy/mock-kms.service\" unit)
  string(REPLACE \"/usr/bin/mock-kms\" \"\${prefix}/${CMAKE_INSTALL_BINDIR}/mock-kms\" unit \"\${unit}\")
  set(dir \"\$ENV{DESTDIR}\${prefix}/lib/systemd/system\")
  message(STATUS \"Installing: \${dir}/mock-kms.service\")
  file(MAKE_DIRECTORY \"\${dir}\")
  file(WRITE \"\${dir}/mock-kms.service\" \"\${unit}\")
" COMPONENT mock-kms)

# ---- The Debian package: cpack -G DEB (in the build directory) -------------------------
set(CPACK_PACKAGE_NAME kmsconform)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "kmsconform")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "conformance and fuzz harness for the AWS KMS key-import contract, with a mock KMS")
set(KC_PACKAGE_MAINTAINER "kmsconform maintainers <kmsconform@example.invalid>"
    CACHE STRING "The Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${KC_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${KC_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "conformance and fuzz harness for the AWS KMS key-import contract
 kmsconform checks, rule by rule, where a KMS implementation (an emulator such as
 LocalStack, moto or local-kms, or AWS itself) departs from AWS on importing key
 material (GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial),
 with evidence and a shell reproducer per departure. mock-kms is a small, fast
 mock AWS KMS that follows the contract, usable as a drop-in emulator.")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # kmsconform_<version>_<arch>.deb
# Depends: computed by dpkg-shlibdeps (dpkg-dev) from the libraries the binaries link.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The reproducers call the AWS CLI v2, openssl and curl; --clock faketime needs libfaketime.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "awscli, openssl, curl")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libfaketime")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
# `cpack --config CPackSourceConfig.cmake` (or `make package_source`): a source tarball
# without .git or build trees; a build from it says "commit unknown" in --version.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/\\\\.git$" "/build[^/]*/" "/\\\\.cache/"
    "__pycache__" "/reports/[^R][^/]*$")
include(CPack)

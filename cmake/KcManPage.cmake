# KcManPage.cmake: writes a program's man page from its own --help text, so the two cannot
# drift (the page is rebuilt whenever the program is). Run at build time:
#   cmake -DKC_PROGRAM=BINARY -DKC_NAME=NAME -DKC_SUMMARY=TEXT -DKC_SEE_ALSO=TEXT
#         -DKC_OUTPUT=FILE.1.gz -P KcManPage.cmake
# The page has NAME, DESCRIPTION (`NAME --help` verbatim), one section per command listed in
# the help as "  NAME COMMAND ..." (its `NAME COMMAND --help`, verbatim), and SEE ALSO.
# The date is left empty so that a rebuild of the same sources gives the same page.
foreach(var KC_PROGRAM KC_NAME KC_SUMMARY KC_OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "KcManPage.cmake needs -D${var}=...")
  endif()
endforeach()

function(kc_run_help out_var)
  execute_process(COMMAND "${KC_PROGRAM}" ${ARGN}
                  OUTPUT_VARIABLE text ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR text STREQUAL "")
    message(FATAL_ERROR "${KC_NAME} ${ARGN} failed (${rc}): ${err}")
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# kc_roff_verbatim: text as a no-fill block: backslashes escaped, hyphens as minus signs
# (so flags copy and paste), lines that would read as requests protected.
function(kc_roff_verbatim out_var text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} ".nf\n${text}.fi\n" PARENT_SCOPE)
endfunction()

kc_run_help(help --help)
kc_run_help(version --version)
string(STRIP "${version}" version)
string(TOUPPER "${KC_NAME}" title)
string(REPLACE "-" "\\-" name_roff "${KC_NAME}")
string(REPLACE "-" "\\-" summary_roff "${KC_SUMMARY}")

set(page ".\\\" Generated from `${KC_NAME} --help` by cmake/KcManPage.cmake: do not edit.\n")
string(APPEND page ".TH ${title} 1 \"\" \"${version}\" \"User Commands\"\n")
string(APPEND page ".SH NAME\n${name_roff} \\- ${summary_roff}\n")
kc_roff_verbatim(block "${help}")
string(APPEND page ".SH DESCRIPTION\n${block}")

# Commands: lines "  NAME COMMAND ..." of the help.
string(REGEX MATCHALL "\n  ${KC_NAME} +[a-z]+" command_lines "${help}")
set(commands "")
foreach(line IN LISTS command_lines)
  string(REGEX REPLACE ".* ([a-z]+)$" "\\1" command "${line}")
  list(APPEND commands "${command}")
endforeach()
list(REMOVE_DUPLICATES commands)
foreach(command IN LISTS commands)
  kc_run_help(command_help ${command} --help)
  kc_roff_verbatim(block "${command_help}")
  string(APPEND page ".SH \"${name_roff} ${command}\"\n${block}")
endforeach()

if(KC_SEE_ALSO)
  string(REPLACE "-" "\\-" see_also "${KC_SEE_ALSO}")
  string(APPEND page ".SH \"SEE ALSO\"\n${see_also}\n")
endif()

get_filename_component(output_dir "${KC_OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${output_dir}")
string(REGEX REPLACE "\\.gz$" "" plain "${KC_OUTPUT}")
file(WRITE "${plain}" "${page}")
if(KC_OUTPUT MATCHES "\\.gz$")
  find_program(KC_GZIP gzip REQUIRED)
  # -n: no name or time stamp in the header, so the same page gives the same bytes.
  execute_process(COMMAND "${KC_GZIP}" -9 -n -c "${plain}" OUTPUT_FILE "${KC_OUTPUT}"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip ${plain} failed")
  endif()
endif()

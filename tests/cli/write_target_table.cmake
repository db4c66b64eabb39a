# Fixture setup for the calibration and validation table tests: runs
# `calcsim <command> --format markdown --out <dir>/<command>.json` once and
# keeps what it printed and wrote, so the tests that read the table (the JSON:
# test_cli_target_tables.cpp; the markdown: docs.generated_blocks, the blocks
# of docs/CALIBRATION.md and docs/VALIDATION.md) share one run of its
# experiments (minutes of CPU) instead of running them each.
#
#   cmake -DCALCSIM=<binary> -DCOMMAND=calibration|validation -DOUT_DIR=<dir> -P write_target_table.cmake
#
# Writes <dir>/<command>.json (--out), <command>.md (stdout, kept only when the
# exit status is 0: what `calcsim <command> --format markdown` printed),
# <command>.err (stderr) and <command>.exit (the exit status). Removes them
# first, so a failed run never leaves an earlier table behind; fails only when
# the program could not be run or was killed (a non-zero status is for the
# tests to judge).
foreach(var CALCSIM COMMAND OUT_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "write_target_table.cmake: -D${var}=... is required")
  endif()
endforeach()
file(MAKE_DIRECTORY "${OUT_DIR}")
file(REMOVE "${OUT_DIR}/${COMMAND}.json" "${OUT_DIR}/${COMMAND}.md" "${OUT_DIR}/${COMMAND}.err"
     "${OUT_DIR}/${COMMAND}.exit")
execute_process(COMMAND "${CALCSIM}" "${COMMAND}" --format markdown --out "${OUT_DIR}/${COMMAND}.json"
                WORKING_DIRECTORY "${OUT_DIR}"
                OUTPUT_FILE "${OUT_DIR}/${COMMAND}.md"
                ERROR_FILE "${OUT_DIR}/${COMMAND}.err"
                RESULT_VARIABLE status)
if(NOT status MATCHES "^[0-9]+$")
  message(FATAL_ERROR "calcsim ${COMMAND} did not run to an exit status: ${status}")
endif()
if(NOT status EQUAL 0)
  file(REMOVE "${OUT_DIR}/${COMMAND}.md")
endif()
file(WRITE "${OUT_DIR}/${COMMAND}.exit" "${status}\n")
message(STATUS "calcsim ${COMMAND} --format markdown --out ${COMMAND}.json: exit status ${status}")

# Fixture setup for the calibration and validation table tests: runs
# `calcsim <command> --format json` once and keeps what it printed, so the
# tests that read the table share one run of its experiments (minutes of
# CPU) instead of running them each.
#
#   cmake -DCALCSIM=<binary> -DCOMMAND=calibration|validation -DOUT_DIR=<dir> -P write_target_table.cmake
#
# Writes <dir>/<command>.json (stdout), <command>.err (stderr) and
# <command>.exit (the exit status). Removes them first, so a failed run never
# leaves an earlier table behind; fails only when the program could not be
# run or was killed (a non-zero status is for the tests to judge).
foreach(var CALCSIM COMMAND OUT_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "write_target_table.cmake: -D${var}=... is required")
  endif()
endforeach()
file(MAKE_DIRECTORY "${OUT_DIR}")
file(REMOVE "${OUT_DIR}/${COMMAND}.json" "${OUT_DIR}/${COMMAND}.err" "${OUT_DIR}/${COMMAND}.exit")
execute_process(COMMAND "${CALCSIM}" "${COMMAND}" --format json
                OUTPUT_FILE "${OUT_DIR}/${COMMAND}.json"
                ERROR_FILE "${OUT_DIR}/${COMMAND}.err"
                RESULT_VARIABLE status)
if(NOT status MATCHES "^[0-9]+$")
  message(FATAL_ERROR "calcsim ${COMMAND} --format json did not run to an exit status: ${status}")
endif()
file(WRITE "${OUT_DIR}/${COMMAND}.exit" "${status}\n")
message(STATUS "calcsim ${COMMAND} --format json: exit status ${status}")

# Builds the fuzzers' starting corpora at test time (cmake -P), from files of
# the source tree, so that nothing generated is committed:
#   corpus/scenario     every bundled scenario (scenarios/*.yaml) and every
#                       regression input (regressions/scenario/*)
#   corpus/expressions  "NAME=VALUE UNIT" for every registry parameter
#                       (engine/include/calcsim/parameter_list.inc), the
#                       examples of the README's --vary, --at and units, and
#                       regressions/expressions/*
# Arguments: -DSOURCE_DIR=<repository> -DCORPUS_DIR=<build>/tests/fuzz/corpus
# libFuzzer adds what it finds to these directories; they live in the build tree.
file(MAKE_DIRECTORY ${CORPUS_DIR}/scenario ${CORPUS_DIR}/expressions ${CORPUS_DIR}/../artifacts)

file(GLOB scenarios ${SOURCE_DIR}/scenarios/*.yaml ${SOURCE_DIR}/tests/fuzz/regressions/scenario/*)
file(COPY ${scenarios} DESTINATION ${CORPUS_DIR}/scenario)

file(STRINGS ${SOURCE_DIR}/engine/include/calcsim/parameter_list.inc rows REGEX "^X\\(")
set(index 0)
foreach(row IN LISTS rows)
  # X(field, "name", value, "unit", min, max, ...
  if(row MATCHES "^X\\([a-z0-9_]+, \"([^\"]+)\", ([^,]+), \"([^\"]*)\"")
    file(WRITE ${CORPUS_DIR}/expressions/parameter-${index} "${CMAKE_MATCH_1}=${CMAKE_MATCH_2} ${CMAKE_MATCH_3}")
    math(EXPR index "${index} + 1")
  endif()
endforeach()
set(examples "mk7.dose=0..360mcg:9" "mk7.dose=10..1000mcg:7:log" "mk7.dose=0,45,90,180,360mcg"
             "mk7.half_life=24..120h:5" "vitamin_d3.dose=400..4000IU:4" "1y,5y,10y" "30d,6mo" "12h" "07:30"
             "180 mcg" "1000 IU/day" "90 mL/min/1.73m2" "dp_ucmgp,arterial_score" "json")
foreach(example IN LISTS examples)
  file(WRITE ${CORPUS_DIR}/expressions/example-${index} "${example}")
  math(EXPR index "${index} + 1")
endforeach()
file(GLOB expressions ${SOURCE_DIR}/tests/fuzz/regressions/expressions/*)
if(expressions)
  file(COPY ${expressions} DESTINATION ${CORPUS_DIR}/expressions)
endif()
list(LENGTH scenarios scenario_count)
message(STATUS "fuzz corpus: ${scenario_count} scenario seeds, ${index} expression seeds in ${CORPUS_DIR}")

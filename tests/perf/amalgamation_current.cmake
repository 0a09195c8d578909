# amalgamation_current.cmake - the committed perf/tock.h must be exactly what
# perf/amalgamate.sh makes from perf/src/ now: regenerates it into WORK and
# compares byte for byte. On a difference it names the fix.
#
# Invoked as: cmake -DSH=<sh> -DPERF=<perf dir> -DWORK=<dir> -P this-file
foreach(v SH PERF WORK)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "amalgamation_current.cmake: -D${v}=... is required")
  endif()
endforeach()
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${SH}" "${PERF}/amalgamate.sh" "${WORK}/tock.h"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "perf/amalgamate.sh failed (${rc}): ${err}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${WORK}/tock.h" "${PERF}/tock.h"
                RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "perf/tock.h differs from what perf/src/ generates: run "
                      "perf/amalgamate.sh and commit perf/tock.h (never edit it by hand)")
endif()
message("perf/tock.h is current")

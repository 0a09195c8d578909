# cxx_consumer.cmake - tock.h's implementation compiles and runs as C++:
# builds cxx_consumer.cpp with the C++ compiler (-std=c++20, the project's
# warnings as errors, only the generated header's directory added), runs it
# with --quick and checks the run directory has every benchmark.
#
# Invoked as: cmake -DCXX=<c++ compiler> -DSRC=<cxx_consumer.cpp>
#             -DINC=<dir of tock.h> -DWORK=<dir> -P this-file
foreach(v CXX SRC INC WORK)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "cxx_consumer.cmake: -D${v}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(exe "${WORK}/cxx_consumer")
execute_process(
  COMMAND "${CXX}" -x c++ -std=c++20 -O2 -Wall -Wextra -Wpedantic -Werror -Wshadow
          "-I${INC}" "${SRC}" -o "${exe}" -lm -pthread
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("compile: ${CXX} -x c++ -std=c++20 ... -> ${rc}\n${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tock.h does not compile as C++")
endif()
execute_process(COMMAND "${exe}" --quick --out "${WORK}/runs"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("run: cxx_consumer --quick -> ${rc}\n${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cxx_consumer --quick exited ${rc}")
endif()
file(GLOB summaries "${WORK}/runs/*/summary.json")
list(LENGTH summaries n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one run directory, found ${n}")
endif()
file(READ "${summaries}" sj)
foreach(id cxx/empty cxx/vector_sum/16 cxx/vector_sum/64 cxx/vector_sum/256 cxx/std_sort
           cxx/threads)
  if(NOT sj MATCHES "\"id\": \"${id}\"")
    message(FATAL_ERROR "summary.json lacks ${id}")
  endif()
endforeach()
if(NOT sj MATCHES "\"elements\": {\"value\":64,")
  message(FATAL_ERROR "summary.json lacks the counter of cxx/vector_sum/64")
endif()
message("cxx_consumer: ok")

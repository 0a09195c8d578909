# standalone_example.cmake - proves perf/tock.h needs nothing but itself and
# libm: compiles perf/examples/example.c with the bare compiler (no CMake
# target, no include path, no definitions) under the project's warning flags,
# then runs it with --quick into a fresh directory and checks that the run
# directory has a complete manifest and a record for every registration style
# (constructor macros, explicit, batched). It must never pass -I or -D flags.
#
# Invoked as: cmake -DCC=<compiler> -DSRC=<example.c> -DWORK=<dir> -P this-file
foreach(v CC SRC WORK)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "standalone_example.cmake: -D${v}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(exe "${WORK}/example")
execute_process(
  COMMAND "${CC}" -std=c11 -O2 -Wall -Wextra -Wpedantic -Werror -Wshadow
          -Wstrict-prototypes -ffp-contract=off "${SRC}" -o "${exe}" -lm
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("compile: ${CC} -std=c11 ... example.c -lm -> ${rc}\n${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "example.c does not compile standalone")
endif()

execute_process(COMMAND "${exe}" --quick --out "${WORK}/runs"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("run: example --quick -> ${rc}\n${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "example --quick exited ${rc}")
endif()

file(GLOB manifests "${WORK}/runs/*/manifest.json")
list(LENGTH manifests n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one run directory with manifest.json, found ${n}")
endif()
file(READ "${manifests}" m)
if(NOT m MATCHES "\"status\": \"complete\"")
  message(FATAL_ERROR "manifest.json is not complete:\n${m}")
endif()
# constructor-registered (TOCK_BENCH, TOCK_BENCH_WITH), explicit, batched
file(GLOB summaries "${WORK}/runs/*/summary.json")
file(READ "${summaries}" sj)
set(passed 1)
foreach(id overhead/empty_loop example/add_chain example/sum_f64/256 example/dot_f64/4096
           example/insertion_sort/32)
  if(NOT sj MATCHES "\"id\": \"${id}\"")
    message(FATAL_ERROR "summary.json lacks ${id}")
  endif()
  math(EXPR passed "${passed} + 1")
endforeach()
message("${passed} passed, 0 failed")

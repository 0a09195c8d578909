# TockBenchmark.cmake - build identity for programs that measure with tock.h.
#
#   tock_benchmark_definitions(<out-var> [SOURCE_DIR <dir>])
#       sets <out-var> to the compile definitions TOCK_GIT_COMMIT,
#       TOCK_GIT_DIRTY and TOCK_COMPILE_FLAGS for the calling directory: the
#       commit and dirty state of the git checkout at SOURCE_DIR (default
#       PROJECT_SOURCE_DIR) and the compiler, standard, build type, flags and
#       directory compile options. A run then names its directory after that
#       commit and provenance.json records the flags the benchmarks got.
#
#   tock_add_benchmark(<target>)
#       the same definitions added to <target> (PRIVATE), plus the tock::tock
#       include path, for an executable whose one file defines
#       TOCK_IMPLEMENTATION.
#
# Computed at configure time: re-run cmake after a commit to refresh them.
# Generator expressions in compile options cannot be expanded here and are
# left out of the flags string. This file must never add compile options.

function(tock_benchmark_definitions out)
  cmake_parse_arguments(ARG "" "SOURCE_DIR" "" ${ARGN})
  if(NOT ARG_SOURCE_DIR)
    set(ARG_SOURCE_DIR "${PROJECT_SOURCE_DIR}")
  endif()
  set(commit "unknown")
  set(dirty 0)
  find_program(TOCK_GIT_EXECUTABLE git)
  if(TOCK_GIT_EXECUTABLE)
    execute_process(COMMAND ${TOCK_GIT_EXECUTABLE} rev-parse --short=12 HEAD
                    WORKING_DIRECTORY "${ARG_SOURCE_DIR}" RESULT_VARIABLE rc
                    OUTPUT_VARIABLE c OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(rc EQUAL 0 AND c)
      set(commit "${c}")
      execute_process(COMMAND ${TOCK_GIT_EXECUTABLE} status --porcelain --untracked-files=no
                      WORKING_DIRECTORY "${ARG_SOURCE_DIR}" RESULT_VARIABLE rc
                      OUTPUT_VARIABLE st ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(rc EQUAL 0 AND NOT st STREQUAL "")
        set(dirty 1)
      endif()
    endif()
  endif()

  string(TOUPPER "${CMAKE_BUILD_TYPE}" bt)
  get_directory_property(opts COMPILE_OPTIONS)
  list(FILTER opts EXCLUDE REGEX "\\$<")
  string(JOIN " " opts_s ${opts})
  set(std "")
  if(CMAKE_C_STANDARD)
    if(CMAKE_C_EXTENSIONS)
      set(std "-std=gnu${CMAKE_C_STANDARD}")
    else()
      set(std "-std=c${CMAKE_C_STANDARD}")
    endif()
  endif()
  set(flags "${CMAKE_C_COMPILER_ID} ${CMAKE_C_COMPILER_VERSION} (${CMAKE_BUILD_TYPE}): ${std} ${CMAKE_C_FLAGS} ${CMAKE_C_FLAGS_${bt}} ${opts_s}")
  string(REGEX REPLACE "  +" " " flags "${flags}")
  string(STRIP "${flags}" flags)
  string(REPLACE "\\" "\\\\" flags "${flags}")
  string(REPLACE "\"" "\\\"" flags "${flags}")
  set(${out} "TOCK_GIT_COMMIT=\"${commit}\"" "TOCK_GIT_DIRTY=${dirty}"
             "TOCK_COMPILE_FLAGS=\"${flags}\"" PARENT_SCOPE)
endfunction()

function(tock_add_benchmark target)
  tock_benchmark_definitions(defs)
  target_compile_definitions(${target} PRIVATE ${defs})
  target_link_libraries(${target} PRIVATE tock::tock)
endfunction()

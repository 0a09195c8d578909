# consumer.cmake - tock adopted by an outside project, three ways, each
# built and run as that project would:
#   install:       cmake --install of this build tree into WORK/prefix, then
#                  find_package(tock) + tock_add_benchmark() in a fresh
#                  project (a git repository, so the run must be named after
#                  its own commit), and tock-report on the run it wrote;
#   pkg-config:    cc sums.c $(pkg-config --cflags --libs tock);
#   subdirectory:  add_subdirectory(<tock source>) from the same project.
# It must never write outside WORK.
#
# Invoked as: cmake -DBUILD=<tock build dir> -DSRC=<tock source> -DCC=<cc>
#             -DGENERATOR=<generator> -DWORK=<dir> -P this-file
foreach(v BUILD SRC CC GENERATOR WORK)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "consumer.cmake: -D${v}=... is required")
  endif()
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(last_out "${out}" PARENT_SCOPE)
endfunction()

# A finished run directory: the last line "tock: wrote DIR", with a manifest.
function(check_run what out)
  string(REGEX MATCH "tock: wrote ([^\n]+)" m "${out}")
  if(NOT m)
    message(FATAL_ERROR "${what}: no 'tock: wrote' line in:\n${out}")
  endif()
  set(dir "${CMAKE_MATCH_1}")
  foreach(f manifest.json summary.json REPORT.md)
    if(NOT EXISTS "${dir}/${f}")
      message(FATAL_ERROR "${what}: ${dir}/${f} is missing")
    endif()
  endforeach()
  file(READ "${dir}/summary.json" sj)
  foreach(id sums/plain sums/unrolled)
    string(FIND "${sj}" "\"${id}\"" at)
    if(at LESS 0)
      message(FATAL_ERROR "${what}: ${id} missing from ${dir}/summary.json")
    endif()
  endforeach()
  set(run_dir "${dir}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(prefix "${WORK}/prefix")

# --- install + find_package ---------------------------------------------------
run("cmake --install" ${CMAKE_COMMAND} --install "${BUILD}" --prefix "${prefix}")
foreach(f include/tock.h lib/cmake/tock/tockConfig.cmake lib/cmake/tock/TockBenchmark.cmake
          lib/pkgconfig/tock.pc)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "install: ${prefix}/${f} is missing")
  endif()
endforeach()
file(READ "${prefix}/include/tock.h" installed)
file(READ "${SRC}/perf/tock.h" committed)
if(NOT installed STREQUAL committed)
  message(FATAL_ERROR "install: include/tock.h differs from perf/tock.h")
endif()

set(proj "${WORK}/project")
file(COPY "${SRC}/tests/package/consumer/" DESTINATION "${proj}")
find_program(GIT git)
set(commit "unknown")
if(GIT)
  run("git init" ${GIT} -C "${proj}" init -q)
  run("git add" ${GIT} -C "${proj}" add .)
  run("git commit" ${GIT} -C "${proj}" -c user.name=t -c user.email=t@t commit -q -m consumer)
  run("git rev-parse" ${GIT} -C "${proj}" rev-parse --short=12 HEAD)
  string(STRIP "${last_out}" commit)
endif()
run("configure (find_package)" ${CMAKE_COMMAND} -S "${proj}" -B "${WORK}/b-install"
    -G "${GENERATOR}" -DCMAKE_C_COMPILER=${CC} -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_PREFIX_PATH=${prefix}")
run("build (find_package)" ${CMAKE_COMMAND} --build "${WORK}/b-install")
run("run (find_package)" "${WORK}/b-install/sums" --quick --out "${WORK}/runs-install")
check_run("find_package" "${last_out}")
get_filename_component(name "${run_dir}" NAME)
if(NOT name MATCHES "-${commit}$")
  message(FATAL_ERROR "find_package: run ${name} is not named after the project's commit ${commit}")
endif()
if(EXISTS "${prefix}/bin/tock-report")
  run("tock-report" "${prefix}/bin/tock-report" "${run_dir}")
  if(NOT EXISTS "${run_dir}/REPORT.html")
    message(FATAL_ERROR "tock-report wrote no ${run_dir}/REPORT.html")
  endif()
endif()
message("find_package: ok (${name})")

# --- pkg-config ----------------------------------------------------------------
find_program(PKG_CONFIG pkg-config)
if(PKG_CONFIG)
  set(ENV{PKG_CONFIG_PATH} "${prefix}/lib/pkgconfig")
  run("pkg-config" ${PKG_CONFIG} --cflags --libs tock)
  string(STRIP "${last_out}" pc)
  separate_arguments(pc UNIX_COMMAND "${pc}")
  run("cc with pkg-config" ${CC} -std=c11 -O2 -Wall -Wextra -Wpedantic -Werror
      "${proj}/sums.c" -o "${WORK}/sums-pc" ${pc})
  run("run (pkg-config)" "${WORK}/sums-pc" --quick --out "${WORK}/runs-pc")
  check_run("pkg-config" "${last_out}")
  message("pkg-config: ok")
endif()

# --- add_subdirectory ---------------------------------------------------------
run("configure (add_subdirectory)" ${CMAKE_COMMAND} -S "${proj}" -B "${WORK}/b-subdir"
    -G "${GENERATOR}" -DCMAKE_C_COMPILER=${CC} -DCMAKE_BUILD_TYPE=Release
    "-DTOCK_SOURCE_DIR=${SRC}")
run("build (add_subdirectory)" ${CMAKE_COMMAND} --build "${WORK}/b-subdir" --target sums)
run("run (add_subdirectory)" "${WORK}/b-subdir/sums" --quick --out "${WORK}/runs-subdir")
check_run("add_subdirectory" "${last_out}")
message("add_subdirectory: ok")

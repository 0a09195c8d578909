# consumer.cmake - tock adopted by an outside project, three ways, each
# built and run as that project would:
#   install:       cmake --install of this build tree into WORK/prefix, then
#                  find_package(tock) + tock_add_benchmark() in a fresh
#                  project (a git repository, so the run must be named after
#                  its own commit), and tock-report on the run it wrote;
#   outside:       perf/examples/outside, the same way, run, baseline saved,
#                  changed, rebuilt and gated with --baseline;
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

# A finished run directory without the sums check: run_dir in the caller.
function(check_run_dir what out)
  string(REGEX MATCH "tock: wrote ([^\n]+)" m "${out}")
  if(NOT m OR NOT EXISTS "${CMAKE_MATCH_1}/manifest.json")
    message(FATAL_ERROR "${what}: no finished run directory in:\n${out}")
  endif()
  set(run_dir "${CMAKE_MATCH_1}" PARENT_SCOPE)
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

# --- the outside-project example (perf/examples/outside) ------------------------
# Built against the installed package as its own git project, run --quick
# with --save-baseline, then changed, committed, rebuilt and gated with
# --baseline: each run is named after the project's commit, the two builds
# share a fingerprint (no warning), and the gate writes COMPARE.md (its
# verdict is a measurement, so exit 1 is allowed; anything else is not).
set(outside "${WORK}/outside")
file(COPY "${SRC}/perf/examples/outside/" DESTINATION "${outside}")
if(GIT)
  run("git init (outside)" ${GIT} -C "${outside}" init -q)
  run("git add (outside)" ${GIT} -C "${outside}" add .)
  run("git commit (outside)" ${GIT} -C "${outside}" -c user.name=t -c user.email=t@t
      commit -q -m outside)
endif()
run("configure (outside)" ${CMAKE_COMMAND} -S "${outside}" -B "${WORK}/b-outside"
    -G "${GENERATOR}" -DCMAKE_C_COMPILER=${CC} -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_PREFIX_PATH=${prefix}")
run("build (outside)" ${CMAKE_COMMAND} --build "${WORK}/b-outside")
run("run (outside, --save-baseline)" "${WORK}/b-outside/outside" --quick
    --out "${WORK}/outside-runs/runs" --save-baseline before)
foreach(id sort/qsort sort/insertion sum/floats/1024 sum/floats/262144 popcount/fast
           popcount/slow)
  string(FIND "${last_out}" "${id} " at)
  if(at LESS 0)
    message(FATAL_ERROR "outside: no result line for ${id}:\n${last_out}")
  endif()
endforeach()
if(NOT last_out MATCHES "scaling sum/floats: [^\n]+/elem")
  message(FATAL_ERROR "outside: no scaling fit for sum/floats:\n${last_out}")
endif()
if(NOT EXISTS "${WORK}/outside-runs/baselines/before")
  message(FATAL_ERROR "outside: --save-baseline wrote no baselines/before")
endif()
file(APPEND "${outside}/outside.c" "/* a change */\n")
if(GIT)
  run("git commit (outside change)" ${GIT} -C "${outside}" -c user.name=t -c user.email=t@t
      commit -q -am change)
  run("git rev-parse (outside)" ${GIT} -C "${outside}" rev-parse --short=12 HEAD)
  string(STRIP "${last_out}" outside_commit)
  run("reconfigure (outside)" ${CMAKE_COMMAND} "${WORK}/b-outside")
endif()
run("rebuild (outside)" ${CMAKE_COMMAND} --build "${WORK}/b-outside")
execute_process(COMMAND "${WORK}/b-outside/outside" --quick --out "${WORK}/outside-runs/runs"
                        --baseline before
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT (rc EQUAL 0 OR rc EQUAL 1))
  message(FATAL_ERROR "outside --baseline before exited ${rc}:\n${out}\n${err}")
endif()
if(err MATCHES "fingerprint differs")
  message(FATAL_ERROR "outside: two builds of one project differ in fingerprint:\n${err}")
endif()
check_run_dir("outside --baseline" "${out}")
if(NOT EXISTS "${run_dir}/COMPARE.md")
  message(FATAL_ERROR "outside --baseline wrote no ${run_dir}/COMPARE.md")
endif()
get_filename_component(name "${run_dir}" NAME)
if(GIT AND NOT name MATCHES "-${outside_commit}$")
  message(FATAL_ERROR "outside: run ${name} is not named after the changed commit ${outside_commit}")
endif()
message("outside: ok (${name}, gate exit ${rc})")

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

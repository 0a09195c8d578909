# run_fuzz.cmake - one bounded, seeded libFuzzer session of the baseline
# reader: -DFUZZER=exe -DSEEDS=dir -DWORK=dir [-DRUNS=100000] [-DSEED=20261202]
# [-DSECONDS=60]. The same seed and run count replay the same inputs (the
# corpus starts empty each time); SECONDS only caps a slow machine. New
# inputs go to WORK/corpus (never into the source tree); the seeds are read
# only.
if(NOT RUNS)
  set(RUNS 100000)
endif()
if(NOT SEED)
  set(SEED 20261202)
endif()
if(NOT SECONDS)
  set(SECONDS 60)
endif()
file(REMOVE_RECURSE ${WORK}/corpus)
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
execute_process(COMMAND ${FUZZER} -seed=${SEED} -runs=${RUNS} -max_total_time=${SECONDS}
                        -rss_limit_mb=2048 -max_len=4096 -artifact_prefix=${WORK}/artifacts/
                        ${WORK}/corpus ${SEEDS}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz_baseline failed (exit ${rc}, -seed=${SEED}); crashing inputs in "
                      "${WORK}/artifacts")
endif()
message("fuzz_baseline: ${RUNS} inputs (seed ${SEED}) without a failure")

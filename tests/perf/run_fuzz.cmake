# run_fuzz.cmake - one bounded libFuzzer session of the baseline reader.
# -DFUZZER=exe -DSEEDS=dir -DWORK=dir [-DSECONDS=20]. New inputs go to
# WORK/corpus (never into the source tree); the seeds are read only.
if(NOT SECONDS)
  set(SECONDS 20)
endif()
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
execute_process(COMMAND ${FUZZER} -max_total_time=${SECONDS} -rss_limit_mb=2048
                        -max_len=4096 -artifact_prefix=${WORK}/artifacts/
                        ${WORK}/corpus ${SEEDS}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz_baseline failed (exit ${rc}); crashing inputs in ${WORK}/artifacts")
endif()
message("fuzz_baseline: ${SECONDS} s without a failure")

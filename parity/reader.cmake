# tock_parity_reader: tock-parity's hash-file reader and writer (golden.c,
# json.c, the case list, sys.c) on the shared utility layer (tock_util),
# without the kernels, the matrix or xxHash. parity/CMakeLists.txt builds
# tock-parity on it; tests/parity includes this file directly when the parity
# runner is not built (sanitizer builds), so the reader's fuzz test can run
# there too.
if(NOT TARGET tock_parity_reader)
  set(TPAR_READER_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/runner/sys.c ${CMAKE_CURRENT_LIST_DIR}/runner/json.c
    ${CMAKE_CURRENT_LIST_DIR}/runner/golden.c ${CMAKE_CURRENT_LIST_DIR}/runner/caseset.c)
  add_library(tock_parity_reader STATIC ${TPAR_READER_SOURCES})
  # parity.h includes ht_isa.h (types only: nothing of ht is linked)
  target_include_directories(tock_parity_reader PUBLIC ${CMAKE_CURRENT_LIST_DIR}/runner
                             ${PROJECT_SOURCE_DIR}/core/include)
  target_compile_definitions(tock_parity_reader PUBLIC _POSIX_C_SOURCE=200809L)
  target_link_libraries(tock_parity_reader PUBLIC tock_util)
endif()

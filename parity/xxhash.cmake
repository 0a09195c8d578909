# parity/xxhash.cmake: the target tock_xxhash, the XXH3-128 hashing of the
# case runner (tock-parity-cases). A native build links Debian's libxxhash
# (libxxhash-dev). A cross build (cmake/toolchains/: aarch64, riscv64, i386)
# has no libxxhash for its target, so it uses xxhash.h header-only
# (XXH_INLINE_ALL: the whole implementation is static inline in the header,
# the same code, the same hashes): the host's header is copied into this build
# tree, so that the target's include path never gains the host's /usr/include.
if(TARGET tock_xxhash)
  return()
endif()
add_library(tock_xxhash INTERFACE)
if(NOT CMAKE_CROSSCOMPILING)
  pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
  target_link_libraries(tock_xxhash INTERFACE PkgConfig::XXHASH)
  return()
endif()
find_file(TOCK_XXHASH_HEADER xxhash.h PATHS /usr/include /usr/local/include
          NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT TOCK_XXHASH_HEADER)
  message(FATAL_ERROR "parity: xxhash.h not found in /usr/include or /usr/local/include: a "
                      "cross build of tock-parity-cases uses the host's header alone "
                      "(Debian package libxxhash-dev)")
endif()
file(COPY ${TOCK_XXHASH_HEADER} DESTINATION ${CMAKE_BINARY_DIR}/tock-xxhash)
target_include_directories(tock_xxhash SYSTEM INTERFACE ${CMAKE_BINARY_DIR}/tock-xxhash)
target_compile_definitions(tock_xxhash INTERFACE XXH_INLINE_ALL)

# install.cmake - what `cmake --install` puts in place for another project:
#   include/tock.h                         the single header (generated)
#   bin/tock-report                        reports, exports, the README table
#   lib/cmake/tock/tockConfig.cmake        find_package(tock) -> tock::tock,
#     tockConfigVersion.cmake, tockTargets.cmake, TockBenchmark.cmake
#                                          (tock_add_benchmark, build identity)
#   lib/pkgconfig/tock.pc                  pkg-config --cflags --libs tock
# The package never imposes warning flags or a build type on its consumer:
# tock::tock carries only an include path and libm.
include(CMakePackageConfigHelpers)

install(FILES ${TOCK_GENERATED_HEADER} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS tock EXPORT tockTargets)
if(TARGET tock-report)
  install(TARGETS tock-report RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

set(_tock_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/tock)
install(EXPORT tockTargets NAMESPACE tock:: DESTINATION ${_tock_cmake_dir})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/tockConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/tockConfig.cmake INSTALL_DESTINATION ${_tock_cmake_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/tockConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/tockConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/tockConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/TockBenchmark.cmake
        DESTINATION ${_tock_cmake_dir})

# pkg-config: the include directory relative to the prefix, so a relocated
# install still works (pcfiledir is where the .pc file lies).
file(RELATIVE_PATH _tock_pc_to_prefix
     ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(${CMAKE_CURRENT_LIST_DIR}/tock.pc.in ${CMAKE_CURRENT_BINARY_DIR}/tock.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/tock.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

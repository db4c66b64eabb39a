# Installs the engine library, its headers, the command-line program and the
# bundled scenarios, and exports calcsim::engine for find_package(calcsim CONFIG).
include(CMakePackageConfigHelpers)

install(TARGETS calcsim_engine EXPORT calcsimTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS calcsim_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY engine/include/calcsim DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.inc")
install(FILES ${PROJECT_BINARY_DIR}/engine/include/calcsim/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/calcsim)
install(DIRECTORY scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/calcsim/scenarios
        FILES_MATCHING PATTERN "*.yaml")
install(FILES data/posterior.json DESTINATION ${CMAKE_INSTALL_DATADIR}/calcsim OPTIONAL)

set(calcsim_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/calcsim)
install(EXPORT calcsimTargets NAMESPACE calcsim:: DESTINATION ${calcsim_cmake_dir})
configure_package_config_file(cmake/calcsimConfig.cmake.in
  ${PROJECT_BINARY_DIR}/calcsimConfig.cmake INSTALL_DESTINATION ${calcsim_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/calcsimConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/calcsimConfig.cmake ${PROJECT_BINARY_DIR}/calcsimConfigVersion.cmake
        DESTINATION ${calcsim_cmake_dir})

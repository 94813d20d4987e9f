# `cmake --install`: what a user of vmqkit gets (docs/install.md). Two components, one Debian
# package each (cmake/VmqkitPackage.cmake):
#   runtime (vmqkit)    bin/vmqkit, bin/vmq_bench (when built), the reference and minimal DUT
#                       plug-ins in lib/vmqkit/, the ABI header include/vmqkit/dut.h, the CMake
#                       package with the header-only vmqkit::dut, vmqkit-dut.pc, the man page and
#                       the bash/zsh completions written by `vmqkit generate-docs`
#   dev (vmqkit-dev)    the static libraries for embedding the suite, their headers under
#                       include/vmqkit/<folder>/, their CMake targets, vmqkit.pc
include(CMakePackageConfigHelpers)
set(vmqkit_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/vmqkit)
set(vmqkit_pkgconfig_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# --- runtime --------------------------------------------------------------------------------
install(TARGETS vmqkit RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
if(TARGET vmq_bench)
  install(TARGETS vmq_bench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
endif()
install(TARGETS vmqkit_reference_dut vmqkit_minimal_dut_plugin
        LIBRARY DESTINATION ${VMQKIT_PLUGIN_INSTALL_DIR} COMPONENT runtime)
# Plug-in authors include "vmqkit/dut.h"; vmqkit::dut's include directory is include/.
install(FILES ${PROJECT_SOURCE_DIR}/abi/include/vmqkit/dut.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/vmqkit COMPONENT runtime)
install(TARGETS vmqkit_dut EXPORT vmqkitDutTargets COMPONENT runtime)
install(EXPORT vmqkitDutTargets NAMESPACE vmqkit:: DESTINATION ${vmqkit_cmake_dir}
        COMPONENT runtime)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/vmqkitConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/package/vmqkitConfig.cmake
                              INSTALL_DESTINATION ${vmqkit_cmake_dir}
                              PATH_VARS CMAKE_INSTALL_BINDIR VMQKIT_PLUGIN_INSTALL_DIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/vmqkitConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/package/vmqkitConfig.cmake
              ${PROJECT_BINARY_DIR}/package/vmqkitConfigVersion.cmake
        DESTINATION ${vmqkit_cmake_dir} COMPONENT runtime)
# pkg-config files find their prefix from where they lie (relocatable, as the .deb needs).
file(RELATIVE_PATH VMQKIT_PC_PREFIX_FROM_PC /prefix/${vmqkit_pkgconfig_dir} /prefix)
string(REGEX REPLACE "/$" "" VMQKIT_PC_PREFIX_FROM_PC "${VMQKIT_PC_PREFIX_FROM_PC}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/vmqkit-dut.pc.in ${PROJECT_BINARY_DIR}/package/vmqkit-dut.pc
               @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/package/vmqkit-dut.pc DESTINATION ${vmqkit_pkgconfig_dir}
        COMPONENT runtime)
install(FILES ${VMQKIT_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
install(FILES ${VMQKIT_BASH_COMPLETION}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT runtime)
install(FILES ${VMQKIT_ZSH_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
        COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/docs/install.md ${PROJECT_SOURCE_DIR}/docs/conformance.md
              ${PROJECT_SOURCE_DIR}/docs/dut-abi.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ci DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
        COMPONENT runtime)

# --- dev: the libraries for embedding ---------------------------------------------------------
set(vmqkit_embedding_targets vmqkit_conformance vmqkit_formats vmqkit_spec vmqkit_dut_host
                             vmqkit_reference vmqkit_hwref vmqkit_ndis vmqkit_base)
set(VMQKIT_PC_LIBS "")
foreach(target IN LISTS vmqkit_embedding_targets)
  string(REPLACE "vmqkit_" "" export_name "${target}")
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  string(APPEND VMQKIT_PC_LIBS " -l${target}")
endforeach()
string(STRIP "${VMQKIT_PC_LIBS}" VMQKIT_PC_LIBS)
install(TARGETS ${vmqkit_embedding_targets} EXPORT vmqkitTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
foreach(folder IN ITEMS base ndis spec formats conformance abi/host reference hwref)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${folder}/
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/vmqkit/${folder} COMPONENT dev
          FILES_MATCHING PATTERN "*.h" PATTERN "tests" EXCLUDE PATTERN "solver" EXCLUDE
          PATTERN "inf" EXCLUDE PATTERN "checks" EXCLUDE PATTERN "cmake" EXCLUDE)
endforeach()
install(EXPORT vmqkitTargets NAMESPACE vmqkit:: DESTINATION ${vmqkit_cmake_dir} COMPONENT dev)
configure_file(${PROJECT_SOURCE_DIR}/cmake/vmqkit.pc.in ${PROJECT_BINARY_DIR}/package/vmqkit.pc
               @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/package/vmqkit.pc DESTINATION ${vmqkit_pkgconfig_dir}
        COMPONENT dev)

# --- the NDIS host (ndis_host/), when it is in the tree --------------------------------------------
# vmqkit::ndis_host and vmqkit_add_ndis_miniport (vmqkitConfig.cmake includes the module when it is
# installed): a vendor builds an unmodified NDIS miniport into a plug-in against the package.
if(TARGET vmqkit_ndis_host AND EXISTS ${PROJECT_SOURCE_DIR}/cmake/VmqkitNdisMiniport.cmake)
  set_target_properties(vmqkit_ndis_host PROPERTIES EXPORT_NAME ndis_host)
  target_include_directories(vmqkit_ndis_host SYSTEM PUBLIC
                             $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/vmqkit/ndis_host>)
  install(TARGETS vmqkit_ndis_host EXPORT vmqkitTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          COMPONENT dev)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/ndis_host/include/
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/vmqkit/ndis_host COMPONENT dev)
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/VmqkitNdisMiniport.cmake
          DESTINATION ${vmqkit_cmake_dir} COMPONENT dev)
endif()

# CTest label `package`: the installed vmqkit works as a user gets it (issue 22). Off with
# -DVMQKIT_PACKAGE_TESTS=OFF (the sanitize preset: these test packaging, not memory safety).
#   package.install                 cmake --install into a scratch prefix; the layout a user gets
#   package.minimal_dut_out_of_tree examples/minimal-dut configured with -DCMAKE_PREFIX_PATH=<prefix>,
#                                   built, and passed by the installed `vmqkit conform --dut`
#   package.ndis_miniport_out_of_tree  the project's NDIS miniport (examples/ndis-miniport) built
#                                   out of tree by the installed vmqkit_add_ndis_miniport, passing
#                                   the installed `vmqkit conform`
#   package.pkg_config              a C file compiled with `pkg-config --cflags vmqkit-dut`
#   package.deb                     cpack builds the .debs; dpkg -c lists them; dpkg -x into a
#                                   scratch root, whose vmqkit runs --version and conform
#   package.ci_templates            examples/ci/ parse, have their CI system's shape, and their
#                                   conform step runs as written
set(vmqkit_package_scratch ${PROJECT_BINARY_DIR}/package-tests)
set(vmqkit_package_prefix ${vmqkit_package_scratch}/prefix)

add_test(NAME package.install
         COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DPREFIX=${vmqkit_package_prefix}
                 -DSTEP=install -P ${PROJECT_SOURCE_DIR}/cmake/package_tests/package_test.cmake)
set_tests_properties(package.install PROPERTIES FIXTURES_SETUP vmqkit_prefix)

add_test(NAME package.minimal_dut_out_of_tree
         COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DPREFIX=${vmqkit_package_prefix}
                 -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DSCRATCH=${vmqkit_package_scratch}/minimal-dut
                 -DSTEP=out_of_tree -P ${PROJECT_SOURCE_DIR}/cmake/package_tests/package_test.cmake)
add_test(NAME package.ndis_miniport_out_of_tree
         COMMAND ${CMAKE_COMMAND} -DPREFIX=${vmqkit_package_prefix} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
                 -DSCRATCH=${vmqkit_package_scratch}/ndis-miniport -DSTEP=ndis_out_of_tree
                 -P ${PROJECT_SOURCE_DIR}/cmake/package_tests/package_test.cmake)
add_test(NAME package.pkg_config
         COMMAND ${CMAKE_COMMAND} -DPREFIX=${vmqkit_package_prefix}
                 -DSCRATCH=${vmqkit_package_scratch}/pkg-config -DCC=${CMAKE_C_COMPILER}
                 -DSTEP=pkg_config -P ${PROJECT_SOURCE_DIR}/cmake/package_tests/package_test.cmake)
set_tests_properties(package.minimal_dut_out_of_tree package.ndis_miniport_out_of_tree
                     package.pkg_config PROPERTIES FIXTURES_REQUIRED vmqkit_prefix)

add_test(NAME package.deb
         COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DSCRATCH=${vmqkit_package_scratch}/deb
                 -DVERSION=${PROJECT_VERSION} -DCPACK=${CMAKE_CPACK_COMMAND}
                 -DSTEP=deb -P ${PROJECT_SOURCE_DIR}/cmake/package_tests/package_test.cmake)

find_program(VMQKIT_SYSTEM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
add_test(NAME package.ci_templates
         COMMAND ${VMQKIT_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/cmake/package_tests/check_ci_templates.py
                 ${PROJECT_SOURCE_DIR}/examples/ci $<TARGET_FILE:vmqkit>
                 $<TARGET_FILE:vmqkit_minimal_dut_plugin> ${vmqkit_package_scratch}/ci)

set_tests_properties(package.install package.minimal_dut_out_of_tree package.ndis_miniport_out_of_tree
                     package.pkg_config package.deb package.ci_templates
                     PROPERTIES LABELS package TIMEOUT 300)

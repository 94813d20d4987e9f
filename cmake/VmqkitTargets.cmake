# Shared target settings, so every library, tool and test is built the same way.

function(vmqkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor)
  if(VMQKIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # GCC 12 reports array-bounds/stringop-overflow inside std::string for correct code (GCC bugs
      # 105651, 107138); they stay visible as warnings but do not fail the build.
      target_compile_options(${target} PRIVATE -Wno-error=array-bounds -Wno-error=stringop-overflow
                                               -Wno-error=restrict)
    endif()
  endif()
endfunction()

# vmqkit_library(NAME folder SOURCES ... DEPS ...): vmqkit::<name>, headers included as "folder/x.h".
function(vmqkit_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(vmqkit_${name} ${ARG_SOURCES})
  add_library(vmqkit::${name} ALIAS vmqkit_${name})
  # Installed, the headers are include/vmqkit/<folder>/x.h (cmake/VmqkitInstall.cmake).
  target_include_directories(vmqkit_${name} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
                                                   $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/generated>
                                                   $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/vmqkit>)
  target_link_libraries(vmqkit_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  vmqkit_warnings(vmqkit_${name})
endfunction()

# Extra compile options for the test binaries and the `vmqkit` command only. The sanitize preset
# builds them at -O0: they are two thirds of its compile time, while the code they exercise (and
# that the sanitizers check at speed) lives in the libraries, which stay at -O1.
set(VMQKIT_TEST_CLI_OPTIONS "" CACHE STRING "Extra compile options for test binaries and vmqkit")

# vmqkit_test(NAME SOURCES ... DEPS ...): a GoogleTest binary in bin/, each TEST registered in ctest.
function(vmqkit_test name)
  if(NOT VMQKIT_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} rapidcheck rapidcheck_gtest GTest::gtest
                                        GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/generated)
  vmqkit_warnings(${name})
  target_compile_options(${name} PRIVATE ${VMQKIT_TEST_CLI_OPTIONS})
  # GoogleTest and RapidCheck headers dominate test compile time; one precompiled header per test
  # binary keeps a clean CI build within its budget on two cores.
  target_precompile_headers(${name} PRIVATE <gtest/gtest.h> <rapidcheck.h> <rapidcheck/gtest.h>
                            <string> <vector> <map> <optional> <functional>)
  # RapidCheck runs with a fixed seed (see tests' environment) so every run is the same run.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "RC_PARAMS=seed=20261121 max_success=200")
endfunction()

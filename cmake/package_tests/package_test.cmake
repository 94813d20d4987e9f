# The steps of the `package` tests (cmake/VmqkitPackageTests.cmake): cmake -DSTEP=<step> ... -P.
# Each step fails (message(FATAL_ERROR)) with what is wrong.

function(run)  # run(<command...>): runs it, fails with its output when it fails
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    string(REPLACE ";" " " line "${ARGN}")
    message(FATAL_ERROR "${line}: exit ${code}\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

function(expect_files root)  # every later argument is a file that must exist under root
  foreach(file IN LISTS ARGN)
    if(NOT EXISTS "${root}/${file}")
      message(FATAL_ERROR "missing from the installed tree: ${root}/${file}")
    endif()
  endforeach()
endfunction()

# What a user of the installed package needs, relative to the prefix (docs/install.md).
set(runtime_files bin/vmqkit lib/vmqkit/libvmqkit_reference_dut.so
    lib/vmqkit/libvmqkit_minimal_dut.so include/vmqkit/dut.h lib/cmake/vmqkit/vmqkitConfig.cmake
    lib/cmake/vmqkit/vmqkitConfigVersion.cmake lib/cmake/vmqkit/vmqkitDutTargets.cmake
    lib/pkgconfig/vmqkit-dut.pc share/man/man1/vmqkit.1
    share/bash-completion/completions/vmqkit share/zsh/vendor-completions/_vmqkit)
set(dev_files lib/libvmqkit_conformance.a lib/libvmqkit_base.a lib/cmake/vmqkit/vmqkitTargets.cmake
    lib/pkgconfig/vmqkit.pc include/vmqkit/conformance/runner.h include/vmqkit/ndis/oids.h
    lib/libvmqkit_ndis_host.a include/vmqkit/ndis_host/ndis.h
    lib/cmake/vmqkit/VmqkitNdisMiniport.cmake)

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE "${PREFIX}")
  run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}")
  expect_files("${PREFIX}" ${runtime_files} ${dev_files})
  if(EXISTS "${PREFIX}/include/vmqkit/vmqkit")
    message(FATAL_ERROR "the ABI header must be include/vmqkit/dut.h, not include/vmqkit/vmqkit/")
  endif()
  # The installed command finds its installed plug-ins by name.
  run("${PREFIX}/bin/vmqkit" --version)
  message(STATUS "${run_output}")
  run("${PREFIX}/bin/vmqkit" conform --dut reference --suite capabilities --out "${PREFIX}/../out")
  if(NOT run_output MATCHES "conform: reference \\(")
    message(FATAL_ERROR "conform --dut reference did not run the installed plug-in:\n${run_output}")
  endif()

elseif(STEP STREQUAL "out_of_tree")
  file(REMOVE_RECURSE "${SCRATCH}")
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/minimal-dut" -B "${SCRATCH}/build"
      -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${PREFIX}")
  run(${CMAKE_COMMAND} --build "${SCRATCH}/build")
  run("${PREFIX}/bin/vmqkit" conform --dut "${SCRATCH}/build/libmy_vmq_dut.so"
      --out "${SCRATCH}/out" --junit "${SCRATCH}/conform.xml")
  message(STATUS "${run_output}")

elseif(STEP STREQUAL "ndis_out_of_tree")
  # An NDIS miniport's C sources (the project's swvmq) built into a plug-in by the installed
  # vmqkit_add_ndis_miniport, out of the vmqkit tree, and judged by the installed vmqkit.
  file(REMOVE_RECURSE "${SCRATCH}")
  set(src "${SOURCE_DIR}/examples/ndis-miniport")
  file(WRITE "${SCRATCH}/project/CMakeLists.txt" "cmake_minimum_required(VERSION 3.25)
project(swvmq_out_of_tree LANGUAGES C CXX)
find_package(vmqkit 0.1 REQUIRED COMPONENTS embedding)
vmqkit_add_ndis_miniport(swvmq SOURCES ${src}/swvmq.c GLUE ${src}/swvmq_glue.c
                         DEFINES NDIS680_MINIPORT=1 NDIS_MINIPORT_DRIVER=1 NDIS_WDM=1)
")
  run(${CMAKE_COMMAND} -S "${SCRATCH}/project" -B "${SCRATCH}/build" -G Ninja
      -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${PREFIX}")
  run(${CMAKE_COMMAND} --build "${SCRATCH}/build")
  run("${PREFIX}/bin/vmqkit" conform --dut "${SCRATCH}/build/libswvmq.so" --steps 2000
      --out "${SCRATCH}/out")
  message(STATUS "${run_output}")

elseif(STEP STREQUAL "pkg_config")
  file(REMOVE_RECURSE "${SCRATCH}")
  file(WRITE "${SCRATCH}/plugin.c"
       "#include <vmqkit/dut.h>\nint abi_version(void) { return VMQKIT_DUT_ABI_VERSION; }\n")
  set(ENV{PKG_CONFIG_PATH} "${PREFIX}/lib/pkgconfig")
  run(pkg-config --cflags vmqkit-dut)
  string(STRIP "${run_output}" cflags)
  string(REGEX REPLACE "^-I" "" include_dir "${cflags}")
  file(REAL_PATH "${include_dir}" include_dir)
  file(REAL_PATH "${PREFIX}/include" expected)
  if(NOT include_dir STREQUAL expected)
    message(FATAL_ERROR "pkg-config --cflags vmqkit-dut: '${cflags}', expected -I${expected}")
  endif()
  run("${CC}" ${cflags} -std=c99 -Wall -Werror -c "${SCRATCH}/plugin.c" -o "${SCRATCH}/plugin.o")
  run(pkg-config --exists --print-errors "vmqkit >= 0.1")

elseif(STEP STREQUAL "deb")
  file(REMOVE_RECURSE "${SCRATCH}")
  run("${CPACK}" -G DEB -B "${SCRATCH}" --config "${BUILD_DIR}/CPackConfig.cmake")
  file(GLOB runtime_deb "${SCRATCH}/vmqkit_${VERSION}_*.deb")
  file(GLOB dev_deb "${SCRATCH}/vmqkit-dev_${VERSION}_*.deb")
  if(NOT runtime_deb OR NOT dev_deb)
    message(FATAL_ERROR "cpack wrote no vmqkit_${VERSION}_*.deb / vmqkit-dev_${VERSION}_*.deb")
  endif()
  foreach(deb IN ITEMS ${runtime_deb} ${dev_deb})
    run(dpkg-deb --field "${deb}" Package Version Architecture Depends)
    message(STATUS "${deb}:\n${run_output}")
    run(dpkg-deb --contents "${deb}")
    message(STATUS "${run_output}")
  endforeach()
  # Depends comes from dpkg-shlibdeps: the packages of the libraries the binaries link.
  run(dpkg-deb --field "${runtime_deb}" Depends)
  foreach(package IN ITEMS libc6 libstdc\\+\\+6 libz3-4 libpcap0.8 libfmt9)
    if(NOT run_output MATCHES "(^|, )${package}( |,|$)")
      message(FATAL_ERROR "vmqkit's Depends lacks ${package}: ${run_output}")
    endif()
  endforeach()
  set(root "${SCRATCH}/root")
  run(dpkg-deb -x "${runtime_deb}" "${root}")
  run(dpkg-deb -x "${dev_deb}" "${root}")
  list(TRANSFORM runtime_files PREPEND usr/ OUTPUT_VARIABLE usr_runtime)
  list(TRANSFORM dev_files PREPEND usr/ OUTPUT_VARIABLE usr_dev)
  expect_files("${root}" ${usr_runtime} ${usr_dev})
  run("${root}/usr/bin/vmqkit" --version)
  message(STATUS "${run_output}")
  run("${root}/usr/bin/vmqkit" conform --steps 2000 --out "${SCRATCH}/out")
  run("${root}/usr/bin/vmqkit" conform --dut reference --suite capabilities --out "${SCRATCH}/out")

else()
  message(FATAL_ERROR "package_test.cmake: unknown STEP '${STEP}'")
endif()

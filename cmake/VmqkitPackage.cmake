# Debian packages built by CPack (`make package`, or `cpack -G DEB` in a build directory), one per
# install component (cmake/VmqkitInstall.cmake):
#   vmqkit      the command, the plug-ins, the DUT ABI header and its CMake/pkg-config files. Its
#               Depends line is what dpkg-shlibdeps finds the installed binaries linked against
#               (libz3, libpcap, libfmt, libc, libstdc++, ...), never a hand-kept list.
#   vmqkit-dev  the static libraries for embedding the suite; Depends: vmqkit and the -dev packages
#               their CMake targets need (find_dependency in vmqkitConfig.cmake).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vmqkit)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR vmqkit)
set(CPACK_PACKAGE_CONTACT "vmqkit developers <vmqkit@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME vmqkit)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
    "NDIS VMQ executable specification and conformance suite
 vmqkit checks a network driver's NDIS Virtual Machine Queue behaviour against an
 executable model of the documented contract: `vmqkit conform --dut PLUGIN`, with the
 reference and minimal DUT plug-ins, the DUT ABI header (vmqkit/dut.h) and the CMake
 package (find_package(vmqkit), target vmqkit::dut) to build a plug-in.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME vmqkit-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "vmqkit (= ${PROJECT_VERSION}), libfmt-dev, nlohmann-json3-dev, librapidcheck-dev")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "vmqkit libraries for embedding the conformance suite
 Static libraries and headers of vmqkit (conformance engine, model, file formats,
 reference miniport, hardware reference) for running the conformance checks inside a
 program of your own: find_package(vmqkit COMPONENTS embedding).")

include(CPack)

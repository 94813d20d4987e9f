# vmqkit::benchmeasure: the filter-path task, its model oracle, hwref programming and the DUT-ABI
# measurements. Used by vmq_bench and by `vmqkit bench`, so it is defined by whichever of
# cli/ and bench/ includes this file first (bench/ is optional, cli/ is not).
if(NOT TARGET vmqkit_benchmeasure)
  vmqkit_library(benchmeasure
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/filter_task.cpp ${CMAKE_CURRENT_LIST_DIR}/model_oracle.cpp
            ${CMAKE_CURRENT_LIST_DIR}/hwref_setup.cpp ${CMAKE_CURRENT_LIST_DIR}/dut_host.cpp
            ${CMAKE_CURRENT_LIST_DIR}/dut_measure.cpp ${CMAKE_CURRENT_LIST_DIR}/dut_report.cpp
            ${CMAKE_CURRENT_LIST_DIR}/null_dut.cpp
    DEPS vmqkit::dut_host vmqkit::spec vmqkit::hwref vmqkit::ndis vmqkit::base
         nlohmann_json::nlohmann_json)
endif()

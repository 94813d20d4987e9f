# Fails when a "Pinned by" line of docs/errata.md names a test that does not exist.
# Run by ctest (errata.PinnedTestsExist): cmake -DERRATA=<md> -DSOURCE_DIR=<src> -DBUILD_DIR=<build>
# -DCTEST=<ctest> -P check_errata_pins.cmake
#
# The tests that exist are the ones ctest lists (`ctest -N`), i.e. what gtest_discover_tests found
# in the built binaries, parameterized instances included, so a pin is checked against the same
# names a run reports. In a "Pinned by" paragraph, a name in backquotes is a pin when it has the
# shape of a test, `Suite.Name` (parameterized: `Prefix/Suite.Name/Param`, `*` for any part), or
# names a file by its path; anything else in backquotes there (`static_assert`, a value, a C++
# name with `::`) is prose.

foreach(var ERRATA SOURCE_DIR BUILD_DIR CTEST)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_errata_pins.cmake needs -D${var}=...")
  endif()
endforeach()

execute_process(COMMAND ${CTEST} -N WORKING_DIRECTORY ${BUILD_DIR}
                OUTPUT_VARIABLE listing RESULT_VARIABLE listed)
if(NOT listed EQUAL 0)
  message(FATAL_ERROR "`ctest -N` failed in ${BUILD_DIR}")
endif()
string(REPLACE "\n" ";" listing "${listing}")
set(tests "")
set(not_built "")
foreach(line IN LISTS listing)
  # "  Test #12: Suite.Name" or, for a parameterized test, "... Suite.Name/Param  # GetParam() = ..."
  if(line MATCHES "^ *Test +#[0-9]+: ([^ ]+)")
    set(name "${CMAKE_MATCH_1}")
    if(name MATCHES "_NOT_BUILT$")
      list(APPEND not_built "${name}")
    else()
      list(APPEND tests "${name}")
    endif()
  endif()
endforeach()
if(not_built)
  list(JOIN not_built ", " not_built)
  message(FATAL_ERROR "test binaries not built, so their tests cannot be listed: ${not_built}")
endif()

# A pin as a regular expression over whole test names: `*` matches any run of characters.
function(pin_regex pin out)
  string(REGEX REPLACE "([][.+?^$()|\\\\{}])" "\\\\\\1" escaped "${pin}")
  string(REPLACE "*" ".*" escaped "${escaped}")
  set(${out} "^${escaped}$" PARENT_SCOPE)
endfunction()

file(STRINGS ${ERRATA} lines)
set(entry "")
set(in_pins FALSE)
set(pins 0)
set(missing "")
foreach(line IN LISTS lines)
  if(line MATCHES "^## (E-[0-9]+)")
    set(entry "${CMAKE_MATCH_1}")
    set(in_pins FALSE)
    continue()
  endif()
  if(line MATCHES "^- Pinned by")
    set(in_pins TRUE)
  elseif(NOT (in_pins AND line MATCHES "^  "))
    set(in_pins FALSE)
    continue()
  endif()
  # Every `...` on the line; ';' would split a CMake list, and no pin contains one.
  string(REPLACE ";" "," line "${line}")
  string(REGEX MATCHALL "`[^`]+`" quoted "${line}")
  foreach(q IN LISTS quoted)
    string(REGEX REPLACE "^`(.*)`$" "\\1" pin "${q}")
    if(pin MATCHES "^[A-Za-z0-9_./-]+\\.(cpp|h|md|json|jsonl|reg|inf|txt|cmake)$")
      math(EXPR pins "${pins} + 1")
      if(NOT EXISTS "${SOURCE_DIR}/${pin}")
        list(APPEND missing "${entry}: file `${pin}` does not exist")
      endif()
    elseif(pin MATCHES "^[A-Za-z0-9_/*]+\\.[A-Za-z0-9_/*]+$")
      math(EXPR pins "${pins} + 1")
      pin_regex("${pin}" regex)
      set(found FALSE)
      foreach(test IN LISTS tests)
        if(test MATCHES "${regex}")
          set(found TRUE)
          break()
        endif()
      endforeach()
      if(NOT found)
        list(APPEND missing "${entry}: pinned test `${pin}` does not exist")
      endif()
    endif()
  endforeach()
endforeach()

list(LENGTH tests test_count)
if(missing)
  list(LENGTH missing missing_count)
  list(JOIN missing "\n  " missing)
  message(FATAL_ERROR "${missing_count} of ${pins} pins in ${ERRATA} name nothing among the "
                      "${test_count} tests ctest lists:\n  ${missing}")
endif()
message(STATUS "all ${pins} pins in ${ERRATA} name tests ctest lists (${test_count} tests)")

# eventioz_module(NAME DEPS <targets...>)
#
# Declares the library eventioz_<NAME> from the .cc files of the calling folder, its unit tests
# (tests/*_test.cc, one GoogleTest program registered with CTest), its benchmarks
# (tests/*_bench.cc, one program, built but never run by `make test`) and, in a fuzzing build
# (EVENTIOZ_FUZZ, clang), one libFuzzer program per tests/<x>_fuzz.cc, named <x>_fuzz.
# Headers are included as "<module>/<file>.h" from src/.
function(eventioz_module name)
  cmake_parse_arguments(MODULE "" "" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  if(sources)
    add_library(eventioz_${name} STATIC ${sources})
    target_include_directories(eventioz_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(eventioz_${name} PUBLIC ${MODULE_DEPS})
  else()  # headers only, so far
    add_library(eventioz_${name} INTERFACE)
    target_include_directories(eventioz_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(eventioz_${name} INTERFACE ${MODULE_DEPS})
  endif()

  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/*_test.cc)
  file(GLOB test_support CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/*_support.cc)
  if(tests)
    add_executable(${name}_tests ${tests} ${test_support})
    target_link_libraries(${name}_tests PRIVATE eventioz_${name} ${MODULE_TEST_DEPS}
                          GTest::gtest GTest::gtest_main GTest::gmock)
    add_test(NAME ${name}_unit COMMAND ${name}_tests --gtest_brief=1)
    set_tests_properties(${name}_unit PROPERTIES LABELS "unit")
  endif()

  file(GLOB benches CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/*_bench.cc)
  if(benches AND EVENTIOZ_BENCHMARKS)
    add_executable(${name}_bench ${benches} ${test_support})
    target_link_libraries(${name}_bench PRIVATE eventioz_${name} ${MODULE_TEST_DEPS}
                          benchmark::benchmark GTest::gtest)
  endif()

  if(EVENTIOZ_FUZZ)
    file(GLOB fuzzers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/*_fuzz.cc)
    foreach(fuzzer ${fuzzers})
      get_filename_component(fuzzer_name ${fuzzer} NAME_WE)
      add_executable(${fuzzer_name} ${fuzzer})
      target_link_libraries(${fuzzer_name} PRIVATE eventioz_${name})
      target_link_options(${fuzzer_name} PRIVATE -fsanitize=fuzzer)
      add_dependencies(fuzzers ${fuzzer_name})
    endforeach()
  endif()
endfunction()

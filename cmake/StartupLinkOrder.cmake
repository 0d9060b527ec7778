# Start-up time: the order in which the dynamic linker searches libraries.
#
# GDAL brings about 110 shared libraries. At start-up the dynamic linker binds
# some 62,000 symbol references among them, and looks each symbol up in the
# libraries in load order (the executable's own DT_NEEDED entries first, then
# theirs, breadth first) until one defines it. Most references are C++
# libraries binding to their own symbols (Xerces, GEOS, PROJ, Poppler, ...),
# which the default order places near the end: each lookup walked past a
# hundred libraries, and binding took two thirds of `threatmap --version`
# (205 M instructions; 140 M with the order below, by callgrind).
#
# threatmap_startup_link_order(target) names GDAL's dependencies with the most
# exported symbols first among the target's DT_NEEDED entries. Each of them is
# loaded anyway; what changes is how far a lookup walks, and, for a symbol
# that several libraries define (C++ inline and template code, the same code
# by the one definition rule), which copy serves. Read off this machine's GDAL at configure
# time (ldd, nm); skipped, with a message, where they are missing, for
# sanitizer builds (their runtime must come first) and when
# THREATMAP_STARTUP_LINK_ORDER is OFF.

option(THREATMAP_STARTUP_LINK_ORDER "List GDAL's largest dependencies first in the executable (faster start-up)" ON)

function(threatmap_startup_link_order target)
  if(NOT THREATMAP_STARTUP_LINK_ORDER OR NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
    return()
  endif()
  string(TOUPPER "${CMAKE_BUILD_TYPE}" build_type)
  if(NOT build_type MATCHES "^(RELEASE|RELWITHDEBINFO|MINSIZEREL)$"
     OR "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${build_type}} ${CMAKE_EXE_LINKER_FLAGS}" MATCHES "-fsanitize")
    return()
  endif()
  find_program(THREATMAP_LDD ldd)
  find_program(THREATMAP_NM NAMES nm ${CMAKE_NM})
  get_target_property(gdal_library GDAL::GDAL LOCATION)
  if(NOT THREATMAP_LDD OR NOT THREATMAP_NM OR NOT gdal_library OR NOT EXISTS "${gdal_library}")
    message(STATUS "threatmap: start-up link order skipped (needs ldd, nm and the GDAL library)")
    return()
  endif()
  execute_process(COMMAND "${THREATMAP_LDD}" "${gdal_library}" OUTPUT_VARIABLE ldd_out RESULT_VARIABLE ldd_rc ERROR_QUIET)
  if(NOT ldd_rc EQUAL 0)
    message(STATUS "threatmap: start-up link order skipped (ldd ${gdal_library} failed)")
    return()
  endif()
  # "	libfoo.so.1 => /lib/x86_64-linux-gnu/libfoo.so.1 (0x...)"
  string(REGEX MATCHALL "=> (/[^ \t\n]+) \\(" arrows "${ldd_out}")
  set(ranked "")
  foreach(arrow IN LISTS arrows)
    string(REGEX REPLACE "^=> ([^ ]+) \\($" "\\1" library "${arrow}")
    execute_process(COMMAND "${THREATMAP_NM}" -D --defined-only "${library}"
                    OUTPUT_VARIABLE symbols RESULT_VARIABLE nm_rc ERROR_QUIET)
    if(NOT nm_rc EQUAL 0)
      continue()
    endif()
    string(REGEX MATCHALL "\n" lines "${symbols}")
    list(LENGTH lines count)
    # Only libraries with many symbols matter; the rest keep their place.
    if(count GREATER_EQUAL 500)
      math(EXPR key "1000000 - ${count}")  # ascending sort = most symbols first
      string(LENGTH "${key}" key_length)
      while(key_length LESS 7)
        string(PREPEND key "0")
        string(LENGTH "${key}" key_length)
      endwhile()
      list(APPEND ranked "${key}|${library}")
    endif()
  endforeach()
  list(SORT ranked)
  set(libraries "${gdal_library}")
  foreach(entry IN LISTS ranked)
    string(REGEX REPLACE "^[0-9]+\\|" "" library "${entry}")
    list(APPEND libraries "${library}")
  endforeach()
  list(LENGTH libraries n)
  message(STATUS "threatmap: start-up link order: GDAL and its ${n} largest dependencies first")
  target_link_options(${target} PRIVATE "LINKER:--push-state,--no-as-needed" ${libraries} "LINKER:--pop-state")
endfunction()

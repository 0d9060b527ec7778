# Start-up time: the order in which the dynamic linker searches libraries.
#
# GDAL brings about 110 shared libraries. At start-up the dynamic linker binds
# some 62,000 symbol references among them, and looks each symbol up in the
# libraries in load order (the executable's own DT_NEEDED entries first, then
# theirs, breadth first) until one defines it. Most references are C++
# libraries binding to their own symbols (Xerces, GDAL, GEOS, ...), which the
# default order places far down the list: each lookup walked past a hundred
# libraries, and binding took two thirds of `threatmap --version`.
#
# threatmap_startup_link_order(target libraries...) lists every shared library
# the target loads among its DT_NEEDED entries, ordered by how many of those
# bindings each one serves, most first: a linear search is shortest with the
# most frequently found entries first. The counts are measured at configure
# time: a probe program linked with the same libraries is run once with the
# dynamic linker's LD_DEBUG=bindings, which names the library each symbol
# was bound to. (Ordered by the number of symbols each library exports
# instead, `threatmap --version` took 144 M instructions by callgrind; by
# these counts 127 M; in the default order 205 M.) Each library is loaded
# anyway; what changes is how far a lookup walks, and, for a symbol that
# several libraries define (C++ inline and template code, the same code by
# the one definition rule), which copy serves.
#
# Skipped, with a message, where the probe cannot be built or run or the
# dynamic linker names no bindings (not glibc), for sanitizer builds (their
# runtime must come first) and when THREATMAP_STARTUP_LINK_ORDER is OFF.

option(THREATMAP_STARTUP_LINK_ORDER "Order the executable's libraries by measured symbol bindings (faster start-up)" ON)

function(threatmap_startup_link_order target)
  set(link_libraries ${ARGN})
  if(NOT THREATMAP_STARTUP_LINK_ORDER OR NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
    return()
  endif()
  string(TOUPPER "${CMAKE_BUILD_TYPE}" build_type)
  if(NOT build_type MATCHES "^(RELEASE|RELWITHDEBINFO|MINSIZEREL)$"
     OR "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${build_type}} ${CMAKE_EXE_LINKER_FLAGS}" MATCHES "-fsanitize")
    return()
  endif()
  find_program(THREATMAP_SH sh)
  if(NOT THREATMAP_SH)
    message(STATUS "threatmap: start-up link order skipped (needs sh)")
    return()
  endif()

  set(probe_dir "${CMAKE_BINARY_DIR}/startup-link-order")
  file(MAKE_DIRECTORY "${probe_dir}")
  file(WRITE "${probe_dir}/probe.cpp" "int main() { return 0; }\n")
  # --no-as-needed: the probe loads every library named, as the target does.
  try_compile(probe_built "${probe_dir}/build" SOURCES "${probe_dir}/probe.cpp"
              LINK_LIBRARIES ${link_libraries}
              LINK_OPTIONS "LINKER:--no-as-needed"
              COPY_FILE "${probe_dir}/probe"
              OUTPUT_VARIABLE probe_log)
  if(NOT probe_built)
    message(STATUS "threatmap: start-up link order skipped (the probe did not link; see ${probe_dir})")
    file(WRITE "${probe_dir}/build.log" "${probe_log}")
    return()
  endif()
  # Lines such as "  1234: binding file /lib/libgdal.so.32 [0] to /lib/libc.so.6 [0]: normal symbol `memcpy'":
  # the libraries bound to, with their counts, most first.
  file(REMOVE_RECURSE "${probe_dir}/bindings")
  file(MAKE_DIRECTORY "${probe_dir}/bindings")
  execute_process(
    COMMAND "${THREATMAP_SH}" -c
            "LD_DEBUG=bindings LD_DEBUG_OUTPUT=\"$1/bindings/log\" \"$1/probe\" && cat \"$1\"/bindings/log.* | sed -n 's/.* to \\(\\/[^ ]*\\) \\[.*/\\1/p' | sort | uniq -c | sort -rn"
            sh "${probe_dir}"
    OUTPUT_VARIABLE counts RESULT_VARIABLE probe_rc ERROR_QUIET)
  file(REMOVE_RECURSE "${probe_dir}/bindings")
  if(NOT probe_rc EQUAL 0 OR counts STREQUAL "")
    message(STATUS "threatmap: start-up link order skipped (the dynamic linker reported no bindings)")
    return()
  endif()
  string(REGEX MATCHALL "[0-9]+ /[^\n]+" entries "${counts}")
  set(libraries "")
  foreach(entry IN LISTS entries)
    string(REGEX REPLACE "^[0-9]+ " "" library "${entry}")
    # The probe itself and the dynamic linker are not libraries to name.
    if(library STREQUAL "${probe_dir}/probe" OR library MATCHES "/ld-linux[^/]*$" OR NOT library MATCHES "\\.so")
      continue()
    endif()
    if(EXISTS "${library}")
      list(APPEND libraries "${library}")
    endif()
  endforeach()
  list(LENGTH libraries n)
  if(n EQUAL 0)
    message(STATUS "threatmap: start-up link order skipped (no libraries in the probe's bindings)")
    return()
  endif()
  message(STATUS "threatmap: start-up link order: ${n} libraries, most bound-to first (measured by a probe)")
  target_link_options(${target} PRIVATE "LINKER:--push-state,--no-as-needed" ${libraries} "LINKER:--pop-state")
endfunction()

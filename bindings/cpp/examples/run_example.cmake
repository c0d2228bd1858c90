# Runs an example and checks both its exit status and its output:
#   cmake -DEXE=<program> -DARGS=<a|b> -DEXPECT=<regex> -P run_example.cmake
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${EXE} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} exited with ${rc}")
endif()
if(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "${EXE}: output lacks '${EXPECT}'")
endif()

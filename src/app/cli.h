// The command line of the eventioz binary: parses arguments and runs one command.
#pragma once

namespace eventioz::app {

// Returns the process exit code: 0 on success, 1 on a runtime failure, 2 on a usage error.
int run_cli(int argc, char** argv);

}  // namespace eventioz::app

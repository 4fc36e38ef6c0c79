// `eventioz serve`: runs the platform on this machine until SIGTERM or SIGINT.
#pragma once

#include "app/serve_config.h"

namespace eventioz::app {

// Returns the process exit code.
int run_serve(const serve_config& config);

}  // namespace eventioz::app

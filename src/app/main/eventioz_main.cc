// The eventioz binary: every command of the platform behind one executable.
#include "app/cli.h"

int main(int argc, char** argv) { return eventioz::app::run_cli(argc, argv); }

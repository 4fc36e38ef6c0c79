#include "observe/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace eventioz::observe {
namespace {

using metrics::family_snapshot;
using metrics::metric_type;

// When this module's statics were initialised: the process start, near enough (before main).
const double process_start_time_seconds =
    std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();

struct memory_pages {
  long virtual_pages = 0;
  long resident_pages = 0;
};

memory_pages read_statm() {
  memory_pages pages;
  if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(statm, "%ld %ld", &pages.virtual_pages, &pages.resident_pages) != 2) {
      pages = {};
    }
    std::fclose(statm);
  }
  return pages;
}

double cpu_seconds() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  auto seconds = [](const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long open_file_descriptors() {
  DIR* fds = opendir("/proc/self/fd");
  if (!fds) return 0;
  long count = 0;
  while (dirent* entry = readdir(fds)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(fds);
  return count - 1;  // the directory stream's own descriptor
}

void add_single(std::vector<family_snapshot>& out, const char* name, const char* help,
                metric_type type, double value) {
  out.push_back({.name = name, .help = help, .type = type, .samples = {{{}, value}}});
}

}  // namespace

void collect_process_metrics(std::vector<family_snapshot>& out) {
  double page_bytes = static_cast<double>(sysconf(_SC_PAGESIZE));
  memory_pages pages = read_statm();
  add_single(out, "eventioz_process_resident_memory_bytes", "Resident memory of the process.",
             metric_type::gauge, static_cast<double>(pages.resident_pages) * page_bytes);
  add_single(out, "eventioz_process_virtual_memory_bytes", "Virtual memory of the process.",
             metric_type::gauge, static_cast<double>(pages.virtual_pages) * page_bytes);
  add_single(out, "eventioz_process_cpu_seconds_total",
             "User and system CPU time the process used, in seconds.", metric_type::counter,
             cpu_seconds());
  add_single(out, "eventioz_process_open_fds", "Open file descriptors of the process.",
             metric_type::gauge, static_cast<double>(open_file_descriptors()));
  add_single(out, "eventioz_process_start_time_seconds",
             "When the process started, in seconds since the Unix epoch.", metric_type::gauge,
             process_start_time_seconds);
}

}  // namespace eventioz::observe

// progress.cpp: rate-limited progress output for lantern-index build.
#include "progress.h"

#include <unistd.h>

#include <cstdio>
#include <memory>

namespace lantern {
namespace {

std::string clock_text(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

}  // namespace

ProgressSink progress_printer() {
    const bool tty = ::isatty(STDERR_FILENO) == 1;
    auto last = std::make_shared<double>(-1.0);
    return [tty, last](const BuildProgress& p) {
        if (!p.stage.empty()) {   // before and after the files: each step as it starts, then every few seconds
            const std::string files = p.total == 0 ? "" : std::to_string(p.done) + "/" + std::to_string(p.total) + " files read; ";
            std::fprintf(stderr, "%sprogress: %s%s; %s since the start\n", tty ? "\r" : "", files.c_str(), p.stage.c_str(),
                         clock_text(p.seconds).c_str());
            std::fflush(stderr);
            return;
        }
        if (!p.slow_file.empty()) {   // once a second while a file takes long: always shown
            std::fprintf(stderr, "%sprogress: %zu/%zu files; still reading %s after %.0f s\n", tty ? "\r" : "", p.done, p.total,
                         p.slow_file.c_str(), p.slow_seconds);
            std::fflush(stderr);
            return;
        }
        const bool finished = p.done == p.total;
        const double every = tty ? 0.1 : 5.0;
        if (!finished && p.seconds - *last < every) return;
        *last = p.seconds;
        const double rate = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
        const double left = rate > 0 ? static_cast<double>(p.total - p.done) / rate : 0;
        if (tty) {
            constexpr int kWidth = 30;
            const int filled = p.total == 0 ? kWidth : static_cast<int>(kWidth * p.done / p.total);
            std::fprintf(stderr, "\r[%-*s] %zu/%zu files  %.0f files/s  %s left ", kWidth, std::string(static_cast<std::size_t>(filled), '#').c_str(),
                         p.done, p.total, rate, clock_text(left).c_str());
            if (finished) std::fprintf(stderr, "\n");
        } else {
            std::fprintf(stderr, "progress: %zu/%zu files (%.0f%%), %.0f files/s, about %s left\n", p.done, p.total,
                         p.total == 0 ? 100.0 : 100.0 * static_cast<double>(p.done) / static_cast<double>(p.total), rate,
                         clock_text(left).c_str());
        }
        std::fflush(stderr);
    };
}

}  // namespace lantern

// shard_processes.cpp: fork, shared progress counters, wait, and the summaries' hand-off
// (shard_processes.h).
#include "index/detail/shard_processes.h"

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include "index/detail/build_record.h"
#include "text/errors.h"
#include "text/index_layout.h"
#include "text/release_manifest.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

/// Progress of each shard's process, in memory shared with the parent (MAP_SHARED), and its
/// plan's size once made (`planned`), until the parent's verdict on all of them.
struct ShardCounters {
    std::atomic<std::size_t> done{0};
    std::atomic<std::size_t> total{0};
    std::atomic<std::size_t> plan_files{0};
    std::atomic<std::uintmax_t> plan_bytes{0};
    std::atomic<bool> planned{false};
    std::atomic<int> verdict{0};   ///< kUndecided, kWrite or kAbandon (the same in every shard's)
};
constexpr int kUndecided = 0, kWrite = 1, kAbandon = 2;

std::string summary_file(const std::string& target, std::size_t i) {
    return shard_paths(target, i).database + ".summary";
}
std::string error_file(const std::string& target, std::size_t i) {
    return shard_paths(target, i).database + ".error";
}

std::string contents(const std::string& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

ShardPaths shard_paths(const std::string& target, std::size_t i) {
    const std::string base = target + "/" + shard_folder(i);
    return {base, base + ".spelling"};
}

std::optional<PlanSize> run_shard_processes(const std::string& target, std::size_t shards, const ShardWrite& write,
                                            const IncrementalLimit* limit, BuildSummary& summary,
                                            const ProgressSink& on_progress, std::chrono::steady_clock::time_point started) {
    void* shared =
        ::mmap(nullptr, sizeof(ShardCounters) * shards, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        throw BadIndex(std::string("cannot share memory with the shard processes: ") + std::strerror(errno));
    auto* counters = new (shared) ShardCounters[shards];
    for (std::size_t i = 0; i < shards; ++i) {  // leftovers of a killed build must not be merged twice
        std::error_code ec;
        for (const std::string& extra :
             {shard_paths(target, i).spelling, summary_file(target, i), error_file(target, i)}) {
            fs::remove_all(extra, ec);
        }
    }
    std::vector<pid_t> children;
    const pid_t parent = ::getpid();
    std::fflush(nullptr);
    for (std::size_t i = 0; i < shards; ++i) {
        const pid_t pid = ::fork();
        if (pid < 0) {
            for (const pid_t c : children) ::kill(c, SIGKILL);
            for (const pid_t c : children) ::waitpid(c, nullptr, 0);
            throw BadIndex(std::string("cannot start a shard process: ") + std::strerror(errno));
        }
        if (pid == 0) {
            // The child: write shard i, leave its summary (or error) in a file, and exit without
            // running destructors (the parent owns the lock and the release).
            int code = 0;
            try {
                BuildSummary part;
                const PlanGate gate = [&](const PlanSize& plan) {
                    if (limit == nullptr) return true;
                    counters[i].plan_files = plan.files;
                    counters[i].plan_bytes = plan.bytes;
                    counters[i].planned = true;
                    while (counters[i].verdict == kUndecided) {
                        // A parent killed meanwhile gives no verdict: end, writing nothing, rather
                        // than wait for ever holding the shard's write lock.
                        if (::getppid() != parent) std::_Exit(1);
                        std::this_thread::sleep_for(std::chrono::milliseconds(10));
                    }
                    return counters[i].verdict == kWrite;
                };
                write(
                    i, part,
                    [&](const BuildProgress& p) {
                        counters[i].done = p.done;
                        counters[i].total = p.total;
                    },
                    gate);
                std::ofstream(summary_file(target, i)) << summary_json(part);
            } catch (const std::exception& e) {
                std::ofstream(error_file(target, i)) << e.what();
                code = 1;
            }
            std::fflush(nullptr);
            std::_Exit(code);
        }
        children.push_back(pid);
    }
    std::size_t running = shards;
    std::vector<int> status(shards, -1);
    // Once every shard has planned (or ended), one verdict for all: write, or past the limit none does.
    std::optional<PlanSize> past;
    bool decided = limit == nullptr;
    while (running > 0) {
        for (std::size_t i = 0; i < shards; ++i) {
            if (status[i] != -1) continue;
            int st = 0;
            if (::waitpid(children[i], &st, WNOHANG) == children[i]) {
                status[i] = st;
                --running;
            }
        }
        if (!decided) {
            PlanSize total;
            bool all = true;
            for (std::size_t i = 0; i < shards; ++i) {
                if (counters[i].planned) {
                    total.files += counters[i].plan_files;
                    total.bytes += counters[i].plan_bytes;
                } else if (status[i] == -1) {
                    all = false;
                }
            }
            if (all) {
                decided = true;
                if (!limit->allows(total)) past = total;
                for (std::size_t i = 0; i < shards; ++i) counters[i].verdict = past ? kAbandon : kWrite;
            }
        }
        if (on_progress) {
            BuildProgress p;
            for (std::size_t i = 0; i < shards; ++i) {
                p.done += counters[i].done;
                p.total += counters[i].total;
            }
            p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            if (p.total > 0) on_progress(p);
        }
        if (running > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::munmap(shared, sizeof(ShardCounters) * shards);

    std::string errors;
    for (std::size_t i = 0; i < shards; ++i) {
        if (status[i] != 0) {
            std::string why = contents(error_file(target, i));
            if (why.empty()) why = "its process ended abnormally (status " + std::to_string(status[i]) + ")";
            errors += (errors.empty() ? "" : "; ") + shard_folder(i) + ": " + why;
        } else if (!past) {
            add_shard_record(summary, parse_build_record(contents(summary_file(target, i))), i == 0);
        }
    }
    if (!errors.empty()) throw BadIndex("a shard failed, so the build did not switch releases: " + errors);
    return past;
}

void remove_shard_leftovers(const std::string& target, std::size_t shards) {
    for (std::size_t i = 0; i < shards; ++i) {
        std::error_code ec;
        fs::remove_all(shard_paths(target, i).spelling, ec);
        fs::remove(summary_file(target, i), ec);
    }
}

}  // namespace lantern

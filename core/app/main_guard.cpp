// main_guard.cpp: error -> message and exit code, shared by lantern-index and lantern-search.
#include "app/main_guard.h"

#include <xapian.h>

#include <iostream>

#include "text/errors.h"

namespace lantern {

int run_main(const char* program, const std::function<int()>& command) {
    try {
        return command();
    } catch (const BadInput& e) {
        std::cerr << program << ": " << e.what() << "\n";
        return kExitUsage;
    } catch (const BadIndex& e) {
        std::cerr << program << ": " << e.what() << "\n";
        return kExitIndex;
    } catch (const Xapian::Error& e) {
        std::cerr << program << ": index error: " << e.get_description() << "\n";
        return kExitIndex;
    } catch (const std::exception& e) {
        std::cerr << program << ": internal error: " << e.what() << "\n";
        return kExitInternal;
    }
}

}  // namespace lantern

// counted.h: "1 document", "2 documents": counts in messages agree with their nouns (issue 19:
// "1 cards", "1 documents").
#pragma once

#include <cstddef>
#include <string>

namespace lantern {

/// `n` and the noun that agrees with it: counted(1, "card", "cards") is "1 card".
inline std::string counted(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace lantern

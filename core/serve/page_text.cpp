// page_text.cpp: checking the page's language tag.
#include "serve/page_text.h"

namespace lantern {

bool is_language_tag(std::string_view tag) {
    std::size_t part = 0;  // characters in the current part
    std::size_t parts = 0;
    bool letters_only = true;  // so far in the current part
    for (std::size_t i = 0; i <= tag.size(); ++i) {
        if (i == tag.size() || tag[i] == '-') {
            if (part < 1 || part > 8) return false;
            if (parts == 0 && (part < 2 || part > 3 || !letters_only))
                return false;  // the language: 2 or 3 letters (ISO 639)
            ++parts;
            part = 0;
            letters_only = true;
            continue;
        }
        const char c = tag[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!letter && !(c >= '0' && c <= '9')) return false;
        letters_only = letters_only && letter;
        ++part;
    }
    return true;
}

}  // namespace lantern

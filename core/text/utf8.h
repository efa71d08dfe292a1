// utf8.h: is this text UTF-8, and making it so. Every layer that takes text from outside (files,
// queries, vocabulary) checks it here; decoding other charsets is extraction's job (extract/encoding.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lantern {

/// Length of the well-formed UTF-8 sequence starting at s[i] (1-4), or 0 when it is invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

/// True when the bytes are well-formed UTF-8.
bool is_valid_utf8(std::string_view bytes);

/// Copies the bytes, replacing each invalid UTF-8 sequence with U+FFFD.
std::string sanitize_utf8(std::string_view bytes);

}  // namespace lantern

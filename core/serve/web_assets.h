// web_assets.h: the static files the server sends (stylesheet of the search page), compiled in so
// a deployment is one binary.
#pragma once

#include <string>

namespace lantern {

struct WebAsset {
    const char* path;
    const char* content_type;
    const char* body;
};

/// The asset served at `path`, or null.
const WebAsset* find_web_asset(const std::string& path);

}  // namespace lantern

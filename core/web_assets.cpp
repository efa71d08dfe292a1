// web_assets.cpp: the search page's stylesheet. Colours meet WCAG 2.1 AA contrast (4.5:1 for text):
// #1a1a1a on #ffffff, links #0b5394 (7.6:1), marks #1a1a1a on #fff1a8.
#include "core/web_assets.h"

namespace lantern {
namespace {

constexpr const char* kPageCss = R"CSS(
body { font: 1rem/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 48rem; padding: 1rem; }
a { color: #0b5394; }
a:focus, input:focus, button:focus { outline: 3px solid #b35c00; outline-offset: 2px; }
form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
label { width: 100%; font-weight: 600; }
input[type=search] { flex: 1 1 16rem; font-size: 1rem; padding: .5rem; border: 2px solid #555; border-radius: 4px; }
button { font-size: 1rem; padding: .5rem 1rem; background: #0b5394; color: #fff; border: 0; border-radius: 4px; }
mark { background: #fff1a8; color: #1a1a1a; }
.safety { border: 3px solid #a40000; border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0; }
.safety h2 { color: #a40000; margin: .25rem 0; font-size: 1.2rem; }
.error { color: #a40000; font-weight: 600; }
.results { padding-left: 1.5rem; }
.results h2 { font-size: 1.1rem; margin-bottom: .25rem; }
.reviewed, .section, .duplicates { color: #444; font-size: .9rem; margin: .1rem 0; }
.pages { list-style: none; display: flex; gap: 1rem; padding: 0; }
aside h3 { font-size: 1rem; margin-bottom: .25rem; text-transform: capitalize; }
footer { margin-top: 2rem; color: #444; font-size: .9rem; }
)CSS";

constexpr WebAsset kAssets[] = {
    {"/page.css", "text/css; charset=utf-8", kPageCss},
};

}  // namespace

const WebAsset* find_web_asset(const std::string& path) {
    for (const WebAsset& a : kAssets) {
        if (path == a.path) return &a;
    }
    return nullptr;
}

}  // namespace lantern

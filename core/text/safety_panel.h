// safety_panel.h: pinned safety cards (corpus/safety-panel.toml): trigger words and phrases in a
// query show a short card with guidance and a link, above the results. Compiled into the index
// at build time, like the thesaurus.
#pragma once

#include <string>
#include <vector>

#include "text/text_fold.h"

namespace lantern {

struct SafetyCard {
    std::string id;
    std::string title;
    std::string text;
    std::string link;
    std::string link_text;
    std::vector<std::string> triggers;   ///< folded phrases
};

class SafetyPanel {
public:
    /// Reads a TOML file of [[card]] tables. Throws BadInput "FILE:LINE: reason" for syntax errors,
    /// unknown keys, missing fields or a card without triggers.
    static SafetyPanel load_file(const std::string& path);

    std::string to_stored() const;
    static SafetyPanel from_stored(const std::string& data);   ///< throws BadIndex

    /// Cards any of whose triggers occur in the query's words (as a run of whole words), in file order.
    std::vector<SafetyCard> match(const std::vector<Word>& words) const;

    bool empty() const { return cards_.empty(); }
    std::size_t size() const { return cards_.size(); }

private:
    std::vector<SafetyCard> cards_;
};

}  // namespace lantern

// document_fields.cpp: document_fields.h.
#include "extract/detail/document_fields.h"

#include "extract/detail/xml_text.h"

namespace lantern::document_fields {

std::string language_subtag(std::string_view tag) {
    std::string out;
    for (const char c : collapse_space(tag)) {
        if (c == '-' || c == '_') break;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return "";
        out.push_back(c);
    }
    return out.size() >= 2 && out.size() <= 3 ? ascii_lower(out) : "";
}

bool is_placeholder_title(const std::string& title) {
    const std::string t = ascii_lower(collapse_space(title));
    if (t.empty() || t == "untitled" || t == "title" || t == "no title" || t == "document") return true;
    if (t.rfind("microsoft word - ", 0) == 0) return true;
    for (const std::string ext : {".doc", ".docx", ".odt", ".pdf", ".rtf", ".txt", ".indd", ".pub", ".ps", ".tex"}) {
        if (t.size() > ext.size() && t.compare(t.size() - ext.size(), ext.size(), ext) == 0) return true;
    }
    return false;
}

std::string bytes_in_words(std::uint64_t bytes) {
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes) + " bytes";
}

bool BodyWriter::room() {
    if (a_.body.size() >= max_) full_ = true;
    return !full_;
}

bool BodyWriter::paragraph(const std::string& text) {
    if (!room()) return false;
    xml_text::append_paragraph(text, a_);
    return true;
}

bool BodyWriter::heading(const std::string& text) {
    if (!room()) return false;
    xml_text::append_heading(text, "", a_);
    return true;
}

std::string BodyWriter::finish() {
    while (!a_.body.empty() && a_.body.back() == '\n') a_.body.pop_back();
    return full_ ? "text past " + bytes_in_words(max_) + " left out" : "";
}

}  // namespace lantern::document_fields

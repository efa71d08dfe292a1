// documents.h: PDFs and zip containers made in memory for the document extractors' tests, so each
// table row states the document it reads; and the checked-in documents of tests/data/documents
// (made by scripts/make-documents).
#pragma once

#include <zip.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lantern::test {

/// The bytes of tests/data/documents/NAME ("" if it cannot be read: the test's checks then fail).
inline std::string document_fixture(const std::string& name) {
    std::ifstream in(std::string(LANTERN_SOURCE_DIR) + "/tests/data/documents/" + name, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A line of text on a PDF page: font size, position from the bottom left (PDF points), text.
struct PdfLine {
    double size;
    double x, y;
    std::string text;
};

/// A page's content stream with each line shown in Helvetica (a standard font: no file needed).
inline std::string pdf_page(const std::vector<PdfLine>& lines) {
    std::string c;
    for (const PdfLine& l : lines) {
        std::string escaped;
        for (const char ch : l.text) {
            if (ch == '(' || ch == ')' || ch == '\\') escaped.push_back('\\');
            escaped.push_back(ch);
        }
        c += "BT /F1 " + std::to_string(l.size) + " Tf " + std::to_string(l.x) + " " + std::to_string(l.y) + " Td (" +
             escaped + ") Tj ET\n";
    }
    return c;
}

/// Body text set as a typesetter would: 10-point lines 12 points apart from the top of the page.
inline std::string pdf_text_page(const std::vector<std::string>& lines, double top = 780) {
    std::vector<PdfLine> out;
    for (const std::string& l : lines) {
        out.push_back({10, 72, top, l});
        top -= 12;
    }
    return pdf_page(out);
}

struct TestPdf {
    std::vector<std::string> pages;    ///< content streams, one a page ("" for a blank page)
    std::string info;                  ///< entries of the document information dictionary: "/Title (T)"
    std::string catalog;               ///< more catalog entries: "/Lang (en-GB)"
    std::vector<std::string> outline;  ///< outline entry titles, each pointing at page 1
    bool nested = false;               ///< each entry the only child of the one before (else siblings)
};

/// A well-formed PDF 1.4 of the pages, with a correct cross-reference table.
inline std::string build_pdf(const TestPdf& p) {
    std::vector<std::string> objects;  // object i+1
    const std::size_t first_item = 6, first_page = first_item + p.outline.size();
    std::string kids;
    for (std::size_t i = 0; i < p.pages.size(); ++i) kids += std::to_string(first_page + 2 * i) + " 0 R ";
    objects.push_back("<< /Type /Catalog /Pages 2 0 R" + std::string(p.outline.empty() ? "" : " /Outlines 5 0 R") +
                      " " + p.catalog + " >>");
    objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(p.pages.size()) + " >>");
    objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    objects.push_back("<< " + p.info + " >>");
    const std::size_t n = p.outline.size();
    objects.push_back(n == 0 ? "<< >>"
                             : "<< /Type /Outlines /First " + std::to_string(first_item) + " 0 R /Last " +
                                   std::to_string(p.nested ? first_item : first_item + n - 1) + " 0 R /Count " +
                                   std::to_string(n) + " >>");
    for (std::size_t i = 0; i < n; ++i) {
        const std::string next = std::to_string(first_item + i + 1), previous = std::to_string(first_item + i - 1);
        std::string item = "<< /Title (" + p.outline[i] + ") /Dest [" + std::to_string(first_page) + " 0 R /Fit]";
        if (p.nested) {
            item += " /Parent " + (i == 0 ? std::string("5") : previous) + " 0 R";
            if (i + 1 < n) item += " /First " + next + " 0 R /Last " + next + " 0 R /Count 1";
        } else {
            item += " /Parent 5 0 R";
            if (i > 0) item += " /Prev " + previous + " 0 R";
            if (i + 1 < n) item += " /Next " + next + " 0 R";
        }
        objects.push_back(item + " >>");
    }
    for (std::size_t i = 0; i < p.pages.size(); ++i) {
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents " +
                          std::to_string(first_page + 2 * i + 1) + " 0 R /Resources << /Font << /F1 3 0 R >> >> >>");
        objects.push_back("<< /Length " + std::to_string(p.pages[i].size()) + " >>\nstream\n" + p.pages[i] +
                          "\nendstream");
    }
    std::string out = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (const std::size_t o : offsets) {
        const std::string digits = std::to_string(o);
        out += std::string(10 - digits.size(), '0') + digits + " 00000 n \n";
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R /Info 4 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return out;
}

/// A zip of the parts (name, bytes), deflated, written by libzip; the parts named in `encrypted`
/// are encrypted (AES-256, password "secret").
inline std::string build_zip(const std::vector<std::pair<std::string, std::string>>& parts,
                             const std::vector<std::string>& encrypted = {}) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_t* z = buffer == nullptr ? nullptr : zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (z == nullptr) throw std::runtime_error("build_zip: cannot create a zip");
    zip_source_keep(buffer);
    for (const auto& [name, bytes] : parts) {
        // The data must live until zip_close: copied into a buffer that libzip frees.
        void* copy = std::malloc(bytes.size() + 1);
        std::memcpy(copy, bytes.data(), bytes.size());
        zip_source_t* s = zip_source_buffer(z, copy, bytes.size(), 1);
        const zip_int64_t index = s == nullptr ? -1 : zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
        if (index < 0) throw std::runtime_error("build_zip: " + name);
        for (const std::string& e : encrypted) {
            if (e == name &&
                zip_file_set_encryption(z, static_cast<zip_uint64_t>(index), ZIP_EM_AES_256, "secret") != 0) {
                throw std::runtime_error("build_zip: cannot encrypt " + name);
            }
        }
    }
    if (zip_close(z) != 0) throw std::runtime_error("build_zip: cannot write the zip");
    zip_stat_t st;
    zip_source_stat(buffer, &st);
    std::string out(st.size, '\0');
    zip_source_open(buffer);
    zip_source_read(buffer, out.data(), st.size);
    zip_source_close(buffer);
    zip_source_free(buffer);
    zip_error_fini(&error);
    return out;
}

}  // namespace lantern::test

// zip_reader.cpp: libzip over a memory buffer, parts read in chunks against their bounds.
#include "extract/detail/zip_reader.h"

#include <zip.h>

#include <algorithm>
#include <vector>

#include "extract/detail/document_fields.h"
#include "text/errors.h"

namespace lantern {
namespace {

struct ErrorText {
    zip_error_t e{};
    ErrorText() { zip_error_init(&e); }
    ~ErrorText() { zip_error_fini(&e); }
    ErrorText(const ErrorText&) = delete;
    ErrorText& operator=(const ErrorText&) = delete;
    std::string text() { return zip_error_strerror(&e); }
};

}  // namespace

struct ZipReader::Impl {
    zip_t* zip = nullptr;
    ~Impl() {
        if (zip != nullptr) zip_discard(zip);
    }
};

ZipReader::ZipReader(std::string_view bytes, const ZipLimits& limits)
    : impl_(std::make_unique<Impl>()), limits_(limits) {
    if (bytes.substr(0, 2) != "PK") throw BadDocument("not a zip file");
    ErrorText error;
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error.e);
    if (source == nullptr) throw BadDocument("damaged zip: " + error.text());
    // ZIP_CHECKCONS: each local header must agree with the central directory, so the sizes a part
    // is checked against are the ones its data is stored under.
    impl_->zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error.e);
    if (impl_->zip == nullptr) {
        zip_source_free(source);
        throw BadDocument("damaged zip: " + error.text());
    }
    const zip_int64_t entries = zip_get_num_entries(impl_->zip, 0);
    if (entries < 0 || static_cast<std::uint64_t>(entries) > limits_.max_entries) {
        past_bound_ = "its zip lists " + std::to_string(entries) + " entries, more than the " +
                      std::to_string(limits_.max_entries) + " read (a zip bomb?)";
    }
}

ZipReader::~ZipReader() = default;

bool ZipReader::has(const std::string& name) const {
    return zip_name_locate(impl_->zip, name.c_str(), 0) >= 0;
}

std::string ZipReader::read(const std::string& name, std::string& out) {
    out.clear();
    const zip_int64_t index = zip_name_locate(impl_->zip, name.c_str(), 0);
    if (index < 0) return name + " is missing";
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(impl_->zip, static_cast<zip_uint64_t>(index), 0, &st) != 0) {
        throw BadDocument("damaged zip: cannot read the header of " + name);
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && st.encryption_method != ZIP_EM_NONE)
        return name + " is encrypted";
    const std::uint64_t left = limits_.max_total - std::min(read_total_, limits_.max_total);
    const std::uint64_t cap = std::min(limits_.max_part, left);
    const std::uint64_t declared = (st.valid & ZIP_STAT_SIZE) != 0 ? st.size : cap;
    if (declared > limits_.max_part) {
        return name + " declares " + document_fields::bytes_in_words(declared) + " uncompressed, past the " +
               document_fields::bytes_in_words(limits_.max_part) + " read of one part (a zip bomb?)";
    }
    if (declared > left) {
        return "its parts declare more than the " + document_fields::bytes_in_words(limits_.max_total) +
               " read of one document in all (a zip bomb?)";
    }
    zip_file_t* file = zip_fopen_index(impl_->zip, static_cast<zip_uint64_t>(index), 0);
    if (file == nullptr) throw BadDocument("damaged zip: cannot open " + name + ": " + zip_strerror(impl_->zip));
    // One byte past what the header declares is read, to see a part that inflates to more than it says.
    out.reserve(static_cast<std::size_t>(declared));
    std::vector<char> chunk(1 << 16);
    std::string damage;
    while (out.size() <= declared) {
        const zip_int64_t n = zip_fread(file, chunk.data(), chunk.size());
        if (n < 0) {
            damage = zip_file_strerror(file);
            break;
        }
        if (n == 0) break;
        out.append(chunk.data(), static_cast<std::size_t>(n));
    }
    zip_fclose(file);
    if (!damage.empty()) throw BadDocument("damaged zip: " + name + ": " + damage);
    read_total_ += out.size();
    if (out.size() > declared) {
        out.clear();
        return name + " inflates to more than the " + document_fields::bytes_in_words(declared) +
               " its header declares (damaged, or a zip bomb)";
    }
    return "";
}

}  // namespace lantern

// hash_slots.h: an open-addressing table from 64-bit hashes to small ids, for the counting loops
// of facet_count.cpp that meet tens of thousands of keys in one search: one array, no allocation
// per key (a map node and a string per key were most of a one-search CLI lookup, callgrind).
// The caller keeps the keys; on a hash whose low half it has seen, it says whether the id stored
// is its key. A slot is eight bytes, so a table stays in few pages (each new page is a fault).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace lantern {

class HashSlots {
public:
    /// The id stored under `hash` for which `same(id)` holds, if any.
    template <typename Same>
    std::optional<std::uint32_t> find(std::uint64_t hash, Same same) const {
        if (slots_.empty()) return std::nullopt;
        for (std::size_t at = low_of(hash) & mask(); slots_[at].id_plus_one != 0; at = (at + 1) & mask()) {
            if (slots_[at].low == low_of(hash) && same(slots_[at].id_plus_one - 1)) return slots_[at].id_plus_one - 1;
        }
        return std::nullopt;
    }

    /// The id stored under `hash` for which `same(id)` holds; else stores `fresh` under `hash`
    /// and returns it.
    template <typename Same>
    std::uint32_t find_or_add(std::uint64_t hash, std::uint32_t fresh, Same same) {
        if (2 * (used_ + 1) > slots_.size()) grow();
        std::size_t at = low_of(hash) & mask();
        for (; slots_[at].id_plus_one != 0; at = (at + 1) & mask()) {
            if (slots_[at].low == low_of(hash) && same(slots_[at].id_plus_one - 1)) return slots_[at].id_plus_one - 1;
        }
        slots_[at] = Slot{low_of(hash), fresh + 1};
        ++used_;
        return fresh;
    }

private:
    struct Slot {
        std::uint32_t low = 0;          ///< the hash's low half: where it starts, and a first check
        std::uint32_t id_plus_one = 0;  ///< 0: empty
    };

    static std::uint32_t low_of(std::uint64_t hash) { return static_cast<std::uint32_t>(hash); }
    std::size_t mask() const { return slots_.size() - 1; }

    /// Doubles the slots (at least 64), placing each stored id again.
    void grow() {
        std::vector<Slot> old(std::max<std::size_t>(64, 2 * slots_.size()));
        old.swap(slots_);
        for (const Slot& s : old) {
            if (s.id_plus_one == 0) continue;
            std::size_t at = s.low & mask();
            while (slots_[at].id_plus_one != 0) at = (at + 1) & mask();
            slots_[at] = s;
        }
    }

    std::vector<Slot> slots_;  ///< a power of two of them, at most half used
    std::size_t used_ = 0;
};

}  // namespace lantern

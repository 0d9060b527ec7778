// The one root of every fatal threatmap error, and the place where it happened.
// A message a user can act on: file, place in the file (line/column, layer,
// feature or key) and what is wrong, with what would be valid where known.
// Survivable problems do not throw; they go to core::Diagnostics.
#pragma once

#include <stdexcept>
#include <string>

namespace threatmap {

struct SourceLocation {
    std::string file;   // path as the user gave it; empty when not about a file
    std::string where;  // "14:9", "layer 'regions', feature 3", "key 'palette.matig'"
};

class Error : public std::runtime_error {
public:
    Error(SourceLocation location, const std::string& what_is_wrong);
    explicit Error(const std::string& what_is_wrong);

    const SourceLocation& location() const { return location_; }
    const std::string& detail() const { return detail_; }

private:
    SourceLocation location_;
    std::string detail_;
};

// "file:14:9: detail" or "file: layer 'x', feature 3: detail", skipping the
// parts that are empty.
std::string format_location_message(const SourceLocation& location, const std::string& detail);

}  // namespace threatmap

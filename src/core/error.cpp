#include "core/error.hpp"

namespace threatmap {

namespace {

// "14:9" joins its file as compilers do ("file:14:9:"); a place in words
// ("layer 'regions', feature 3") reads as a phrase of its own after "file: ".
bool is_line_and_column(const std::string& where) {
    return !where.empty() && where.front() >= '0' && where.front() <= '9';
}

}  // namespace

std::string format_location_message(const SourceLocation& location, const std::string& detail) {
    std::string out = location.file;
    if (!location.where.empty()) {
        if (!out.empty()) out += is_line_and_column(location.where) ? ":" : ": ";
        out += location.where;
    }
    if (!out.empty()) out += ": ";
    return out + detail;
}

Error::Error(SourceLocation location, const std::string& what_is_wrong)
    : std::runtime_error(format_location_message(location, what_is_wrong)),
      location_(std::move(location)),
      detail_(what_is_wrong) {}

Error::Error(const std::string& what_is_wrong) : std::runtime_error(what_is_wrong), detail_(what_is_wrong) {}

}  // namespace threatmap

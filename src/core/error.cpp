#include "core/error.hpp"

namespace threatmap {

std::string format_location_message(const SourceLocation& location, const std::string& detail) {
    std::string out;
    if (!location.file.empty()) out += location.file + ":";
    if (!location.where.empty()) out += (out.empty() ? "" : "") + location.where + ":";
    if (!out.empty()) out += " ";
    return out + detail;
}

Error::Error(SourceLocation location, const std::string& what_is_wrong)
    : std::runtime_error(format_location_message(location, what_is_wrong)),
      location_(std::move(location)),
      detail_(what_is_wrong) {}

Error::Error(const std::string& what_is_wrong) : std::runtime_error(what_is_wrong), detail_(what_is_wrong) {}

}  // namespace threatmap

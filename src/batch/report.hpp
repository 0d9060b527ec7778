// Products for report authors, made from a finished batch: an HTML briefing
// page with the SVG maps inline (so the provenance tooltips work), a
// multi-page vector PDF briefing pack, and LaTeX / Markdown figure snippets.
// Everything is written atomically into the output folder.
#pragma once

#include <string>
#include <vector>

#include "batch/run_batch.hpp"

namespace threatmap::batch {

struct ReportFiles {
    std::vector<WrittenFile> files;
};

// Writes <prefix>briefing.html, <prefix>briefing.pdf, <prefix>figures.tex and
// <prefix>figures.md. Uses the SVG and PDF maps of `preset` in `result`
// (rendering them if the batch did not). Throws threatmap::Error.
ReportFiles write_report(const Inputs& inputs, const BatchResult& result, const std::string& out_dir,
                         const std::string& prefix, const std::string& preset, const ProjectionFactory& projections,
                         core::Diagnostics& diagnostics);

// Alt text of a map: which areas are at which level, in words.
std::string alt_text(const Inputs& inputs, const CategoryData& data);
// "Raised since the previous assessment: ...", empty when nothing is known.
std::string change_summary(const Inputs& inputs, const CategoryData& data);

}  // namespace threatmap::batch

// The plain result of parsing the command line; nothing below cli/ sees argv.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace threatmap::cli {

struct Options {
    std::string command;  // render | stats | inspect
    std::string assessment;
    std::string gazetteer;
    std::string boundaries;
    std::optional<std::string> layer;
    std::string class_field;
    std::vector<std::string> classes;
    std::string title;  // generic mode: the map's title instead of "<layer> by <field>"
    std::optional<std::string> assume_crs;
    std::string neighbours;
    std::string rivers;
    std::string style;
    std::vector<std::string> categories;  // empty: all
    std::vector<std::string> formats{"png", "svg", "pdf"};
    std::vector<std::string> presets{"slide"};
    bool change = false;
    std::string lang = "en";
    std::string crs;
    std::string out_dir = "output";
    unsigned jobs = 0;  // 0: cores available
    bool strict = false;
    bool quiet = false;
    bool timings = false;  // print the time spent per stage
    bool no_labels = false;
    double simplify_px = 0.5;
    int width_px = 0, height_px = 0;  // explicit page size instead of presets
    double dpi = 0;
    bool bare = false;                // map only: no panel, legend, labels, scale bar
    std::vector<double> extent;       // frame in map CRS: min x, min y, max x, max y
    std::string stats_format = "csv";
    bool no_checksum_cache = false;           // hash every input anew (io::ChecksumCache)
    bool report = false;                      // HTML page, PDF pack, figure snippets
    std::string shard;                        // "K/N": this machine's slice of the job list
    std::vector<std::string> manifests;       // merge-manifests inputs
    std::string merged_manifest;              // merge-manifests output
};

// Threads a run may use: --jobs, or every core.
inline unsigned run_threads(const Options& o) {
    return o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
}

// The options `threatmap render` starts from: the embedded MINUSMA data and
// the default style, as paths relative to the project folder. (A plain
// Options{} names no data at all.)
inline Options embedded_data_options() {
    Options o;
    o.assessment = "geodata/assessments/minusma-2017.toml";
    o.gazetteer = "geodata/gazetteer/mali.toml";
    o.boundaries = "geodata/boundaries/mali-admin1.fgb";
    o.neighbours = "geodata/context/countries.fgb";
    o.rivers = "geodata/context/rivers.fgb";
    o.style = "styles/default.toml";
    return o;
}

}  // namespace threatmap::cli

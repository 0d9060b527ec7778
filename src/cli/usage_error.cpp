#include "cli/usage_error.hpp"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "core/text.hpp"

namespace threatmap::cli {
namespace {

// A misspelt name's closest real one, if it is close enough to be what was meant.
std::optional<std::string> meant(const std::string& name, const std::vector<std::string>& names) {
    const auto near = core::likely_meant(name, names, 1);
    return near.empty() ? std::nullopt : std::optional(near.front());
}

}  // namespace

// A usage error as a sentence a user can act on: the command or option meant
// where a misspelt one is close to a real one (CLI11 says "A subcommand is
// required" for `threatmap rendr`, and lists an unknown option with its value).
std::string usage_error(CLI::App& app, const CLI::ParseError& e, int argc, const char* const* argv) {
    std::vector<std::string> commands;
    for (const CLI::App* sub : app.get_subcommands(std::function<bool(CLI::App*)>{})) commands.push_back(sub->get_name());
    const std::vector<CLI::App*> used = app.get_subcommands();
    if (used.empty()) {
        for (int i = 1; i < argc; ++i) {
            const std::string word = argv[i];
            if (word.empty() || word[0] == '-') continue;
            const auto near = meant(word, commands);
            return fmt::format("unknown command \"{}\"{} (commands: {})", word,
                               near ? fmt::format(", did you mean \"{}\"?", *near) : "",
                               core::join_alternatives(commands, "and"));
        }
        return fmt::format("no command given: `threatmap render` renders the maps (commands: {}; "
                           "`threatmap --help` tells what each does)", core::join_alternatives(commands, "and"));
    }
    const std::string help = fmt::format(" (`threatmap {} --help` lists the options)", used.front()->get_name());
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        std::vector<std::string> options;
        for (const CLI::Option* option : used.front()->get_options())
            for (const std::string& name : option->get_lnames()) options.push_back("--" + name);
        std::vector<std::string> unknown, unexpected;
        for (const std::string& extra : app.remaining(true)) {
            if (extra.size() > 1 && extra[0] == '-') {
                const std::string name = extra.substr(0, extra.find('='));
                const auto near = meant(name, options);
                unknown.push_back(near ? fmt::format("unknown option {}, did you mean {}?", name, *near)
                                       : fmt::format("unknown option {}", name));
            } else {
                unexpected.push_back("\"" + extra + "\"");
            }
        }
        // Words after an unknown option are most likely its value: the option is the mistake.
        if (!unknown.empty()) return fmt::format("{}{}", fmt::join(unknown, "; "), help);
        if (!unexpected.empty())
            return fmt::format("unexpected argument{} {}{}", unexpected.size() > 1 ? "s" : "",
                               core::join_alternatives(unexpected, "and"), help);
    }
    return e.what() + help;
}

}  // namespace threatmap::cli

// io/i18n_reader: styles/i18n.toml has every word the map uses in every
// language --lang offers; a missing word or language, an unknown one and an
// empty text are errors naming file:line:col and the word.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "batch/map_job.hpp"
#include "core/error.hpp"
#include "io/i18n_reader.hpp"

namespace threatmap::io {
namespace {

namespace fs = std::filesystem;
const std::vector<std::string> kLanguages{"en", "nl", "fr"};

class TempToml {
public:
    explicit TempToml(const std::string& text) {
        path_ = (fs::temp_directory_path() / ("threatmap-i18n-" + std::to_string(::getpid()) + "-" +
                                              std::to_string(counter_++) + ".toml")).string();
        std::ofstream(path_) << text;
    }
    ~TempToml() { fs::remove(path_); }
    const std::string& path() const { return path_; }

private:
    static inline int counter_ = 0;
    std::string path_;
};

// Reads `text` with the words {a, b}; expects an Error at where with every fragment.
void expect_error(const std::string& text, const std::string& where, const std::vector<std::string>& fragments) {
    TempToml f(text);
    try {
        read_i18n(f.path(), {"a", "b"}, kLanguages);
        ADD_FAILURE() << "no error for:\n" << text;
    } catch (const threatmap::Error& e) {
        const std::string msg = e.what();
        EXPECT_EQ(e.location().file, f.path()) << msg;
        EXPECT_EQ(e.location().where, where) << msg;
        for (const auto& s : fragments) EXPECT_NE(msg.find(s), std::string::npos) << "missing \"" << s << "\" in: " << msg;
    }
}

TEST(I18nReader, RealFileHasEveryWordInEveryLanguage) {
    UiWords w = read_i18n("styles/i18n.toml", batch::ui_word_keys(), kLanguages);
    EXPECT_EQ(w.path, "styles/i18n.toml");
    EXPECT_EQ(w.words.size(), batch::ui_word_keys().size());
    for (const auto& key : batch::ui_word_keys())
        for (const auto& lang : kLanguages) EXPECT_FALSE(w(lang, key).empty()) << key << "/" << lang;
    // The words the maps showed when they were in the code.
    EXPECT_EQ(w("en", "legend"), "Threat level");
    EXPECT_EQ(w("nl", "legend"), "Dreigingsniveau");
    EXPECT_EQ(w("fr", "legend"), "Niveau de menace");
    EXPECT_EQ(w("fr", "change_legend"), "Évolution depuis l’évaluation précédente");
    EXPECT_EQ(w("nl", "exposure"), "Operatiegebieden per dreigingsniveau (km², gelijkoppervlakkig)");
    EXPECT_EQ(w("fr", "assumption"), "Hypothèse d’analyste");
}

TEST(I18nReader, LookupOfAbsentWordOrLanguageNamesFileAndKey) {
    UiWords w = read_i18n("styles/i18n.toml", batch::ui_word_keys(), kLanguages);
    try {
        (void)w("de", "legend");
        ADD_FAILURE() << "no error";
    } catch (const threatmap::Error& e) {
        EXPECT_EQ(e.location().file, "styles/i18n.toml");
        EXPECT_NE(std::string(e.what()).find("\"de\""), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)w("en", "nosuchword"), threatmap::Error);
}

TEST(I18nReader, MissingLanguageIsAnError) {
    expect_error("[a]\nen = \"A\"\nnl = \"A\"\nfr = \"A\"\n[b]\nen = \"B\"\nnl = \"B\"\n", "5:1",
                 {"b: missing language \"fr\"", "en, nl and fr"});
}

TEST(I18nReader, MissingWordIsAnError) {
    expect_error("[a]\nen = \"A\"\nnl = \"A\"\nfr = \"A\"\n", "1:1", {"missing word 'b'", "[b]"});
}

TEST(I18nReader, UnknownWordSuggestsClosest) {
    expect_error("[a]\nen = \"A\"\nnl = \"A\"\nfr = \"A\"\n[bb]\nen = \"B\"\n", "5:2", {"unknown key 'bb'", "did you mean"});
}

TEST(I18nReader, UnknownLanguageSuggestsClosest) {
    expect_error("[a]\nen = \"A\"\nnl = \"A\"\nfr = \"A\"\nfrr = \"A\"\n", "5:1", {"unknown key 'a.frr'", "did you mean 'fr'?"});
}

TEST(I18nReader, EmptyTextIsAnError) {
    expect_error("[a]\nen = \"A\"\nnl = \"\"\nfr = \"A\"\n[b]\nen = \"B\"\nnl = \"B\"\nfr = \"B\"\n", "3:6", {"a.nl", "empty text"});
}

TEST(I18nReader, MissingFileIsAnError) {
    EXPECT_THROW(read_i18n("styles/no-such-i18n.toml", {"a"}, kLanguages), threatmap::Error);
}

}  // namespace
}  // namespace threatmap::io

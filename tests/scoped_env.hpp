// An environment variable set (or removed) for one test's scope and put back
// as it was when the scope ends, also when an assertion ends the test early.
// Header-only, for the tests of any stage.
#pragma once

#include <stdlib.h>

#include <optional>
#include <string>

namespace threatmap::test {

class ScopedEnv {
public:
    // `value` nullopt: the variable is removed for the scope.
    ScopedEnv(std::string name, const std::optional<std::string>& value) : name_(std::move(name)) {
        if (const char* old = ::getenv(name_.c_str())) old_ = old;
        set(value);
    }
    ~ScopedEnv() { set(old_); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    void set(const std::optional<std::string>& value) const {
        if (value) ::setenv(name_.c_str(), value->c_str(), 1);
        else ::unsetenv(name_.c_str());
    }
    std::string name_;
    std::optional<std::string> old_;
};

}  // namespace threatmap::test

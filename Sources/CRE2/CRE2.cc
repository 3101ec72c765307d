#include "CRE2.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <cstring>
#include <string>
#include <vector>

struct parley_re2 {
    re2::RE2 *regex;
};

struct parley_re2_set {
    re2::RE2::Set *set;
};

static re2::RE2::Options options_for(int case_insensitive, int64_t max_memory) {
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingUTF8);
    options.set_case_sensitive(case_insensitive == 0);
    options.set_log_errors(false);
    if (max_memory > 0) options.set_max_mem(max_memory);
    return options;
}

static void copy_error(const std::string &message, char *error, size_t capacity) {
    if (error == nullptr || capacity == 0) return;
    size_t n = message.size() < capacity - 1 ? message.size() : capacity - 1;
    std::memcpy(error, message.data(), n);
    error[n] = '\0';
}

parley_re2 *parley_re2_new(const char *pattern, size_t length, int case_insensitive, int64_t max_memory,
                           char *error, size_t error_capacity) {
    re2::RE2 *regex = new re2::RE2(re2::StringPiece(pattern, length), options_for(case_insensitive, max_memory));
    if (!regex->ok()) {
        copy_error(regex->error(), error, error_capacity);
        delete regex;
        return nullptr;
    }
    return new parley_re2{regex};
}

void parley_re2_free(parley_re2 *regex) {
    if (regex == nullptr) return;
    delete regex->regex;
    delete regex;
}

int parley_re2_find(const parley_re2 *regex, const char *text, size_t length, size_t *start, size_t *end) {
    return parley_re2_find_from(regex, text, length, 0, start, end);
}

int parley_re2_find_from(const parley_re2 *regex, const char *text, size_t length, size_t from, size_t *start, size_t *end) {
    if (from > length) return 0;
    re2::StringPiece input(text, length);
    re2::StringPiece match;
    if (!regex->regex->Match(input, from, length, re2::RE2::UNANCHORED, &match, 1)) return 0;
    *start = static_cast<size_t>(match.data() - text);
    *end = *start + match.size();
    return 1;
}

parley_re2_set *parley_re2_set_new(int case_insensitive, int64_t max_memory) {
    return new parley_re2_set{new re2::RE2::Set(options_for(case_insensitive, max_memory), re2::RE2::UNANCHORED)};
}

int parley_re2_set_add(parley_re2_set *set, const char *pattern, size_t length, char *error, size_t error_capacity) {
    std::string message;
    int index = set->set->Add(re2::StringPiece(pattern, length), &message);
    if (index < 0) copy_error(message, error, error_capacity);
    return index;
}

int parley_re2_set_compile(parley_re2_set *set) {
    return set->set->Compile() ? 1 : 0;
}

int parley_re2_set_match(const parley_re2_set *set, const char *text, size_t length, int *indices, int capacity) {
    std::vector<int> matched;
    re2::RE2::Set::ErrorInfo info;
    if (!set->set->Match(re2::StringPiece(text, length), &matched, &info)) {
        return info.kind == re2::RE2::Set::kOutOfMemory ? -1 : 0;
    }
    int count = static_cast<int>(matched.size());
    for (int i = 0; i < count && i < capacity; i++) indices[i] = matched[i];
    return count;
}

void parley_re2_set_free(parley_re2_set *set) {
    if (set == nullptr) return;
    delete set->set;
    delete set;
}

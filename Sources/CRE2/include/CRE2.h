// A C interface to RE2 for Swift: linear-time regular expressions (no backtracking), so
// matching is bounded by the length of the text, whatever the pattern.
#ifndef PARLEY_CRE2_H
#define PARLEY_CRE2_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_re2 parley_re2;
typedef struct parley_re2_set parley_re2_set;

/// Compiles a UTF-8 pattern. On failure returns NULL and writes RE2's message into `error`.
parley_re2 *parley_re2_new(const char *pattern, size_t length, int case_insensitive, int64_t max_memory,
                           char *error, size_t error_capacity);
void parley_re2_free(parley_re2 *regex);
/// Finds the leftmost match; returns 1 and its byte range [start, end) when there is one.
int parley_re2_find(const parley_re2 *regex, const char *text, size_t length, size_t *start, size_t *end);
/// The same, starting the search at byte `from` (for finding every match in turn).
int parley_re2_find_from(const parley_re2 *regex, const char *text, size_t length, size_t from, size_t *start, size_t *end);

/// A set of patterns matched together in one pass over the text.
parley_re2_set *parley_re2_set_new(int case_insensitive, int64_t max_memory);
/// Adds a pattern; returns its index, or -1 with RE2's message in `error`.
int parley_re2_set_add(parley_re2_set *set, const char *pattern, size_t length, char *error, size_t error_capacity);
/// Returns 1 when the set compiled (after all patterns were added).
int parley_re2_set_compile(parley_re2_set *set);
/// Writes the indices of matching patterns (up to `capacity`) and returns how many matched,
/// or -1 when the DFA ran out of memory (callers then match the patterns one by one).
int parley_re2_set_match(const parley_re2_set *set, const char *text, size_t length, int *indices, int capacity);
void parley_re2_set_free(parley_re2_set *set);

#ifdef __cplusplus
}
#endif

#endif

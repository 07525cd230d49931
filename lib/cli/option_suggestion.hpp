#pragma once
// "Did you mean --field?" for a mistyped option.

#include <string>
#include <string_view>
#include <vector>

namespace rivulet {

// The name in `known` closest to `typed` by edit distance (insertions, deletions,
// substitutions and swaps of neighbours), if it is close enough to be a likely typo: at most
// a third of the typed name's letters (and at least one) differ. Empty when none is close.
std::string closest_option(std::string_view typed, const std::vector<std::string>& known);

}  // namespace rivulet

#pragma once
// Numbers three terminal rows tall, drawn with block characters, for the counter panels.

#include <array>
#include <string>
#include <string_view>

namespace rivulet {

constexpr int kBigDigitRows = 3;

// The three rows (UTF-8) of `number` in big digits: "0".."9", "." and "-" are drawn big; a
// trailing unit letter (k, M, G, T, as format_value() writes) is set small on the bottom
// row. False if `number` holds anything else.
bool big_digits(std::string_view number, std::array<std::string, kBigDigitRows>* rows, int* width);

}  // namespace rivulet

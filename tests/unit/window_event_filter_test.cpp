#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "io/line_reader.hpp"
#include "json/json_line.hpp"
#include "window/event_filter.hpp"

using namespace rivulet;

namespace {

// Which of `lines` the conditions select ("+" selected, "-" skipped, "!" bad), and the filter.
std::string selections(EventFilter& filter, const std::vector<std::string>& lines) {
  JsonLineParser parser;
  std::string out;
  for (const std::string& line : lines) {
    std::string storage = line + std::string(kLinePadding, ' ');
    JsonDocument doc;
    std::string err;
    REQUIRE(parser.parse(std::string_view(storage.data(), line.size()), &doc, &err));
    Selection s = filter.select(doc, &err);
    out += s == Selection::kSelected ? '+' : s == Selection::kSkipped ? '-' : '!';
  }
  return out;
}

EventFilter filter_of(const std::string& text) {
  std::vector<FieldCondition> conditions;
  std::string err;
  REQUIRE(parse_field_conditions(text, &conditions, &err));
  return EventFilter(std::move(conditions));
}

const std::vector<std::string> kEvents = {
    R"({"w":720,"kf":true,"ev":"beat","q":{"x":1}})",
    R"({"w":1280,"kf":false,"ev":"join"})",
    R"({"w":1920.0,"kf":true,"ev":"leave"})",
    R"({"kf":true})",
};

}  // namespace

TEST_CASE("where: every comparison on numbers", "[where]") {
  EventFilter eq = filter_of("w=1280");
  CHECK(selections(eq, kEvents) == "-+--");
  EventFilter ne = filter_of("w!=1280");
  CHECK(selections(ne, kEvents) == "+-+-");  // a missing field never holds
  EventFilter lt = filter_of("w<1280");
  CHECK(selections(lt, kEvents) == "+---");
  EventFilter le = filter_of("w<=1280");
  CHECK(selections(le, kEvents) == "++--");
  EventFilter gt = filter_of("w>1280");
  CHECK(selections(gt, kEvents) == "--+-");
  EventFilter ge = filter_of("w>=1280");
  CHECK(selections(ge, kEvents) == "-++-");
}

TEST_CASE("where: booleans in any case, strings, several conditions", "[where]") {
  EventFilter kf = filter_of("kf=True");
  CHECK(selections(kf, kEvents) == "+-++");
  EventFilter both = filter_of("kf=true,ev!=leave");
  CHECK(selections(both, kEvents) == "+---");
  EventFilter str = filter_of("ev>join");
  CHECK(selections(str, kEvents) == "--+-");
  EventFilter nested = filter_of("q.x=1");
  CHECK(selections(nested, kEvents) == "+---");
  CHECK(nested.never_seen().empty());
}

TEST_CASE("where: a value that cannot match its field's type is noted once", "[where]") {
  EventFilter f = filter_of("kf=yes");
  CHECK(selections(f, kEvents) == "----");
  std::string note = f.take_type_note();
  CHECK(note.find("--where kf=yes: field \"kf\" holds values that cannot be compared") == 0);
  CHECK(f.take_type_note().empty());
  EventFilter never = filter_of("strem=cam-1,w>0");
  CHECK(selections(never, kEvents) == "----");
  CHECK(never.never_seen() == std::vector<std::string>{"strem", "w"});
}

TEST_CASE("where: operators parse at the first of = ! < >", "[where]") {
  std::vector<FieldCondition> c;
  std::string err;
  REQUIRE(parse_field_conditions("a<=1,b>=2,c!=x,d=e=f", &c, &err));
  REQUIRE(c.size() == 4);
  CHECK(c[0].op == Comparison::kLessEqual);
  CHECK(c[1].op == Comparison::kGreaterEqual);
  CHECK(c[2].op == Comparison::kNotEqual);
  CHECK((c[3].op == Comparison::kEqual && c[3].value == "e=f"));
  CHECK_FALSE(parse_field_conditions("a=1,b", &c, &err));
  CHECK(err == "\"b\" is not FIELD=VALUE (or !=, <, <=, >, >=)");
}

#pragma once
// The words a scenario file uses for each enumeration, one table each: the
// reader accepts every spelling of a table (scenario_loader.cpp) and the
// writer writes a value's first spelling (scenario_writer.cpp).
#include <string_view>
#include <utility>
#include <vector>

#include "calcsim/scenario.hpp"

namespace calcsim::spellings {

template <class T>
using Options = std::vector<std::pair<std::string_view, T>>;

inline const Options<Sex> sexes{{"female", Sex::Female}, {"male", Sex::Male}};
inline const Options<int> inflammation_levels{{"none", 0}, {"mild", 1}, {"moderate", 2}, {"severe", 3}};
inline const Options<Smoking> smoking_statuses{{"never", Smoking::Never}, {"former", Smoking::Former},
                                               {"current", Smoking::Current}};
inline const Options<Activity> activity_levels{{"sedentary", Activity::Sedentary},
                                               {"walking", Activity::Walking},
                                               {"loading", Activity::Loading}};
inline const Options<Repeat> repeats{{"daily", Repeat::Daily},
                                     {"thrice_weekly", Repeat::ThriceWeekly},
                                     {"weekly", Repeat::Weekly},
                                     {"once", Repeat::Once}};
inline const Options<Dosing> dosings{{"exact", Dosing::Exact},
                                     {"daily-averaged", Dosing::DailyAveraged},
                                     {"stroboscopic", Dosing::Stroboscopic}};
inline const Options<K1Form> k1_forms{{"supplement", K1Form::Supplement}, {"greens", K1Form::Greens}};
inline const Options<int> weekday_names{{"mon", 0},       {"tue", 1},       {"wed", 2},         {"thu", 3},
                                        {"fri", 4},       {"sat", 5},       {"sun", 6},         {"monday", 0},
                                        {"tuesday", 1},   {"wednesday", 2}, {"thursday", 3},    {"friday", 4},
                                        {"saturday", 5},  {"sunday", 6}};

// The spelling a value is written with: its first in the table.
template <class T>
std::string_view spelling_of(const Options<T>& options, T value) {
  for (const auto& [word, v] : options)
    if (v == value) return word;
  return options.front().first;
}

}  // namespace calcsim::spellings

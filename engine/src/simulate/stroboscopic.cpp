#include "simulate/stroboscopic.hpp"

#include <algorithm>
#include <cmath>
#include <array>
#include <cstddef>

#include <Eigen/Dense>

namespace calcsim {
namespace {

constexpr double same_time = 1e-9;  // days, as the schedule's
constexpr int longest_period = 7;
// The shortest extrapolation, in periods: each costs two integrated periods
// (to measure the drift after it), so a shorter one saves little and only
// adds its error.
constexpr std::size_t min_skip_periods = 4;
// Periods of repeating days below which nothing is skipped.
constexpr std::size_t min_stretch_periods = 3 + min_skip_periods;
// A state whose own decay rate (the Jacobian's diagonal) exceeds this many
// per period forgets an error within the period: gut contents, PTH, plasma
// calcium and phosphate.
constexpr double fast_decay = 5.0;   // days: weekday schedules (thrice-weekly and weekly doses, dialysis)

// The same timeline with a segment boundary at every midnight (a segment
// with no jumps and the inputs of the one it splits), so that the walk can
// stop and restart there.
Timeline with_midnights(const Timeline& tl) {
  Timeline out;
  out.intakes = tl.intakes;
  out.t_end = tl.t_end;
  out.dose_count = tl.dose_count;
  const std::size_t n = tl.segments.size();
  out.segments.reserve(n + static_cast<std::size_t>(tl.t_end) + 1);
  for (std::size_t i = 0; i < n; ++i) {
    const Segment& seg = tl.segments[i];
    out.segments.push_back(seg);
    const double t1 = i + 1 < n ? tl.segments[i + 1].t_start : tl.t_end;
    for (double d = std::floor(seg.t_start + same_time) + 1.0; d < t1 - same_time; d += 1.0) {
      Segment piece = seg;
      piece.t_start = d;
      piece.jumps.clear();
      out.segments.push_back(std::move(piece));
    }
  }
  return out;
}

bool same_segment(const Segment& a, double day_a, const Segment& b, double day_b) {
  if (std::abs((a.t_start - day_a) - (b.t_start - day_b)) > same_time) return false;
  if (a.magnesium_extra != b.magnesium_extra || a.dialysis_duty != b.dialysis_duty || a.intake != b.intake ||
      a.age_offset != b.age_offset || a.jumps.size() != b.jumps.size())
    return false;
  for (std::size_t j = 0; j < a.jumps.size(); ++j)
    if (a.jumps[j].state != b.jumps[j].state || a.jumps[j].amount != b.jumps[j].amount) return false;
  return true;
}

// The days of a timeline split at midnights: day d runs from segment first[d]
// to first[d + 1].
struct Days {
  std::vector<std::size_t> first;  // size whole + 1
  std::size_t whole = 0;           // days that end before the run does
};

Days days_of(const Timeline& tl) {
  Days days;
  days.whole = static_cast<std::size_t>(std::floor(tl.t_end + same_time));
  std::size_t i = 0;
  for (std::size_t d = 0; d <= days.whole; ++d) {
    const auto t = static_cast<double>(d);
    while (i < tl.segments.size() && tl.segments[i].t_start < t - same_time) ++i;
    days.first.push_back(i);
  }
  return days;
}

bool same_day(const Timeline& tl, const Days& days, std::size_t a, std::size_t b) {
  const std::size_t na = days.first[a + 1] - days.first[a];
  if (na != days.first[b + 1] - days.first[b]) return false;
  for (std::size_t j = 0; j < na; ++j)
    if (!same_segment(tl.segments[days.first[a] + j], static_cast<double>(a), tl.segments[days.first[b] + j],
                      static_cast<double>(b)))
      return false;
  return true;
}

// The period (days) that most days repeat, the shortest of those that do
// equally well (a daily schedule repeats after a week too, but loses the
// first week); 0 when no day repeats.
std::size_t period_of(const Timeline& tl, const Days& days) {
  std::size_t best = 0, most = 0;
  for (std::size_t p = 1; p <= longest_period && p < days.whole; ++p) {
    std::size_t repeats = 0;
    for (std::size_t d = p; d < days.whole; ++d) repeats += same_day(tl, days, d, d - p) ? 1 : 0;
    if (repeats > most) {
      best = p;
      most = repeats;
    }
  }
  return best;
}

using OdeMatrix = Eigen::Matrix<double, model::n_ode, model::n_ode, Eigen::RowMajor>;  // as model::jacobian writes it
using OdeVector = Eigen::Matrix<double, model::n_ode, 1>;
const double gamma = 1.0 + 1.0 / std::sqrt(2.0);  // ROS2's, L-stable

bool is_depot(std::size_t state) { return model::state_info()[state].kind == model::StateKind::Depot; }

// A stroboscopic sample and the drift per day there.
struct Node {
  double t = 0.0;
  FullState x{};
  FullState f{};
};

}  // namespace

StroboscopicStats walk_stroboscopic(const model::Context& c, const Timeline& exact_tl, const std::vector<double>& times,
                                    FullState x, Integrator& integrator, Matrix& states,
                                    const StroboscopicOptions& options) {
  const Timeline tl = with_midnights(exact_tl);
  const Days days = days_of(tl);
  StroboscopicStats stats;
  const std::size_t period = period_of(tl, days);
  stats.period_days = static_cast<long>(period);

  // periodic[d]: day d repeats day d - period. skippable[d]: and it has no
  // output time but its midnight.
  std::vector<char> periodic(days.whole, 0);
  std::vector<char> skippable(days.whole, 0);
  {
    std::size_t k = 0;
    for (std::size_t d = 0; d < days.whole; ++d) {
      periodic[d] = period > 0 && d >= period && same_day(tl, days, d, d - period) ? 1 : 0;
      bool inside = false;
      const auto t0 = static_cast<double>(d);
      while (k < times.size() && times[k] < t0 + 1.0 - same_time) {
        inside = inside || times[k] > t0 + same_time;
        ++k;
      }
      skippable[d] = periodic[d] != 0 && !inside ? 1 : 0;
    }
  }

  WalkOptions walk_options;
  walk_options.cancel = options.cancel;
  TimelineWalk walk(c, tl, times, walk_options);
  const auto integrate = [&](const SegmentRun& run, SolverState& y) {
    integrator.advance(run, y, [&](std::size_t k, const double* ys) {
      model::full_state(c, *run.inputs, ys, run.sample_taus[k],
                        states.row(static_cast<Eigen::Index>(run.first_sample + k)).data());
    });
  };

  // Without a stretch of repeating days long enough to skip some, the plain
  // exact walk (the same result as exact dosing).
  std::size_t longest = 0;
  for (std::size_t d = 0, run = 0; d < days.whole; ++d) {
    run = skippable[d] != 0 ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  if (period == 0 || longest < min_stretch_periods * period) {
    TimelineWalk plain(c, exact_tl, times, walk_options);
    plain.run(x, integrate);
    stats.exact_days = static_cast<long>(days.whole);
    return stats;
  }

  const double P = static_cast<double>(period);
  // The midnight states of the last period's days, by day modulo the period:
  // the shape of a weekly cycle, for the rows of the days an extrapolation skips.
  std::vector<FullState> midnights(period);
  std::vector<FullState> samples;  // the last three stroboscopic samples, one period apart
  std::size_t last_sample_day = 0;
  std::size_t settled_from = 0;    // the first day whose midnight may be sampled
  Node old, latest;                // the last two nodes
  int nodes = 0;                   // how many of them belong to the current stretch
  // The first stage of the last extrapolation, waiting for the drift at its
  // end to complete the step (ROS2's second stage).
  struct Pending {
    bool active = false;
    double t0 = 0.0, h = 0.0;
    OdeVector k1 = OdeVector::Zero();
    Eigen::PartialPivLU<OdeMatrix> lu;
  } pending;
  FullState curve_before{};        // the second derivative at the node before
  double spacing_before = 0.0;
  bool have_curve_before = false;
  double last_skip = 0.0;          // the last extrapolation's length, days
  constexpr double growth = 3.0;   // an extrapolation is at most this many times the one before

  std::size_t k = 0;  // the current day; x is the state at its midnight
  const auto start_stretch = [&] {
    samples.clear();
    nodes = 0;
    last_skip = 0.0;
    pending.active = false;
    have_curve_before = false;
  };
  while (k < days.whole) {
    if (period > 0 && k >= settled_from && (samples.empty() || k - last_sample_day == period)) {
      samples.push_back(x);
      last_sample_day = k;
      if (samples.size() > 3) samples.erase(samples.begin());
    }
    if (samples.size() == 3 && last_sample_day == k) {
      Node node;
      node.t = static_cast<double>(k);
      node.x = x;
      for (std::size_t i = 0; i < x.size(); ++i)
        node.f[i] = (3.0 * samples[2][i] - 4.0 * samples[1][i] + samples[0][i]) / (2.0 * P);
      if (pending.active) {
        // ROS2 (Verwer, Spee, Blom & Hundsdorfer 1999), a W-method: order 2
        // with any matrix. Its second stage takes the drift at the first
        // stage's end (measured here, a few integrated days after it); the
        // step's end differs from the first stage's by delta, added to the
        // state here and, growing as the square of the time into the step,
        // to the rows interpolated over it.
        OdeVector f2;
        for (int j = 0; j < model::n_ode; ++j) f2(j) = node.f[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(j)])];
        const OdeVector k2 = pending.lu.solve(f2 - 2.0 * pending.k1);
        const OdeVector delta = 0.5 * pending.h * (pending.k1 + k2);
        FullState shift{};
        for (int j = 0; j < model::n_ode; ++j) shift[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(j)])] = delta(j);
        for (auto row = std::lower_bound(times.begin(), times.end(), pending.t0 + same_time);
             row != times.end() && *row < node.t - same_time; ++row) {
          const double u = std::min(1.0, (*row - pending.t0) / pending.h);
          double* out = states.row(static_cast<Eigen::Index>(row - times.begin())).data();
          for (std::size_t q = 0; q < x.size(); ++q) out[q] += u * u * shift[q];
        }
        for (std::size_t q = 0; q < x.size(); ++q) x[q] += shift[q];
        node.x = x;
        pending.active = false;
      }
      old = latest;
      latest = node;
      nodes = std::min(nodes + 1, 2);

      // The model's Jacobian at this midnight: the stiffness of the drift.
      OdeMatrix jac;
      {
        FullState xs = x;
        const model::Inputs& in = walk.start(days.first[k], xs);
        const SolverState ys = solver_part(xs);
        std::array<double, model::n_ode> dfdt{};
        model::jacobian(c, in, ys.data(), jac.data(), dfdt.data(), 0.0);
      }
      // The states that forget an error within a period (their own decay
      // rate, the Jacobian's diagonal, is above fast_decay per period) are
      // extrapolated too, but do not limit the step: their samples carry
      // the integration's round-off of the day's fast swings, which a
      // difference of drifts only amplifies.
      std::array<char, model::n_states> fast{};
      for (int j = 0; j < model::n_ode; ++j)
        fast[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(j)])] = -jac(j, j) * P > fast_decay ? 1 : 0;

      // The longest extrapolation over whole periods of skippable days,
      // landing before the run's last whole day, whose local error is within
      // the tolerance: h^3/6 times the third derivative the drifts at the
      // last three nodes give (the first step of a stretch: h^2/2 times the
      // second derivative from two), and at most `growth` times the last.
      std::size_t room = 0;
      while (k + room + 1 < days.whole && skippable[k + room] != 0) ++room;
      std::size_t periods = 0;
      if (nodes == 2) {
        double curvature = 0.0;  // max over the states of |x''| / tolerance
        for (std::size_t i = 0; i < x.size(); ++i)
          if (fast[i] == 0 && !is_depot(i))
            curvature = std::max(curvature, std::abs(latest.f[i] - old.f[i]) / (latest.t - old.t) /
                                                (options.atol + options.rtol * std::abs(x[i])));
        double h = curvature > 0.0 ? std::sqrt(2.0 / curvature) : static_cast<double>(room);
        // With the curvature at the node before, the second-order step's
        // error (h^3/6 times the third derivative) sets the length instead.
        FullState curve{};
        for (std::size_t i = 0; i < x.size(); ++i) curve[i] = (latest.f[i] - old.f[i]) / (latest.t - old.t);
        if (have_curve_before) {
          double third = 0.0;
          for (std::size_t i = 0; i < x.size(); ++i)
            if (fast[i] == 0 && !is_depot(i))
              third = std::max(third, std::abs(curve[i] - curve_before[i]) / (0.5 * (latest.t - old.t) + 0.5 * spacing_before) /
                                          (options.atol + options.rtol * std::abs(x[i])));
          h = third > 0.0 ? std::cbrt(6.0 / third) : static_cast<double>(room);
        }
        curve_before = curve;
        spacing_before = latest.t - old.t;
        have_curve_before = true;
        const double cap = std::max(growth * last_skip, 4.0 * P);
        periods = static_cast<std::size_t>(std::floor(std::min({h, cap, static_cast<double>(room)}) / P));
      }
      const std::size_t skip = periods * period;
      if (periods >= min_skip_periods) {
        // The solver states: ROS2's first stage, x + h (I - gamma h J)^-1 f,
        // stable for the states that relax over days (gut capacity, dp-ucMGP,
        // vitamin K in tissue) at any length, as an explicit step is not.
        const double h = static_cast<double>(skip);
        OdeVector f;
        for (int j = 0; j < model::n_ode; ++j) f(j) = latest.f[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(j)])];
        const OdeMatrix m = OdeMatrix::Identity() - gamma * h * jac;
        pending.lu.compute(m);
        const OdeVector drift = pending.lu.solve(f);
        pending.active = true;
        pending.t0 = node.t;
        pending.h = h;
        pending.k1 = drift;
        FullState slope{};
        for (int j = 0; j < model::n_ode; ++j) slope[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(j)])] = drift(j);
        // The depots (closed form, linear): walked exactly, with every dose.
        // The other states: along the step, plus the last period's deviation
        // of each day's midnight from the line through its ends (zero for a
        // daily period).
        std::vector<FullState> cycle(period);
        for (std::size_t j = 1; j < period; ++j)
          for (std::size_t q = 0; q < x.size(); ++q)
            cycle[j][q] = midnights[(k - period + j) % period][q] -
                          (samples[1][q] + static_cast<double>(j) / P * (samples[2][q] - samples[1][q]));
        FullState depots = x;
        const double t0 = node.t;
        auto row = std::lower_bound(times.begin(), times.end(), t0 - same_time);
        for (std::size_t i = days.first[k]; i < days.first[k + skip]; ++i) {
          const double ts = tl.segments[i].t_start;
          for (; row != times.end() && *row <= ts + same_time; ++row) {
            double* out = states.row(static_cast<Eigen::Index>(row - times.begin())).data();
            const auto day_in_period = static_cast<std::size_t>(std::llround(*row - t0)) % period;
            for (std::size_t q = 0; q < x.size(); ++q)
              out[q] = is_depot(q) ? depots[q] : x[q] + (*row - t0) * slope[q] + cycle[day_in_period][q];
          }
          const model::Inputs& in = walk.start(i, depots);
          const SolverState ys = solver_part(depots);
          model::full_state(c, in, ys.data(), walk.bounds(i).second - ts, depots.data());
        }
        for (std::size_t q = 0; q < x.size(); ++q) x[q] = is_depot(q) ? depots[q] : x[q] + h * slope[q];
        last_skip = h;
        k += skip;
        settled_from = k + static_cast<std::size_t>(options.settle_periods) * period;
        samples.clear();
        stats.projected_days += static_cast<long>(skip);
        ++stats.projections;
        continue;
      }
    }
    // One day, integrated.
    midnights[k % period] = x;
    integrator.restart();
    walk.run(x, days.first[k], days.first[k + 1], integrate);
    ++stats.exact_days;
    if (periodic[k] == 0) start_stretch();
    ++k;
  }
  walk.run(x, days.first[days.whole], walk.segment_count(), integrate);
  return stats;
}

}  // namespace calcsim

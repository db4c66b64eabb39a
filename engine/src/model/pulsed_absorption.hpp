#pragma once
// Daily-averaged dosing spreads a day's meals evenly over it, but active
// calcium absorption is saturable: a meal's bolus saturates the transporters
// for an hour or two, a steady trickle never does, so an averaged gut would
// absorb more than the real one (about 1% more plasma calcium for a usual
// diet, enough to move the arterial score by 3% over ten years). This finds
// the factor on the active route that makes the averaged gut absorb, per day,
// what the same boluses taken at their times absorb at the same hormonal state.
#include <vector>

#include "model/model.hpp"
#include "schedule/schedule.hpp"

namespace calcsim {

// capacity: the gut's transport capacity state; plasma_ca: mmol/L (sets the
// endogenous secretion into the gut). Returns 1 when there is nothing to correct.
double active_absorption_scale(const model::Context& c, const std::vector<CalciumBolus>& day, double capacity,
                               double plasma_ca);

// The same, remembered along a run: recomputed only when the day's boluses
// change or capacity or plasma calcium has moved by more than 0.1% since
// (the scale moves by less than that; one computation costs as much as a
// dozen solver steps).
class AbsorptionCorrection {
 public:
  double operator()(const model::Context& c, const std::vector<CalciumBolus>& day, double capacity, double plasma_ca);

 private:
  std::vector<CalciumBolus> day_;
  double capacity_ = 0.0, plasma_ca_ = 0.0, scale_ = 1.0;
  bool valid_ = false;
};

}  // namespace calcsim

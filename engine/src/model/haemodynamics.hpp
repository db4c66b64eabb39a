#pragma once
// Arterial stiffness and resting blood pressure of an adult, read from the
// model's states: carotid-femoral pulse wave velocity (cfPWV) from age, mean
// arterial pressure and the state of the wall, and brachial pulse pressure
// from cfPWV. Mean arterial pressure is the patient's own and stays constant
// through a run; a stiffer aorta widens the pulse around it (systolic up,
// diastolic down). Within-day swings of pressure are not modelled.
#include "model/model.hpp"

namespace calcsim {

struct Haemodynamics {
  double pwv;        // carotid-femoral pulse wave velocity, m/s
  double systolic;   // brachial systolic pressure, mmHg
  double diastolic;  // brachial diastolic pressure, mmHg
  double pulse;      // systolic minus diastolic, mmHg
  double mean;       // mean arterial pressure, mmHg
};

// cfPWV (m/s) at age `age_years` with full state x and mean arterial pressure `map_mmhg`.
double pulse_wave_velocity(const model::Context& c, double age_years, const double* x, double map_mmhg);

// Brachial pulse pressure (mmHg) at a cfPWV (m/s).
double pulse_pressure(const Params& p, double pwv);

// The patient's mean arterial pressure: the reference when no systolic
// pressure is given; otherwise the pressure at which the model's systolic
// pressure at the start of the run (age at t_start, states x_start) equals the
// given one.
double mean_arterial_pressure(const model::Context& c, double t_start, const double* x_start);

// Stiffness and pressure at time t with states x, for a run that started at
// t_start with states x_start.
Haemodynamics haemodynamics(const model::Context& c, double t, const double* x, double t_start, const double* x_start);

}  // namespace calcsim

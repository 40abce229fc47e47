#pragma once
// /policies/<name>/ of the results file: the policy's levers as attributes,
// per-trial metrics under trials/, and the service time series under
// timeseries/ (sim/output/timeseries_group.hpp). Layout in docs/hdf5-schema.md.

#include <cstdint>

#include "models/metric_columns.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/runner/results.hpp"
#include "sim/scenario/policy_levers.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres {

//! `name`, `preset`, `description` and every parameter of the lever table
//! (sim/scenario/policy_levers.hpp) as attributes of `obj`, named by the table
//! ("sharing.mode", "crisis.activation_delay_steps", ...); organisations and
//! sectors by name.
void write_policy_parameters(const h5::Object& obj, const Scenario& scenario, const Policy& policy);

//! The type of the attribute a lever of this kind is written as, as
//! docs/hdf5-schema.md names it: "float64", "int32", "bool", "str" or "str[]".
const char* lever_attribute_type(LeverKind kind);

//! Writes /policies/<name>/ for one policy; shapes checked by check_run_shapes.
void write_policy_group(const h5::Group& policies, const Scenario& scenario, const RunResult& run,
                        const PolicyResult& result);

}  // namespace cyres

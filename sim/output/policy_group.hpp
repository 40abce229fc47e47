#pragma once
// /policies/<name>/ of the results file: the policy's levers as attributes,
// per-trial metrics under trials/, and the service time series under
// timeseries/ (sim/output/timeseries_group.hpp). Layout in docs/hdf5-schema.md.

#include <cstdint>

#include "sim/hdf5/hdf5.hpp"
#include "models/metric_columns.hpp"
#include "sim/runner/results.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres {

//! Every lever of `policy` as an attribute of `obj`, with flattened names
//! ("sharing.mode", "crisis.activation_delay_steps", ...); organisations and
//! sectors by name.
void write_policy_parameters(const h5::Object& obj, const Scenario& scenario, const Policy& policy);

//! Writes /policies/<name>/ for one policy; shapes checked by check_run_shapes.
void write_policy_group(const h5::Group& policies, const Scenario& scenario, const RunResult& run,
                        const PolicyResult& result);

}  // namespace cyres

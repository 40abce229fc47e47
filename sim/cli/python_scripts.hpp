#pragma once
// `cyres plot` and `cyres report` run the Python scripts in scripts/ with an
// interpreter that has h5py, numpy and matplotlib (docs/cli.md, "Python").

#include <string>
#include <vector>

namespace cyres::cli {

//! Runs `scripts/<script>` with `arguments` under the first interpreter that
//! imports h5py, numpy and matplotlib, and returns the script's exit code. If
//! no interpreter or no script is found, prints what to install or set and
//! returns 1.
int run_python_script(const std::string& script, const std::vector<std::string>& arguments);

}  // namespace cyres::cli

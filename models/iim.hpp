#pragma once
// Sector-level inoperability input-output model (IIM; Haimes & Jiang 2001,
// Santos & Haimes 2004) beside the Monte Carlo: a fast, linear, analytic
// estimate of how a perturbation of some sectors spreads through the
// dependencies between sectors. Method and assumptions: docs/analysis.md.
//
//   static:  q = A* q + c*            q = (I - A*)^-1 c*
//   dynamic: q(t+1) = q(t) + K (A* q(t) + c*(t) - q(t))     (DIIM, Lian & Haimes 2006)
//
// q_s is sector s's inoperability in [0, 1] (1 - service), c* the direct
// perturbation, A* the interdependency matrix derived from the scenario's
// dependency links (interdependency_matrix), K the diagonal of per-step
// recovery coefficients.

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "models/simulation_model.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres::iim {

//! a*_ij = criticality-weighted share of sector i's dependency input weight
//! that comes from sector j:
//!   a*_ij = sum_{v in i} w_v * (sum_{u in j, u->v} w_uv / W_v) / sum_{v in i} w_v
//! with w_v the criticality of asset v and W_v its total input weight (assets
//! without inputs contribute nothing). Entries are >= 0 and rows sum to <= 1.
Eigen::MatrixXd interdependency_matrix(const Scenario& scenario, const AssetGraph& graph);

//! max |lambda| over the eigenvalues of a square matrix (Eigen's EigenSolver); 0 if empty.
double spectral_radius(const Eigen::MatrixXd& matrix);

struct Equilibrium {
  Eigen::VectorXd q;           //!< (I - A*)^-1 c*, each entry capped at 1 [1]
  Eigen::VectorXd q_uncapped;  //!< the solve before the cap [1]
  std::vector<bool> capped;    //!< per sector: the solve exceeded 1
  double spectral_radius = 0;  //!< rho(A*) [1]
  bool any_capped() const;
};

//! Radii within this of 1 count as 1 (the eigenvalue solver's rounding) [1].
inline constexpr double RADIUS_TOLERANCE = 1e-9;

//! The equilibrium inoperability. Throws ValueError (naming `source`, e.g. the
//! scenario file) if rho(A*) >= 1: then (I - A*) has no nonnegative inverse and
//! the model has no equilibrium. Also refuses mismatched sizes and a c* outside [0, 1].
Equilibrium equilibrium(const Eigen::MatrixXd& a_star, const Eigen::VectorXd& c_star,
                        const std::string& source = "");

struct Trajectory {
  //! q after each step: row t is q(t+1), the end of step t [1]; capped at 1.
  Eigen::MatrixXd q;
  //! Steps in which some sector's q exceeded 1 before the cap.
  int capped_steps = 0;
};

//! The DIIM recursion from q(0) = q0 for perturbation.rows() steps; row t of
//! `perturbation` is c*(t). Each step's result is capped to [0, 1] before the
//! next step reads it. K = diag(k). Throws ValueError on mismatched sizes.
Trajectory dynamic(const Eigen::MatrixXd& a_star, const Eigen::VectorXd& k,
                   const Eigen::MatrixXd& perturbation, const Eigen::VectorXd& q0);

//! Spectral radius of a nonnegative sparse operator y_v = sum_k value[k] x_{source[k]}
//! over entries k -> target[k], by power iteration on (B + I) (which has a unique
//! eigenvalue of largest modulus, rho(B) + 1, by Perron-Frobenius).
struct PerronEstimate {
  double radius = 0;       //!< estimate of rho(B) [same unit as the entries]
  double upper_bound = 0;  //!< Collatz-Wielandt: max_v (Bx)_v / x_v >= rho(B) for x > 0
  int iterations = 0;
  bool converged = false;  //!< successive estimates agreed to `tolerance` (relative)
};
PerronEstimate perron_radius(std::size_t size, const std::vector<std::size_t>& source,
                             const std::vector<std::size_t>& target,
                             const std::vector<double>& value, double tolerance = 1e-10,
                             int max_iterations = 20000);

//! Options of the analysis of a scenario.
struct Options {
  double recovered_share = 0.01;  //!< K: inoperability left after a sector's recovery time [1]
};

//! Direct sector impact of one campaign: the criticality share of each sector
//! held by its entry assets (expected share for random entries), times the
//! probability that the payload fires within the horizon.
struct CampaignImpact {
  std::string name;
  Eigen::VectorXd share;         //!< entries' criticality share per sector [1]
  double fire_probability = 0;   //!< 1 - (1 - pi)^(steps after the dwell within the horizon) [1]
  double detection = 0;          //!< criticality-weighted per-step detection prob. of entries [1]
  double remediation_steps = 0;  //!< criticality-weighted mean remediation time [steps]
  Eigen::VectorXd direct() const { return share * fire_probability; }
};

//! Everything `cyres iim` prints and writes.
struct Analysis {
  std::vector<std::string> sectors;
  Eigen::MatrixXd a_star;        //!< (S, S) [1]
  double dependency_radius = 0;  //!< rho(A*) [1]
  std::vector<CampaignImpact> campaigns;
  Eigen::VectorXd c_star;  //!< sum of the campaigns' direct impact, capped at 1 [1]
  Equilibrium equilibrium;
  Eigen::VectorXd recovery_steps;  //!< T_s: mean time to clean and restore an asset [steps]
  Eigen::VectorXd k;               //!< K's diagonal [1 per step]
  Eigen::MatrixXd perturbation;    //!< (H, S): c*(t) [1]
  Trajectory trajectory;           //!< (H, S)
  double dt_hours = 1;             //!< hours per step
  double recovered_share = 0.01;   //!< Options::recovered_share used for K [1]
  PerronEstimate attack;           //!< per-step attack operator at intensity 1
  std::vector<double> campaign_attack_radius;  //!< the same at each campaign's intensity [1/step]
};

//! Derives A*, c*, c*(t), K and the attack operator from a scenario and runs
//! both forms of the model. Throws ValueError if rho(A*) >= 1.
Analysis analyse(const SimulationModel& model, const Options& options = {});

}  // namespace cyres::iim

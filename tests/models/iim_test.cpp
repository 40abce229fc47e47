// The sector-level inoperability model (models/iim.hpp) against closed forms:
// 2x2 and 3x3 equilibria solved by hand, the DIIM recursion step by step, A*
// and c* derived by hand from a small scenario, a 50-sector random case
// against independent dense solves, and the Perron radius against Eigen.
#include "models/iim.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "sim/core/error.hpp"
#include "tests/support/scenario_builder.hpp"

namespace cyres {
namespace {

using test::AssetSpec;
using test::ScenarioBuilder;

// Hand solutions are exact rational numbers; the solver's LU leaves rounding
// of a few ulps on numbers of order 1.
constexpr double TIGHT = 1e-12;

TEST(IimEquilibrium, TwoByTwoMatchesClosedForm) {
  // q1 = a q2 + c1, q2 = b q1 + c2  =>  q1 = (c1 + a c2) / (1 - a b), q2 = (c2 + b c1) / (1 - a b)
  const double a = 0.4;
  const double b = 0.5;
  Eigen::MatrixXd a_star(2, 2);
  a_star << 0.0, a, b, 0.0;
  const Eigen::Vector2d c(0.1, 0.2);
  const iim::Equilibrium e = iim::equilibrium(a_star, c);
  EXPECT_NEAR(e.q[0], (0.1 + a * 0.2) / (1 - a * b), TIGHT);  // 0.225
  EXPECT_NEAR(e.q[1], (0.2 + b * 0.1) / (1 - a * b), TIGHT);  // 0.3125
  EXPECT_NEAR(e.spectral_radius, std::sqrt(a * b), TIGHT);
  EXPECT_FALSE(e.any_capped());
}

TEST(IimEquilibrium, ThreeByThreeChainByHand) {
  // 1 needs 2 needs 3 (half each); only 3 is hit: q3 = 0.2, q2 = 0.1, q1 = 0.05.
  Eigen::MatrixXd a_star(3, 3);
  a_star << 0, 0.5, 0, 0, 0, 0.5, 0, 0, 0;
  const iim::Equilibrium e = iim::equilibrium(a_star, Eigen::Vector3d(0, 0, 0.2));
  EXPECT_NEAR(e.q[0], 0.05, TIGHT);
  EXPECT_NEAR(e.q[1], 0.1, TIGHT);
  EXPECT_NEAR(e.q[2], 0.2, TIGHT);
  EXPECT_NEAR(e.spectral_radius, 0.0, 1e-6);  // nilpotent: every eigenvalue 0
}

TEST(IimEquilibrium, ThreeByThreeCycleByHand) {
  // 1 <- 2 <- 3 <- 1 at 0.5 each, c = (0.7, 0, 0):
  // q1 = 0.7 + 0.5 q2, q2 = 0.5 q3, q3 = 0.5 q1  =>  q1 = 0.7 / (1 - 0.125) = 0.8, q3 = 0.4, q2 =
  // 0.2.
  Eigen::MatrixXd a_star(3, 3);
  a_star << 0, 0.5, 0, 0, 0, 0.5, 0.5, 0, 0;
  const iim::Equilibrium e = iim::equilibrium(a_star, Eigen::Vector3d(0.7, 0, 0));
  EXPECT_NEAR(e.q[0], 0.8, TIGHT);
  EXPECT_NEAR(e.q[1], 0.2, TIGHT);
  EXPECT_NEAR(e.q[2], 0.4, TIGHT);
  EXPECT_NEAR(e.spectral_radius, 0.5, 1e-12);  // eigenvalues 0.5 * cube roots of 1
}

TEST(IimEquilibrium, RefusesSpectralRadiusOfOneOrMore) {
  Eigen::MatrixXd a_star(2, 2);
  a_star << 0.0, 1.0, 1.0, 0.0;  // rho = 1: no equilibrium
  try {
    iim::equilibrium(a_star, Eigen::Vector2d(0.1, 0.0), "scenario.yaml");
    FAIL() << "rho(A*) = 1 was accepted";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("scenario.yaml"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("spectral radius 1 >= 1 (to within 1e-09)"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("no equilibrium"), std::string::npos) << e.what();
  }
  a_star << 0.6, 0.6, 0.0, 0.2;  // rho = 0.6, accepted
  EXPECT_NO_THROW(iim::equilibrium(a_star, Eigen::Vector2d(0.1, 0.0)));
  a_star << 1.2, 0.0, 0.0, 0.2;  // rho = 1.2
  EXPECT_THROW(iim::equilibrium(a_star, Eigen::Vector2d(0.1, 0.0)), ValueError);
}

TEST(IimEquilibrium, CapsAtOneAndSaysSo) {
  Eigen::MatrixXd a_star(2, 2);
  a_star << 0.5, 0.0, 0.0, 0.5;
  const iim::Equilibrium e = iim::equilibrium(a_star, Eigen::Vector2d(0.6, 0.2));
  EXPECT_NEAR(e.q_uncapped[0], 1.2, TIGHT);
  EXPECT_EQ(e.q[0], 1.0);
  EXPECT_NEAR(e.q[1], 0.4, TIGHT);
  EXPECT_TRUE(e.capped[0]);
  EXPECT_FALSE(e.capped[1]);
  EXPECT_TRUE(e.any_capped());
}

TEST(IimEquilibrium, RefusesPerturbationOutsideUnitInterval) {
  const Eigen::MatrixXd a_star = Eigen::MatrixXd::Zero(2, 2);
  EXPECT_THROW(iim::equilibrium(a_star, Eigen::Vector2d(-0.1, 0.0)), ValueError);
  EXPECT_THROW(iim::equilibrium(a_star, Eigen::Vector2d(0.0, NAN)), ValueError);
  EXPECT_THROW(iim::equilibrium(a_star, Eigen::Vector3d(0.0, 0.0, 0.0)), ValueError);
}

TEST(IimDynamic, RecursionStepByStep) {
  Eigen::MatrixXd a_star(2, 2);
  a_star << 0.2, 0.1, 0.3, 0.0;
  const Eigen::Vector2d k(0.5, 0.25);
  Eigen::MatrixXd c(3, 2);
  c << 0.4, 0.0, 0.4, 0.0, 0.0, 0.0;
  const iim::Trajectory tr = iim::dynamic(a_star, k, c, Eigen::Vector2d::Zero());
  ASSERT_EQ(tr.q.rows(), 3);
  // q(1) = K c(0) = (0.2, 0)
  EXPECT_NEAR(tr.q(0, 0), 0.2, TIGHT);
  EXPECT_NEAR(tr.q(0, 1), 0.0, TIGHT);
  // q(2) = q(1) + K (A* q(1) + c(1) - q(1)) = (0.2 + 0.5 * 0.24, 0 + 0.25 * 0.06)
  EXPECT_NEAR(tr.q(1, 0), 0.32, TIGHT);
  EXPECT_NEAR(tr.q(1, 1), 0.015, TIGHT);
  // q(3): A* q(2) = (0.0655, 0.096); q(3) = (0.32 - 0.5 * 0.2545, 0.015 + 0.25 * 0.081)
  EXPECT_NEAR(tr.q(2, 0), 0.19275, TIGHT);
  EXPECT_NEAR(tr.q(2, 1), 0.03525, TIGHT);
  EXPECT_EQ(tr.capped_steps, 0);
}

TEST(IimDynamic, ConstantPerturbationConvergesToEquilibrium) {
  Eigen::MatrixXd a_star(2, 2);
  a_star << 0.2, 0.1, 0.3, 0.0;
  const Eigen::Vector2d c(0.1, 0.05);
  const Eigen::MatrixXd perturbation = c.transpose().replicate(2000, 1);
  const iim::Trajectory tr =
      iim::dynamic(a_star, Eigen::Vector2d(0.5, 0.25), perturbation, Eigen::Vector2d::Zero());
  const iim::Equilibrium e = iim::equilibrium(a_star, c);
  EXPECT_NEAR(tr.q(1999, 0), e.q[0], 1e-12);
  EXPECT_NEAR(tr.q(1999, 1), e.q[1], 1e-12);
}

TEST(IimDynamic, CapsEachStepAtOne) {
  Eigen::MatrixXd a_star(1, 1);
  a_star << 0.5;
  Eigen::MatrixXd c(2, 1);
  c << 0.9, 0.9;
  // q(1) = 1 * 0.9; q(2) = 0.9 + (0.45 + 0.9 - 0.9) = 1.35 -> 1.
  const iim::Trajectory tr =
      iim::dynamic(a_star, Eigen::VectorXd::Ones(1), c, Eigen::VectorXd::Zero(1));
  EXPECT_NEAR(tr.q(0, 0), 0.9, TIGHT);
  EXPECT_EQ(tr.q(1, 0), 1.0);
  EXPECT_EQ(tr.capped_steps, 1);
}

TEST(IimEquilibrium, FiftySectorRandomCaseMatchesDenseSolves) {
  constexpr int N = 50;
  std::mt19937_64 engine(20240521);  // test data only; the simulation never uses <random>
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Eigen::MatrixXd a_star = Eigen::MatrixXd::Zero(N, N);
  for (int i = 0; i < N; ++i) {
    for (int j = 0; j < N; ++j) {
      if (unit(engine) < 0.3) a_star(i, j) = unit(engine);
    }
  }
  const double raw = iim::spectral_radius(a_star);
  a_star *= 0.9 / raw;
  Eigen::VectorXd c(N);
  for (int i = 0; i < N; ++i) c[i] = 0.002 * unit(engine);

  const iim::Equilibrium e = iim::equilibrium(a_star, c);
  EXPECT_NEAR(e.spectral_radius, 0.9, 1e-9);
  ASSERT_FALSE(e.any_capped());
  const Eigen::MatrixXd leontief = Eigen::MatrixXd::Identity(N, N) - a_star;
  const Eigen::VectorXd full_pivot = leontief.fullPivLu().solve(c);
  const Eigen::VectorXd qr = leontief.colPivHouseholderQr().solve(c);
  // Neumann series sum_k A*^k c, the IIM's "rounds of propagation" reading.
  Eigen::VectorXd neumann = c;
  Eigen::VectorXd term = c;
  for (int round = 0; round < 600; ++round) {
    term = a_star * term;
    neumann += term;
  }
  for (int i = 0; i < N; ++i) {
    EXPECT_NEAR(e.q[i], full_pivot[i], 1e-12 * std::max(1.0, full_pivot[i]));
    EXPECT_NEAR(e.q[i], qr[i], 1e-11);
    EXPECT_NEAR(e.q[i], neumann[i], 1e-11);
  }
  EXPECT_LT((leontief * e.q - c).cwiseAbs().maxCoeff(), 1e-14);

  a_star *= 1.05 / 0.9;
  EXPECT_THROW(iim::equilibrium(a_star, c), ValueError);
}

// Two sectors, four assets (criticality in brackets), dependency links u -> v (weight):
//   e1 (E, 2): no inputs         e2 (E, 2): t1 (1), e1 (3)
//   t1 (T, 1): e1 (1)            t2 (T, 3): e1 (1), t1 (1)
// a*_EE = 2 * 3/4 / 4 = 0.375    a*_ET = 2 * 1/4 / 4 = 0.125
// a*_TE = (1 * 1 + 3 * 1/2) / 4 = 0.625    a*_TT = 3 * 1/2 / 4 = 0.375
Scenario two_sector_scenario() {
  ScenarioBuilder b;
  b.sector("E").sector("T").organisation("o", 1, /*remediation_steps=*/4.0);
  AssetSpec e;
  e.sector = "E";
  e.organisation = "o";
  e.criticality = 2;
  e.detection = 0.1;
  e.restore = 6;
  AssetSpec t = e;
  t.sector = "T";
  t.criticality = 1;
  const auto e1 = b.asset("e1", e);
  const auto e2 = b.asset("e2", e);
  const auto t1 = b.asset("t1", t);
  t.criticality = 3;
  const auto t2 = b.asset("t2", t);
  b.dependency(t1, e2, 1).dependency(e1, e2, 3).dependency(e1, t1, 1);
  b.dependency(e1, t2, 1).dependency(t1, t2, 1);
  b.network(e1, t1, 0.5).network(t1, e1, 0.2);
  b.horizon(20);
  b.campaign({e2}, /*start=*/0, /*payload=*/0.1, /*dwell=*/2);
  return b.build();
}

TEST(IimScenario, InterdependencyMatrixByHand) {
  const Scenario scenario = two_sector_scenario();
  const AssetGraph graph(scenario.assets.size(), scenario.links);
  const Eigen::MatrixXd a = iim::interdependency_matrix(scenario, graph);
  EXPECT_NEAR(a(0, 0), 0.375, TIGHT);
  EXPECT_NEAR(a(0, 1), 0.125, TIGHT);
  EXPECT_NEAR(a(1, 0), 0.625, TIGHT);
  EXPECT_NEAR(a(1, 1), 0.375, TIGHT);
}

TEST(IimScenario, DirectImpactAndRecoveryByHand) {
  const Scenario scenario = two_sector_scenario();
  const SimulationModel model(scenario);
  const iim::Analysis a = iim::analyse(model);
  // e2 holds half of E's criticality; the payload can fire in 20 - 0 - 2 = 18 steps.
  const double fire = 1.0 - std::pow(0.9, 18);
  ASSERT_EQ(a.campaigns.size(), 1u);
  EXPECT_NEAR(a.campaigns[0].fire_probability, fire, TIGHT);
  EXPECT_NEAR(a.c_star[0], 0.5 * fire, TIGHT);
  EXPECT_EQ(a.c_star[1], 0.0);
  // T_s = remediation 4 + restore 6 = 10 steps; k_s = ln(100) / (10 (1 - a*_ss)).
  EXPECT_NEAR(a.recovery_steps[0], 10.0, TIGHT);
  EXPECT_NEAR(a.k[0], std::log(100.0) / (10.0 * 0.625), TIGHT);
  EXPECT_NEAR(a.k[1], std::log(100.0) / (10.0 * 0.625), TIGHT);
  // c*(t): nothing before the dwell has passed (t < 2); at t = 2 the payload
  // fired with 0.1 and the entry is still not clean with (1 - 0.1)^(2 - 4 + 1 -> 0) = 1.
  EXPECT_EQ(a.perturbation(1, 0), 0.0);
  EXPECT_NEAR(a.perturbation(2, 0), 0.5 * 0.1, TIGHT);
  // t = 10: fired 1 - 0.9^9; not clean (1 - 0.1)^(10 - 4 + 1).
  EXPECT_NEAR(a.perturbation(10, 0), 0.5 * (1 - std::pow(0.9, 9)) * std::pow(0.9, 7), TIGHT);
  EXPECT_EQ(a.trajectory.q.rows(), 20);
  // Attack operator: e1 <-> t1 with p * nu = 0.5 and 0.2: rho = sqrt(0.1).
  EXPECT_NEAR(a.attack.radius, std::sqrt(0.1), 1e-8);
  EXPECT_TRUE(a.attack.converged);
}

TEST(IimScenario, RandomEntriesGiveTheExpectedShare) {
  Scenario scenario = two_sector_scenario();
  Campaign& c = scenario.campaigns[0];
  c.selection = EntrySelection::random;
  c.entries.clear();
  c.sector = 1;  // T: t1 (1) and t2 (3), one drawn: share (1/2 * 1 + 1/2 * 3) / 4 = 0.5
  c.count = 1;
  const SimulationModel model(scenario);
  const iim::Analysis a = iim::analyse(model);
  EXPECT_NEAR(a.campaigns[0].share[1], 0.5, TIGHT);
  EXPECT_EQ(a.campaigns[0].share[0], 0.0);
}

TEST(IimScenario, RefusesAScenarioWhoseSectorsFeedOnlyThemselves) {
  // One sector, two assets that need each other: a*_11 = 1, no equilibrium.
  ScenarioBuilder b;
  const auto x = b.asset("x");
  const auto y = b.asset("y");
  b.dependency(x, y).dependency(y, x);
  b.campaign({x}, 0, 0.5, 0);
  Scenario scenario = b.build();
  scenario.source.root_path = "cycle.yaml";
  const SimulationModel model(scenario);
  try {
    iim::analyse(model);
    FAIL() << "rho(A*) = 1 was accepted";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("cycle.yaml"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no equilibrium"), std::string::npos) << e.what();
  }
}

TEST(IimPerron, MatchesDenseEigenvaluesOnRandomSparseGraph) {
  constexpr std::size_t N = 50;
  std::mt19937_64 engine(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::size_t> source;
  std::vector<std::size_t> target;
  std::vector<double> value;
  Eigen::MatrixXd dense = Eigen::MatrixXd::Zero(N, N);
  for (std::size_t u = 0; u < N; ++u) {
    for (std::size_t v = 0; v < N; ++v) {
      if (u != v && unit(engine) < 0.08) {
        source.push_back(u);
        target.push_back(v);
        value.push_back(0.3 * unit(engine));
        dense(static_cast<Eigen::Index>(v), static_cast<Eigen::Index>(u)) += value.back();
      }
    }
  }
  const iim::PerronEstimate e = iim::perron_radius(N, source, target, value);
  EXPECT_TRUE(e.converged);
  const double exact = iim::spectral_radius(dense);
  EXPECT_NEAR(e.radius, exact, 1e-7 * exact);
  EXPECT_GE(e.upper_bound, exact - 1e-12);
}

TEST(IimPerron, PeriodicCycleConverges) {
  // A directed 4-cycle at 0.5: eigenvalues 0.5 * i^k all of modulus 0.5; the
  // +I shift makes 1.5 the only eigenvalue of largest modulus.
  const iim::PerronEstimate e =
      iim::perron_radius(4, {0, 1, 2, 3}, {1, 2, 3, 0}, {0.5, 0.5, 0.5, 0.5});
  EXPECT_TRUE(e.converged);
  EXPECT_NEAR(e.radius, 0.5, 1e-12);
}

}  // namespace
}  // namespace cyres

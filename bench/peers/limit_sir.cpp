// Peer driver for bench/compare_peers: the limit probe, the least work a
// discrete-time SIR Monte Carlo trial can do. Copied from the project's shared
// peer drivers (limit_sir.cpp, written for the comparison in issue 12), with
// its trial loop unchanged; only the output (one line of key=value pairs in
// the format of cyres_sir_bench, large outbreaks above 10 % of N as there)
// and the rare infection more than 64 steps ahead (the original grows its
// bucket ring and can lose entries that were filed modulo the old size; here
// they wait in a side list until their step is within the ring) differ.
//
// Each infected node u draws its infectious period K_u ~ Geom(gamma) (K >= 1)
// and, for each susceptible neighbour, a geometric first-success attempt
// J ~ Geom(beta); if J <= K_u the neighbour is infected at t_u + J (earliest
// wins). Integer times -> bucket queue, O(E) a trial. Same law as cyres's SIR
// reduction and graph-tool's SIRState (synchronous update). No common random
// numbers: one SplitMix64 stream per trial.
//
// Usage: limit_sir N MEAN_DEGREE BETA GAMMA TRIALS SEED
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <utility>
#include <vector>

namespace {

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uni() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

inline std::uint32_t geom(Rng& r, double log1mp) {
  const double u = 1.0 - r.uni();
  return 1u + static_cast<std::uint32_t>(std::floor(std::log(u) / log1mp));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) {
    std::fputs("usage: limit_sir N MEAN_DEGREE BETA GAMMA TRIALS SEED\n", stderr);
    return 2;
  }
  const auto n = static_cast<std::uint32_t>(std::atol(argv[1]));
  const double c = std::atof(argv[2]);
  const double beta = std::atof(argv[3]);
  const double gamma = std::atof(argv[4]);
  const int trials = std::atoi(argv[5]);
  const auto seed = static_cast<std::uint64_t>(std::atoll(argv[6]));
  if (n < 2 || trials < 1 || !(beta > 0.0 && beta < 1.0) || !(gamma > 0.0 && gamma < 1.0)) {
    std::fputs("usage: limit_sir N MEAN_DEGREE BETA GAMMA TRIALS SEED\n", stderr);
    return 2;
  }

  // Erdős–Rényi G(n, m) as a CSR graph (m = n c / 2 edges, no loops).
  auto t0 = std::chrono::steady_clock::now();
  std::mt19937_64 gen(seed);
  std::uniform_int_distribution<std::uint32_t> pick(0, n - 1);
  const auto m = static_cast<std::uint64_t>(c * n / 2);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> el;
  el.reserve(m);
  while (el.size() < m) {
    const std::uint32_t a = pick(gen), b = pick(gen);
    if (a != b) el.push_back({a, b});
  }
  std::vector<std::uint32_t> off(n + 1, 0), adj(2 * m);
  for (auto [a, b] : el) {
    off[a + 1]++;
    off[b + 1]++;
  }
  for (std::uint32_t i = 0; i < n; i++) off[i + 1] += off[i];
  std::vector<std::uint32_t> pos(off.begin(), off.end() - 1);
  for (auto [a, b] : el) {
    adj[pos[a]++] = b;
    adj[pos[b]++] = a;
  }
  const double build_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const double lb = std::log1p(-beta), lg = std::log1p(-gamma);
  std::vector<std::uint32_t> tinf(n, UINT32_MAX);
  std::vector<std::uint32_t> touched;
  std::vector<std::vector<std::uint32_t>> buckets(64);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> later;  // (step, node) beyond the ring
  t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  std::uint64_t edges = 0, infected_total = 0;
  long large = 0;
  double large_sum = 0;
  for (int k = 0; k < trials; k++) {
    Rng r{seed * 1000003ULL + static_cast<std::uint64_t>(k)};
    for (std::uint32_t v : touched) tinf[v] = UINT32_MAX;
    touched.clear();
    const auto src = static_cast<std::uint32_t>(r.next() % n);
    tinf[src] = 0;
    touched.push_back(src);
    buckets[0].push_back(src);
    std::uint64_t infected = 0;
    for (std::uint32_t t = 0;; t++) {
      bool any = false;
      for (auto& b : buckets) {
        if (!b.empty()) {
          any = true;
          break;
        }
      }
      if (!any && later.empty()) break;
      if (!later.empty()) {
        // Entries beyond the ring move in once their step is within it.
        std::size_t keep = 0;
        for (const auto& [tv, v] : later) {
          if (tv - t < buckets.size()) {
            buckets[tv % buckets.size()].push_back(v);
          } else {
            later[keep++] = {tv, v};
          }
        }
        later.resize(keep);
      }
      auto& cur = buckets[t % buckets.size()];
      for (std::size_t i = 0; i < cur.size(); i++) {
        const std::uint32_t u = cur[i];
        if (tinf[u] != t) continue;
        infected++;
        const std::uint32_t K = geom(r, lg);
        const double qK = -std::expm1(K * lb);  // P(transmit within K attempts)
        const auto thr = static_cast<std::uint64_t>(qK * 18446744073709551615.0);
        for (std::uint32_t e = off[u]; e < off[u + 1]; e++) {
          const std::uint32_t v = adj[e];
          edges++;
          if (tinf[v] <= t + 1) continue;
          if (r.next() >= thr) continue;
          std::uint32_t J =
              1u + static_cast<std::uint32_t>(std::floor(std::log1p(-r.uni() * qK) / lb));
          if (J > K) J = K;
          const std::uint32_t tv = t + J;
          if (tv < tinf[v]) {
            if (tinf[v] == UINT32_MAX) touched.push_back(v);
            tinf[v] = tv;
            if (J >= buckets.size()) {
              later.push_back({tv, v});  // rare (J >= 64): beyond the ring
            } else {
              buckets[tv % buckets.size()].push_back(v);
            }
          }
        }
      }
      cur.clear();
    }
    infected_total += infected;
    if (infected > n / 10) {
      large++;
      large_sum += static_cast<double>(infected) / n;
    }
  }
  const double sim_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  std::printf(
      "engine=limit n=%u links=%llu trials=%d threads=1 build_s=%.3f sim_s=%.3f cpu_s=%.3f "
      "trials_per_s=%.2f large=%ld large_frac=%.4f mean_large_size=%.4f infected=%llu "
      "edge_visits=%llu\n",
      n, static_cast<unsigned long long>(2 * m), trials, build_s, sim_s, cpu_s, trials / sim_s,
      large, static_cast<double>(large) / trials, large ? large_sum / large : 0.0,
      static_cast<unsigned long long>(infected_total), static_cast<unsigned long long>(edges));
  return 0;
}

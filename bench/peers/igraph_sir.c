/* Peer driver for bench/compare_peers: igraph's igraph_sir (continuous-time
   Gillespie SIR, single-threaded) on an Erdős–Rényi G(n, m) graph with
   m = n c / 2. Each simulation starts from one random vertex.

   Usage: igraph_sir N MEAN_DEGREE BETA GAMMA TRIALS SEED

   Continuous time has transmissibility T = beta / (beta + gamma); to match
   cyres's discrete-time T = beta / (beta + gamma - beta gamma) choose rates
   with the same T (bench/compare_peers does). Prints one line of key=value
   pairs in the format of cyres_sir_bench. */
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: igraph_sir N MEAN_DEGREE BETA GAMMA TRIALS SEED\n");
    return 2;
  }
  const igraph_integer_t n = atol(argv[1]);
  const double mean_degree = atof(argv[2]);
  const double beta = atof(argv[3]);
  const double gamma = atof(argv[4]);
  const igraph_integer_t trials = atol(argv[5]);
  igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)atol(argv[6]));

  igraph_t graph;
  double start = seconds_now();
  const igraph_integer_t edges = (igraph_integer_t)(mean_degree * (double)n / 2.0);
  if (igraph_erdos_renyi_game_gnm(&graph, n, edges, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS) !=
      IGRAPH_SUCCESS) {
    fprintf(stderr, "igraph_sir: graph generation failed\n");
    return 1;
  }
  const double build_s = seconds_now() - start;

  igraph_vector_ptr_t results;
  igraph_vector_ptr_init(&results, 0);
  const clock_t cpu_start = clock();
  start = seconds_now();
  if (igraph_sir(&graph, beta, gamma, trials, &results) != IGRAPH_SUCCESS) {
    fprintf(stderr, "igraph_sir: simulation failed\n");
    return 1;
  }
  const double sim_s = seconds_now() - start;
  const double cpu_s = (double)(clock() - cpu_start) / CLOCKS_PER_SEC;

  /* Large outbreak: final size above 10 % of N, as in cyres_sir_bench. */
  long large = 0;
  double large_sum = 0.0;
  for (igraph_integer_t k = 0; k < trials; ++k) {
    const igraph_sir_t* sir = VECTOR(results)[k];
    const igraph_integer_t last = igraph_vector_int_size(&sir->no_r) - 1;
    const double removed = (double)VECTOR(sir->no_r)[last];
    if (removed > 0.1 * (double)n) {
      ++large;
      large_sum += removed / (double)n;
    }
  }
  printf(
      "engine=igraph n=%ld links=%ld trials=%ld threads=1 build_s=%.3f sim_s=%.3f "
      "cpu_s=%.3f trials_per_s=%.2f large=%ld large_frac=%.4f mean_large_size=%.4f\n",
      (long)n, (long)(2 * igraph_ecount(&graph)), (long)trials, build_s, sim_s, cpu_s,
      (double)trials / sim_s, large, (double)large / (double)trials,
      large > 0 ? large_sum / (double)large : 0.0);

  IGRAPH_VECTOR_PTR_SET_ITEM_DESTRUCTOR(&results, igraph_sir_destroy);
  igraph_vector_ptr_destroy_all(&results);
  igraph_destroy(&graph);
  return 0;
}

#!/usr/bin/env bash
# Submits a job array of TASKS shards and the merge that waits for them.
#   TASKS=20 TRIALS=100000 scripts/cluster/submit_array.sh [SCENARIO]
set -euo pipefail
here=$(dirname "$0")
tasks=${TASKS:-10}
array=$(sbatch --parsable --array=0-$((tasks - 1)) "$here/shard.slurm" "$@")
merge=$(sbatch --parsable --dependency=afterok:"$array" "$here/merge.slurm")
echo "shards: job $array ($tasks tasks); merge: job $merge"

#!/usr/bin/env bash
# Regenerates the seed corpora fuzz/corpus/<target>/ from the test fixtures.
# Run after a change of the scenario or results format, then commit the result.
# Needs the release build (build/release/cyres), the fuzz build
# (build/fuzz/fuzz/fuzz_hdf5_table, which writes the HDF5 table seeds through
# the HDF5 layer) and Debian's h5py (/usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus
fixtures=tests/fixtures
cyres=build/release/cyres
rm -rf "$corpus"
mkdir -p "$corpus"/{scenario_yaml,scenario_csv,hdf5_table,set_value,results,partial}

# scenario_yaml: the good fixtures and every bad scenario of the catalogue.
cp "$fixtures/good/scenario.yaml" "$corpus/scenario_yaml/good"
cp "$fixtures/good_v2/scenario.yaml" "$corpus/scenario_yaml/good_v2"
for dir in "$fixtures"/bad/*/; do
  name=$(basename "$dir")
  [ -f "$dir/scenario.yaml" ] && cp "$dir/scenario.yaml" "$corpus/scenario_yaml/bad_$name"
done

# scenario_csv: byte 0 even = assets.csv, odd = links.csv; the bad catalogue's tables too.
csv_seed() { { printf "$2"; cat "$1"; } > "$corpus/scenario_csv/$3"; }
csv_seed "$fixtures/good_v2/assets.csv" '\x00' good_v2_assets
csv_seed "$fixtures/good_v2/links.csv" '\x01' good_v2_links
for file in "$fixtures"/bad/*/assets.csv; do
  [ -f "$file" ] && csv_seed "$file" '\x00' "bad_$(basename "$(dirname "$file")")_assets"
done
for file in "$fixtures"/bad/*/links.csv; do
  [ -f "$file" ] && csv_seed "$file" '\x01' "bad_$(basename "$(dirname "$file")")_links"
done

# set_value: one override a line, on the v2 fixture.
set_seed() { printf '%s' "$2" > "$corpus/set_value/$1"; }
set_seed trials 'simulation.trials=5'
set_seed teams_and_seed $'organisations.arden-grid.teams=3\nsimulation.seed=12'
set_seed campaign_by_index 'campaigns.0.intensity=2'
set_seed sector_weight 'sectors.energy.weight=0.001'
set_seed mapping 'simulation.reinfection={immune: true, vulnerability_factor: 0.25}'
set_seed sequence 'organisations.union-agency.assistance.assists=[arden-csirt]'
set_seed policy_lever 'policies.partnered.sharing.boost=2'
set_seed distribution 'organisations.caldor-csirt.remediation={distribution: lognormal, median: 5}'
set_seed unknown_path 'simulation.trails=5'

# hdf5_table: written by the target itself through the HDF5 layer.
CYRES_FUZZ_WRITE_SEEDS="$corpus/hdf5_table" build/fuzz/fuzz/fuzz_hdf5_table

# results: a real run's results, cut down to what `cyres compare` reads (the
# rest of a results file is mostly metadata the reader never touches).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cyres" run "$fixtures/good/scenario.yaml" --trials 5 --threads 1 -o "$work/good.h5" >/dev/null
"$cyres" run "$fixtures/good_v2/scenario.yaml" --trials 3 --threads 1 -o "$work/good_v2.h5" >/dev/null
/usr/bin/python3 - "$work" "$corpus/results" <<'PY'
import sys
import h5py

work, out = sys.argv[1], sys.argv[2]

def copy_attrs(src, dst, names):
    for name in names:
        dst.attrs.create(name, src.attrs[name], dtype=src.attrs.get_id(name).dtype)

for stem in ("good", "good_v2"):
    with h5py.File(f"{work}/{stem}.h5", "r") as src, \
         h5py.File(f"{out}/{stem}", "w", libver="earliest", track_order=False) as dst:
        copy_attrs(src, dst, ["format", "format_version", "trials", "seed", "scenario_name",
                            "scenario_hash"])
        copy_attrs(src["scenario"], dst.create_group("scenario"), ["catastrophic_service"])
        policies = dst.create_group("policies")
        copy_attrs(src["policies"], policies, ["names"])
        for name in src["policies"].attrs["names"]:
            name = name.decode() if isinstance(name, bytes) else name
            trials = policies.create_group(name).create_group("trials")
            for metric, data in src["policies"][name]["trials"].items():
                trials.create_dataset(metric, data=data[()], dtype=data.dtype)
PY
# partial: a shard of the v1 fixture, cut down to what `cyres merge` reads.
"$cyres" run "$fixtures/good/scenario.yaml" --trials 4 --trial-range 0:2 --threads 1 \
  -o "$work/shard.h5" >/dev/null
/usr/bin/python3 - "$work/shard.h5" "$corpus/partial/shard" <<'PY'
import sys
import h5py

with h5py.File(sys.argv[1], "r") as src, \
     h5py.File(sys.argv[2], "w", libver="earliest", track_order=False) as dst:
    for name in src.attrs:
        dst.attrs.create(name, src.attrs[name], dtype=src.attrs.get_id(name).dtype)
    src.copy(src["partial"], dst, "partial")
    policies = dst.create_group("policies")
    for name in src["policies"]:
        trials = policies.create_group(name).create_group("trials")
        for metric, data in src["policies"][name]["trials"].items():
            trials.create_dataset(metric, data=data[()], dtype=data.dtype)
PY
du -sh "$corpus"/*

#pragma once
// The nine sectors of a generated scenario (sim/generate/scenario_generator.hpp):
// their share of the assets, weight W_s, three tiers of a supply hierarchy and
// the sector-to-sector dependency matrix. No public numeric matrix exists
// (/work/shared/CALIBRATION.md, "Not found"); the values are plausible orders of
// magnitude chosen so that energy and telecoms feed everything, and are
// documented in docs/scenario-format.md ("Generated scenarios").

#include <array>
#include <cstdint>

namespace cyres::generate {

inline constexpr std::size_t SECTORS = 9;
enum SectorCode : std::uint8_t {
  energy,
  telecoms,
  water,
  finance,
  health,
  transport,
  government,
  defence,
  space
};

struct SectorProfile {
  const char* name;
  const char* code;  //!< id prefix
  double share;      //!< fraction of all assets [1]
  double weight;     //!< W_s before normalisation [1]
  //! Fraction of a region's sector assets in tier 0 (control/core) and tier 1
  //! (aggregation/sites); the rest is tier 2 (access/consumers) [1].
  std::array<double, 2> tier_share;
  std::array<std::int32_t, 3> buffer;   //!< b_i per tier [steps]
  std::array<std::int32_t, 3> restore;  //!< r_i per tier [steps]
  std::int32_t manual;                  //!< m_i [steps]; -2 scenario default, -1 never
};

// Buffers follow CALIBRATION.md: telecom sites 0-4 h, central offices 24 h,
// aggregation 8 h; data centres 12 h; water 72 h; hospitals 24-96 h.
inline constexpr std::array<SectorProfile, SECTORS> PROFILES = {{
    // transmission -> distribution -> feeders serving consumers; m_i: Ukraine 2015 default
    {"energy", "en", 0.20, 3.0, {0.02, 0.13}, {0, 0, 0}, {6, 4, 1}, -2},
    // core -> aggregation -> access (cell sites, street cabinets)
    {"telecoms", "tc", 0.20, 2.0, {0.01, 0.09}, {24, 8, 2}, {12, 4, 1}, 24},
    // SCADA control room -> treatment plants -> pumping stations
    {"water", "wa", 0.10, 2.0, {0.02, 0.10}, {24, 72, 48}, {12, 6, 2}, 12},
    // market infrastructure and data centres -> bank cores -> branches and cash machines
    {"finance", "fi", 0.10, 1.5, {0.02, 0.13}, {12, 12, 0}, {24, 12, 4}, -1},
    // regional e-health IT -> hospitals -> clinics
    {"health", "he", 0.12, 2.5, {0.02, 0.18}, {24, 96, 24}, {24, 12, 4}, 8},
    // traffic control -> stations and ports -> signalling and field devices
    {"transport", "tr", 0.10, 1.5, {0.02, 0.13}, {4, 4, 0}, {12, 6, 2}, 4},
    // government network hub -> agencies -> local offices
    {"government", "go", 0.10, 1.0, {0.02, 0.18}, {12, 12, 4}, {24, 12, 4}, 24},
    // command and control nodes -> bases -> depots
    {"defence", "de", 0.05, 1.5, {0.03, 0.17}, {72, 72, 24}, {12, 12, 4}, 12},
    // satellite operations centres -> ground stations -> user terminals
    {"space", "sp", 0.03, 0.5, {0.05, 0.25}, {24, 24, 4}, {24, 12, 4}, 24},
}};

//! DEPENDENCY[s][t]: probability that an asset of sector s needs one asset of
//! sector t (beyond its own sector's hierarchy). Energy's row applies to its
//! control tiers (0 and 1) only: grid SCADA needs telecoms, which needs power,
//! which closes the energy <-> telecoms dependency cycles.
inline constexpr std::array<std::array<double, SECTORS>, SECTORS> DEPENDENCY = {{
    //  en    tc   wa   fi   he   tr   go   de   sp
    {0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.05},  // energy (tiers 0-1)
    {1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.05},  // telecoms
    {1.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},   // water
    {1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.1},   // finance
    {1.0, 0.6, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},   // health
    {0.9, 0.6, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.2},   // transport
    {1.0, 0.8, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},   // government
    {0.8, 0.7, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.3},   // defence
    {1.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},   // space
}};

//! w_uv of a dependency on a provider of sector t: power matters most [1].
inline constexpr double provider_weight(std::size_t t) {
  return t == energy ? 2.0 : t == telecoms ? 1.0 : 0.5;
}

}  // namespace cyres::generate

#pragma once
// Per-asset state of one trial (docs/model.md, "State"). 32 bytes per asset, reset
// after each trial only where the trial touched it.

#include <cstdint>

#include "sim/core/types.hpp"

namespace cyres {

//! Security state: S clean, C compromised and undetected, D detected (attacker
//! still present), R remediated (believed clean; immune unless the scenario
//! allows reinfection, and possibly awaiting the attacker's return).
enum class Security : std::uint8_t { S = 0, C, D, R };

//! Bits of AssetState::flags. The first three are causes of being down; DOWN is
//! the committed functional state at the end of the previous step, which is
//! what rule 6 reads; it changes only when a step is committed.
enum AssetFlag : std::uint8_t {
  ATTACK_DOWN = 1 << 0,  //!< payload fired; cleared r_i steps after remediation
  SUPPLY_DOWN = 1 << 1,  //!< inputs short beyond the buffer
  ISOLATED = 1 << 2,     //!< contained by policy until remediated
  MANUAL = 1 << 3,       //!< back up in manual operation while supply is short
  DOWN = 1 << 4,         //!< committed: not up at the end of the last committed step
  TOUCHED = 1 << 5,      //!< on the reset list
  WATCHED = 1 << 6,      //!< on the supply watch list (rule 6 visits it)
  // Compromised during this step (C at commit) is marked in the engine's
  // one-byte hot_ array only (HOT_CLOSED), not here.
};

//! Bits of AssetState::history: what ever happened in this trial.
enum AssetHistory : std::uint8_t {
  EVER_SUPPLY_DOWN = 1 << 0,
};

struct alignas(32) AssetState {     // aligned: one cache line per asset, never two
  Step compromised_at = 0;          //!< step at whose end it became C
  Step detect_at = NEVER;           //!< scheduled step of rule 4's detection (while C)
  Step payload_at = NEVER;          //!< scheduled step of rule 3's payload
  Step supply_down_since = 0;       //!< step at whose end it went supply-down
  std::int32_t short_steps = 0;     //!< consecutive steps with insufficient supply
  std::int32_t supplied_steps = 0;  //!< consecutive steps with supply back while still supply-down
  std::uint16_t campaign = 0;       //!< campaign that compromised it
  std::uint16_t epoch = 0;          //!< compromise episodes before the current one (model v2)
  Security security = Security::S;
  std::uint8_t flags = 0;
  std::uint8_t history = 0;
};
static_assert(sizeof(AssetState) <= 32,
              "docs/model.md, \"Engine: work and memory\": at most 32 bytes per asset");

}  // namespace cyres

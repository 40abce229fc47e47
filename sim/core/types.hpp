#pragma once
// Index and time types shared by the engine and the models.

#include <cstdint>
#include <limits>

namespace cyres {

using AssetIndex = std::uint32_t;  //!< row of an asset in the asset table
using LinkIndex = std::uint64_t;   //!< position of a link in an adjacency array
using SectorIndex = std::uint16_t;
using OrgIndex = std::uint16_t;
using StateIndex = std::uint16_t;  //!< a state (country) of the scenario
using Step = std::int32_t;  //!< discrete time [steps]; step t covers hours [t*dt, (t+1)*dt)

inline constexpr Step NEVER = std::numeric_limits<Step>::max();  //!< "never" for a duration
inline constexpr SectorIndex NO_SECTOR = std::numeric_limits<SectorIndex>::max();
inline constexpr OrgIndex NO_ORG = std::numeric_limits<OrgIndex>::max();
inline constexpr StateIndex NO_STATE = std::numeric_limits<StateIndex>::max();

}  // namespace cyres

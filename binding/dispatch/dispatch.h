// Which kernel table the executor calls. The best ISA this CPU can run is chosen once, at first use;
// set_isa overrides it for the whole process (SIMDCONV_ISA does this at load, through the loader).
// A call captures the table when it starts, so changing ISA never affects work already running.
#pragma once
#include <string>
#include <vector>

#include "kernels/kernels.h"

namespace simdconv {
namespace dispatch {

const KernelTable& active_kernels();

/** Makes `name` the active ISA; false, changing nothing, when this build or CPU cannot run it. */
bool set_isa(const std::string& name);

/** The ISAs this build and CPU can run, best first. */
std::vector<std::string> available_isas();

}  // namespace dispatch
}  // namespace simdconv

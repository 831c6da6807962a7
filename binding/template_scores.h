// matchTemplate's window statistics and scores on the native backend (src/api/template.ts calls it
// through src/backend/index.ts; src/fallback/template_scores.ts is the js backend's twin).
#pragma once
#include <napi.h>

namespace simdconv {
namespace js {

/**
 * scoreTemplate(image, H, W, C, h, w, scores, out, method, sumSq, templNorm): the TM_SQDIFF and
 * normed scores of every h×w window of the [H, W, C] image (Float32Array or Float64Array) from their
 * correlations `scores` (Float64Array, [H−h+1, W−w+1]) into `out` (either precision; may be `scores`).
 * method: 'sqdiff' | 'sqdiff_normed' | 'ccorr_normed' | 'ccoeff_normed'. Runs on the calling thread.
 */
void score_template(const Napi::CallbackInfo& info);

}  // namespace js
}  // namespace simdconv

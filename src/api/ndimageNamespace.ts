// The public `ndimage` namespace: the correlations of ./ndimage and the named filters of ./filters,
// which are built on them. Gathered here so that neither module imports the other in a circle.

export * from './ndimage';
// The named filters (gaussian, uniform, sobel, prewitt, laplace) are sequences of correlate1d passes.
export { gaussianFilter, uniformFilter, sobel, prewitt, laplace, gaussianFilterAsync, uniformFilterAsync, sobelAsync, prewittAsync, laplaceAsync } from './filters';
export type { GaussianFilterOptions, UniformFilterOptions, GradientFilterOptions, LaplaceOptions } from './filters';

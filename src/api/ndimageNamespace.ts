// The public `ndimage` namespace: the correlations of ./ndimage and the named filters of ./filters,
// which are built on them. Gathered here so that neither module imports the other in a circle.

export * from './ndimage';
// The named filters (gaussian, uniform, sobel, prewitt, laplace and the Gaussian derivatives) are
// sequences of correlate1d passes.
export {
  gaussianFilter, gaussianFilter1d, uniformFilter, uniformFilter1d, sobel, prewitt, laplace, gaussianLaplace, gaussianGradientMagnitude,
  gaussianFilterAsync, gaussianFilter1dAsync, uniformFilterAsync, uniformFilter1dAsync, sobelAsync, prewittAsync, laplaceAsync,
  gaussianLaplaceAsync, gaussianGradientMagnitudeAsync,
} from './filters';
export type {
  GaussianFilterOptions, GaussianFilter1dOptions, UniformFilterOptions, UniformFilter1dOptions, GradientFilterOptions, LaplaceOptions,
  GaussianDerivativeOptions,
} from './filters';

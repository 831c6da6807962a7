// simdconv: convolution with NumPy / SciPy semantics, on a native SIMD addon or a pure-TypeScript
// fallback that gives the same answers.

export type { NDArray, FloatArray, DType, ArrayInput, StridedView } from './core/ndarray';
export { array, complex, real, imag, abs, angle } from './core/ndarray';
export type { SignalOptions, Signal2dOptions, FftOptions, Mode, Boundary, Method } from './api/signal';
export type { NumpyMode } from './api/numpy';
export {
  convolve, correlate, convolve2d, correlate2d, fftconvolve, oaconvolve, chooseMethod, outputShape, correlationLags,
  convolveAsync, correlateAsync, convolve2dAsync, correlate2dAsync, fftconvolveAsync, oaconvolveAsync,
} from './api/signal';
export * as numpy from './api/numpy';
export * as ndimage from './api/ndimageNamespace';
export * as kernels from './api/kernels';
export * as image from './api/image';
export { argmax, argmin } from './api/argext';
export { matchTemplate, matchTemplateAsync } from './api/template';
export type { TemplateMethod, MatchTemplateOptions } from './api/template';
export type { Direction } from './api/kernels';
export type { Channels, Pixels, SharpRaw, PixelsOut, ToPixelsOptions, FilterChannelsOptions } from './api/image';
export type { BackendInfo, BackendChoice } from './backend/index';
export { backend, setBackend, setThreads } from './backend/index';

#!/usr/bin/python3
"""Generate the SciPy-parity golden cases (test/fixtures/parity/) with SciPy itself as the reference.

Two runs, one per reference (the cases of each file come from one SciPy):
  /usr/bin/python3 scripts/gen-parity-fixtures.py   Debian's NumPy 1.24 / SciPy 1.10 (apt python3-scipy):
                                                    every file except the ndimage *_axes ones
  python3 scripts/gen-parity-fixtures.py            a SciPy >= 1.11 (ndimage's `axes` argument): the
                                                    gaussian_filter/uniform_filter/laplace/ndimage_*_axes files

The case format is the conformance one (../shared/conformance/FORMAT.md): one JSON array per fn, one case per
line, `expect` either an ARR or {"error", "message"}. Extra args a case may carry:
  "scalars": true      pass the 0-d inputs as plain JS numbers instead of shape-[] arrays
The manifest records, per file, the case count and the library versions that produced it.
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import ndimage, signal

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'parity')
AXES = tuple(int(v) for v in scipy.__version__.split('.')[:2]) >= (1, 11)
rng = np.random.default_rng(20261125)
files = {}


def num(x):
    x = float(x)
    if np.isnan(x):
        return 'NaN'
    if np.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return x


def arr(a):
    a = np.asarray(a)
    if a.dtype.kind in 'iub':
        a = a.astype(np.float64)
    if np.iscomplexobj(a):
        flat = np.stack([a.real.ravel(), a.imag.ravel()], axis=-1).ravel()
    else:
        flat = a.ravel()
    return {'shape': list(a.shape), 'dtype': a.dtype.name, 'data': [num(v) for v in flat]}


def data(shape, dtype='float64'):
    if dtype.startswith('complex'):
        x = rng.uniform(-1, 1, shape) + 1j * rng.uniform(-1, 1, shape)
    else:
        x = rng.uniform(-1, 1, shape)
    return np.asarray(x, dtype=dtype)


def tol(out, scale, fft=False):
    single = np.asarray(out).dtype in (np.float32, np.complex64)
    rtol, f = {(False, False): (1e-10, 1e-12), (True, False): (1e-4, 1e-5),
               (False, True): (1e-8, 1e-10), (True, True): (1e-3, 1e-4)}[(single, fft)]
    scale = float(scale) if np.isfinite(scale) and scale > 0 else 1.0
    return rtol, float(f'{f * scale:.3g}')


def case(fn, tags, ref, args, inputs, call, scale=None, fft=False, note=None):
    """Run `call` (the reference); record its result or its error."""
    idx = len(files.setdefault(fn, []))
    c = {'id': f'{fn}.parity.{idx:03d}', 'fn': fn, 'args': args,
         'inputs': {k: arr(v) for k, v in inputs.items()}}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            out = np.asarray(call())
        c['expect'] = arr(out)
        if scale is None:
            mags = [np.max(np.abs(v)) if np.size(v) else 0.0 for v in inputs.values()]
            scale = np.prod([m for m in mags if m > 0] or [1.0]) * max(1.0, max((np.size(v) for v in inputs.values()), default=1))
        c['rtol'], c['atol'] = tol(out, scale, fft)
    except Exception as e:  # noqa: BLE001 - the reference's error is the expectation
        c['expect'] = {'error': type(e).__name__, 'message': str(e).split('\n')[0]}
        tags = tags + ['error']
    c['tags'] = sorted(set(tags))
    c['ref'] = ref
    if note:
        c['note'] = note
    files[fn].append(c)


def l1_gauss(sigma, order, truncate=4.0, radius=None):
    r = int(truncate * sigma + 0.5) if radius is None else radius
    imp = np.zeros(2 * r + 1)
    imp[r] = 1
    return np.abs(ndimage.gaussian_filter1d(imp, sigma, order=order, mode='constant', truncate=truncate, radius=radius)).sum() if sigma > 0 else 1.0


def gen_signal():
    E, K = np.zeros(0), data(3)
    E2, K2, E01 = np.zeros((0, 3)), data((2, 2)), np.zeros((0, 1))
    scalars = [(np.array(1289.0), np.array(4567.0)), (np.array(2.5, np.float32), np.array(-3.0, np.float32)),
               (np.array(1 + 2j), np.array(3 + 4j)), (np.array(-0.5), np.array(2 - 1j))]
    for fn, f in [('convolve', signal.convolve), ('correlate', signal.correlate)]:
        for a, b in scalars:
            for mode in ['full', 'same', 'valid']:
                case(fn, ['0d', mode], f'scipy.signal.{fn}(in1, in2, mode={mode!r})', {'mode': mode, 'method': 'auto'},
                     {'in1': a, 'in2': b}, lambda: f(a, b, mode=mode))
        case(fn, ['0d', 'number'], f'scipy.signal.{fn}(1289.0, 4567.0)', {'mode': 'full', 'method': 'auto', 'scalars': True},
             {'in1': np.array(1289.0), 'in2': np.array(4567.0)}, lambda: f(1289.0, 4567.0))
        case(fn, ['0d', 'error'], f'scipy.signal.{fn}(0-d, 1-D)', {'mode': 'full', 'method': 'auto'},
             {'in1': np.array(2.0), 'in2': K}, lambda: f(np.array(2.0), K))
        for a, b, label in [(E, K, '1d-empty-in1'), (K, E, '1d-empty-in2'), (E, E, '1d-empty-both'),
                            (E2, K2, '2d-empty-in1'), (E01, K2, '2d-empty-in1-dominated'), (K2, E01, '2d-empty-in2'),
                            (np.zeros((3, 0), np.float32), data((2, 2), 'float32'), '2d-empty-f32'),
                            (E2, data((2, 2), 'complex128'), '2d-empty-complex')]:
            for method in ['direct', 'auto', 'fft']:
                for mode in ['full', 'same', 'valid']:
                    case(fn, ['empty', label, mode, f'method-{method}'], f'scipy.signal.{fn}(in1, in2, mode={mode!r}, method={method!r})',
                         {'mode': mode, 'method': method}, {'in1': a, 'in2': b}, lambda: f(a, b, mode=mode, method=method))
    for a, b in scalars:
        case('fftconvolve', ['0d'], 'scipy.signal.fftconvolve(in1, in2)', {'mode': 'full'}, {'in1': a, 'in2': b},
             lambda: signal.fftconvolve(a, b), fft=True)
    case('fftconvolve', ['0d', 'number'], 'scipy.signal.fftconvolve(3.0, -2.0)', {'mode': 'same', 'scalars': True},
         {'in1': np.array(3.0), 'in2': np.array(-2.0)}, lambda: signal.fftconvolve(3.0, -2.0, mode='same'), fft=True)
    for a, b, label in [(E, E, 'both'), (E, K, 'in1'), (K, E, 'in2'), (E2, K2, '2d'), (K2, E01, '2d-in2'),
                        (np.zeros(0, np.float32), data(3, 'float32'), 'f32'), (np.zeros(0, complex), K, 'complex')]:
        for mode in ['full', 'same', 'valid']:
            case('fftconvolve', ['empty', label, mode], f'scipy.signal.fftconvolve(in1, in2, mode={mode!r})', {'mode': mode},
                 {'in1': a, 'in2': b}, lambda: signal.fftconvolve(a, b, mode=mode), fft=True)
    for fn, f in [('convolve2d', signal.convolve2d), ('correlate2d', signal.correlate2d)]:
        # boundary 'wrap'/'symm' with an empty input crash SciPy (SIGFPE): not generated, tested by hand.
        for a, b, label in [(E2, K2, 'empty-in1'), (K2, E2, 'empty-in2'), (E01, K2, 'empty-in1-dominated'),
                            (K2, E01, 'empty-in2-small'), (E2, data((2, 3), 'complex128'), 'empty-complex')]:
            for mode in ['full', 'same', 'valid']:
                for fill in [0.0, 2.5]:
                    case(fn, ['empty', label, mode], f'scipy.signal.{fn}(in1, in2, mode={mode!r}, fillvalue={fill})',
                         {'mode': mode, 'boundary': 'fill', 'fillvalue': fill}, {'in1': a, 'in2': b},
                         lambda: f(a, b, mode=mode, fillvalue=fill))
            case(fn, ['empty', label, 'valid', 'boundary-symm'], f'scipy.signal.{fn}(in1, in2, "valid", "symm")',
                 {'mode': 'valid', 'boundary': 'symm', 'fillvalue': 0.0}, {'in1': a, 'in2': b},
                 lambda: f(a, b, mode='valid', boundary='symm'))
    for n1 in [1, 2, 3, 4, 5, 8]:
        for n2 in [1, 2, 3, 4, 7]:
            for mode in ['full', 'same', 'valid']:
                case('correlation_lags', [mode], f'scipy.signal.correlation_lags({n1}, {n2}, {mode!r})',
                     {'in1_len': n1, 'in2_len': n2, 'mode': mode}, {}, lambda: signal.correlation_lags(n1, n2, mode), scale=1)


def gen_numpy():
    for fn, f in [('np_convolve', np.convolve), ('np_correlate', np.correlate)]:
        for a, v in [(data(6), data(3)), (data(3), data(5)), (data(4, 'complex128'), data(2, 'complex128'))]:
            for code in [0, 1, 2, 3, -1]:
                case(fn, ['mode-code'], f'numpy.{fn[3:]}(a, v, {code})', {'mode': code}, {'a': a, 'v': v}, lambda: f(a, v, code))
        for a, v in [(np.array(3.0), np.array(4.0)), (np.array(1 + 2j), np.array(3 - 4j)), (np.array(2.0), data(3)), (data(3), np.array(-1.5))]:
            for mode in ['full', 'same', 'valid']:
                case(fn, ['0d', mode], f'numpy.{fn[3:]}(a, v, {mode!r})', {'mode': mode}, {'a': a, 'v': v}, lambda: f(a, v, mode))
        case(fn, ['0d', 'number'], f'numpy.{fn[3:]}(3.0, 4.0)', {'mode': 'full', 'scalars': True},
             {'a': np.array(3.0), 'v': np.array(4.0)}, lambda: f(3.0, 4.0, 'full'))


def nd_inputs():
    return [data((7, 6)), data((5, 4, 3), 'float32'), data((9,)), data((6, 5), 'complex128')]


def gen_ndimage():
    for fn, f in [('ndimage_convolve', ndimage.convolve), ('ndimage_correlate', ndimage.correlate)]:
        for x, w in [(np.array(5.0), np.array(2.0)), (np.array(1.5, np.float32), np.array(-2.0)), (np.array(1 + 1j), np.array(2.0)),
                     (np.zeros((0, 3)), data((2, 2))), (np.zeros(0, np.float32), data(3))]:
            case(fn, ['0d' if x.ndim == 0 else 'empty'], f'scipy.ndimage.{fn[8:]}(input, weights)', {'mode': 'reflect', 'cval': 0.0, 'origin': 0},
                 {'input': x, 'weights': w}, lambda: f(x, w))
        case(fn, ['0d', 'number'], f'scipy.ndimage.{fn[8:]}(5.0, 2.0)', {'mode': 'reflect', 'cval': 0.0, 'origin': 0, 'scalars': True},
             {'input': np.array(5.0), 'weights': np.array(2.0)}, lambda: f(5.0, 2.0))
    for fn, f in [('ndimage_convolve1d', ndimage.convolve1d), ('ndimage_correlate1d', ndimage.correlate1d)]:
        case(fn, ['0d'], f'scipy.ndimage.{fn[8:]}(0-d, weights)', {'axis': -1, 'mode': 'reflect', 'cval': 0.0, 'origin': 0},
             {'input': np.array(5.0), 'weights': data(3)}, lambda: f(np.array(5.0), data(3)))

    modes = ['reflect', 'constant', 'nearest', 'mirror', 'wrap']
    # gaussian_filter: order, radius, truncate
    for x in nd_inputs():
        nd = x.ndim
        for sigma, order in [(1.5, 1), (1.0, 2), (2.0, 3), (0.8, [1] + [0] * (nd - 1)), ([1.2] + [0.7] * (nd - 1), [2] + [1] * (nd - 1)),
                             ([0.0] + [1.0] * (nd - 1), [1] * nd)]:
            for mode in ['reflect', 'constant', 'mirror']:
                case('gaussian_filter', ['order', mode, x.dtype.name], f'scipy.ndimage.gaussian_filter(input, {sigma}, order={order}, mode={mode!r}, cval=0.5)',
                     {'sigma': sigma, 'order': order, 'mode': mode, 'cval': 0.5, 'truncate': 4.0}, {'input': x},
                     lambda: ndimage.gaussian_filter(x, sigma, order=order, mode=mode, cval=0.5),
                     scale=np.abs(x).max() * 4 * max(1, np.max(order)) ** 2)
        for sigma, radius, truncate in [(1.0, 2, 4.0), (2.0, 1, 4.0), (1.5, 0, 4.0), (1.0, None, 1.2), (3.0, None, 0.5), (1.0, [1] + [3] * (nd - 1), 4.0)]:
            case('gaussian_filter', ['radius' if radius is not None else 'truncate'], f'scipy.ndimage.gaussian_filter(input, {sigma}, truncate={truncate}, radius={radius})',
                 {'sigma': sigma, 'order': 0, 'mode': 'nearest', 'cval': 0.0, 'truncate': truncate, 'radius': radius}, {'input': x},
                 lambda: ndimage.gaussian_filter(x, sigma, mode='nearest', truncate=truncate, radius=radius), scale=np.abs(x).max())
    for x, label in [(np.array(3.0), '0d'), (np.zeros((0, 4)), 'empty')]:
        case('gaussian_filter', [label], 'scipy.ndimage.gaussian_filter(input, 1.0)', {'sigma': 1.0, 'order': 0, 'mode': 'reflect', 'cval': 0.0, 'truncate': 4.0},
             {'input': x}, lambda: ndimage.gaussian_filter(x, 1.0))
    for bad in [{'order': -1}, {'radius': -1}]:
        case('gaussian_filter', ['error'], f'scipy.ndimage.gaussian_filter(input, 1.0, **{bad})',
             {'sigma': 1.0, 'order': 0, 'mode': 'reflect', 'cval': 0.0, 'truncate': 4.0, **bad}, {'input': data(5)},
             lambda: ndimage.gaussian_filter(data(5), 1.0, **bad))

    # gaussian_filter1d
    for x in nd_inputs():
        for axis in range(-1, x.ndim):
            for order in [0, 1, 2]:
                mode = modes[(axis + order) % len(modes)]
                case('gaussian_filter1d', [f'order-{order}', mode], f'scipy.ndimage.gaussian_filter1d(input, 1.3, axis={axis}, order={order}, mode={mode!r}, cval=-1)',
                     {'sigma': 1.3, 'axis': axis, 'order': order, 'mode': mode, 'cval': -1.0, 'truncate': 4.0}, {'input': x},
                     lambda: ndimage.gaussian_filter1d(x, 1.3, axis=axis, order=order, mode=mode, cval=-1.0), scale=np.abs(x).max() * 2 * (1 + order))
        case('gaussian_filter1d', ['radius'], 'scipy.ndimage.gaussian_filter1d(input, 2.0, radius=2, truncate=1.0)',
             {'sigma': 2.0, 'axis': -1, 'order': 0, 'mode': 'reflect', 'cval': 0.0, 'truncate': 1.0, 'radius': 2}, {'input': x},
             lambda: ndimage.gaussian_filter1d(x, 2.0, radius=2, truncate=1.0))
    for args in [{'sigma': 0.0}, {'sigma': 1.0, 'order': -1}, {'sigma': 1.0, 'radius': -1}, {'sigma': 1.0, 'axis': 1}, {'sigma': -1.0}]:
        full = {'sigma': 1.0, 'axis': -1, 'order': 0, 'mode': 'reflect', 'cval': 0.0, 'truncate': 4.0, **args}
        kw = {k: v for k, v in full.items() if k != 'sigma'}
        case('gaussian_filter1d', ['error'], f'scipy.ndimage.gaussian_filter1d(input, **{args})', full, {'input': data(5)},
             lambda: ndimage.gaussian_filter1d(data(5), full['sigma'], **kw))
    case('gaussian_filter1d', ['empty'], 'scipy.ndimage.gaussian_filter1d(empty, 1.0)', {'sigma': 1.0, 'axis': -1, 'order': 0, 'mode': 'reflect', 'cval': 0.0, 'truncate': 4.0},
         {'input': np.zeros((2, 0))}, lambda: ndimage.gaussian_filter1d(np.zeros((2, 0)), 1.0))

    # uniform_filter: size 0 (axis left alone), the default size 3, 0-d, empty
    for x in nd_inputs():
        nd = x.ndim
        for size in [0, [0] + [3] * (nd - 1), [4] + [0] * (nd - 1), None]:
            args = {'mode': 'reflect', 'cval': 0.0, 'origin': 0}
            if size is not None:
                args['size'] = size
            case('uniform_filter', ['size-0' if size is not None else 'default-size'], f'scipy.ndimage.uniform_filter(input, {size if size is not None else 3})',
                 args, {'input': x}, lambda: ndimage.uniform_filter(x, 3 if size is None else size), scale=np.abs(x).max())
    for x, label in [(np.array(3.0), '0d'), (np.zeros((0, 4)), 'empty')]:
        case('uniform_filter', [label], 'scipy.ndimage.uniform_filter(input, 3)', {'size': 3, 'mode': 'reflect', 'cval': 0.0, 'origin': 0},
             {'input': x}, lambda: ndimage.uniform_filter(x, 3))

    # uniform_filter1d
    for x in nd_inputs():
        for axis in range(-1, x.ndim):
            for size, origin in [(3, 0), (4, -2), (4, 1), (2, 0), (5, -1), (1, 0)]:
                mode = modes[(axis + size) % len(modes)]
                case('uniform_filter1d', [mode], f'scipy.ndimage.uniform_filter1d(input, {size}, axis={axis}, mode={mode!r}, cval=0.5, origin={origin})',
                     {'size': size, 'axis': axis, 'mode': mode, 'cval': 0.5, 'origin': origin}, {'input': x},
                     lambda: ndimage.uniform_filter1d(x, size, axis=axis, mode=mode, cval=0.5, origin=origin), scale=np.abs(x).max())
    for args in [{'size': 0}, {'size': 3, 'origin': 2}, {'size': 4, 'origin': 2}, {'size': 3, 'axis': 2}]:
        full = {'size': 3, 'axis': -1, 'mode': 'reflect', 'cval': 0.0, 'origin': 0, **args}
        kw = {k: v for k, v in full.items() if k != 'size'}
        case('uniform_filter1d', ['error'], f'scipy.ndimage.uniform_filter1d(input, **{args})', full, {'input': data((3, 4))},
             lambda: ndimage.uniform_filter1d(data((3, 4)), full['size'], **kw))
    case('uniform_filter1d', ['empty'], 'scipy.ndimage.uniform_filter1d(empty, 3)', {'size': 3, 'axis': -1, 'mode': 'reflect', 'cval': 0.0, 'origin': 0},
         {'input': np.zeros(0)}, lambda: ndimage.uniform_filter1d(np.zeros(0), 3))

    # gaussian_laplace, gaussian_gradient_magnitude
    for fn, f in [('gaussian_laplace', ndimage.gaussian_laplace), ('gaussian_gradient_magnitude', ndimage.gaussian_gradient_magnitude)]:
        for x in nd_inputs():
            if fn == 'gaussian_gradient_magnitude' and np.iscomplexobj(x):
                continue  # simdconv rejects complex input here (README Choices)
            nd = x.ndim
            for sigma, mode, truncate in [(1.0, 'reflect', 4.0), (2.0, 'constant', 4.0), ([0.7] + [1.5] * (nd - 1), 'nearest', 3.0),
                                          (1.2, (['wrap', 'mirror', 'constant'] * 2)[:nd], 4.0), ([0.0] + [1.0] * (nd - 1), 'reflect', 4.0)]:
                case(fn, [x.dtype.name], f'scipy.ndimage.{fn}(input, {sigma}, mode={mode!r}, cval=0.25, truncate={truncate})',
                     {'sigma': sigma, 'mode': mode, 'cval': 0.25, 'truncate': truncate}, {'input': x},
                     lambda: f(x, sigma, mode=mode, cval=0.25, truncate=truncate), scale=np.abs(x).max() * 2 * nd)
        for x, label in [(np.array(3.0), '0d'), (np.zeros((0, 4)), 'empty')]:
            case(fn, [label], f'scipy.ndimage.{fn}(input, 1.0)', {'sigma': 1.0, 'mode': 'reflect', 'cval': 0.0, 'truncate': 4.0},
                 {'input': x}, lambda: f(x, 1.0))

    for fn, f in [('sobel', ndimage.sobel), ('prewitt', ndimage.prewitt), ('laplace', ndimage.laplace)]:
        for x, label in [(np.array(3.0), '0d'), (np.zeros((0, 4)), 'empty'), (np.zeros(0), 'empty')]:
            args = {'mode': 'reflect', 'cval': 0.0} if fn == 'laplace' else {'axis': -1, 'mode': 'reflect', 'cval': 0.0}
            case(fn, [label], f'scipy.ndimage.{fn}(input)', args, {'input': x}, lambda: f(x))


def gen_high_order():
    """Derivative orders where SciPy's own kernel loses precision: the expectation is the definition,
    evaluated with mpmath at 60 digits (mode 'wrap', so the sum is plain indexing)."""
    import mpmath as mp
    mp.mp.dps = 60
    x = np.sin(np.arange(30.0))
    for sigma, order in [(2.0, 12), (2.0, 25), (3.0, 30)]:
        r = int(4.0 * sigma + 0.5)
        s = mp.mpf(sigma)
        g = lambda t: mp.e ** (-t * t / (2 * s * s))  # noqa: E731
        norm = sum(g(mp.mpf(k)) for k in range(-r, r + 1))
        w = [mp.diff(g, mp.mpf(r - i), order) / norm for i in range(2 * r + 1)]  # reversed, as SciPy correlates
        out = np.array([float(sum(w[j] * mp.mpf(x[(p + j - r) % x.size]) for j in range(2 * r + 1))) for p in range(x.size)])
        case('gaussian_filter1d', ['high-order', 'mpmath'], f'definition (mpmath, 60 digits) of gaussian_filter1d(x, {sigma}, order={order}, mode="wrap")',
             {'sigma': sigma, 'axis': -1, 'order': order, 'mode': 'wrap', 'cval': 0.0, 'truncate': 4.0}, {'input': x},
             lambda: out, scale=np.abs(out).max(),
             note=f'SciPy {scipy.__version__} itself is off here at high orders (it expands the Hermite polynomial into coefficients)')


def gen_fft_axes():
    """fftconvolve's `axes` (in SciPy 1.10 already): convolved axes, broadcast axes of length 1, batched equal axes."""
    local = np.random.default_rng(7)
    rand = lambda shape, dtype='float64': np.asarray(local.uniform(-1, 1, shape) + (1j * local.uniform(-1, 1, shape) if dtype.startswith('complex') else 0), dtype)  # noqa: E731
    pairs = [((6, 5, 3), (3, 2, 1), [0, 1]), ((6, 5, 3), (3, 2, 3), [0, 1]), ((6, 5, 3), (2, 2, 3), [-3, -2]),
             ((7, 4), (3, 1), [0]), ((7, 4), (3, 4), [0]), ((1, 4), (3, 4), [0]), ((7, 1), (3, 4), [0]),
             ((5, 6), (3, 2), [1]), ((2, 6), (4, 3), [1]), ((4, 5), (6, 7), [0, 1]), ((6, 5, 2), (3, 2, 2), [1]),
             ((5, 1, 3), (2, 4, 1), [0, 1, 2]), ((5, 4), (5, 4), [])]
    for s1, s2, axes in pairs:
        for dtype in ['float64', 'float32', 'complex128']:
            a, b = rand(s1, dtype), rand(s2, 'float32' if dtype == 'float32' else 'float64')
            for mode in ['full', 'same', 'valid']:
                case('fftconvolve_axes', ['axes', dtype, mode], f'scipy.signal.fftconvolve(in1 {s1}, in2 {s2}, mode={mode!r}, axes={axes})',
                     {'mode': mode, 'axes': axes}, {'in1': a, 'in2': b}, lambda: signal.fftconvolve(a, b, mode=mode, axes=axes), fft=True,
                     scale=np.abs(a).max() * np.abs(b).sum())
    for s1, s2, axes in [((6, 5), (3, 2), [0, 0]), ((6, 5), (3, 2), [2]), ((6, 5), (3, 2), [0]), ((6, 5), (3, 4, 1), [0])]:
        case('fftconvolve_axes', ['axes', 'error'], f'scipy.signal.fftconvolve(in1 {s1}, in2 {s2}, axes={axes})', {'mode': 'full', 'axes': axes},
             {'in1': rand(s1), 'in2': rand(s2)}, lambda: signal.fftconvolve(rand(s1), rand(s2), axes=axes), fft=True)


def gen_axes():
    """SciPy >= 1.11: `axes` on the ndimage filters (and correlate/convolve where this SciPy has it)."""
    img = data((6, 5, 3))
    f32 = data((4, 7, 2), 'float32')
    for x in [img, f32]:
        for axes in [[0, 1], [1], [-1, 0], [2]]:
            n = len(axes)
            for sigma, order in [(1.0, 0), ([1.5, 0.8][:n], [1, 0][:n]), (0.9, 2)]:
                case('gaussian_filter_axes', ['axes', x.dtype.name], f'scipy.ndimage.gaussian_filter(input, {sigma}, order={order}, mode="nearest", axes={axes})',
                     {'sigma': sigma, 'order': order, 'mode': 'nearest', 'cval': 0.0, 'truncate': 4.0, 'axes': axes}, {'input': x},
                     lambda: ndimage.gaussian_filter(x, sigma, order=order, mode='nearest', axes=axes), scale=np.abs(x).max() * 4)
            for size, origin in [(3, 0), ([4, 2][:n], [-1, 0][:n]), (0, 0)]:
                case('uniform_filter_axes', ['axes', x.dtype.name], f'scipy.ndimage.uniform_filter(input, {size}, mode="constant", cval=1, origin={origin}, axes={axes})',
                     {'size': size, 'mode': 'constant', 'cval': 1.0, 'origin': origin, 'axes': axes}, {'input': x},
                     lambda: ndimage.uniform_filter(x, size, mode='constant', cval=1.0, origin=origin, axes=axes), scale=np.abs(x).max() + 1)
            modes = ['wrap', 'mirror'][:n] if n == 2 else 'reflect'
            case('laplace_axes', ['axes', x.dtype.name], f'scipy.ndimage.laplace(input, mode={modes!r}, axes={axes})',
                 {'mode': modes, 'cval': 0.0, 'axes': axes}, {'input': x}, lambda: ndimage.laplace(x, mode=modes, axes=axes),
                 scale=np.abs(x).max() * 4 * n)
            w = data([3, 2][:n] if n == 2 else [4])
            for fn, f in [('ndimage_correlate_axes', ndimage.correlate), ('ndimage_convolve_axes', ndimage.convolve)]:
                origin = [0, -1][:n] if n == 2 else 1
                case(fn, ['axes', x.dtype.name], f'scipy.ndimage.{fn[8:-5]}(input, weights, mode="mirror", origin={origin}, axes={axes})',
                     {'mode': 'mirror', 'cval': 0.0, 'origin': origin, 'axes': axes}, {'input': x, 'weights': w},
                     lambda: f(x, w, mode='mirror', origin=origin, axes=axes))
    for bad in [[0, 0], [3], [0, 1, 2, 0]]:
        case('gaussian_filter_axes', ['axes', 'error'], f'scipy.ndimage.gaussian_filter(input, 1.0, axes={bad})',
             {'sigma': 1.0, 'order': 0, 'mode': 'reflect', 'cval': 0.0, 'truncate': 4.0, 'axes': bad}, {'input': img},
             lambda: ndimage.gaussian_filter(img, 1.0, axes=bad))
        case('ndimage_correlate_axes', ['axes', 'error'], f'scipy.ndimage.correlate(input, weights, axes={bad})',
             {'mode': 'reflect', 'cval': 0.0, 'origin': 0, 'axes': bad}, {'input': img, 'weights': data([3] * len(bad))},
             lambda: ndimage.correlate(img, data([3] * len(bad)), axes=bad))


def write():
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, 'manifest.json')
    manifest = json.load(open(path)) if os.path.exists(path) else {'files': {}}
    for fn, cases in files.items():
        with open(os.path.join(OUT, f'{fn}.json'), 'w') as fh:
            fh.write('[\n' + ',\n'.join(json.dumps(c, separators=(',', ':')) for c in cases) + '\n]\n')
        manifest['files'][f'{fn}.json'] = {
            'fn': fn, 'cases': len(cases), 'error_cases': sum('error' in c['expect'] for c in cases),
            'numpy': np.__version__, 'scipy': scipy.__version__, 'python': sys.version.split()[0],
        }
    manifest['files'] = dict(sorted(manifest['files'].items()))
    manifest['total_cases'] = sum(f['cases'] for f in manifest['files'].values())
    manifest['generator'] = 'scripts/gen-parity-fixtures.py'
    with open(path, 'w') as fh:
        json.dump(manifest, fh, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    if AXES:
        gen_axes()
    else:
        gen_signal()
        gen_numpy()
        gen_ndimage()
        gen_high_order()
        gen_fft_axes()
    write()
    print(f'scipy {scipy.__version__}: ' + ', '.join(f'{fn} {len(c)}' for fn, c in sorted(files.items())))

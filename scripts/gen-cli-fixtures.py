#!/usr/bin/python3
"""Generate the CLI's golden fixtures (test/fixtures/cli/) with SciPy as the reference.

Run with Debian's Python, which has numpy, scipy and Pillow:  /usr/bin/python3 scripts/gen-cli-fixtures.py

Writes small synthetic images (PNG 8-bit RGB / grey / RGBA, PNG 16-bit grey, a JPEG), a JSON kernel, and
cases.json: for each `simdconv filter` invocation, the pixels SciPy's scipy.ndimage produces, filtering
each colour channel in float64 on the 0..255 scale (16-bit input: v·255/65535), then clip to [0, 255] and
round half to even. Alpha is copied. The CLI must match within one 8-bit level (two for the JPEG input,
whose decoders differ).
"""
import base64
import json
import os

import numpy as np
from PIL import Image
from scipy import ndimage

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'cli')
H, W = 24, 32

PREWITT = {
    'horiz': [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
    'vert': [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
    'ldiag': [[1, 1, 0], [1, 0, -1], [0, -1, -1]],
    'rdiag': [[0, 1, 1], [-1, 0, 1], [-1, -1, 0]],
}
SOBEL = {
    'horiz': [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
    'vert': [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    'ldiag': [[2, 1, 0], [1, 0, -1], [0, -1, -2]],
    'rdiag': [[0, 1, 2], [-1, 0, 1], [-2, -1, 0]],
}
HIGHPASS = np.array([[0, -1, 0], [-1, 4, -1], [0, -1, 0]], float)
NAMED = {
    'laplacian': [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    'highpass': HIGHPASS,
    'emboss': [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    **{f'sobel-{d}': k for d, k in SOBEL.items()},
    **{f'prewitt-{d}': k for d, k in PREWITT.items()},
}
SCHARR = np.array([[-3 - 3j, -10j, 3 - 3j], [-10, 0, 10], [-3 + 3j, 10j, 3 + 3j]])
JSON_KERNEL = [[0.1, 0.2, 0.1], [0.3, 0.1, 0.2]]  # even height, asymmetric: exercises convolve's centring


def scene(rng):
    """A 24×32 RGB test picture: gradients, a bright box, a dark disc, a diagonal stroke and noise."""
    y, x = np.mgrid[0:H, 0:W].astype(float)
    r = 40 + 6 * x
    g = 30 + 8 * y
    b = 128 + 60 * np.sin(x / 4) * np.cos(y / 5)
    img = np.stack([r, g, b], axis=-1)
    img[4:11, 5:14] = [250, 240, 60]
    img[(x - 22) ** 2 + (y - 14) ** 2 < 36] = [20, 40, 90]
    img[np.abs(x - y - 3) < 1.2] = [255, 255, 255]
    img += rng.normal(0, 6, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def filter_plane(p, spec, mode, cval):
    if spec.startswith('gaussian:'):
        return ndimage.gaussian_filter(p, float(spec[9:]), mode=mode, cval=cval, truncate=4.0)
    if spec.startswith('box:'):
        return ndimage.uniform_filter(p, int(spec[4:]), mode=mode, cval=cval)
    if spec.startswith('sharpen'):
        alpha = float(spec[8:]) if ':' in spec else 1.0
        k = np.zeros((3, 3))
        k[1, 1] = 1
        return ndimage.convolve(p, k + alpha * HIGHPASS, mode=mode, cval=cval)
    if spec == 'scharr':
        return np.abs(ndimage.convolve(p.astype(complex), SCHARR, mode=mode, cval=cval))
    if spec.endswith('.json'):
        return ndimage.convolve(p, np.array(JSON_KERNEL), mode=mode, cval=cval)
    return ndimage.convolve(p, np.array(NAMED[spec], float), mode=mode, cval=cval)


def expected(pixels, scale, spec, mode, cval):
    """What `simdconv filter` must write: colour channels filtered, alpha (last of 2 or 4) copied."""
    img = pixels.reshape(pixels.shape[0], pixels.shape[1], -1)
    c = img.shape[2]
    colours = c - 1 if c in (2, 4) else c
    f = img.astype(float) * scale
    out = np.stack([filter_plane(f[:, :, k], spec, mode, cval) for k in range(colours)], axis=-1)
    if spec == 'scharr':  # the gradient magnitude, scaled so its maximum is 255
        m = out.max()
        out = out * (255.0 / m) if m > 0 else out * 0
    res = np.clip(np.rint(out), 0, 255).astype(np.uint8)
    if colours < c:
        res = np.concatenate([res, img[:, :, colours:].astype(np.uint8)], axis=-1)
    return res


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240601)
    rgb = scene(rng)
    gray = np.clip(np.rint(rgb @ [0.299, 0.587, 0.114]), 0, 255).astype(np.uint8)
    alpha = np.tile(np.linspace(40, 255, W).astype(np.uint8), (H, 1))
    rgba = np.dstack([rgb[:, ::-1], alpha])
    gray16 = np.clip(gray.astype(np.float64) * 257 + rng.normal(0, 40, gray.shape), 0, 65535).astype(np.uint16)

    Image.fromarray(rgb, 'RGB').save(os.path.join(OUT, 'rgb.png'))
    Image.fromarray(gray, 'L').save(os.path.join(OUT, 'gray.png'))
    Image.fromarray(rgba, 'RGBA').save(os.path.join(OUT, 'rgba.png'))
    Image.fromarray(gray16).save(os.path.join(OUT, 'gray16.png'))
    Image.fromarray(rgb, 'RGB').save(os.path.join(OUT, 'photo.jpg'), quality=95, subsampling=0)
    with open(os.path.join(OUT, 'kernel.json'), 'w') as f:
        json.dump(JSON_KERNEL, f)

    # The reference reads the JPEG with libjpeg (Pillow); the CLI decodes it itself.
    jpeg = np.asarray(Image.open(os.path.join(OUT, 'photo.jpg')).convert('RGB'))
    reread16 = np.asarray(Image.open(os.path.join(OUT, 'gray16.png'))).astype(np.uint16)
    assert np.array_equal(reread16, gray16)
    images = {
        'rgb.png': (rgb, 1.0), 'gray.png': (gray, 1.0), 'rgba.png': (rgba, 1.0),
        'gray16.png': (gray16, 255.0 / 65535.0), 'photo.jpg': (jpeg, 1.0),
    }

    every_kernel = ['gaussian:1.5', 'box:3', 'box:4', 'laplacian', 'emboss', 'sharpen', 'sharpen:0.5', 'highpass',
                    *[f'sobel-{d}' for d in SOBEL], *[f'prewitt-{d}' for d in PREWITT], 'scharr', 'kernel.json']
    runs = [('rgb.png', k, 'reflect', 0.0) for k in every_kernel]
    runs += [
        ('rgb.png', 'gaussian:1', 'constant', 200.0), ('rgb.png', 'box:5', 'nearest', 0.0),
        ('rgb.png', 'emboss', 'mirror', 0.0), ('rgb.png', 'sobel-vert', 'wrap', 0.0),
        ('rgb.png', 'sharpen:2', 'constant', 0.0), ('rgb.png', 'kernel.json', 'constant', 90.0),
        ('gray.png', 'gaussian:2', 'reflect', 0.0), ('gray.png', 'scharr', 'reflect', 0.0),
        ('gray.png', 'laplacian', 'nearest', 0.0),
        ('rgba.png', 'sharpen', 'reflect', 0.0), ('rgba.png', 'gaussian:1', 'constant', 255.0),
        ('gray16.png', 'gaussian:1', 'reflect', 0.0), ('gray16.png', 'box:3', 'mirror', 0.0),
        ('photo.jpg', 'box:3', 'reflect', 0.0), ('photo.jpg', 'gaussian:1', 'reflect', 0.0),
    ]
    cases = []
    for name, spec, mode, cval in runs:
        pixels, scale = images[name]
        res = expected(pixels, scale, spec, mode, cval)
        cases.append({
            'input': name, 'kernel': spec, 'mode': mode, 'cval': cval,
            'shape': list(res.shape), 'expected': base64.b64encode(res.tobytes()).decode('ascii'),
            # JPEG decoders differ (libjpeg's and jpeg-js's IDCTs, up to 3 levels a pixel, about 1 after a
            # blur), so a JPEG input gets one more level than the filter's own allowance.
            'tolerance_levels': 2 if name.endswith('.jpg') else 1,
        })
    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump({'generator': 'scripts/gen-cli-fixtures.py', 'cases': cases}, f, indent=1)
    print(f'wrote {len(cases)} cases and {len(images)} images to {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()

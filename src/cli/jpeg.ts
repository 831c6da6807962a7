// The CLI's baseline JPEG encoder (ITU-T T.81 sequential DCT, Huffman coded; JFIF colour): written for
// simdconv, over typed arrays, with no allocation per pixel or per block. Grey images give one
// component, colour ones Y Cb Cr, full resolution (4:4:4) at quality ≥ 90 and with 2 × 2 chroma
// subsampling (4:2:0) below, as ImageMagick and libjpeg choose. No restart markers, no progressive
// mode, no optimised Huffman tables: the standard ones of T.81 Annex K. Decoding stays with jpeg-js.
//
// The pipeline, one row of MCUs (minimum coded units: 8 or 16 pixel rows) at a time:
//   pixels → level-shifted Y (Cb Cr) strips, the last row and column repeated out to whole MCUs
//   → per 8 × 8 block (chroma averaged over 2 × 2 when subsampled) a separable float DCT (the
//     Arai–Agui–Nakajima factorisation: 5 multiplications per 8 points, its output scale folded
//     into the quantisation divisors) → quantised in zigzag order → DC differences and AC run
//     lengths, Huffman coded, 0xFF bytes stuffed.

/** Natural (row-major) index of the k-th coefficient in zigzag order: anti-diagonals, alternating direction. */
export const ZIGZAG = (() => {
  const z = new Uint8Array(64);
  let k = 0;
  for (let s = 0; s < 15; s++) {
    const lo = Math.max(0, s - 7);
    const hi = Math.min(s, 7);
    if (s % 2 === 0) for (let r = hi; r >= lo; r--) z[k++] = r * 8 + (s - r);
    else for (let r = lo; r <= hi; r++) z[k++] = r * 8 + (s - r);
  }
  return z;
})();

// T.81 Annex K.1: the example quantisation tables, natural order, which the quality factor scales.
const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  ...new Array<number>(32).fill(99),
];

// T.81 Annex K.3: the typical Huffman tables, as code counts per length 1..16 and the symbols in code order.
const DC_LUMA = { bits: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], vals: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
const DC_CHROMA = { bits: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], vals: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
const AC_LUMA = {
  bits: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d],
  vals: [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91,
    0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a,
    0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53,
    0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79,
    0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
    0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9,
    0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2,
    0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
  ],
};
const AC_CHROMA = {
  bits: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
  vals: [
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14,
    0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17,
    0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a,
    0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78,
    0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3,
    0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
    0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2,
    0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
  ],
};
export const HUFFMAN_TABLES = { DC_LUMA, DC_CHROMA, AC_LUMA, AC_CHROMA };

interface Huffman {
  code: Uint16Array; // by symbol
  size: Uint8Array; // code length by symbol, 0 for a symbol the table lacks
}

/** Canonical codes from counts per length (T.81 Annex C): consecutive codes, one bit longer per length. */
function huffman(table: { bits: number[]; vals: number[] }): Huffman {
  const h = { code: new Uint16Array(256), size: new Uint8Array(256) };
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++, code <<= 1) {
    for (let i = 0; i < table.bits[len - 1]; i++, code++, k++) {
      h.code[table.vals[k]] = code;
      h.size[table.vals[k]] = len;
    }
  }
  return h;
}

/** A base table scaled by quality as libjpeg does (50 gives the table itself), each entry in 1..255. */
export function quantTable(base: readonly number[], quality: number): Uint8Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  return Uint8Array.from(base, (v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

// The AAN DCT leaves coefficient (u, v) multiplied by 8·s[u]·s[v], with s[0] = 1, s[k] = √2·cos(kπ/16).
const AAN = Float64Array.from({ length: 8 }, (_, k) => (k === 0 ? 1 : Math.SQRT2 * Math.cos((k * Math.PI) / 16)));

/** 1 / (q·8·s[u]·s[v]) per natural index: quantising is one multiplication. */
function divisors(q: Uint8Array): Float64Array {
  return Float64Array.from({ length: 64 }, (_, i) => 1 / (q[i] * 8 * AAN[i >> 3] * AAN[i & 7]));
}

const C4 = Math.SQRT1_2; // cos(4π/16)
const C6 = Math.cos((6 * Math.PI) / 16); // 0.3826834…
const C2_MINUS_C6 = Math.cos((2 * Math.PI) / 16) - C6; // 0.5411961…
const C2_PLUS_C6 = Math.cos((2 * Math.PI) / 16) + C6; // 1.3065629…

/**
 * One 8-point forward DCT in the AAN factorisation on d[o], d[o + step], …, d[o + 7·step], in place,
 * output k scaled by 8·s[k]/… (see AAN): the even half is a 4-point DCT of the sums, the odd half a
 * rotation of the differences shared through z5.
 */
function dct8(d: Float64Array, o: number, step: number): void {
  const x0 = d[o], x1 = d[o + step], x2 = d[o + 2 * step], x3 = d[o + 3 * step];
  const x4 = d[o + 4 * step], x5 = d[o + 5 * step], x6 = d[o + 6 * step], x7 = d[o + 7 * step];
  const s07 = x0 + x7, d07 = x0 - x7, s16 = x1 + x6, d16 = x1 - x6;
  const s25 = x2 + x5, d25 = x2 - x5, s34 = x3 + x4, d34 = x3 - x4;
  // even part
  const e0 = s07 + s34, e3 = s07 - s34, e1 = s16 + s25, e2 = s16 - s25;
  d[o] = e0 + e1;
  d[o + 4 * step] = e0 - e1;
  const m = (e2 + e3) * C4;
  d[o + 2 * step] = e3 + m;
  d[o + 6 * step] = e3 - m;
  // odd part
  const t0 = d34 + d25, t1 = d25 + d16, t2 = d16 + d07;
  const z5 = (t0 - t2) * C6;
  const z2 = C2_MINUS_C6 * t0 + z5;
  const z4 = C2_PLUS_C6 * t2 + z5;
  const z3 = t1 * C4;
  const z11 = d07 + z3, z13 = d07 - z3;
  d[o + 5 * step] = z13 + z2;
  d[o + 3 * step] = z13 - z2;
  d[o + step] = z11 + z4;
  d[o + 7 * step] = z11 - z4;
}

/** The 2-D DCT of an 8 × 8 block in place (rows, then columns); coefficient (u, v) comes out times 8·s[u]·s[v]. */
export function forwardDct(block: Float64Array): void {
  for (let r = 0; r < 64; r += 8) dct8(block, r, 1);
  for (let c = 0; c < 8; c++) dct8(block, c, 8);
}
/** The factor forwardDct leaves on the orthonormal-per-JPEG coefficient (u, v) (T.81 A.3.3). */
export const dctScale = (u: number, v: number): number => 8 * AAN[u] * AAN[v];

/** Bits into bytes, 0xFF followed by a stuffed 0x00 inside the entropy-coded data (T.81 B.1.1.5). */
class BitWriter {
  buf: Uint8Array;
  pos = 0;
  private acc = 0; // pending bits, fewer than 8 between calls
  private n = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }
  /** Room for `bytes` more bytes: the buffer doubles when short (one copy per doubling, never per block). */
  reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + bytes));
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }
  /** Raw bytes (markers and headers), with nothing pending in the bit buffer. */
  bytes(values: ArrayLike<number>): void {
    this.reserve(values.length);
    this.buf.set(values, this.pos);
    this.pos += values.length;
  }
  /** The `len` low bits of `bits`, most significant first (len ≤ 16). */
  put(bits: number, len: number): void {
    this.acc = (this.acc << len) | (bits & ((1 << len) - 1));
    this.n += len;
    while (this.n >= 8) {
      this.n -= 8;
      const byte = (this.acc >>> this.n) & 0xff;
      this.buf[this.pos++] = byte;
      if (byte === 0xff) this.buf[this.pos++] = 0;
    }
    this.acc &= (1 << this.n) - 1;
  }
  /** Pads the last byte with 1 bits, as T.81 F.1.2.3 asks. */
  flush(): void {
    if (this.n > 0) this.put(0x7f, 8 - this.n);
  }
}

/** Bits needed for |v| (v ≠ 0): the JPEG size category. */
const category = (v: number): number => 32 - Math.clz32(v < 0 ? -v : v);

interface Component {
  divisors: Float64Array;
  dc: Huffman;
  ac: Huffman;
  prev: number; // the previous block's quantised DC, for the differences
}

/** Transforms and quantises a block into zigzag order and writes it: DC difference, then AC runs (T.81 F.1.2). */
function encodeBlock(w: BitWriter, block: Float64Array, q: Int32Array, comp: Component): void {
  forwardDct(block);
  const div = comp.divisors;
  // Rounding to nearest as floor(x + ½): shifted positive by 2¹⁴ (|x| stays far below), `| 0` truncates,
  // one instruction instead of Math.round's general case. The DC is a sum / 8 of level-shifted samples,
  // within ±1024, so its differences fit baseline's 11 bits; AC values must fit 10 bits (the clamp only
  // matters near quality 100).
  q[0] = ((block[0] * div[0] + 16384.5) | 0) - 16384;
  let last = 0; // zigzag index of the last nonzero AC value
  for (let k = 1; k < 64; k++) {
    const i = ZIGZAG[k];
    let v = ((block[i] * div[i] + 16384.5) | 0) - 16384;
    if (v > 1023) v = 1023;
    else if (v < -1023) v = -1023;
    q[k] = v;
    if (v !== 0) last = k;
  }
  const { dc, ac } = comp;
  const diff = q[0] - comp.prev;
  comp.prev = q[0];
  const dcSize = diff === 0 ? 0 : category(diff);
  w.put(dc.code[dcSize], dc.size[dcSize]);
  if (dcSize > 0) w.put(diff < 0 ? diff - 1 : diff, dcSize);
  let run = 0;
  for (let k = 1; k <= last; k++) {
    const v = q[k];
    if (v === 0) {
      run++;
      continue;
    }
    for (; run >= 16; run -= 16) w.put(ac.code[0xf0], ac.size[0xf0]); // ZRL: sixteen zeros
    const s = category(v);
    const sym = (run << 4) | s;
    w.put(ac.code[sym], ac.size[sym]);
    w.put(v < 0 ? v - 1 : v, s);
    run = 0;
  }
  if (last < 63) w.put(ac.code[0], ac.size[0]); // EOB: zeros to the end
}

export interface JpegInput {
  data: ArrayLike<number>;
  width: number;
  height: number;
  channels: number;
}
export interface JpegOptions {
  /** 1–100 as libjpeg's scale (default 92). */
  quality?: number;
  /** 2 × 2 chroma subsampling (4:2:0); default: below quality 90. Ignored for grey. */
  subsample?: boolean;
}

const u16 = (v: number) => [v >> 8, v & 0xff];

/**
 * Interleaved 8-bit pixels (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA; alpha dropped) → a baseline JFIF
 * JPEG file. Grey input gives a one-component (grey) JPEG.
 */
export function encodeJpeg(px: JpegInput, options: JpegOptions = {}): Uint8Array {
  const { data, width, height, channels } = px;
  const quality = options.quality ?? 92;
  const colour = channels >= 3;
  const sub = colour && (options.subsample ?? quality < 90) ? 2 : 1;
  const lumaQ = quantTable(LUMA_Q, quality);
  const chromaQ = quantTable(CHROMA_Q, quality);
  const comps: Component[] = [{ divisors: divisors(lumaQ), dc: huffman(DC_LUMA), ac: huffman(AC_LUMA), prev: 0 }];
  if (colour) {
    const chroma = () => ({ divisors: divisors(chromaQ), dc: huffman(DC_CHROMA), ac: huffman(AC_CHROMA), prev: 0 });
    comps.push(chroma(), chroma());
  }

  const w = new BitWriter(Math.max(4096, (width * height * (colour ? 3 : 1)) >> 2));
  w.bytes([0xff, 0xd8]); // SOI
  w.bytes([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]); // APP0 JFIF 1.1, aspect 1:1
  for (const [id, q] of (colour ? [lumaQ, chromaQ] : [lumaQ]).entries()) {
    w.bytes([0xff, 0xdb, 0, 67, id]); // DQT, 8-bit entries, zigzag order
    w.bytes(Array.from(ZIGZAG, (i) => q[i]));
  }
  const nc = comps.length;
  w.bytes([0xff, 0xc0, ...u16(8 + 3 * nc), 8, ...u16(height), ...u16(width), nc]); // SOF0
  for (let c = 0; c < nc; c++) w.bytes([c + 1, c === 0 ? (sub << 4) | sub : 0x11, c === 0 ? 0 : 1]);
  const tables = colour ? [[0x00, DC_LUMA], [0x10, AC_LUMA], [0x01, DC_CHROMA], [0x11, AC_CHROMA]] as const : [[0x00, DC_LUMA], [0x10, AC_LUMA]] as const;
  for (const [cls, t] of tables) w.bytes([0xff, 0xc4, ...u16(19 + t.vals.length), cls, ...t.bits, ...t.vals]); // DHT
  w.bytes([0xff, 0xda, ...u16(6 + 2 * nc), nc]); // SOS, then each component's tables
  for (let c = 0; c < nc; c++) w.bytes([c + 1, c === 0 ? 0x00 : 0x11]);
  w.bytes([0, 63, 0]); // the whole spectrum, no successive approximation

  // One row of MCUs at a time: level-shifted planes, full resolution, padded by repetition to whole MCUs.
  const mcu = 8 * sub;
  const mcusX = Math.ceil(width / mcu);
  const mcusY = Math.ceil(height / mcu);
  const stride = mcusX * mcu;
  const planes = comps.map(() => new Float32Array(stride * mcu));
  const [Y, Cb, Cr] = planes;
  const block = new Float64Array(64);
  const q = new Int32Array(64);
  for (let my = 0; my < mcusY; my++) {
    for (let r = 0; r < mcu; r++) {
      const sy = Math.min(my * mcu + r, height - 1);
      const row = r * stride;
      let p = sy * width * channels;
      if (colour) {
        // JFIF's full-range BT.601: Y, Cb − 128, Cr − 128, all shifted to be centred on 0.
        for (let x = 0; x < width; x++, p += channels) {
          const R = data[p], G = data[p + 1], B = data[p + 2];
          Y[row + x] = 0.299 * R + 0.587 * G + 0.114 * B - 128;
          Cb[row + x] = -0.168735892 * R - 0.331264108 * G + 0.5 * B;
          Cr[row + x] = 0.5 * R - 0.418687589 * G - 0.081312411 * B;
        }
      } else {
        for (let x = 0; x < width; x++, p += channels) Y[row + x] = data[p] - 128;
      }
      for (const plane of planes) plane.fill(plane[row + width - 1], row + width, row + stride);
    }
    w.reserve(mcusX * (sub * sub + 2) * 800); // a block's worst case, 0xFF stuffing included, is under 800 bytes
    for (let mx = 0; mx < mcusX; mx++) {
      const x0 = mx * mcu;
      for (let by = 0; by < sub; by++) {
        for (let bx = 0; bx < sub; bx++) {
          const o = by * 8 * stride + x0 + bx * 8;
          for (let v = 0; v < 8; v++) for (let u = 0; u < 8; u++) block[v * 8 + u] = Y[o + v * stride + u];
          encodeBlock(w, block, q, comps[0]);
        }
      }
      for (let c = 1; c < nc; c++) {
        const plane = planes[c];
        if (sub === 1) {
          for (let v = 0; v < 8; v++) for (let u = 0; u < 8; u++) block[v * 8 + u] = plane[v * stride + x0 + u];
        } else {
          // 4:2:0: each chroma sample is the mean of a 2 × 2 square (centred siting, as JFIF says).
          for (let v = 0; v < 8; v++) {
            const a = 2 * v * stride + x0;
            for (let u = 0; u < 8; u++) {
              const i = a + 2 * u;
              block[v * 8 + u] = 0.25 * (plane[i] + plane[i + 1] + plane[i + stride] + plane[i + stride + 1]);
            }
          }
        }
        encodeBlock(w, block, q, comps[c]);
      }
    }
  }
  w.flush();
  w.bytes([0xff, 0xd9]); // EOI
  return w.buf.subarray(0, w.pos);
}

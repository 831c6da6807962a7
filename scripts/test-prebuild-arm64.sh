#!/usr/bin/env bash
# The linux-arm64 prebuild loads and computes in a real arm64 Node: Debian's nodejs:arm64, extracted
# (not installed: it would collide with the host's nodejs) and run under qemu-aarch64. The package is
# required through node-gyp-build from a copy holding dist/ and prebuilds/linux-arm64 only, so the
# prebuild is the only binary it can find; backend() must say native/neon and a convolution must match.
#
# Installs qemu-user and downloads the arm64 packages with apt-get when missing (needs root or sudo).
# Env: ARM64_ROOT (default build/arm64-node), where the packages are extracted and kept between runs.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=prebuilds/linux-arm64/node.napi.glibc.node
[[ -f $BIN ]] || { echo "test-prebuild-arm64: $BIN is missing (run npm run prebuilds:linux)" >&2; exit 1; }
[[ -f dist/index.js ]] || { echo "test-prebuild-arm64: dist/ is missing (run npm run build:ts)" >&2; exit 1; }

SUDO=$([[ $(id -u) -eq 0 ]] && echo "" || echo sudo)
if ! command -v qemu-aarch64 >/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq qemu-user >/dev/null
fi

ROOT=$(realpath -m "${ARM64_ROOT:-build/arm64-node}")
if [[ ! -x $ROOT/root/usr/bin/node ]]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then $SUDO dpkg --add-architecture arm64; fi
  $SUDO apt-get update -qq
  mkdir -p "$ROOT/debs"
  (cd "$ROOT/debs" && apt-get download -qq nodejs:arm64 libnode108:arm64 libuv1:arm64 libssl3:arm64 \
    libicu72:arm64 libbrotli1:arm64 libc-ares2:arm64 libnghttp2-14:arm64 zlib1g:arm64 libc6:arm64 \
    libstdc++6:arm64 libgcc-s1:arm64 node-acorn node-cjs-module-lexer node-undici)
  for d in "$ROOT"/debs/*.deb; do dpkg -x "$d" "$ROOT/root"; done
fi

PKG=$(mktemp -d)
trap 'rm -rf "$PKG"' EXIT
mkdir -p "$PKG/node_modules/simdconv/prebuilds"
cp -r package.json dist "$PKG/node_modules/simdconv/"
cp -r prebuilds/linux-arm64 "$PKG/node_modules/simdconv/prebuilds/"
cp -r node_modules/node-gyp-build "$PKG/node_modules/"
cat > "$PKG/check.js" <<'JS'
const s = require('simdconv');
s.setBackend('native');
const r = s.convolve2d([[1, 2], [3, 4]], [[1, 1]]);
const g = s.ndimage.gaussianFilter(Float32Array.from({ length: 64 }, (_, i) => i % 7), 1.5);
s.setBackend('js');
const gj = s.ndimage.gaussianFilter(Float32Array.from({ length: 64 }, (_, i) => i % 7), 1.5);
s.setBackend('native');
const worst = Math.max(...g.data.map((v, i) => Math.abs(v - gj.data[i])));
console.log(JSON.stringify({ arch: process.arch, backend: s.backend(), data: Array.from(r.data), worst }));
JS
OUT=$(cd "$PKG" && qemu-aarch64 -L "$ROOT/root" "$ROOT/root/usr/bin/node" check.js)
echo "$OUT"
node -e '
const r = JSON.parse(process.argv[1]);
const ok = r.arch === "arm64" && r.backend.name === "native" && r.backend.isa === "neon" &&
  JSON.stringify(r.data) === JSON.stringify([1, 3, 2, 3, 7, 4]) && r.worst < 1e-5;
if (!ok) { console.error("test-prebuild-arm64: FAILED"); process.exit(1); }
console.log("test-prebuild-arm64: the linux-arm64 prebuild loads and computes under qemu (neon)");
' "$OUT"

#!/usr/bin/env bash
# Small PNGs in every layout the CLI's decoder (src/cli/png.ts) reads, written by ImageMagick 6
# (Debian's imagemagick) so that they come from another encoder than ours. test/png.test.ts decodes
# each with ours and with pngjs and compares. 13×11 pixels: odd sizes leave Adam7's passes uneven.
set -euo pipefail
out=${1:-test/fixtures/png}
mkdir -p "$out"
cd "$out"
im() { convert "$@"; }
strip="-define png:exclude-chunks=date,time,tEXt,zTXt,iTXt"
im -seed 3 -size 13x11 plasma:fractal -depth 8 base.miff
grey="-colorspace Gray"
im base.miff $grey $strip -define png:color-type=0 -define png:bit-depth=1 g1.png
im base.miff $grey $strip -define png:color-type=0 -define png:bit-depth=2 g2.png
im base.miff $grey $strip -define png:color-type=0 -define png:bit-depth=2 -interlace PNG g2i.png
im base.miff $grey $strip -define png:color-type=0 -define png:bit-depth=4 g4.png
im base.miff $grey $strip -define png:color-type=0 -define png:bit-depth=8 g8.png
im base.miff $grey $strip -depth 16 -define png:color-type=0 -define png:bit-depth=16 g16.png
im base.miff $grey -alpha set -channel A -fx 'i/w' +channel $strip -define png:color-type=4 -define png:bit-depth=8 ga8.png
im base.miff $grey -alpha set -channel A -fx 'i/w' +channel $strip -depth 16 -define png:color-type=4 -define png:bit-depth=16 ga16.png
im base.miff $strip PNG24:rgb8.png
im base.miff $strip -interlace PNG PNG24:rgb8i.png
im base.miff $strip -depth 16 PNG48:rgb16.png
im base.miff -alpha set -channel A -fx 'j/h' +channel $strip PNG32:rgba8.png
im base.miff -alpha set -channel A -fx 'j/h' +channel $strip -depth 16 PNG64:rgba16.png
im base.miff -alpha set -channel A -fx 'j/h' +channel $strip -depth 16 -interlace PNG PNG64:rgba16i.png
im base.miff -colors 200 $strip PNG8:p8.png
im base.miff -colors 14 $strip -define png:bit-depth=4 -define png:color-type=3 p4.png
im base.miff -colors 14 $strip -define png:bit-depth=4 -define png:color-type=3 -interlace PNG p4i.png
key=$(convert base.miff -colors 30 -format '%[pixel:p{0,0}]' info:)
im base.miff -colors 30 -transparent "$key" $strip PNG8:ptrns.png
im base.miff -colors 30 -transparent "$key" $strip -define png:color-type=2 -define png:bit-depth=8 rgbkey.png
rm base.miff

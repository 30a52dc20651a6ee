#!/bin/sh
# Regenerates the app icons in this folder with ImageMagick (Debian's imagemagick package): a dark rounded square
# with a trail of footprints (dots joined by a path). The PNGs are committed; run this only to change the design.
#   NxN.png   Linux (electron-builder picks the sizes from the folder)
#   icon.png  macOS (512x512; electron-builder makes the .icns on the Mac that builds the dmg)
#   icon.ico  Windows (16-256 px)
set -eu
cd "$(dirname "$0")"
convert -size 512x512 xc:none \
  -fill '#1d3557' -draw 'roundrectangle 16,16 496,496 96,96' \
  -stroke '#a8dadc' -strokewidth 22 -fill none -draw 'path "M 110,400 C 170,300 230,330 260,250 S 350,140 410,110"' \
  -stroke none -fill '#f1faee' \
  -draw 'circle 110,400 110,436' -draw 'circle 260,250 260,286' -draw 'circle 410,110 410,146' \
  -fill '#e63946' -draw 'circle 410,110 410,130' \
  -strip PNG32:icon.png
for s in 16 24 32 48 64 128 256 512; do convert icon.png -resize "${s}x${s}" -strip "PNG32:${s}x${s}.png"; done
convert 16x16.png 24x24.png 32x32.png 48x48.png 64x64.png 128x128.png 256x256.png icon.ico

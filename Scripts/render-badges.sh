#!/bin/sh
# Renders each badges/*.svg to badges/*.png (512×512, transparent outside the badge), then
# shrinks the PNG losslessly with optipng when it is installed. Run from anywhere after editing
# a badge, then run Scripts/embed-badges.sh so the binary carries the new images.
#
# Needs rsvg-convert (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg);
# optipng is optional (apt-get install optipng; brew install optipng).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
size=512

if ! command -v rsvg-convert >/dev/null 2>&1; then
    echo "render-badges: rsvg-convert is not installed; install it with 'apt-get install librsvg2-bin' (Debian, Ubuntu) or 'brew install librsvg' (macOS)" >&2
    exit 1
fi
if ! command -v optipng >/dev/null 2>&1; then
    echo "render-badges: optipng is not installed ('apt-get install optipng'), so the PNGs are left as rsvg-convert writes them, larger" >&2
fi

for svg in "$root"/badges/*.svg; do
    png="${svg%.svg}.png"
    tmp="$png.tmp"
    rsvg-convert --width "$size" --height "$size" --format png --output "$tmp" "$svg"
    if command -v optipng >/dev/null 2>&1; then
        optipng -quiet -o7 -strip all "$tmp"
    fi
    mv "$tmp" "$png"
    echo "wrote $png ($(wc -c < "$png" | tr -d ' ') bytes)"
done

#!/usr/bin/env bash
# Side-by-side ingest benchmark on the same photos: Déclic's pipeline (`declic render`) against
# Pillow, libvips (vipsthumbnail) and ImageMagick, each making the same seven files per photo:
# long edge 2048/1080/400 as JPEG q82 and WebP q80, plus a 1200×630 share JPEG.
# Usage: scripts/bench-ingest.sh [PHOTO_DIR]   (default: corpus/phone, built by make-corpus.sh)
# Prints seconds per photo, peak memory and total output size for each tool.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-corpus/phone}
[ -d "$dir" ] || bash ../shared/photos/make-corpus.sh "$PWD/corpus"
need() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need vipsthumbnail libvips-tools
convert -version 2>/dev/null | grep -q ImageMagick || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq imagemagick >/dev/null; }
# Debian's Pillow (python3-pil) runs under Debian's python3, not a pyenv one.
PIL_PY=/usr/bin/python3
$PIL_PY -c 'import PIL' 2>/dev/null || { apt-get install -y -qq python3-pil >/dev/null; }
cargo build --release -q
photos=("$dir"/*.jpg)
n=${#photos[@]}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# run NAME CMD...: wall time and peak RSS of CMD (children included), output size of $out/NAME.
run() {
  local name=$1; shift
  mkdir -p "$out/$name"
  python3 - "$name" "$n" "$out/$name" "$@" <<'PY'
import resource, subprocess, sys, time, os
name, n, dest, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
t = time.monotonic()
subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
secs = time.monotonic() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(dest) for f in fs)
print(f"{name:12} {secs / n:6.2f} s/photo   peak RSS {rss:6.0f} MB   output {size / 1e6:6.1f} MB")
PY
}

echo "$n photos from $dir on $(nproc) cores"
run declic ./target/release/declic render "${photos[@]}" --out "$out/declic"

cat > "$out/pillow.py" <<'PY'
import sys, os
from PIL import Image, ImageOps
dest = sys.argv[1]
for path in sys.argv[2:]:
    stem = os.path.splitext(os.path.basename(path))[0]
    img = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    for edge in (2048, 1080, 400):
        r = img.copy(); r.thumbnail((edge, edge), Image.LANCZOS)
        r.save(f"{dest}/{stem}-{edge}.jpg", quality=82, progressive=True, optimize=True)
        r.save(f"{dest}/{stem}-{edge}.webp", quality=80)
    ImageOps.fit(img, (1200, 630), Image.LANCZOS).save(f"{dest}/{stem}-share.jpg", quality=82, progressive=True, optimize=True)
PY
run pillow $PIL_PY "$out/pillow.py" "$out/pillow" "${photos[@]}"

cat > "$out/vips.sh" <<'SH'
dest=$1; shift
for p in "$@"; do
  s=$(basename "$p" .jpg)
  for e in 2048 1080 400; do
    vipsthumbnail "$p" --size "${e}x${e}>" -o "$dest/$s-$e.jpg[Q=82,interlace,optimize_coding,strip]"
    vipsthumbnail "$p" --size "${e}x${e}>" -o "$dest/$s-$e.webp[Q=80,strip]"
  done
  vipsthumbnail "$p" --size 1200x630 --smartcrop centre -o "$dest/$s-share.jpg[Q=82,interlace,optimize_coding,strip]"
done
SH
run vips bash "$out/vips.sh" "$out/vips" "${photos[@]}"

cat > "$out/magick.sh" <<'SH'
dest=$1; shift
for p in "$@"; do
  s=$(basename "$p" .jpg)
  for e in 2048 1080 400; do
    convert "$p" -auto-orient -strip -resize "${e}x${e}>" -quality 82 -interlace Plane "$dest/$s-$e.jpg"
    convert "$p" -auto-orient -strip -resize "${e}x${e}>" -quality 80 "$dest/$s-$e.webp"
  done
  convert "$p" -auto-orient -strip -resize 1200x630^ -gravity center -extent 1200x630 -quality 82 "$dest/$s-share.jpg"
done
SH
run imagemagick bash "$out/magick.sh" "$out/imagemagick" "${photos[@]}"

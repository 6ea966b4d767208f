#!/usr/bin/env python3
"""Builds the small HEIC test files under tests/fixtures/heic (committed; a few hundred bytes each).

Needs Pillow (python3-pil), exiftool and heif-enc (Debian libheif-examples). The rotated file is
made by adding an `irot` property to heif-enc's output, since heif-enc does not write one: iPhones
store portrait photos that way, with the same rotation repeated as an EXIF orientation.
"""
import os
import struct
import subprocess
import sys
import tempfile

from PIL import Image, ImageDraw

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "heic")
CONTAINERS = {b"meta": 4, b"iprp": 0, b"ipco": 0}


def quadrants():
    """The upright reference of tests/api/ingest.rs: four distinct quadrants."""
    im = Image.new("RGB", (96, 64))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, 47, 31], fill=(220, 30, 30))
    d.rectangle([48, 0, 95, 31], fill=(30, 200, 30))
    d.rectangle([0, 32, 47, 63], fill=(30, 30, 220))
    d.rectangle([48, 32, 95, 63], fill=(240, 240, 40))
    return im


def heif_enc(img, name, exif_orientation=None, extra=()):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src.jpg")
        img.save(src, quality=97, subsampling=0)
        if exif_orientation:
            subprocess.run(["exiftool", "-q", "-overwrite_original", f"-Orientation#={exif_orientation}", src], check=True)
        out = os.path.join(OUT, name)
        subprocess.run(["heif-enc", "-q", "95", *extra, src, "-o", out], check=True, capture_output=True)
        return out


def parse(buf):
    """Top-level boxes of `buf` as [type, prefix, children-or-payload]."""
    boxes, at = [], 0
    while at < len(buf):
        size, typ = struct.unpack(">I4s", buf[at:at + 8])
        assert size >= 8, "no 64-bit or to-end boxes in heif-enc output"
        body = buf[at + 8:at + size]
        if typ in CONTAINERS:
            n = CONTAINERS[typ]
            boxes.append([typ, body[:n], parse(body[n:])])
        else:
            boxes.append([typ, b"", body])
        at += size
    return boxes


def serialize(boxes):
    out = b""
    for typ, prefix, content in boxes:
        body = prefix + (serialize(content) if isinstance(content, list) else content)
        out += struct.pack(">I4s", 8 + len(body), typ) + body
    return out


def find(boxes, typ):
    for b in boxes:
        if b[0] == typ:
            return b
        if isinstance(b[2], list):
            found = find(b[2], typ)
            if found:
                return found
    return None


def add_property(path, prop_type, payload, essential=True, item=1):
    """Adds a property box to ipco and associates it with `item`."""
    data = open(path, "rb").read()
    boxes = parse(data)
    ipco = find(boxes, b"ipco")
    ipco[2].append([prop_type, b"", payload])
    index = len(ipco[2])
    ipma = find(boxes, b"ipma")
    body = bytearray(ipma[2])
    version, flags = body[0], int.from_bytes(body[1:4], "big")
    assert version == 0 and flags & 1 == 0, "heif-enc writes 8-bit ipma indices"
    count = struct.unpack(">I", body[4:8])[0]
    at = 8
    for _ in range(count):
        item_id, n = struct.unpack(">HB", body[at:at + 3])
        if item_id == item:
            body[at + 2] = n + 1
            body[at + 3 + n:at + 3 + n] = bytes([(0x80 if essential else 0) | index])
            break
        at += 3 + n
    ipma[2] = bytes(body)
    # Everything after `meta` moved: shift the file offsets in iloc.
    delta = len(serialize(boxes)) - len(data)
    iloc = find(boxes, b"iloc")
    ib = bytearray(iloc[2])
    version = ib[0]
    off_size, len_size = ib[4] >> 4, ib[4] & 15
    base_size, idx_size = ib[5] >> 4, (ib[5] & 15 if version in (1, 2) else 0)
    at = 6
    if version < 2:
        count = struct.unpack(">H", ib[at:at + 2])[0]
        at += 2
    else:
        count = struct.unpack(">I", ib[at:at + 4])[0]
        at += 4
    for _ in range(count):
        at += 2 if version < 2 else 4
        method = 0
        if version in (1, 2):
            method = struct.unpack(">H", ib[at:at + 2])[0] & 15
            at += 2
        at += 2  # data_reference_index
        base = int.from_bytes(ib[at:at + base_size], "big") if base_size else 0
        if method == 0 and base_size and base:
            ib[at:at + base_size] = (base + delta).to_bytes(base_size, "big")
        at += base_size
        extents = struct.unpack(">H", ib[at:at + 2])[0]
        at += 2
        for _ in range(extents):
            at += idx_size
            if method == 0 and not (base_size and base) and off_size:
                off = int.from_bytes(ib[at:at + off_size], "big")
                ib[at:at + off_size] = (off + delta).to_bytes(off_size, "big")
            at += off_size + len_size
    iloc[2] = bytes(ib)
    open(path, "wb").write(serialize(boxes))


def main():
    os.makedirs(OUT, exist_ok=True)
    upright = quadrants()
    heif_enc(upright, "upright.heic")
    # EXIF says "rotate 90° clockwise" but the file has no irot: HEIF readers must ignore EXIF.
    heif_enc(upright, "exif6-without-irot.heic", exif_orientation=6)
    # As an iPhone held upright: pixels stored turned 90° anticlockwise, irot = 270° anticlockwise
    # (90° clockwise) to show them upright, and the same rotation again in EXIF (orientation 6).
    turned = upright.transpose(Image.Transpose.ROTATE_90)
    path = heif_enc(turned, "irot-and-exif6.heic", exif_orientation=6)
    add_property(path, b"irot", bytes([3]))
    # Display P3 described by an nclx box (colour primaries 12, sRGB transfer), as iPhones do.
    # (heif-enc 1.15 does not write the colr box itself.)
    path = heif_enc(Image.new("RGB", (64, 48), (200, 60, 60)), "display-p3.heic")
    item = find(parse(open(path, "rb").read()), b"pitm")[2][4:6]
    add_property(path, b"colr", b"nclx" + struct.pack(">HHHB", 12, 13, 6, 0x80), essential=False,
                 item=struct.unpack(">H", item)[0])
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)), "bytes")


if __name__ == "__main__":
    sys.exit(main())

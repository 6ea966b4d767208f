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
CONTAINERS = {b"meta": 4, b"iprp": 0, b"ipco": 0}  # boxes whose children are boxes


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


def parse_iloc(body):
    """iloc entries as (item_id, construction_method, [(absolute_offset, length)])."""
    version = body[0]
    off_size, len_size = body[4] >> 4, body[4] & 15
    base_size, idx_size = body[5] >> 4, (body[5] & 15 if version in (1, 2) else 0)
    at, n = (8, struct.unpack(">H", body[6:8])[0]) if version < 2 else (10, struct.unpack(">I", body[6:10])[0])
    entries = []
    for _ in range(n):
        if version < 2:
            item = struct.unpack(">H", body[at:at + 2])[0]
            at += 2
        else:
            item = struct.unpack(">I", body[at:at + 4])[0]
            at += 4
        method = 0
        if version in (1, 2):
            method = struct.unpack(">H", body[at:at + 2])[0] & 15
            at += 2
        at += 2
        base = int.from_bytes(body[at:at + base_size], "big") if base_size else 0
        at += base_size
        count = struct.unpack(">H", body[at:at + 2])[0]
        at += 2
        extents = []
        for _ in range(count):
            at += idx_size
            off = int.from_bytes(body[at:at + off_size], "big") if off_size else 0
            at += off_size
            length = int.from_bytes(body[at:at + len_size], "big")
            at += len_size
            extents.append((base + off, length))
        entries.append((item, method, extents))
    return entries


def write_iloc(entries):
    """iloc version 1, 32-bit offsets and lengths, no base offsets."""
    out = bytes([1, 0, 0, 0, 0x44, 0x00]) + struct.pack(">H", len(entries))
    for item, method, extents in entries:
        out += struct.pack(">HHHH", item, method, 0, len(extents))
        for off, length in extents:
            out += struct.pack(">II", off, length)
    return out


def share_properties(boxes):
    """Keeps one copy of identical properties (heif-enc repeats hvcC, ispe… for every item;
    iPhones share them), remapping ipma."""
    ipco, ipma = find(boxes, b"ipco"), find(boxes, b"ipma")
    unique, remap = [], {}
    for i, prop in enumerate(ipco[2], start=1):
        key = (prop[0], prop[2])
        if key not in [(u[0], u[2]) for u in unique]:
            unique.append(prop)
        remap[i] = [(u[0], u[2]) for u in unique].index(key) + 1
    body = ipma[2]
    wide = body[3] & 1
    n = struct.unpack(">I", body[4:8])[0]
    at, out = 8, bytearray()
    for _ in range(n):
        item, count = struct.unpack(">HB", body[at:at + 3])
        at += 3
        out += struct.pack(">HB", item, count)
        for _ in range(count):
            if wide:
                v = struct.unpack(">H", body[at:at + 2])[0]
                at += 2
                essential, index = v & 0x8000, v & 0x7FFF
            else:
                essential, index = body[at] & 0x80, body[at] & 0x7F
                at += 1
            out.append((0x80 if essential else 0) | remap[index])
    assert len(unique) < 128
    ipco[2] = unique
    ipma[2] = bytes([0, 0, 0, 0]) + struct.pack(">I", n) + bytes(out)


def make_grid(path, tiles, width, height, rows, cols):
    """Turns heif-enc's output of `tiles` separate images into one grid image, as iPhones store
    photos: hidden HEVC tiles, a `grid` item referencing them through `iref`/`dimg`, its own
    `ispe`, and the grid as the primary image."""
    data = open(path, "rb").read()
    boxes = parse(data)
    share_properties(boxes)
    meta = find(boxes, b"meta")
    children = meta[2]
    iinf = find(boxes, b"iinf")
    body = iinf[2]
    version = body[0]
    head = 6 if version == 0 else 8
    infes = parse(body[head:])
    ids = []
    for infe in infes:
        p = bytearray(infe[2])
        item_id, _, item_type = struct.unpack(">HH4s", p[4:12])
        if item_type == b"hvc1":
            ids.append(item_id)
            p[3] |= 1  # hidden: only the grid is an image to show
            infe[2] = bytes(p)
    assert len(ids) == tiles, ids
    grid_id = max(e[0] for e in parse_iloc(find(boxes, b"iloc")[2])) + 10
    infes.append([b"infe", b"", bytes([2, 0, 0, 0]) + struct.pack(">HH4s", grid_id, 0, b"grid") + b"\0"])
    count = struct.pack(">H", len(infes)) if version == 0 else struct.pack(">I", len(infes))
    iinf[2] = body[:4] + count + serialize(infes)
    # The grid's description lives in an idat box inside meta (construction method 1).
    assert not find(boxes, b"idat") and not find(boxes, b"iref"), "tiles must be plain coded images"
    grid_desc = bytes([0, 0, rows - 1, cols - 1]) + struct.pack(">HH", width, height)
    children.append([b"idat", b"", grid_desc])
    assert len(ids) == rows * cols
    dimg = struct.pack(">HH", grid_id, len(ids)) + b"".join(struct.pack(">H", i) for i in ids)
    children.append([b"iref", b"", bytes(4) + serialize([[b"dimg", b"", dimg]])])
    pitm = find(boxes, b"pitm")
    pitm[2] = bytes(4) + struct.pack(">H", grid_id)
    ipco = find(boxes, b"ipco")
    ipco[2].append([b"ispe", b"", bytes(4) + struct.pack(">II", width, height)])
    ispe_index = len(ipco[2])
    ipma = find(boxes, b"ipma")
    body = bytearray(ipma[2])
    assert body[0] == 0, "16-bit item ids"
    n = struct.unpack(">I", body[4:8])[0]
    body[4:8] = struct.pack(">I", n + 1)
    wide = body[3] & 1  # 15-bit property indices when there are many properties
    body += struct.pack(">HBH" if wide else ">HBB", grid_id, 1, ispe_index)
    ipma[2] = bytes(body)
    entries = parse_iloc(find(boxes, b"iloc")[2])
    entries.append((grid_id, 1, [(0, len(grid_desc))]))
    iloc = find(boxes, b"iloc")
    iloc[2] = write_iloc(entries)
    delta = len(serialize(boxes)) - len(data)
    iloc[2] = write_iloc([(i, m, [(o + delta, l) for o, l in ex] if m == 0 else ex) for i, m, ex in entries])
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
    # An iPhone-style tile grid: two 64×64 tiles side by side, the 128×64 canvas cropped to the
    # 96×64 picture by the grid's output size (iPhones crop their 512 px tiles the same way).
    tiles = [upright.crop((x, 0, x + 64, 64)) for x in (0, 64)]  # the second one padded black
    with tempfile.TemporaryDirectory() as tmp:
        srcs = []
        for i, t in enumerate(tiles):
            srcs.append(os.path.join(tmp, f"t{i}.jpg"))
            t.save(srcs[-1], quality=97, subsampling=0)
        path = os.path.join(OUT, "grid-2x1.heic")
        subprocess.run(["heif-enc", "-q", "95", *srcs, "-o", path], check=True, capture_output=True)
    make_grid(path, 2, 96, 64, 1, 2)
    # A 12 MP iPhone photo is a grid of 8×6 tiles of 512 px: the same layout with 64 px tiles
    # (a checkerboard of two colours), 500×375 after cropping, 48 `dimg` references.
    with tempfile.TemporaryDirectory() as tmp:
        srcs = []
        for r in range(6):
            for c in range(8):
                srcs.append(os.path.join(tmp, f"c{r}{c}.jpg"))
                colour = (230, 120, 20) if (r + c) % 2 == 0 else (20, 90, 200)
                Image.new("RGB", (64, 64), colour).save(srcs[-1], quality=97)
        path = os.path.join(OUT, "grid-8x6.heic")
        subprocess.run(["heif-enc", "-q", "90", *srcs, "-o", path], check=True, capture_output=True)
    make_grid(path, 48, 500, 375, 6, 8)
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)), "bytes")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""An independent reader and editor of baked badge images, with nothing but Python's standard
library (zlib for PNG, expat through xml.etree for SVG). Laurel's tests use it to check that the
images Laurel bakes open in a normal decoder, and to change images the way a person would.

  badge-check.py make-png OUT              a 64x64 RGB gradient PNG
  badge-check.py read IMG                  JSON: format, size, whether the pixels decode, the baked text
  badge-check.py repaint IMG               PNG: change one pixel, re-encode the image data, keep the rest
  badge-check.py replace-text IMG OLD NEW  PNG: replace OLD by NEW in the openbadgecredential text
"""
import json
import struct
import sys
import xml.etree.ElementTree as ElementTree
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
OB3 = "https://purl.imsglobal.org/ob/v3p0"


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def chunks(png):
    if not png.startswith(SIGNATURE):
        raise ValueError("not a PNG")
    offset, found = len(SIGNATURE), []
    while offset < len(png):
        length, kind = struct.unpack(">I4s", png[offset:offset + 8])
        data = png[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length:offset + 12 + length])
        if len(data) != length or crc != zlib.crc32(kind + data) & 0xFFFFFFFF:
            raise ValueError("bad chunk %r at %d" % (kind, offset))
        found.append((kind, data))
        offset += 12 + length
        if kind == b"IEND":
            break
    return found


def make_png(path, width=64, height=64):
    rows = b"".join(b"\x00" + b"".join(bytes([x * 4, y * 4, 160]) for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    with open(path, "wb") as out:
        out.write(SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def decoded_pixels(found):
    width, height, depth, color = struct.unpack(">IIBB", found[0][1][:10])
    raw = zlib.decompress(b"".join(data for kind, data in found if kind == b"IDAT"))
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
    expected = height * (1 + (width * channels * depth + 7) // 8)
    return width, height, raw, len(raw) == expected


def read(path):
    data = open(path, "rb").read()
    if data.startswith(SIGNATURE):
        found = chunks(data)
        width, height, _, pixels_ok = decoded_pixels(found)
        texts = []
        for kind, body in found:
            if kind == b"iTXt" and body.startswith(b"openbadgecredential\x00"):
                rest = body[len(b"openbadgecredential\x00"):]
                compressed, rest = rest[0], rest[2:]
                rest = rest.split(b"\x00", 2)[2]
                texts.append((zlib.decompress(rest) if compressed else rest).decode("utf-8"))
        return {"format": "png", "width": width, "height": height, "pixelsDecode": pixels_ok,
                "ends": found[-1][0].decode(), "credentials": texts}
    root = ElementTree.fromstring(data)
    texts = []
    for element in root.iter("{%s}credential" % OB3):
        texts.append(element.text if element.text and element.text.strip() else element.get("verify"))
    return {"format": "svg", "root": root.tag, "credentials": texts}


def repaint(path):
    data = open(path, "rb").read()
    found = chunks(data)
    width, height, raw, _ = decoded_pixels(found)
    pixels = bytearray(raw)
    pixels[1] ^= 0xFF  # the first pixel's red value, after the row's filter byte
    out, wrote = SIGNATURE, False
    for kind, body in found:
        if kind == b"IDAT":
            if not wrote:
                out += chunk(b"IDAT", zlib.compress(bytes(pixels)))
                wrote = True
            continue
        out += chunk(kind, body)
    open(path, "wb").write(out)


def replace_text(path, old, new):
    data = open(path, "rb").read()
    out = SIGNATURE
    for kind, body in chunks(data):
        if kind == b"iTXt" and body.startswith(b"openbadgecredential\x00"):
            if old.encode() not in body:
                raise ValueError("the text to replace is not in the credential")
            body = body.replace(old.encode(), new.encode(), 1)
        out += chunk(kind, body)
    open(path, "wb").write(out)


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "make-png":
        make_png(arguments[0])
    elif command == "read":
        print(json.dumps(read(arguments[0])))
    elif command == "repaint":
        repaint(arguments[0])
    elif command == "replace-text":
        replace_text(*arguments)
    else:
        sys.exit("unknown command " + command)

// A QR layout as PNG: a two-colour palette image at one bit per pixel (index 0 the background,
// 1 the foreground), compressed with the runtime's CompressionStream (zlib, what IDAT holds), so
// no native module and no canvas. A 2048 px code is about 0.5 MB before compression.
import { rgbOf } from "./colour-contrast.ts";
import { markCovers } from "./logo-mark.ts";
import type { QrLayout, QrOptions } from "./qr-layout.ts";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function header(size: number): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, size);
  view.setUint32(4, size);
  data.set([1, 3, 0, 0, 0], 8); // bit depth 1, palette, deflate, filter 0, no interlace
  return data;
}

/** One scanline (filter byte 0, then the bits) per pixel row. */
function scanlines(layout: QrLayout): Uint8Array {
  const { size, scale, offset, modules, dark, logo } = layout;
  const stride = 1 + Math.ceil(size / 8);
  const raw = new Uint8Array(stride * size);
  const setPixel = (row: Uint8Array, x: number) => {
    row[1 + (x >> 3)] = (row[1 + (x >> 3)] as number) | (0x80 >> (x & 7));
  };
  for (let y = 0; y < modules; y++) {
    const line = new Uint8Array(stride);
    dark[y]?.forEach((isDark, x) => {
      if (!isDark) return;
      for (let p = 0; p < scale; p++) setPixel(line, offset + x * scale + p);
    });
    for (let p = 0; p < scale; p++) raw.set(line, (offset + y * scale + p) * stride);
  }
  if (logo) {
    // The mark, pixel by pixel inside the cleared plate (its modules are already light).
    const plate = logo.span * scale;
    const start = offset + logo.from * scale;
    for (let py = 0; py < plate; py++) {
      const row = raw.subarray((start + py) * stride, (start + py + 1) * stride);
      for (let px = 0; px < plate; px++) {
        if (markCovers((px + 0.5) / plate - 0.5, (py + 0.5) / plate - 0.5)) setPixel(row, start + px);
      }
    }
  }
  return raw;
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function renderPng(layout: QrLayout, options: QrOptions): Promise<Uint8Array<ArrayBuffer>> {
  const palette = new Uint8Array([...rgbOf(options.bg), ...rgbOf(options.fg)]);
  const parts = [
    new Uint8Array(SIGNATURE),
    chunk("IHDR", header(layout.size)),
    chunk("PLTE", palette),
    chunk("IDAT", await deflate(scanlines(layout))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    png.set(part, at);
    at += part.length;
  }
  return png;
}

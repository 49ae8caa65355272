// Draws the app icons (web/icons/icon-192.png, icon-512.png) with no image tool: a white
// ring open to the right (a "C") on the theme colour, inside the maskable safe zone.
// The PNGs are committed; run `node scripts/make-icons.mjs` again only to change them.
// web/icons/icon.svg is the same drawing by hand.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const BG = [0x14, 0x21, 0x3d];
const FG = [0xff, 0xff, 0xff];
const ACCENT = [0xfc, 0xa3, 0x11];

function crc32(buf) {
  let c;
  let crc = 0xffffffff;
  for (const byte of buf) {
    c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function pixel(x, y, size) {
  // Coordinates in a 0..1 square, 4x4 supersampled by the caller.
  const cx = 0.5, cy = 0.5;
  const dx = x - cx, dy = y - cy;
  const r = Math.hypot(dx, dy);
  const angle = Math.atan2(dy, dx); // 0 = right
  if (Math.hypot(x - 0.7, y - 0.5) < 0.055) return ACCENT;
  if (r > 0.2 && r < 0.3 && Math.abs(angle) > Math.PI / 4) return FG;
  return BG;
}

function png(size) {
  const rows = [];
  const s = 4;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0];
      for (let i = 0; i < s; i++) {
        for (let j = 0; j < s; j++) {
          const c = pixel((x + (i + 0.5) / s) / size, (y + (j + 0.5) / s) / size, size);
          for (let k = 0; k < 3; k++) sum[k] += c[k];
        }
      }
      for (let k = 0; k < 3; k++) row[1 + x * 3 + k] = Math.round(sum[k] / (s * s));
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [192, 512]) writeFileSync(new URL(`../web/icons/icon-${size}.png`, import.meta.url), png(size));

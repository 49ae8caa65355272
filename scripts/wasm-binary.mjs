// Reading a wasm binary's LEB128 numbers and names: shared by scripts/merge-chunks.mjs and
// bench/wasm-size.mjs.

/** The unsigned LEB128 number at `pos`, and the position after it. */
export function leb(bytes, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [result, pos];
  }
}

/** The name (a length, then UTF-8) at `pos`, and the position after it. */
export function readName(bytes, pos) {
  const [len, at] = leb(bytes, pos);
  return [bytes.toString('utf8', at, at + len), at + len];
}

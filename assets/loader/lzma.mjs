// An LZMA decoder for the "alone" format that `xz --format=lzma` writes: a
// 13-byte header (properties byte, dictionary size, uncompressed size or
// all ones for none) and one range-coded stream, ended by an end marker or
// by the size. It follows LzmaSpec.cpp of the LZMA SDK, decoding into one
// output array that also serves as the dictionary. Part of the loader that
// `cargo xtask pack` inlines into index.html, so it stays small; it throws
// an Error whose message starts with `lzma:` on a stream it cannot decode.

export function decodeLzma(input) {
  if (input.length < 13) throw new Error('lzma: no header');
  const props = input[0];
  if (props >= 225) throw new Error('lzma: bad properties');
  const lc = props % 9;
  const lp = Math.floor(props / 9) % 5;
  const pb = Math.floor(props / 45);
  // Bytes 1 to 4 give the dictionary size, which the output array makes moot.
  let known = false;
  let size = 0;
  for (let i = 12; i >= 5; i--) {
    known ||= input[i] !== 0xff;
    size = size * 256 + input[i];
  }
  // Positions are masked with 32-bit operators below.
  if (known && size > 0x7fffffff) throw new Error('lzma: too large');
  let out = new Uint8Array(known ? size : Math.max(input.length * 4, 65536));
  let pos = 0;

  // The range decoder. `range` and `code` stay unsigned 32-bit numbers.
  let inPos = 13;
  const nextByte = () => {
    if (inPos >= input.length) throw new Error('lzma: truncated');
    return input[inPos++];
  };
  let range = 0xffffffff;
  let code = 0;
  if (nextByte() !== 0) throw new Error('lzma: corrupt');
  for (let i = 0; i < 4; i++) code = code * 256 + nextByte();
  if (code === range) throw new Error('lzma: corrupt');
  const normalize = () => {
    if (range < 0x1000000) {
      range *= 256;
      code = code * 256 + nextByte();
    }
  };
  // One bit under an adaptive probability, an 11-bit estimate of a zero.
  const bit = (probs, i) => {
    const p = probs[i];
    const bound = (range >>> 11) * p;
    let b = 0;
    if (code < bound) {
      range = bound;
      probs[i] = p + ((2048 - p) >>> 5);
    } else {
      range -= bound;
      code -= bound;
      probs[i] = p - (p >>> 5);
      b = 1;
    }
    normalize();
    return b;
  };
  // Bits with even odds, most significant first.
  const direct = (n) => {
    let res = 0;
    while (n--) {
      range >>>= 1;
      let b = 0;
      if (code >= range) {
        code -= range;
        b = 1;
      }
      res = res * 2 + b;
      normalize();
    }
    return res;
  };
  // `n` bits through a binary tree of probabilities at `probs[base + 1..]`.
  const tree = (probs, base, n) => {
    let m = 1;
    for (let i = 0; i < n; i++) m = m * 2 + bit(probs, base + m);
    return m - (1 << n);
  };
  const reverseTree = (probs, base, n) => {
    let m = 1;
    let res = 0;
    for (let i = 0; i < n; i++) {
      const b = bit(probs, base + m);
      m = m * 2 + b;
      res |= b << i;
    }
    return res;
  };
  const probs = (n) => new Uint16Array(n).fill(1024);

  // The models. A length model holds two choice bits, then per position
  // state a 3-bit tree for lengths 0-7 and one for 8-15, then an 8-bit tree.
  const literals = probs(0x300 << (lc + lp));
  const lengths = probs(514);
  const repLengths = probs(514);
  const slots = probs(256);
  const distances = probs(115);
  const align = probs(16);
  const isMatch = probs(192);
  const isRep = probs(12);
  const isRepG0 = probs(12);
  const isRepG1 = probs(12);
  const isRepG2 = probs(12);
  const isRep0Long = probs(192);

  const decodeLength = (model, posState) => {
    if (!bit(model, 0)) return tree(model, 2 + posState * 8, 3);
    if (!bit(model, 1)) return 8 + tree(model, 130 + posState * 8, 3);
    return 16 + tree(model, 258, 8);
  };
  // Returns the distance minus one; the end marker's is 0xFFFFFFFF.
  const decodeDistance = (len) => {
    const slot = tree(slots, Math.min(len, 3) * 64, 6);
    if (slot < 4) return slot;
    const n = (slot >>> 1) - 1;
    const dist = (2 + (slot & 1)) * 2 ** n;
    if (slot < 14) return dist + reverseTree(distances, dist - slot, n);
    return dist + direct(n - 4) * 16 + reverseTree(align, 0, 4);
  };
  const reserve = (n) => {
    if (pos + n <= out.length) return;
    if (known) throw new Error('lzma: longer than its header says');
    const grown = new Uint8Array(Math.max(out.length * 2, pos + n));
    grown.set(out);
    out = grown;
  };

  // The state machine: states 0-6 follow a literal, 7-11 a match.
  let state = 0;
  let rep0 = 0;
  let rep1 = 0;
  let rep2 = 0;
  let rep3 = 0;
  for (;;) {
    if (known && pos === size && code === 0) break;
    const posState = pos & ((1 << pb) - 1);
    if (!bit(isMatch, state * 16 + posState)) {
      reserve(1);
      const prev = pos > 0 ? out[pos - 1] : 0;
      const base = 0x300 * (((pos & ((1 << lp) - 1)) << lc) + (prev >>> (8 - lc)));
      let symbol = 1;
      // After a match the byte at rep0 steers the first bits, while they agree.
      if (state >= 7) {
        let matchByte = out[pos - rep0 - 1];
        while (symbol < 0x100) {
          const matchBit = (matchByte >>> 7) & 1;
          matchByte <<= 1;
          const b = bit(literals, base + ((1 + matchBit) << 8) + symbol);
          symbol = symbol * 2 + b;
          if (b !== matchBit) break;
        }
      }
      while (symbol < 0x100) symbol = symbol * 2 + bit(literals, base + symbol);
      out[pos++] = symbol - 0x100;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len;
    if (bit(isRep, state)) {
      if (pos === 0) throw new Error('lzma: corrupt');
      if (!bit(isRepG0, state)) {
        if (!bit(isRep0Long, state * 16 + posState)) {
          reserve(1);
          out[pos] = out[pos - rep0 - 1];
          pos++;
          state = state < 7 ? 9 : 11;
          continue;
        }
      } else {
        let dist;
        if (!bit(isRepG1, state)) {
          dist = rep1;
        } else {
          if (!bit(isRepG2, state)) {
            dist = rep2;
          } else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = decodeLength(repLengths, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = decodeLength(lengths, posState);
      state = state < 7 ? 7 : 10;
      rep0 = decodeDistance(len);
      if (rep0 === 0xffffffff) {
        if (code !== 0) throw new Error('lzma: corrupt end');
        break;
      }
      if (rep0 >= pos) throw new Error('lzma: corrupt distance');
    }
    len += 2;
    reserve(len);
    for (let i = 0; i < len; i++, pos++) out[pos] = out[pos - rep0 - 1];
  }
  if (known && pos !== size) throw new Error('lzma: shorter than its header says');
  if (inPos !== input.length) throw new Error('lzma: data after the end');
  return known ? out : out.slice(0, pos);
}

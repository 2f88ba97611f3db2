// Unit tests of the loader's LZMA decoder (assets/loader/lzma.mjs) against
// what `xz` itself writes and reads: every stream here comes from
// `xz --format=lzma`, the tool `cargo xtask pack` packs the app with.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { decodeLzma } from '../../assets/loader/lzma.mjs';

const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const LOCALES_DIR = join(ROOT_DIR, 'assets', 'locales');

/** `bytes` as `xz --format=lzma` packs them: with an end marker and no size. */
function xz(bytes, preset = '-9e') {
  return new Uint8Array(
    execFileSync('xz', ['--format=lzma', preset, '--stdout'], {
      input: bytes,
      maxBuffer: 1 << 28,
    }),
  );
}

/** What `xz` makes of a packed file. */
function unxz(packed) {
  return new Uint8Array(
    execFileSync('xz', ['--decompress', '--format=lzma', '--stdout'], {
      input: packed,
      maxBuffer: 1 << 28,
    }),
  );
}

/** A copy of `packed` whose header gives the uncompressed size, as the pack step writes. */
function withSize(packed, size) {
  const copy = packed.slice();
  new DataView(copy.buffer).setBigUint64(5, BigInt(size), true);
  return copy;
}

/** Deterministic bytes that do not compress (xorshift32). */
function noise(length, seed) {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

function concat(...parts) {
  return new Uint8Array(Buffer.concat(parts));
}

const text = (string) => new TextEncoder().encode(string);

/** Records of the kind a catalog holds: repeats at many distances, with small changes. */
function records(count) {
  const lines = [];
  for (let n = 0; n < count; n += 1) {
    lines.push(`"aec-quiz.item.q${n % 97}.option.${'abcd'[n % 4]}": "Option ${n * 7919 % 1000}",`);
  }
  return text(lines.join('\n'));
}

const SAMPLES = [
  ['empty input', () => new Uint8Array(0)],
  ['one byte', () => text('x')],
  ['short text', () => text('Who are you answering for? My enterprise (an SME).')],
  ['random bytes', () => noise(100_000, 0x9e3779b9)],
  ['one byte repeated: the longest matches, over and over', () => new Uint8Array(300_000).fill(7)],
  [
    'a random block repeated: long matches at long distances',
    () => { const block = noise(50_000, 12345); return concat(block, block, block, block, block); },
  ],
  ['records: short matches, repeated distances, literals after matches', () => records(20_000)],
];

describe('decodeLzma', () => {
  for (const [name, make] of SAMPLES) {
    it(`decodes what xz packs: ${name}`, () => {
      const original = make();
      assert.deepEqual(decodeLzma(xz(original)), original);
    });
  }

  it('decodes data repeated farther apart than a small dictionary reaches', () => {
    // With a 4 KiB dictionary, repeats 8 KiB apart must go out as literals
    // again, while those 1 KiB apart are matches.
    const block = noise(1024, 99);
    const far = concat(noise(8192, 7), block, block, noise(8192, 8), block, block);
    assert.deepEqual(decodeLzma(xz(far, '--lzma1=preset=6,dict=4KiB')), far);
  });

  it('decodes properties other than xz\'s default lc=3, lp=0, pb=2', () => {
    const original = records(5_000);
    const packed = xz(original, '--lzma1=preset=6,lc=0,lp=2,pb=0');
    assert.equal(packed[0], 0 + 9 * (2 + 5 * 0));
    assert.deepEqual(decodeLzma(packed), original);
  });

  it('decodes a header that gives the size, followed by the end marker', () => {
    const original = records(3_000);
    const decoded = decodeLzma(withSize(xz(original), original.length));
    assert.deepEqual(decoded, original);
    assert.equal(decoded.buffer.byteLength, original.length, 'the output is allocated once');
  });

  it('decodes a header that gives the size without an end marker (as the LZMA SDK writes)', () => {
    // `lzma e` of an empty file: the header with size 0, then the range
    // coder's five flushed bytes.
    const empty = new Uint8Array([0x5d, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(decodeLzma(empty), new Uint8Array(0));
  });

  it("decodes the project's own files as xz packs them", () => {
    // Real text and JSON, the kind of files the package ships, in every
    // language the course offers; the built wasm and every packed file of a
    // build are checked end to end (e2e/loader.test.mjs).
    const files = [
      ...readdirSync(LOCALES_DIR).map((name) => join(LOCALES_DIR, name)),
      join(ROOT_DIR, 'Cargo.lock'),
    ];
    const everything = Buffer.concat(files.map((path) => readFileSync(path)));
    for (const original of [...files.map((path) => readFileSync(path)), everything]) {
      const bytes = new Uint8Array(original);
      const packed = xz(bytes);
      assert.deepEqual(decodeLzma(packed), bytes);
      assert.deepEqual(decodeLzma(withSize(packed, bytes.length)), unxz(packed));
    }
  });
});

describe('decodeLzma refuses a damaged stream with an Error', () => {
  const original = records(1_000);
  const packed = withSize(xz(original), original.length);

  it('refuses a stream cut short, wherever it is cut', () => {
    for (const length of [0, 5, 12, 13, 17, 18, packed.length >> 1, packed.length - 1]) {
      const cut = packed.subarray(0, length);
      assert.throws(() => decodeLzma(cut), /^Error: lzma: /, `cut at ${length}`);
    }
    const unsized = xz(original);
    assert.throws(() => decodeLzma(unsized.subarray(0, unsized.length - 1)), /^Error: lzma: /);
  });

  it('refuses bytes after the end', () => {
    assert.throws(() => decodeLzma(concat(packed, new Uint8Array([0]))), /data after the end/);
  });

  it('refuses a stream whose header gives another size', () => {
    const sized = (size) => () => decodeLzma(withSize(packed, size));
    assert.throws(sized(original.length - 1), /longer than its header/);
    assert.throws(sized(original.length + 1), /shorter than its header/);
  });

  it('refuses impossible properties', () => {
    const bad = packed.slice();
    bad[0] = 225;
    assert.throws(() => decodeLzma(bad), /bad properties/);
  });

  it('refuses every single damaged byte of the stream', () => {
    // LZMA has no checksum: the header's size, the end marker and the range
    // coder's final state must catch a corrupt byte between them.
    for (let at = 13; at < packed.length; at += 1) {
      const bad = packed.slice();
      bad[at] ^= 0x20;
      assert.throws(() => decodeLzma(bad), /^Error: lzma: /, `byte ${at} damaged`);
    }
  });
});

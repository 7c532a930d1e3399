import { describe, expect, it } from 'vitest';
import { fromBytes, joinBytes, pathName } from '../../src/input/file-name.js';

describe('file names as bytes', () => {
  it.each([
    ['valid UTF-8 stays text', [0x61, 0xc3, 0xa9, 0x62], 'aéb'],
    ['a lone continuation byte', [0x61, 0x80, 0x62], 'a\\x80b'],
    ['a lead byte without its continuation', [0x61, 0xc3], 'a\\xc3'],
    ['an overlong form', [0xc0, 0xaf], '\\xc0\\xaf'],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], '\\xe0\\x80\\xaf'],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], '\\xed\\xa0\\x80'],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], '\\xf4\\x90\\x80\\x80'],
    ['a four-byte character next to a bad byte', [0xf0, 0x9f, 0x98, 0x80, 0xff], '😀\\xff'],
    ['a backslash of its own, in a name that is not UTF-8', [0x5c, 0x78, 0x66, 0x66, 0xff], '\\x5cxff\\xff'],
  ])('%s', (_, bytes, shown) => {
    expect(pathName(Buffer.from(bytes))).toBe(shown);
  });

  it('keeps valid names as strings and others as their bytes', () => {
    expect(fromBytes(Buffer.from('dir/a.json'))).toBe('dir/a.json');
    const raw = Buffer.from([0x61, 0xff]);
    expect(fromBytes(raw)).toEqual(raw);
  });

  it('joins on bytes as path.join does on text', () => {
    expect(joinBytes(Buffer.from('./dir/'), Buffer.from([0xff, 0x2e, 0x6a]))).toEqual(Buffer.from([0x64, 0x69, 0x72, 0x2f, 0xff, 0x2e, 0x6a]));
  });
});

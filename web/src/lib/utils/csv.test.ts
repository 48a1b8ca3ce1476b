import { describe, expect, it } from 'vitest';
import { BOM, csvCell, csvNumber, fileSafe, isoInZone, seriesCsv, toCsv } from './csv.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 23, 0); // 2026-12-02 08:00 in Tokyo

describe('CSV', () => {
  it('starts with the UTF-8 BOM and ends every row with CRLF', () => {
    const text = toCsv([
      ['a', 'b'],
      [1, 2],
    ]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(new TextEncoder().encode(text).subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(text.slice(1)).toBe('a,b\r\n1,2\r\n');
  });
  it('quotes commas, quotes, line breaks and edge spaces, and makes formulas inert', () => {
    expect(csvCell('熱出力 (kW)')).toBe('熱出力 (kW)');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell(-64.6)).toBe('-64.6');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
  it('rounds numbers as the screen does, without separators', () => {
    expect(csvNumber(2024.3)).toBe(2024);
    expect(csvNumber(64.63)).toBe(64.6);
    expect(csvNumber(3.4149)).toBe(3.41);
    expect(csvNumber(-0.0001)).toBe(0);
    expect(csvNumber(Infinity)).toBeNull();
  });
  it('writes time stamps as ISO 8601 with the site offset', () => {
    expect(isoInZone(T0, 'Asia/Tokyo')).toBe('2026-12-02T08:00:00+09:00');
    expect(isoInZone(T0, 'UTC')).toBe('2026-12-01T23:00:00+00:00');
    expect(isoInZone(T0, 'America/New_York')).toBe('2026-12-01T18:00:00-05:00');
    expect(isoInZone(T0, 'Asia/Kolkata')).toBe('2026-12-02T04:30:00+05:30');
  });
  it('puts series side by side on the union of their time stamps', () => {
    const text = seriesCsv(
      [
        {
          header: '熱出力 (kW)',
          points: [
            [T0, 1200.4],
            [T0 + H, 1300],
          ],
        },
        {
          header: '熱出力（前日） (kW)',
          points: [
            [T0 + H, 1100],
            [T0 + 2 * H, 900.26],
          ],
        },
      ],
      '日時（Asia/Tokyo）',
      'Asia/Tokyo',
    );
    expect(text).toBe(
      BOM +
        '日時（Asia/Tokyo）,熱出力 (kW),熱出力（前日） (kW)\r\n' +
        '2026-12-02T08:00:00+09:00,1200,\r\n' +
        '2026-12-02T09:00:00+09:00,1300,1100\r\n' +
        '2026-12-02T10:00:00+09:00,,900\r\n',
    );
  });
  it('makes file names safe', () => {
    expect(fileSafe('minato-dhc/hp 1:熱')).toBe('minato-dhc-hp-1-熱');
  });
});

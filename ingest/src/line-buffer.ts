/**
 * A growable byte buffer of line-protocol lines, each ending in `\n`: the spool stages the lines of one socket
 * read here and writes them with one write(2). Lines are built in place from pieces encoded once (a route's
 * measurement and tags, field keys) and numbers written as ASCII digits, so no per-line string, array or Buffer
 * is made on the hot path.
 */
const NEWLINE = 10;
const MINUS = 45;
const ZERO = 48;
const DOT = 46;

export class LineBuffer {
  private buf: Buffer;
  /** Bytes written. */
  length = 0;
  /** Complete lines written (newlines). */
  lines = 0;

  constructor(private readonly initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** The bytes written so far (a view, valid until the next write or clear). */
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  /** Forgets everything; a buffer grown far beyond its initial size (one huge read) is given back. */
  clear(): void {
    this.length = 0;
    this.lines = 0;
    if (this.buf.length > 64 * this.initialBytes) this.buf = Buffer.allocUnsafe(this.initialBytes);
  }

  /** Goes back to an earlier length and line count (drops a message's lines after an error). */
  truncate(length: number, lines: number): void {
    this.length = length;
    this.lines = lines;
  }

  private reserve(bytes: number): void {
    const need = this.length + bytes;
    if (need <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  /** Bytes encoded once (a cached prefix or field key). */
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Text known to be ASCII (the digits of String(number)). */
  ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    const buf = this.buf;
    let at = this.length;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    this.length = at;
  }

  /** Any text, UTF-8 encoded. */
  utf8(s: string): void {
    this.reserve(Buffer.byteLength(s));
    this.length += this.buf.write(s, this.length, 'utf8');
  }

  /** A safe integer as decimal digits, exactly as String(value) writes it, without making a string. */
  integer(value: number): void {
    if (!Number.isSafeInteger(value)) return this.ascii(String(value));
    this.reserve(17);
    let v = value;
    if (v < 0) {
      this.buf[this.length++] = MINUS;
      v = -v;
    }
    if (v < 1e8) return this.digits(v);
    // In two parts below 10^8, so that the digit loop works on small integers.
    const high = Math.floor(v / 1e8);
    this.digits(high);
    this.padded(v - high * 1e8, 8);
  }

  /**
   * A finite number exactly as String(value) writes it (the shortest decimal that reads back as the same
   * double). Numbers with at most three decimals, what meters send, are written digit by digit: if m = v × 1000
   * is an integer and m / 1000 (a correctly rounded division) gives v back, the decimal m/1000 reads back as v;
   * below 10^12 doubles are less than 0.001 apart, so no other decimal of three places or fewer does, and
   * m/1000 is the one String() picks. Anything else goes through String().
   */
  number(value: number): void {
    if (Number.isSafeInteger(value)) return this.integer(value);
    const m = value * 1000;
    if (!(m < 1e15 && m > -1e15) || !Number.isInteger(m) || m / 1000 !== value) return this.ascii(String(value));
    this.reserve(24);
    let a = m;
    if (a < 0) {
      this.buf[this.length++] = MINUS;
      a = -a;
    }
    const whole = Math.floor(a / 1000);
    this.integer(whole);
    let fraction = a - whole * 1000; // > 0: value is no integer
    let digits = 3;
    while (fraction % 10 === 0) {
      fraction /= 10;
      digits--;
    }
    this.buf[this.length++] = DOT;
    this.padded(fraction, digits);
  }

  /** 0 ≤ v < 10^8, an integer: its digits. */
  private digits(v: number): void {
    let count = 1;
    for (let p = 10; p <= v; p *= 10) count++;
    this.padded(v, count);
  }

  /** 0 ≤ v < 10^8, an integer: its last `count` digits, with leading zeros. */
  private padded(value: number, count: number): void {
    const buf = this.buf;
    let v = value;
    const end = this.length + count;
    for (let at = end - 1; at >= this.length; at--) {
      const q = (v / 10) | 0;
      buf[at] = ZERO + v - q * 10;
      v = q;
    }
    this.length = end;
  }

  /** Ends the current line. */
  end(): void {
    this.byte(NEWLINE);
    this.lines++;
  }

  /** A whole line given as text (without its newline). */
  line(text: string): void {
    this.utf8(text);
    this.end();
  }
}

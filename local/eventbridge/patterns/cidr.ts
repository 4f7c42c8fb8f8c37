import { InvalidEventPatternError } from './errors.ts';

/** An address as AWS's matcher reads it: 4 bytes (IPv4) or 16 bytes (IPv6), as an unsigned integer. */
export interface IpAddress {
  readonly bytes: 4 | 16;
  readonly value: bigint;
}

/** A closed interval of addresses of one family, e.g. `10.0.0.0/24` is 10.0.0.0 to 10.0.0.255. */
export interface IpRange {
  readonly bytes: 4 | 16;
  readonly low: bigint;
  readonly high: bigint;
}

// event-ruler only hands strings shaped like these to Java's InetAddress (Constants.IPv4_REGEX / IPv6_REGEX),
// so host names never reach a DNS lookup and IPv4-in-IPv6 (`::ffff:1.2.3.4`) is never an address.
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
// event-ruler's IPv6 shape is `[0-9a-fA-F:]*:[0-9a-fA-F:]*`; as one regular expression it backtracks quadratically on
// a long run of colons, so it is checked as its two conditions: only those characters, at least one colon.
const IPV6_CHARACTERS = /^[0-9a-fA-F:]*$/;
const isIpv6Shaped = (text: string) => text.includes(':') && IPV6_CHARACTERS.test(text);
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** True when `text` has the shape event-ruler tries to read as an IP address. */
export function looksLikeIp(text: string): boolean {
  return IPV4_SHAPE.test(text) || isIpv6Shaped(text);
}

/**
 * Reads an IPv4 or IPv6 literal as Java's `InetAddress.getByName` does for the shapes above, or returns `undefined`.
 * Like Java, an IPv4-mapped IPv6 address (`::ffff:a00:1`) is read as the IPv4 address (10.0.0.1), and an IPv4 octet
 * with a leading zero (`010.0.0.1`, ambiguous: octal or decimal?) is not an address.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (IPV4_SHAPE.test(text)) return parseIpv4(text);
  if (isIpv6Shaped(text)) return parseIpv6(text);
  return undefined;
}

function parseIpv4(text: string): IpAddress | undefined {
  let value = 0n;
  for (const octet of text.split('.')) {
    if (octet.length > 3 || (octet.length > 1 && octet.startsWith('0'))) return undefined;
    const byte = Number(octet);
    if (byte > 255) return undefined;
    value = (value << 8n) | BigInt(byte);
  }
  return { bytes: 4, value };
}

function parseIpv6(text: string): IpAddress | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const group of [...head, ...Array<number>(missing).fill(0), ...tail]) value = (value << 16n) | BigInt(group);
  // Java turns ::ffff:0:0/96 addresses into IPv4 addresses (Inet6Address.convertFromIPv4MappedAddress).
  if (value >> 32n === 0xffffn) return { bytes: 4, value: value & 0xffff_ffffn };
  return { bytes: 16, value };
}

function groups(text: string): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  if (!parts.every((part) => HEX_GROUP.test(part))) return undefined;
  return parts.map((part) => Number.parseInt(part, 16));
}

/** The one-address range event-ruler uses for a plain string value that is an IP literal (`["10.0.0.1"]`). */
export function singleAddressRange(text: string): IpRange | undefined {
  const address = parseIpAddress(text);
  return address && { bytes: address.bytes, low: address.value, high: address.value };
}

/**
 * Validates a `cidr` value and returns the range it covers, with event-ruler's checks and messages (CIDR.cidr()):
 * one `/`, an integer mask, and a mask below the address width (`/32` and `/128` are refused, as in event-ruler).
 * The address need not be the first of its block: `10.0.0.7/24` covers 10.0.0.0 to 10.0.0.255.
 */
export function parseCidr(text: string, path: string): IpRange {
  const parts = javaSplit(text, '/');
  if (parts.length !== 2) throw new InvalidEventPatternError("Malformed CIDR, one '/' required", path);
  const [ip = '', mask = ''] = parts;
  const maskBits = Number(mask);
  // Java's Integer.parseInt: an optional sign, digits, and a value that fits in 32 bits.
  if (!/^[+-]?[0-9]+$/.test(mask) || maskBits < -(2 ** 31) || maskBits > 2 ** 31 - 1) {
    throw new InvalidEventPatternError('Malformed CIDR, mask bits must be an integer', path);
  }
  if (maskBits < 0) throw new InvalidEventPatternError('Malformed CIDR, mask bits must not be negative', path);
  if (!looksLikeIp(ip)) throw new InvalidEventPatternError(`Nonstandard IP address: ${ip}`, path);
  const address = parseIpAddress(ip);
  if (!address) throw new InvalidEventPatternError(`Invalid IP address: ${ip}`, path);
  const width = address.bytes * 8;
  if (maskBits > width - 1) {
    throw new InvalidEventPatternError(`${address.bytes === 4 ? 'IPv4' : 'IPv6'} mask bits must be < ${width}`, path);
  }
  const hostBits = BigInt(width - maskBits);
  const hostMask = (1n << hostBits) - 1n;
  return { bytes: address.bytes, low: address.value & ~hostMask, high: address.value | hostMask };
}

/** Java's `String.split`: trailing empty strings are dropped, so `10.0.0.0/8/` has two parts. */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Whether the event value `text` is an address inside `range`. Values that are not IP literals never are. */
export function inIpRange(range: IpRange, text: string): boolean {
  const address = parseIpAddress(text);
  return address !== undefined && address.bytes === range.bytes && address.value >= range.low && address.value <= range.high;
}

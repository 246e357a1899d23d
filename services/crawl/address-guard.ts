import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/** A connection the guard refused: the host is, or resolves to, an address the crawler must not reach. */
export class RefusedAddress extends Error {
  override name = 'RefusedAddress';
}

/**
 * The kind of an address as far as crawling goes: `public` (ordinary unicast) or the range that makes it
 * non-public (`loopback`, `private`, `linkLocal`, `carrierGradeNat`, `multicast`, `uniqueLocal`, `reserved`, …).
 * An IPv4 address written as IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address; so is one inside the NAT64
 * prefix (`64:ff9b::/96`), which reaches it. 6to4 and Teredo addresses tunnel to addresses nobody checks here and
 * are refused.
 */
export function addressKind(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return 'invalid';
  let ip = ipaddr.parse(bare);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) ip = v6.toIPv4Address();
    else if (v6.range() === 'rfc6052') ip = ipaddr.fromByteArray(v6.toByteArray().slice(12));
  }
  const range = ip.range();
  return range === 'unicast' ? 'public' : range;
}

/**
 * Which addresses a source may reach: public ones, and those its `allowPrivate` names (addresses or CIDR ranges;
 * the only way to an intranet portal or a test server on loopback).
 */
export function addressPolicy(allowPrivate: readonly string[]): (address: string) => boolean {
  const allowed = allowPrivate.map((entry) => {
    if (entry.includes('/')) return ipaddr.parseCIDR(entry);
    const ip = ipaddr.parse(entry);
    return [ip, ip.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
  });
  return (address) => {
    if (addressKind(address) === 'public') return true;
    const bare = address.replace(/^\[|\]$/g, '');
    if (!ipaddr.isValid(bare)) return false;
    const ip = ipaddr.process(bare);
    return allowed.some(([range, bits]) => ip.kind() === range.kind() && (ip as ipaddr.IPv4).match(range as ipaddr.IPv4, bits));
  };
}

/** Whether a text is an address or a CIDR range, as `allowPrivate` takes them. */
export function isAddressOrRange(text: string): boolean {
  try {
    if (text.includes('/')) ipaddr.parseCIDR(text);
    else ipaddr.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Refuses a URL whose host is an address literal the policy does not allow (no lookup happens for those). */
export function checkUrlHost(url: URL, allows: (address: string) => boolean): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host) && !allows(host)) {
    throw new RefusedAddress(`${host} is a ${addressKind(host)} address: not crawled (allowPrivate lets a source reach one)`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for the connections the crawler opens: resolves every address of the host (IPv4 and IPv6) and refuses
 * the host when any one of them is not allowed, so a name cannot point at a private address among public ones;
 * the connection then goes to the addresses checked here, not to a second answer of the resolver.
 */
export function guardedLookup(allows: (address: string) => boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.find((a) => !allows(a.address));
      if (refused) return callback(new RefusedAddress(`${hostname} resolves to ${refused.address}, a ${addressKind(refused.address)} address: not crawled (allowPrivate lets a source reach one)`), []);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

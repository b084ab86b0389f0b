import { BlockList, isIP } from 'node:net';
import { DomainError } from '@app/kernel';

/**
 * Where the platform refuses to send: loopback, private, link-local (cloud
 * metadata), carrier-grade NAT, multicast and reserved ranges, in IPv4 and
 * IPv6 (IPv4-mapped IPv6 addresses included).
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
  BLOCKED.addSubnet(`::ffff:${network}`, 96 + prefix, 'ipv6');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Checks a subscription URL as written. `allowPrivate` (local development and
 * tests) also allows plain http. Host names are checked again when resolved at
 * send time, since DNS can change after this check.
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean, pointer = '/url'): URL {
  const refuse = (message: string): never => {
    throw new DomainError('validation_failed', `The webhook URL ${message}`, [{ pointer, message }]);
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('is not a valid URL');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) refuse('must use https');
  if (url.username || url.password) refuse('must not carry credentials');
  if (url.hash) refuse('must not have a fragment');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate) {
    if (isIP(host) && isBlockedAddress(host)) refuse('must not point at a private, loopback or link-local address');
    if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) {
      refuse('must not point at a local host name');
    }
  }
  return url;
}

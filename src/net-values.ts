// Checks for the network values analysts type: IP literals (node:net isIP) and host names. A leaf,
// shared by argument coercion and the security-validation query builder.
import { isIP } from 'node:net';

// RFC 1123 labels, plus "_" which Windows host names and SRV-style names carry in practice.
const LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

export function isIpAddress(value: string): boolean {
  return isIP(value) !== 0;
}

/** A DNS host or domain name: dot-separated labels, at most 253 characters, not an IP literal. */
export function isHostname(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253 || isIpAddress(name)) return false;
  return name.split('.').every((label) => LABEL.test(label));
}

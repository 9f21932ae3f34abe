// What an outlet's last failure means for a person, and whether no source answers at all.
// lastStatus is the server's error kind (timeout, connection, parse-error, an HTTP status…); for "connection"
// the kind alone does not tell DNS from a refusal or a TLS failure, so the raw message is read as well.

/** The error kind of an outlet's last poll, or null when it did not fail. */
export function errorKind(health) {
  const h = health || {};
  const status = String(h.lastStatus ?? '').trim().toLowerCase();
  const raw = String(h.lastError ?? '');
  const failed = Boolean(h.lastError) || Number(h.consecutiveFailures) > 0;
  if (!failed) return null;
  if (status === 'timeout') return 'timeout';
  if (status === 'dns') return 'dns'; // outlets added at run time resolve through the SSRF guard, which says so itself
  if (status === 'ssrf-blocked') return 'blocked';
  if (status === 'bad-url') return 'badUrl';
  if (status === 'robots') return 'robots';
  if (status === 'parse-error' || status === 'push-parse-error') return 'parse';
  if (status === 'too-large') return 'tooLarge';
  if (status === 'redirect-loop' || status === 'bad-redirect') return 'redirect';
  if (/^\d{3}$/.test(status)) {
    if (/cloudflare/i.test(raw)) return 'cloudflare';
    if (status === '403') return 'forbidden';
    if (status === '404' || status === '410') return 'notFound';
    if (status === '429' || status === '503') return 'rateLimited';
    return 'http';
  }
  // the Java exception behind a "connection" failure, by its class name or its wording
  if (/UnknownHost|resolve|nodename|Name or service not known|No address associated|DnsNameResolver|NXDOMAIN/i.test(raw)) return 'dns';
  if (/SSL|TLS|certificat|handshake|PKIX/i.test(raw)) return 'tls';
  if (/refused/i.test(raw)) return 'refused';
  if (/timed? ?out|timeout/i.test(raw)) return 'timeout';
  if (status === 'connection') return 'network';
  return 'other';
}

/** The i18n key of a kind's short message (HTTP statuses without their own message take the status as argument). */
export const KIND_KEYS = {
  dns: 'errDns',
  refused: 'errRefused',
  timeout: 'errTimeout',
  tls: 'errTls',
  cloudflare: 'errCloudflare',
  forbidden: 'errForbidden',
  notFound: 'errNotFound',
  rateLimited: 'errRateLimited',
  http: 'errHttp',
  parse: 'errParse',
  tooLarge: 'errTooLarge',
  redirect: 'errRedirect',
  blocked: 'errBlocked',
  badUrl: 'errBadUrl',
  robots: 'errRobots',
  network: 'errNetwork',
  other: 'errOther',
};

/**
 * True when no source answers: every enabled outlet this server polls has had a poll and the last one failed.
 * The same rule as /health/ready's "degraded" (docs/operations.md), read from /api/outlets.
 */
export function allSourcesDown(outlets) {
  const counted = (Array.isArray(outlets) ? outlets : [])
    .filter((o) => o && o.enabled !== false && (o.health?.lastPollAt || o.health?.nextPollAt));
  if (!counted.length) return false;
  return counted.every((o) => o.health?.lastPollAt && Number(o.health?.consecutiveFailures) > 0);
}

/** The page is served from this machine: the one place where the offline demo is a useful suggestion. */
export function runsLocally(host = location.hostname) {
  const h = String(host || '').toLowerCase();
  return h === 'localhost' || h === '127.0.0.1' || h === '[::1]' || h === '::1' || h.endsWith('.localhost');
}

export const DEMO_COMMAND = 'java -jar target/manchette.jar --demo';

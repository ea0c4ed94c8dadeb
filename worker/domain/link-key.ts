// A link's identity is (domain, code): the same code may lead elsewhere on another domain. The caches
// and the click path name a link by one string built here.

/**
 * The code itself on the default domain (so every key written before custom domains still names its
 * link), "<domain id>/<code>" on a custom one: codes never hold a "/", so no two links share a key.
 */
export const linkKey = (domainId: number | null, code: string): string =>
  domainId === null ? code : `${domainId}/${code}`;

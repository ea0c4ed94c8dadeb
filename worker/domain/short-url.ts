// A link's short URL: on the default domain, the origin the request came to (one of the service's own
// hosts); on a custom domain, https on its hostname (the provider terminates TLS there).

export function shortUrlOf(serviceOrigin: string, domain: string | null, code: string): string {
  const origin = domain === null ? serviceOrigin : `https://${domain}`;
  return `${origin}/${encodeURIComponent(code)}`;
}

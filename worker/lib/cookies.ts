// The service's own cookies: read from a Cookie header, and written first-party, HttpOnly,
// SameSite=Lax, and Secure whenever the request came over https.

/** Every value the Cookie header gives `name` (a browser may send one per matching path). */
export function cookieValues(header: string | null, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) values.push(part.slice(at + 1).trim());
  }
  return values;
}

/** A Set-Cookie header value. */
export function setCookie(
  name: string,
  value: string,
  scope: { path: string; maxAgeSeconds: number; secure: boolean },
) {
  const secure = scope.secure ? "; Secure" : "";
  return `${name}=${value}; Path=${scope.path}; Max-Age=${scope.maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/** A Location header value: destinations with non-ASCII characters are percent-encoded. */
export function toLocationHeader(destination: string): string {
  return PRINTABLE_ASCII.test(destination) ? destination : new URL(destination).href;
}

// punycode.js ships no types; only what Linkscope calls is declared.
declare module "punycode/punycode.es6.js" {
  /** Converts an ASCII (xn--) domain name to Unicode; other labels pass through. */
  export function toUnicode(domain: string): string;
}

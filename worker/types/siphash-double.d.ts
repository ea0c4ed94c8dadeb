// siphash (jedisct1/siphash-js) ships TypeScript sources that do not pass this project's strict checks,
// and no declarations: tsconfig's paths point its module here. Only what Linkscope calls is declared.
// A CommonJS module: imported by its default export.
declare const SipHashDouble: {
  /** SipHash-2-4 with a 128-bit output, as 32 hex characters; the key is four little-endian 32-bit words. */
  hash_hex(key: Uint32Array, message: Uint8Array | string): string;
};
export default SipHashDouble;

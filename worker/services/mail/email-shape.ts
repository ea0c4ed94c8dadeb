// Deliberately loose (one @, something on each side, no spaces): the seed accepted any
// string, and stricter patterns reject real addresses.
export const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

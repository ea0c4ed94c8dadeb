// Characters no text a person typed contains. One pattern per use, so every field that refuses them
// refuses the same set.

/** C0 controls (NUL to US) and DEL: never in a password, a search or a title. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** The same and the C1 controls (U+0080 to U+009F): text meant to be printed as it is (UTM tags). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const UNPRINTABLE_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

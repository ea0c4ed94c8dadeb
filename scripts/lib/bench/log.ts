// The bench's progress lines, prefixed so they stand apart from the load generator's output.
export const say = (message: string) => console.log(`[bench] ${message}`);

export * from "./api-keys";
export * from "./clicks";
export * from "./events";
export * from "./urls";
export * from "./users";

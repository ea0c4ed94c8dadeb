export * from "./api-keys";
export * from "./events";
export * from "./urls";
export * from "./users";

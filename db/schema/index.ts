export * from "./api-keys";
export * from "./click-rollups";
export * from "./clicks";
export * from "./events";
export * from "./urls";
export * from "./users";

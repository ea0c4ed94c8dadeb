export * from "./api-keys";
export * from "./click-rollups";
export * from "./clicks";
export * from "./events";
export * from "./health-digests";
export * from "./link-anomalies";
export * from "./urls";
export * from "./users";

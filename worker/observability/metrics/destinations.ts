// A refused destination, counted by why and where: at a write (the request's field or the
// deployment's policy) or at a redirect (a domain blocked after the link was made).
import type { DestinationProblem } from "../../domain/destination";
import { METRICS } from "./definitions";
import { incrementCounter } from "./recorder";

export function countRefusedDestination(reason: DestinationProblem, stage: "write" | "redirect"): void {
  incrementCounter(METRICS.destinationsRefused, { reason, stage });
}

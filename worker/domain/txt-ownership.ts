// What a manual domain's TXT records say of its ownership: proven when one of them is exactly the value
// the workspace was given. A name may hold several TXT records (other services' proofs, an old value
// next to the new one), so any one matching is enough. The operator terminates TLS for manual domains:
// there is no certificate of ours to report (`none`), and ownership alone decides the state.
import type { ProviderAnswer } from "./domain-check";

/** The problem column's size (db/schema/domains.ts). */
const PROBLEM_MAX_LENGTH = 500;

const answer = (ownership: ProviderAnswer["ownership"], problem: string | null): ProviderAnswer => ({
  ownership,
  certificate: "none",
  problem: problem?.slice(0, PROBLEM_MAX_LENGTH) ?? null,
});

export function answerOfOwnershipRecord(
  record: { txtName: string; txtValue: string },
  texts: string[],
): ProviderAnswer {
  const { txtName, txtValue } = record;
  if (texts.includes(txtValue)) return answer("verified", null);
  if (texts.length === 0) return answer("pending", `no TXT record at ${txtName}: create it with the value ${txtValue}`);
  // Waiting does not fix a wrong value: the owners must change it.
  return answer("failed", `the TXT record at ${txtName} holds another value: set it to exactly ${txtValue}`);
}

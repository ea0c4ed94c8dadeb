// The TXT record a workspace creates to prove it holds a hostname, for providers that give none of their
// own (manual, none): our record name and a fresh secret value, stored with the domain.
import { ownershipRecordName } from "../../domain/dns-records";
import { newSecret } from "../auth/session-tokens";

export const ownTxtRecord = (hostname: string) => ({
  txtName: ownershipRecordName(hostname),
  txtValue: `linkscope-verify=${newSecret()}`,
});

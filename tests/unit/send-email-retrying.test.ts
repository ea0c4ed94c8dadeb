import { describe, expect, it } from "vitest";
import { isPermanentRefusal } from "../../worker/services/mail/send-email-retrying";

describe("isPermanentRefusal", () => {
  it("a 5xx reply is permanent; a 4xx, a timeout or a dropped connection is worth another try", () => {
    expect(isPermanentRefusal(new Error("Invalid RCPT TO: <a@b.test> 550 mailbox refuses"))).toBe(true);
    expect(isPermanentRefusal(new Error("Failed send email body: 552-5.3.4 too big"))).toBe(true);
    expect(isPermanentRefusal(new Error("Invalid RCPT TO: <a@b.test> 451 try again later"))).toBe(false);
    expect(isPermanentRefusal(new Error("Timeout while waiting for smtp server response"))).toBe(false);
    expect(isPermanentRefusal(new Error("Network connection lost."))).toBe(false);
    expect(isPermanentRefusal(new Error("Invalid RCPT TO: <x5500@b.test> 451 later"))).toBe(false);
  });
});

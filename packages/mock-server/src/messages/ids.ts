// The ids Meta's messages carry, made or normalised in one place for the routes and the
// webhook sender.

/** A WhatsApp id as Meta writes `wa_id` and `recipient_id`: the number's digits only. */
export function waId(phone: string): string {
  return phone.replace(/\D/g, "");
}

/** `wamid.` and 24 base64 characters, random: unique per message like Meta's. */
export function newMessageId(): string {
  return `wamid.${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))))}`;
}

/** A numeric id of 16 digits, the form Meta's media ids take (e.g. `4490709327384033`). */
export function newMediaId(): string {
  const digits = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b % 10);
  digits[0] = ((digits[0] ?? 0) % 9) + 1;
  return digits.join("");
}

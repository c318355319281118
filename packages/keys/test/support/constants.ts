/** The passphrase of every encrypted fixture; the secrets scan looks for it in all messages. */
export const FIXTURE_PASSPHRASE = "fixture-Passphrase-7Qk2";
/** A wrong passphrase, also scanned for. */
export const WRONG_PASSPHRASE = "wrong-Passphrase-9Xv4";

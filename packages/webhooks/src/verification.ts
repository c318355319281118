import { Refusal } from "./answers.js";

// Meta checks a callback URL with a GET carrying `hub.mode=subscribe`, `hub.verify_token` and
// `hub.challenge`, which must be answered with the challenge when the token is the one set in the
// App Dashboard (Meta, "Webhooks, Getting Started", Verification Requests:
// https://developers.facebook.com/docs/graph-api/webhooks/getting-started/). 360dialog sends no
// such request.

/**
 * The answer to Meta's verification request, or why it is refused. The token is checked before
 * the challenge's form, so a wrong token learns nothing else; the challenge, which Meta sends as
 * an integer, is echoed only when it is one.
 */
export async function answerVerification(
  request: Request,
  matches: (token: string) => Promise<boolean>,
): Promise<Response | Refusal> {
  const query = new URL(request.url).searchParams;
  const token = query.get("hub.verify_token");
  const challenge = query.get("hub.challenge");
  if (query.get("hub.mode") !== "subscribe" || token === null || challenge === null) {
    return new Refusal(
      400,
      "not-a-verification",
      "A GET must be Meta's verification request (hub.mode=subscribe, hub.verify_token, hub.challenge); refused with 400",
    );
  }
  if (!(await matches(token))) {
    return new Refusal(
      403,
      "invalid-verify-token",
      "hub.verify_token is not the configured verifyToken; refused with 403",
    );
  }
  if (!/^[0-9]{1,64}$/.test(challenge)) {
    return new Refusal(
      400,
      "invalid-challenge",
      "hub.challenge is not an integer; refused with 400",
    );
  }
  return new Response(challenge, {
    status: 200,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

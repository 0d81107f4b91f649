namespace ContentFlows.Activities.Tests.Publishing;

/// <summary>One POST the fake receiver got, and what it made of it.</summary>
/// <param name="IdempotencyKey">The Idempotency-Key header.</param>
/// <param name="SignatureValid">Whether the signature matched the receiver's own HMAC of timestamp and body, with a fresh timestamp.</param>
/// <param name="Body">The raw body.</param>
/// <param name="Headers">Every request header, joined per name.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Status">What the receiver answered (or would have, for a hung answer).</param>
internal sealed record WebhookDelivery(string IdempotencyKey, bool SignatureValid, string Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ReceivedAt, int Status);

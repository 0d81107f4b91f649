namespace ContentFlows.Activities.Tests.Publishing;

/// <summary>One scripted answer of <see cref="FakeWebhookReceiver"/>.</summary>
/// <param name="Status">The status to answer.</param>
/// <param name="Headers">Extra response headers, e.g. Retry-After.</param>
/// <param name="Error">The error message of the JSON body, for failures.</param>
/// <param name="AcceptThenHang">Accept the delivery, then never answer: the sender times out as if the response were lost.</param>
internal sealed record WebhookReply(int Status, IReadOnlyDictionary<string, string> Headers, string? Error = null, bool AcceptThenHang = false)
{
    public static WebhookReply Fail(int status, string error, params (string Name, string Value)[] headers) =>
        new(status, headers.ToDictionary(h => h.Name, h => h.Value), error);

    public static WebhookReply AcceptWithoutAnswer() => new(200, new Dictionary<string, string>(), AcceptThenHang: true);
}

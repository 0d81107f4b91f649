using System.Security.Cryptography;
using System.Text;

namespace ContentFlows.Activities.Publishing;

/// <summary>
/// How webhook deliveries are signed: HMAC-SHA256 under the project's signing key over the timestamp header's value, a
/// dot, and the raw body, sent as <c>sha256=&lt;lower-case hex&gt;</c>. Receivers recompute it, compare in constant
/// time, and refuse old timestamps, so a captured delivery cannot be replayed later or altered.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header carrying the signature.</summary>
    public const string SignatureHeader = "X-ContentFlows-Signature";

    /// <summary>The header carrying the signing time as Unix seconds.</summary>
    public const string TimestampHeader = "X-ContentFlows-Timestamp";

    /// <summary>The header carrying the publication's idempotency key, the same on every retry of one publication.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Returns the signature header's value for a body sent at <paramref name="timestamp"/>.</summary>
    public static string Compute(string signingKey, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingKey);
        ArgumentException.ThrowIfNullOrEmpty(timestamp);
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), signed));
    }
}

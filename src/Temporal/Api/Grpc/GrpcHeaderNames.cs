namespace ContentFlows.Temporal.Api.Grpc;

/// <summary>Checks for caller-supplied metadata, shared by channel and call options.</summary>
internal static class GrpcHeaderNames
{
    /// <summary>Throws naming the property and the bad header when a name is empty, not lower-case or reserved.</summary>
    internal static void Validate(IDictionary<string, string> headers, string property)
    {
        foreach (var (name, value) in headers)
        {
            if (string.IsNullOrWhiteSpace(name) || !name.Equals(name.ToLowerInvariant(), StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"{property} contains an invalid header name '{name}': names must be non-empty lower-case tokens.", property);
            }

            // These are owned by the channel; letting callers set them would corrupt the framing.
            if (name.StartsWith(':') || name.StartsWith("grpc-", StringComparison.Ordinal) || name is "content-type" or "te" or "content-length")
            {
                throw new ArgumentException($"{property} contains the reserved header '{name}'.", property);
            }

            if (value is null)
            {
                throw new ArgumentException($"{property} header '{name}' has a null value.", property);
            }
        }
    }
}

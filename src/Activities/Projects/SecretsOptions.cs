namespace ContentFlows.Activities.Projects;

/// <summary>The key project secrets are encrypted under (AES-256-GCM), from configuration, never from the database.</summary>
public sealed class SecretsOptions
{
    /// <summary>The configuration key holding the base64 encryption key, under the ContentFlows section.</summary>
    public const string ConfigurationKey = "SecretsKey";

    /// <summary>Initializes a new instance; set <see cref="Key"/> before use.</summary>
    public SecretsOptions()
    {
    }

    /// <summary>Initializes a new instance with the required values.</summary>
    public SecretsOptions(string key, string keyId = DefaultKeyId)
    {
        Key = key;
        KeyId = keyId;
    }

    /// <summary>The key id used when none is configured.</summary>
    public const string DefaultKeyId = "k1";

    /// <summary>Gets or sets the 32-byte AES key, base64-encoded. Required.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Gets or sets the id stored with each secret, so keys can be rotated later. Default "k1".</summary>
    public string KeyId { get; set; } = DefaultKeyId;

    /// <summary>Returns the key bytes, or throws naming the bad property (never its value: it is a secret).</summary>
    public byte[] KeyBytes()
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(Key);
        }
        catch (FormatException)
        {
            throw new ArgumentException("SecretsOptions.Key must be 32 bytes in base64 (was not valid base64).", nameof(Key));
        }

        if (bytes.Length != 32)
        {
            throw new ArgumentException($"SecretsOptions.Key must be 32 bytes in base64 (was {bytes.Length} bytes).", nameof(Key));
        }

        if (string.IsNullOrWhiteSpace(KeyId))
        {
            throw new ArgumentException("SecretsOptions.KeyId is required (was empty).", nameof(KeyId));
        }

        return bytes;
    }
}

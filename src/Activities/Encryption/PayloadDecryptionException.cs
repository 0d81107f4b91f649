namespace ContentFlows.Activities.Encryption;

/// <summary>
/// A payload could not be decoded by <see cref="AesGcmPayloadCodec"/>: its key is not in the key ring, it is not encrypted
/// while encryption is required, or its data or metadata was altered. Not transient: retrying cannot succeed until the
/// key ring changes.
/// </summary>
public sealed class PayloadDecryptionException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PayloadDecryptionException"/> class.</summary>
    public PayloadDecryptionException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PayloadDecryptionException"/> class.</summary>
    /// <param name="message">What failed, naming the key id.</param>
    public PayloadDecryptionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PayloadDecryptionException"/> class.</summary>
    /// <param name="message">What failed, naming the key id.</param>
    /// <param name="innerException">The cryptographic or parsing error behind it.</param>
    public PayloadDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PayloadDecryptionException"/> class.</summary>
    /// <param name="message">What failed, naming the key id.</param>
    /// <param name="keyId">The key id the payload names; null when it names none.</param>
    /// <param name="innerException">The cryptographic or parsing error behind it, if any.</param>
    public PayloadDecryptionException(string message, string? keyId, Exception? innerException = null)
        : base(message, innerException)
    {
        KeyId = keyId;
    }

    /// <summary>Gets the key id the payload names (its <c>encryption-key-id</c> metadata); null when it names none.</summary>
    public string? KeyId { get; }
}

using System.Collections.Frozen;

namespace ContentFlows.Activities.Encryption;

/// <summary>
/// The key ring <see cref="AesGcmPayloadCodec"/> encrypts workflow payloads with: the id of the key new payloads are
/// encrypted under, and every key (by id) that payloads still in histories may have been encrypted under.
/// Validated once, when the codec is built.
/// </summary>
/// <remarks>
/// Rotation: add the new key to <see cref="Keys"/>, point <see cref="CurrentKeyId"/> at it, and keep the old key until
/// no history that must stay readable holds a payload encrypted under it.
/// </remarks>
public sealed class PayloadEncryptionOptions
{
    /// <summary>The size of an AES-256 key in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>Initializes a new instance of the <see cref="PayloadEncryptionOptions"/> class with the defaults.</summary>
    public PayloadEncryptionOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PayloadEncryptionOptions"/> class with the required values.</summary>
    /// <param name="currentKeyId">The id of the key new payloads are encrypted under; must be one of <paramref name="keys"/>.</param>
    /// <param name="keys">Key id → 32-byte AES key in base64.</param>
    public PayloadEncryptionOptions(string currentKeyId, IEnumerable<KeyValuePair<string, string>> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        CurrentKeyId = currentKeyId;
        foreach (var (id, key) in keys)
        {
            Keys[id] = key;
        }
    }

    /// <summary>
    /// Gets or sets the id of the key every new payload is encrypted under, written to each payload's
    /// <c>encryption-key-id</c> metadata. Required; must be one of <see cref="Keys"/>.
    /// </summary>
    public string CurrentKeyId { get; set; } = string.Empty;

    /// <summary>
    /// Gets the key ring: key id → 32-byte AES-256 key in base64 (<c>openssl rand -base64 32</c>). Holds the current key
    /// and the older keys payloads may still be encrypted under. Key ids are not secret; keys are.
    /// </summary>
    public IDictionary<string, string> Keys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets a value indicating whether decoding refuses payloads that are not encrypted. Default true: a worker
    /// must not accept inputs that bypassed encryption. A codec server that only shows histories may set it to false,
    /// because Temporal's UI sends it every payload, plain ones included.
    /// </summary>
    public bool RequireEncryption { get; set; } = true;

    /// <summary>Throws naming the first invalid property (never a key's value).</summary>
    public void Validate() => ReadKeyRing();

    /// <summary>Returns the decoded key ring, or throws naming the first invalid property (never a key's value: it is a secret).</summary>
    internal FrozenDictionary<string, byte[]> ReadKeyRing()
    {
        if (string.IsNullOrWhiteSpace(CurrentKeyId))
        {
            throw new ArgumentException(
                $"{nameof(PayloadEncryptionOptions)}.{nameof(CurrentKeyId)} must name a key; was {(CurrentKeyId is null ? "null" : $"'{CurrentKeyId}'")}.",
                nameof(CurrentKeyId));
        }

        var ring = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in Keys)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ArgumentException($"{nameof(PayloadEncryptionOptions)}.{nameof(Keys)} has a key with an empty id; was '{id}'.", nameof(Keys));
            }

            byte[] key;
            try
            {
                key = Convert.FromBase64String(value ?? string.Empty);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"{nameof(PayloadEncryptionOptions)}.{nameof(Keys)}[\"{id}\"] must be {KeySize} bytes in base64; was not valid base64.", nameof(Keys));
            }

            if (key.Length != KeySize)
            {
                throw new ArgumentException($"{nameof(PayloadEncryptionOptions)}.{nameof(Keys)}[\"{id}\"] must be {KeySize} bytes in base64 (AES-256); was {key.Length} bytes.", nameof(Keys));
            }

            ring[id] = key;
        }

        if (!ring.ContainsKey(CurrentKeyId))
        {
            throw new ArgumentException(
                $"{nameof(PayloadEncryptionOptions)}.{nameof(CurrentKeyId)} is '{CurrentKeyId}', which is not in {nameof(PayloadEncryptionOptions)}.{nameof(Keys)} ({DescribeIds(ring.Keys)}).",
                nameof(CurrentKeyId));
        }

        return ring.ToFrozenDictionary(StringComparer.Ordinal);
    }

    internal static string DescribeIds(IEnumerable<string> ids)
    {
        var list = string.Join(", ", ids.Order(StringComparer.Ordinal).Select(id => $"'{id}'"));
        return list.Length == 0 ? "none" : list;
    }
}

using System.Security.Cryptography;
using Google.Protobuf;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Converters;

/// <summary>
/// Encrypts payloads at rest with AES-GCM: each payload is serialized and encrypted into a payload with
/// metadata <c>encoding: binary/encrypted</c> and <c>encryption-key-id</c>, data = 12-byte nonce,
/// ciphertext, 16-byte tag (the layout of Temporal's encryption samples). Decoding picks the key by id,
/// so keys can be rotated while old histories stay readable; payloads not encrypted pass unchanged.
/// </summary>
public sealed class AesGcmPayloadCodec : IPayloadCodec, IDisposable
{
    /// <summary>The metadata key naming the key a payload was encrypted with.</summary>
    public const string KeyIdMetadataKey = "encryption-key-id";

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly string keyId;
    private readonly Dictionary<string, AesGcm> keys = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="AesGcmPayloadCodec"/> class.</summary>
    /// <param name="keyId">The id of the key used to encrypt, stored with each payload.</param>
    /// <param name="key">The AES key: 16, 24 or 32 bytes.</param>
    /// <param name="decryptionKeys">Older keys by id, used only to decrypt; none when null.</param>
    /// <exception cref="ArgumentException">The key id is empty or a key has the wrong size.</exception>
    public AesGcmPayloadCodec(string keyId, byte[] key, IReadOnlyDictionary<string, byte[]>? decryptionKeys = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        ArgumentNullException.ThrowIfNull(key);
        this.keyId = keyId;
        if (decryptionKeys is not null)
        {
            foreach (var (id, value) in decryptionKeys)
            {
                keys[id] = Create(id, value, nameof(decryptionKeys));
            }
        }

        keys[keyId] = Create(keyId, key, nameof(key));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Payload>> EncodeAsync(IReadOnlyList<Payload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var aes = keys[keyId];
        var result = new Payload[payloads.Count];
        for (var i = 0; i < payloads.Count; i++)
        {
            var plaintext = payloads[i].ToByteArray();
            var data = new byte[NonceSize + plaintext.Length + TagSize];
            var nonce = data.AsSpan(0, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            aes.Encrypt(nonce, plaintext, data.AsSpan(NonceSize, plaintext.Length), data.AsSpan(NonceSize + plaintext.Length, TagSize));
            var encrypted = new Payload { Data = ByteString.CopyFrom(data) };
            encrypted.Metadata[PayloadEncodings.MetadataEncoding] = ByteString.CopyFromUtf8(PayloadEncodings.BinaryEncrypted);
            encrypted.Metadata[KeyIdMetadataKey] = ByteString.CopyFromUtf8(keyId);
            result[i] = encrypted;
        }

        return Task.FromResult<IReadOnlyList<Payload>>(result);
    }

    /// <inheritdoc/>
    /// <exception cref="CryptographicException">A payload was encrypted with an unknown key or was tampered with.</exception>
    public Task<IReadOnlyList<Payload>> DecodeAsync(IReadOnlyList<Payload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var result = new Payload[payloads.Count];
        for (var i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i];
            if (!payload.Metadata.TryGetValue(PayloadEncodings.MetadataEncoding, out var encoding)
                || encoding.ToStringUtf8() != PayloadEncodings.BinaryEncrypted)
            {
                result[i] = payload;
                continue;
            }

            var id = payload.Metadata.TryGetValue(KeyIdMetadataKey, out var rawId) ? rawId.ToStringUtf8() : string.Empty;
            if (!keys.TryGetValue(id, out var aes))
            {
                throw new CryptographicException($"Payload was encrypted with key '{id}', which this codec does not hold.");
            }

            var data = payload.Data.Span;
            if (data.Length < NonceSize + TagSize)
            {
                throw new CryptographicException($"Encrypted payload is {data.Length} bytes, shorter than nonce and tag.");
            }

            var plaintext = new byte[data.Length - NonceSize - TagSize];
            aes.Decrypt(data[..NonceSize], data.Slice(NonceSize, plaintext.Length), data[^TagSize..], plaintext);
            result[i] = Payload.Parser.ParseFrom(plaintext);
        }

        return Task.FromResult<IReadOnlyList<Payload>>(result);
    }

    /// <summary>Releases the keys.</summary>
    public void Dispose()
    {
        foreach (var aes in keys.Values)
        {
            aes.Dispose();
        }
    }

    private static AesGcm Create(string id, byte[] key, string parameter)
    {
        if (key is not { Length: 16 or 24 or 32 })
        {
            throw new ArgumentException($"AES key '{id}' must be 16, 24 or 32 bytes; was {key?.Length ?? 0}.", parameter);
        }

        return new AesGcm(key, TagSize);
    }
}

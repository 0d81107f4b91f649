using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace ContentFlows.Activities.Encryption;

/// <summary>
/// Encrypts every payload with AES-256-GCM before it reaches Temporal, so histories hold no plaintext. An encrypted
/// payload has metadata <c>encoding: binary/encrypted</c> and <c>encryption-key-id</c>; its data is a random 12-byte
/// nonce, the ciphertext of the whole original payload (encoding, metadata and data) and the 16-byte tag. The outer
/// metadata is the associated data, so changing the key id or adding metadata makes decryption fail.
/// </summary>
/// <remarks>
/// Decoding fails closed with <see cref="PayloadDecryptionException"/>: on a key id not in the ring, on tampering, and
/// (when <see cref="PayloadEncryptionOptions.RequireEncryption"/>) on a plain payload. Safe to share between threads:
/// <see cref="AesGcm"/> is not, so each call builds its own.
/// </remarks>
public sealed class AesGcmPayloadCodec : IPayloadCodec
{
    /// <summary>The <c>encoding</c> metadata value of an encrypted payload, as Temporal's samples name it.</summary>
    public const string EncryptedEncoding = "binary/encrypted";

    /// <summary>The metadata key holding the encoding of a payload.</summary>
    public const string EncodingMetadataKey = "encoding";

    /// <summary>The metadata key naming the key a payload was encrypted under.</summary>
    public const string KeyIdMetadataKey = "encryption-key-id";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    // Versions the associated data, so a later layout can never be mistaken for this one.
    private static readonly byte[] AssociatedDataPrefix = Encoding.UTF8.GetBytes("contentflows/aes-256-gcm/v1");
    private static readonly ByteString EncryptedEncodingBytes = ByteString.CopyFromUtf8(EncryptedEncoding);

    private readonly FrozenDictionary<string, byte[]> keys;
    private readonly byte[] currentKey;
    private readonly ByteString currentKeyIdBytes;
    private readonly bool requireEncryption;

    /// <summary>Initializes a new instance of the <see cref="AesGcmPayloadCodec"/> class.</summary>
    /// <param name="options">The key ring; validated here.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public AesGcmPayloadCodec(PayloadEncryptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        keys = options.ReadKeyRing();
        CurrentKeyId = options.CurrentKeyId;
        currentKey = keys[CurrentKeyId];
        currentKeyIdBytes = ByteString.CopyFromUtf8(CurrentKeyId);
        requireEncryption = options.RequireEncryption;
    }

    /// <summary>Gets the id of the key new payloads are encrypted under.</summary>
    public string CurrentKeyId { get; }

    /// <summary>Returns whether a payload is marked as encrypted by this codec's encoding.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>True when its encoding is <see cref="EncryptedEncoding"/>.</returns>
    public static bool IsEncrypted(Payload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload.Metadata.TryGetValue(EncodingMetadataKey, out var encoding) && encoding.Equals(EncryptedEncodingBytes);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyCollection<Payload>> EncodeAsync(IReadOnlyCollection<Payload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var result = new List<Payload>(payloads.Count);
        using var aes = new AesGcm(currentKey, TagSize);
        foreach (var payload in payloads)
        {
            var encrypted = new Payload
            {
                Metadata =
                {
                    [EncodingMetadataKey] = EncryptedEncodingBytes,
                    [KeyIdMetadataKey] = currentKeyIdBytes,
                },
            };
            var plaintext = payload.ToByteArray();
            var data = new byte[NonceSize + plaintext.Length + TagSize];
            var nonce = data.AsSpan(0, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            aes.Encrypt(
                nonce,
                plaintext,
                data.AsSpan(NonceSize, plaintext.Length),
                data.AsSpan(NonceSize + plaintext.Length, TagSize),
                AssociatedData(encrypted));
            encrypted.Data = UnsafeByteOperations.UnsafeWrap(data);
            result.Add(encrypted);
        }

        return Task.FromResult<IReadOnlyCollection<Payload>>(result);
    }

    /// <inheritdoc/>
    /// <exception cref="PayloadDecryptionException">A payload's key is not in the ring, it was altered, or it is plain while encryption is required.</exception>
    public Task<IReadOnlyCollection<Payload>> DecodeAsync(IReadOnlyCollection<Payload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var result = new List<Payload>(payloads.Count);

        // One cipher per key id met in this call; most calls meet one.
        var ciphers = new Dictionary<string, AesGcm>(StringComparer.Ordinal);
        try
        {
            foreach (var payload in payloads)
            {
                result.Add(Decrypt(payload, ciphers));
            }
        }
        finally
        {
            foreach (var cipher in ciphers.Values)
            {
                cipher.Dispose();
            }
        }

        return Task.FromResult<IReadOnlyCollection<Payload>>(result);
    }

    // Every outer metadata entry, in ordinal key order, each length-prefixed so no two maps share a byte string.
    private static byte[] AssociatedData(Payload encrypted)
    {
        var writer = new ArrayBufferWriter<byte>(128);
        writer.Write(AssociatedDataPrefix);
        foreach (var (key, value) in encrypted.Metadata.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            WriteLengthPrefixed(writer, Encoding.UTF8.GetBytes(key));
            WriteLengthPrefixed(writer, value.Span);
        }

        return writer.WrittenSpan.ToArray();
    }

    private static void WriteLengthPrefixed(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteInt32BigEndian(writer.GetSpan(sizeof(int)), bytes.Length);
        writer.Advance(sizeof(int));
        writer.Write(bytes);
    }

    private Payload Decrypt(Payload payload, Dictionary<string, AesGcm> ciphers)
    {
        if (!IsEncrypted(payload))
        {
            if (requireEncryption)
            {
                var encoding = payload.Metadata.TryGetValue(EncodingMetadataKey, out var value) ? value.ToStringUtf8() : "none";
                throw new PayloadDecryptionException(
                    $"Payload is not encrypted (encoding '{encoding}') and encryption is required; refusing it. Payloads must be written by a client or worker using {nameof(AesGcmPayloadCodec)}.",
                    keyId: null);
            }

            return payload;
        }

        if (!payload.Metadata.TryGetValue(KeyIdMetadataKey, out var rawKeyId))
        {
            throw new PayloadDecryptionException($"Encrypted payload has no '{KeyIdMetadataKey}' metadata; cannot tell which key to use.", keyId: null);
        }

        var keyId = rawKeyId.ToStringUtf8();
        if (!ciphers.TryGetValue(keyId, out var aes))
        {
            if (!keys.TryGetValue(keyId, out var key))
            {
                throw new PayloadDecryptionException(
                    $"Payload was encrypted with key '{keyId}', which is not in the key ring ({PayloadEncryptionOptions.DescribeIds(keys.Keys)}). Add key '{keyId}' to {nameof(PayloadEncryptionOptions)}.{nameof(PayloadEncryptionOptions.Keys)} to read it.",
                    keyId);
            }

            aes = new AesGcm(key, TagSize);
            ciphers[keyId] = aes;
        }

        var data = payload.Data.Span;
        if (data.Length < NonceSize + TagSize)
        {
            throw new PayloadDecryptionException($"Payload encrypted with key '{keyId}' is {data.Length} bytes, shorter than its nonce and tag; it was altered.", keyId);
        }

        var plaintext = new byte[data.Length - NonceSize - TagSize];
        try
        {
            aes.Decrypt(data[..NonceSize], data.Slice(NonceSize, plaintext.Length), data[^TagSize..], plaintext, AssociatedData(payload));
            return Payload.Parser.ParseFrom(plaintext);
        }
        catch (CryptographicException ex)
        {
            throw new PayloadDecryptionException(
                $"Payload encrypted with key '{keyId}' failed authentication: its data or metadata was altered, or key '{keyId}' in the ring is not the key it was encrypted with.",
                keyId,
                ex);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new PayloadDecryptionException($"Payload encrypted with key '{keyId}' decrypted to something that is not a payload.", keyId, ex);
        }
    }
}

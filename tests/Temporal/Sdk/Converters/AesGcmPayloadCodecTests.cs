using System.Security.Cryptography;
using ContentFlows.Temporal.Converters;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Converters;

public sealed class AesGcmPayloadCodecTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public async Task EncodeAsync_Payloads_AreEncryptedAndDecodeBack()
    {
        using var codec = new AesGcmPayloadCodec("key-1", Key);
        var plain = new[] { DefaultPayloadConverter.Instance.ToPayload("secret draft"), DefaultPayloadConverter.Instance.ToPayload(null) };

        var encoded = await codec.EncodeAsync(plain);

        Assert.All(encoded, p =>
        {
            Assert.Equal("binary/encrypted", p.Metadata["encoding"].ToStringUtf8());
            Assert.Equal("key-1", p.Metadata[AesGcmPayloadCodec.KeyIdMetadataKey].ToStringUtf8());
            Assert.DoesNotContain("secret", p.Data.ToStringUtf8(), StringComparison.Ordinal);
        });
        var decoded = await codec.DecodeAsync(encoded);
        Assert.Equal(plain, decoded);
    }

    [Fact]
    public async Task EncodeAsync_SamePayloadTwice_UsesFreshNonces()
    {
        using var codec = new AesGcmPayloadCodec("key-1", Key);
        var payload = DefaultPayloadConverter.Instance.ToPayload("same");

        var encoded = await codec.EncodeAsync([payload, payload]);

        Assert.NotEqual(encoded[0].Data, encoded[1].Data);
    }

    [Fact]
    public async Task DecodeAsync_PlainPayload_PassesUnchanged()
    {
        using var codec = new AesGcmPayloadCodec("key-1", Key);
        var plain = DefaultPayloadConverter.Instance.ToPayload(5);

        var decoded = await codec.DecodeAsync([plain]);

        Assert.Same(plain, decoded[0]);
    }

    [Fact]
    public async Task DecodeAsync_RotatedKey_DecryptsWithOldKeyById()
    {
        using var oldCodec = new AesGcmPayloadCodec("old", Key);
        var encoded = await oldCodec.EncodeAsync([DefaultPayloadConverter.Instance.ToPayload("v1")]);
        var newKey = new byte[32];
        using var newCodec = new AesGcmPayloadCodec("new", newKey, new Dictionary<string, byte[]> { ["old"] = Key });

        var decoded = await newCodec.DecodeAsync(encoded);

        Assert.Equal("v1", DefaultPayloadConverter.Instance.ToValue<string>(decoded[0]));
    }

    [Fact]
    public async Task DecodeAsync_UnknownKeyOrTamperedData_Throws()
    {
        using var codec = new AesGcmPayloadCodec("key-1", Key);
        using var other = new AesGcmPayloadCodec("key-2", Key);
        var encoded = await codec.EncodeAsync([DefaultPayloadConverter.Instance.ToPayload("x")]);
        var tampered = encoded[0].Clone();
        var bytes = tampered.Data.ToByteArray();
        bytes[^1] ^= 1;
        tampered.Data = Google.Protobuf.ByteString.CopyFrom(bytes);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => other.DecodeAsync(encoded));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => codec.DecodeAsync([tampered]));
    }

    [Fact]
    public void Constructor_BadKeySize_ThrowsNamingTheSize()
    {
        var error = Assert.Throws<ArgumentException>(() => new AesGcmPayloadCodec("k", new byte[10]));

        Assert.Contains("10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataConverter_WithCodec_KeepsPayloadAndFailureConverters()
    {
        using var codec = new AesGcmPayloadCodec("k", Key);
        var converter = DataConverter.Default with { PayloadCodec = codec };

        Assert.Same(DataConverter.Default.PayloadConverter, converter.PayloadConverter);
        Assert.Same(codec, converter.PayloadCodec);
        Assert.Single(await codec.EncodeAsync([new Payload()]));
    }
}

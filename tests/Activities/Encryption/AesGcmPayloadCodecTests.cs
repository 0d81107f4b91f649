using ContentFlows.Activities.Encryption;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace ContentFlows.Activities.Tests.Encryption;

public sealed class AesGcmPayloadCodecTests
{
    private readonly string keyA = TestKeys.NewKey();
    private readonly string keyB = TestKeys.NewKey();

    [Fact]
    public async Task EncodeAsync_ThenDecodeAsync_ReturnsTheOriginalPayloadsAndHidesTheirData()
    {
        var codec = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA)));
        Payload[] originals =
        [
            Json("{\"brief\":\"launch plan for Project Nightjar\"}"),
            new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("binary/null") } },
            new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("binary/plain"), ["messageType"] = ByteString.CopyFromUtf8("x") }, Data = ByteString.CopyFrom(new byte[5000]) },
        ];

        var encoded = await codec.EncodeAsync(originals);
        var decoded = await codec.DecodeAsync(encoded);

        Assert.Equal(originals, decoded);
        Assert.All(encoded, payload =>
        {
            Assert.Equal(AesGcmPayloadCodec.EncryptedEncoding, payload.Metadata["encoding"].ToStringUtf8());
            Assert.Equal("a", payload.Metadata[AesGcmPayloadCodec.KeyIdMetadataKey].ToStringUtf8());
            Assert.Equal(2, payload.Metadata.Count);
        });
        Assert.Equal(-1, encoded.First().Data.Span.IndexOf("Nightjar"u8));
    }

    [Fact]
    public async Task EncodeAsync_SamePayloadTwice_UsesAFreshNonceEachTime()
    {
        var codec = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA)));
        var payload = Json("\"same\"");

        var first = await codec.EncodeSingleAsync(payload);
        var second = await codec.EncodeSingleAsync(payload);

        Assert.NotEqual(first.Data.Span[..12].ToArray(), second.Data.Span[..12].ToArray());
        Assert.NotEqual(first.Data, second.Data);
    }

    [Fact]
    public async Task EncodeAndDecode_SixtyFourConcurrentCalls_AllRoundTripTheirOwnPayloads()
    {
        var codec = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA)));

        var calls = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            Payload[] originals = [.. Enumerable.Range(0, 20).Select(j => Json($"{{\"call\":{i},\"item\":{j},\"pad\":\"{new string('x', i * 37)}\"}}"))];
            var encoded = await codec.EncodeAsync(originals);
            var decoded = await codec.DecodeAsync(encoded);
            return (originals, decoded);
        }));
        var results = await Task.WhenAll(calls);

        Assert.Equal(64, results.Length);
        Assert.All(results, result => Assert.Equal(result.originals, result.decoded));
    }

    [Fact]
    public async Task DecodeAsync_AfterRotationToANewCurrentKey_ReadsOldPayloadsAndEncodesNewOnesUnderTheNewKey()
    {
        var beforeRotation = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA)));
        var oldPayload = await beforeRotation.EncodeSingleAsync(Json("\"written under a\""));

        var afterRotation = new AesGcmPayloadCodec(TestKeys.Ring("b", ("a", keyA), ("b", keyB)));
        var newPayload = await afterRotation.EncodeSingleAsync(Json("\"written under b\""));

        Assert.Equal(Json("\"written under a\""), await afterRotation.DecodeSingleAsync(oldPayload));
        Assert.Equal("b", newPayload.Metadata[AesGcmPayloadCodec.KeyIdMetadataKey].ToStringUtf8());
        Assert.Equal(Json("\"written under b\""), await afterRotation.DecodeSingleAsync(newPayload));

        var keyADropped = new AesGcmPayloadCodec(TestKeys.Ring("b", ("b", keyB)));
        var refused = await Assert.ThrowsAsync<PayloadDecryptionException>(() => keyADropped.DecodeSingleAsync(oldPayload));
        Assert.Equal("a", refused.KeyId);
        Assert.Contains("key 'a'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Json("\"written under b\""), await keyADropped.DecodeSingleAsync(newPayload));
    }

    [Fact]
    public async Task DecodeAsync_PlainPayloadWhenEncryptionIsRequired_Refuses()
    {
        var codec = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA)));

        var refused = await Assert.ThrowsAsync<PayloadDecryptionException>(() => codec.DecodeAsync([Json("\"sneaked in\"")]));

        Assert.Contains("not encrypted (encoding 'json/plain')", refused.Message, StringComparison.Ordinal);
        Assert.Null(refused.KeyId);
    }

    [Fact]
    public async Task DecodeAsync_PlainPayloadWhenEncryptionIsNotRequired_PassesItThrough()
    {
        var options = TestKeys.Ring("a", ("a", keyA));
        options.RequireEncryption = false;
        var codec = new AesGcmPayloadCodec(options);
        var encrypted = await codec.EncodeSingleAsync(Json("\"secret\""));

        var decoded = await codec.DecodeAsync([Json("\"plain\""), encrypted]);

        Assert.Equal([Json("\"plain\""), Json("\"secret\"")], decoded);
    }

    [Fact]
    public async Task DecodeAsync_FlippedCiphertextBit_RefusesNamingTheKey()
    {
        var codec = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA)));
        var encrypted = await codec.EncodeSingleAsync(Json("\"approve\""));
        var data = encrypted.Data.ToByteArray();
        data[14] ^= 0x01;
        var tampered = new Payload(encrypted) { Data = ByteString.CopyFrom(data) };

        var refused = await Assert.ThrowsAsync<PayloadDecryptionException>(() => codec.DecodeSingleAsync(tampered));

        Assert.Equal("a", refused.KeyId);
        Assert.Contains("failed authentication", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeAsync_TruncatedData_Refuses()
    {
        var codec = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA)));
        var encrypted = await codec.EncodeSingleAsync(Json("\"approve\""));
        var truncated = new Payload(encrypted) { Data = ByteString.CopyFrom(encrypted.Data.Span[..20]) };

        var refused = await Assert.ThrowsAsync<PayloadDecryptionException>(() => codec.DecodeSingleAsync(truncated));

        Assert.Contains("shorter than its nonce and tag", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeAsync_AddedMetadata_RefusesBecauseTheMetadataIsAuthenticated()
    {
        var codec = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA)));
        var encrypted = await codec.EncodeSingleAsync(Json("\"approve\""));
        var tampered = new Payload(encrypted) { Metadata = { ["messageType"] = ByteString.CopyFromUtf8("Approval") } };

        var refused = await Assert.ThrowsAsync<PayloadDecryptionException>(() => codec.DecodeSingleAsync(tampered));

        Assert.Contains("failed authentication", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeAsync_KeyIdSwappedToAnotherKeyInTheRing_Refuses()
    {
        // The same key bytes under two ids: only the associated data (which holds the id) tells them apart.
        var codec = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA), ("a-copy", keyA)));
        var encrypted = await codec.EncodeSingleAsync(Json("\"approve\""));
        var swapped = new Payload(encrypted);
        swapped.Metadata[AesGcmPayloadCodec.KeyIdMetadataKey] = ByteString.CopyFromUtf8("a-copy");

        var refused = await Assert.ThrowsAsync<PayloadDecryptionException>(() => codec.DecodeSingleAsync(swapped));

        Assert.Equal("a-copy", refused.KeyId);
    }

    [Fact]
    public async Task DecodeAsync_EncodingRelabelledAsPlain_IsRefusedWhenEncryptionIsRequired()
    {
        var codec = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA)));
        var encrypted = await codec.EncodeSingleAsync(Json("\"approve\""));
        var relabelled = new Payload(encrypted);
        relabelled.Metadata["encoding"] = ByteString.CopyFromUtf8("json/plain");

        await Assert.ThrowsAsync<PayloadDecryptionException>(() => codec.DecodeSingleAsync(relabelled));
    }

    [Fact]
    public async Task DecodeAsync_EncryptedPayloadWithoutKeyId_Refuses()
    {
        var codec = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA)));
        var encrypted = await codec.EncodeSingleAsync(Json("\"approve\""));
        var anonymous = new Payload(encrypted);
        anonymous.Metadata.Remove(AesGcmPayloadCodec.KeyIdMetadataKey);

        var refused = await Assert.ThrowsAsync<PayloadDecryptionException>(() => codec.DecodeSingleAsync(anonymous));

        Assert.Contains($"no '{AesGcmPayloadCodec.KeyIdMetadataKey}' metadata", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeAsync_KeyWithTheRightIdButOtherBytes_Refuses()
    {
        var writer = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyA)));
        var reader = new AesGcmPayloadCodec(TestKeys.Ring("a", ("a", keyB)));
        var encrypted = await writer.EncodeSingleAsync(Json("\"approve\""));

        var refused = await Assert.ThrowsAsync<PayloadDecryptionException>(() => reader.DecodeSingleAsync(encrypted));

        Assert.Equal("a", refused.KeyId);
    }

    private static Payload Json(string json) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFromUtf8(json),
    };
}

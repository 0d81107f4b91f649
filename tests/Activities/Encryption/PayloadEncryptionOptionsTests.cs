using ContentFlows.Activities.Encryption;
using Microsoft.Extensions.Configuration;

namespace ContentFlows.Activities.Tests.Encryption;

public sealed class PayloadEncryptionOptionsTests
{
    [Fact]
    public void Codec_KeyOfSixteenBytes_IsRefusedNamingTheKeyAndItsSize()
    {
        var options = TestKeys.Ring("a", ("a", Convert.ToBase64String(new byte[16])));

        var refused = Assert.Throws<ArgumentException>(() => new AesGcmPayloadCodec(options));

        Assert.StartsWith("PayloadEncryptionOptions.Keys[\"a\"] must be 32 bytes in base64 (AES-256); was 16 bytes.", refused.Message, StringComparison.Ordinal);
        Assert.Equal("Keys", refused.ParamName);
    }

    [Fact]
    public void Codec_KeyThatIsNotBase64_IsRefusedWithoutEchoingIt()
    {
        var options = TestKeys.Ring("a", ("a", "not base64 at all!"));

        var refused = Assert.Throws<ArgumentException>(() => new AesGcmPayloadCodec(options));

        Assert.Contains("PayloadEncryptionOptions.Keys[\"a\"]", refused.Message, StringComparison.Ordinal);
        Assert.Contains("was not valid base64", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not base64 at all", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codec_CurrentKeyIdNotInTheRing_IsRefusedListingTheIds()
    {
        var options = TestKeys.Ring("c", ("a", TestKeys.NewKey()), ("b", TestKeys.NewKey()));

        var refused = Assert.Throws<ArgumentException>(() => new AesGcmPayloadCodec(options));

        Assert.StartsWith("PayloadEncryptionOptions.CurrentKeyId is 'c', which is not in PayloadEncryptionOptions.Keys ('a', 'b').", refused.Message, StringComparison.Ordinal);
        Assert.Equal("CurrentKeyId", refused.ParamName);
    }

    [Fact]
    public void Codec_NoCurrentKeyId_IsRefused()
    {
        var options = new PayloadEncryptionOptions { Keys = { ["a"] = TestKeys.NewKey() } };

        var refused = Assert.Throws<ArgumentException>(() => new AesGcmPayloadCodec(options));

        Assert.StartsWith("PayloadEncryptionOptions.CurrentKeyId must name a key; was ''.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codec_ValidRing_UsesTheCurrentKeyId()
    {
        var codec = new AesGcmPayloadCodec(TestKeys.Ring("b", ("a", TestKeys.NewKey()), ("b", TestKeys.NewKey())));

        Assert.Equal("b", codec.CurrentKeyId);
    }

    [Fact]
    public void Bind_ConfigurationSection_FillsTheKeyRing()
    {
        string keyA = TestKeys.NewKey(), keyB = TestKeys.NewKey();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Temporal:Encryption:CurrentKeyId"] = "2026-12",
            ["Temporal:Encryption:Keys:2026-06"] = keyA,
            ["Temporal:Encryption:Keys:2026-12"] = keyB,
            ["Temporal:Encryption:RequireEncryption"] = "false",
        }).Build();

        var options = configuration.GetSection("Temporal:Encryption").Get<PayloadEncryptionOptions>()!;

        Assert.Equal("2026-12", options.CurrentKeyId);
        Assert.Equal(new Dictionary<string, string> { ["2026-06"] = keyA, ["2026-12"] = keyB }, options.Keys);
        Assert.False(options.RequireEncryption);
        Assert.Equal("2026-12", new AesGcmPayloadCodec(options).CurrentKeyId);
    }
}

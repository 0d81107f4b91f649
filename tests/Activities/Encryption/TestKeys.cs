using System.Security.Cryptography;
using ContentFlows.Activities.Encryption;

namespace ContentFlows.Activities.Tests.Encryption;

/// <summary>Fresh random AES-256 keys in the base64 form configuration holds them in.</summary>
internal static class TestKeys
{
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(PayloadEncryptionOptions.KeySize));

    public static PayloadEncryptionOptions Ring(string currentKeyId, params (string Id, string Key)[] keys) =>
        new(currentKeyId, keys.Select(k => KeyValuePair.Create(k.Id, k.Key)));
}

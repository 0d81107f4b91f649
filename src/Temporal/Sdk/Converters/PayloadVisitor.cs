using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Temporalio.Api.Common.V1;

namespace ContentFlows.Temporal.Converters;

/// <summary>
/// Applies a payload transform (a codec's encode or decode) to every <see cref="Payload"/> inside a
/// protobuf message, in place: singular and repeated fields, map values, nested messages, failure cause
/// chains. Search attributes are skipped: the server indexes them, so they must stay readable.
/// </summary>
internal static class PayloadVisitor
{
    private static readonly ConcurrentDictionary<MessageDescriptor, bool> MayHoldPayloads = new();

    /// <summary>Encodes every payload in <paramref name="message"/> with <paramref name="codec"/>.</summary>
    public static Task EncodeAsync(IMessage message, IPayloadCodec codec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return VisitAsync(message, codec.EncodeAsync, cancellationToken);
    }

    /// <summary>Decodes every payload in <paramref name="message"/> with <paramref name="codec"/>.</summary>
    public static Task DecodeAsync(IMessage message, IPayloadCodec codec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return VisitAsync(message, codec.DecodeAsync, cancellationToken);
    }

    /// <summary>Replaces every payload in <paramref name="message"/> with the transform's output.</summary>
    public static async Task VisitAsync(
        IMessage message,
        Func<IReadOnlyList<Payload>, Task<IReadOnlyList<Payload>>> transform,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(transform);
        var found = new List<Payload>();
        Collect(message, found);
        if (found.Count == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var transformed = await transform(found).ConfigureAwait(false);
        if (transformed.Count != found.Count)
        {
            throw new InvalidOperationException($"Payload codec returned {transformed.Count} payloads for {found.Count}.");
        }

        for (var i = 0; i < found.Count; i++)
        {
            Replace(found[i], transformed[i]);
        }
    }

    private static void Replace(Payload target, Payload source)
    {
        if (ReferenceEquals(target, source))
        {
            return;
        }

        var copy = source.Clone();
        target.Metadata.Clear();
        target.Metadata.Add(copy.Metadata);
        target.Data = copy.Data;
        target.ExternalPayloads.Clear();
        target.ExternalPayloads.Add(copy.ExternalPayloads);
    }

    private static void Collect(IMessage message, List<Payload> found)
    {
        if (message is Payload payload)
        {
            found.Add(payload);
            return;
        }

        if (!MayHold(message.Descriptor))
        {
            return;
        }

        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message && !field.IsMap)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            if (value is null)
            {
                continue;
            }

            if (field.IsMap)
            {
                var valueField = field.MessageType.FindFieldByNumber(2);
                if (valueField.FieldType == FieldType.Message && MayHold(valueField.MessageType))
                {
                    foreach (DictionaryEntry entry in (IDictionary)value)
                    {
                        if (entry.Value is IMessage nested)
                        {
                            Collect(nested, found);
                        }
                    }
                }
            }
            else if (!MayHold(field.MessageType))
            {
                continue;
            }
            else if (field.IsRepeated)
            {
                foreach (var item in (IList)value)
                {
                    if (item is IMessage nested)
                    {
                        Collect(nested, found);
                    }
                }
            }
            else if (value is IMessage nested)
            {
                Collect(nested, found);
            }
        }
    }

    private static bool MayHold(MessageDescriptor descriptor) =>
        MayHoldPayloads.TryGetValue(descriptor, out var known) ? known : Compute(descriptor, []);

    private static bool Compute(MessageDescriptor descriptor, HashSet<MessageDescriptor> visiting)
    {
        if (MayHoldPayloads.TryGetValue(descriptor, out var known))
        {
            return known;
        }

        if (descriptor.FullName == Payload.Descriptor.FullName)
        {
            return true;
        }

        if (descriptor.FullName == SearchAttributes.Descriptor.FullName || !visiting.Add(descriptor))
        {
            // Search attributes stay plain; a type already being computed is answered by its other fields.
            return false;
        }

        var result = false;
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.Message && Compute(field.MessageType, visiting))
            {
                result = true;
            }
        }

        visiting.Remove(descriptor);

        // Only cache answers not cut short by a cycle back to a type still being computed.
        if (result || visiting.Count == 0)
        {
            MayHoldPayloads[descriptor] = result;
        }

        return result;
    }
}

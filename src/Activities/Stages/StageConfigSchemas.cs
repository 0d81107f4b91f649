using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Xml.Linq;

namespace ContentFlows.Activities.Stages;

/// <summary>
/// JSON schemas of stage configs, made by System.Text.Json from the config types with the options configs are read
/// with (so a schema accepts exactly what the stage accepts), plus each property's default (from a new config) and
/// its description (from the assembly's XML documentation, so the docs are written once).
/// </summary>
public static class StageConfigSchemas
{
    private static readonly ConcurrentDictionary<Type, JsonObject> Cache = new();
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, string>> Docs = new();

    /// <summary>Returns a fresh copy of the schema of <paramref name="configType"/>.</summary>
    public static JsonObject For(Type configType)
    {
        ArgumentNullException.ThrowIfNull(configType);
        return (JsonObject)Cache.GetOrAdd(configType, Build).DeepClone();
    }

    private static JsonObject Build(Type configType)
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (node is JsonObject schema && context.PropertyInfo?.AttributeProvider is PropertyInfo property && Describe(property) is { } text)
                {
                    schema["description"] = text;
                }

                return node;
            },
        };
        var schema = StageConfigJson.Options.GetJsonSchemaAsNode(configType, exporter) as JsonObject ?? [];
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";

        // Defaults as a new config has them: the builder starts from these and shows them as placeholders.
        if (schema["properties"] is JsonObject properties
            && JsonSerializer.SerializeToNode(Activator.CreateInstance(configType), configType, StageConfigJson.Options) is JsonObject defaults)
        {
            foreach (var (name, value) in defaults)
            {
                if (value is not null && properties[name] is JsonObject propertySchema)
                {
                    propertySchema["default"] = value.DeepClone();
                }
            }
        }

        return schema;
    }

    private static string? Describe(PropertyInfo property)
    {
        var docs = Docs.GetOrAdd(property.DeclaringType!.Assembly, ReadDocs);
        var key = $"P:{property.DeclaringType!.FullName}.{property.Name}";
        return docs.TryGetValue(key, out var text) ? text : null;
    }

    // The XML documentation file beside the assembly (GenerateDocumentationFile is on for every project); none, no descriptions.
    private static IReadOnlyDictionary<string, string> ReadDocs(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (string.IsNullOrEmpty(assembly.Location) || !File.Exists(path))
        {
            return new Dictionary<string, string>();
        }

        return XDocument.Load(path).Descendants("member")
            .Where(member => member.Attribute("name")?.Value.StartsWith("P:", StringComparison.Ordinal) == true && member.Element("summary") is not null)
            .ToDictionary(member => member.Attribute("name")!.Value, member => Sentence(member.Element("summary")!), StringComparer.Ordinal);
    }

    // "Gets or sets the approximate body length in words." reads as "The approximate body length in words."; cref and
    // c elements keep their text.
    private static string Sentence(XElement summary)
    {
        var text = string.Concat(summary.DescendantNodes().Select(node => node switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" } see => ShortName(see.Attribute("cref")?.Value ?? see.Attribute("langword")?.Value ?? string.Empty),
            _ => string.Empty,
        }));
        text = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        foreach (var prefix in (string[])["Gets or sets a value indicating ", "Gets or sets ", "Gets "])
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                text = char.ToUpperInvariant(text[prefix.Length]) + text[(prefix.Length + 1)..];
                break;
            }
        }

        return text;
    }

    private static string ShortName(string cref) => cref.Contains('.', StringComparison.Ordinal) ? cref[(cref.LastIndexOf('.') + 1)..] : cref;
}

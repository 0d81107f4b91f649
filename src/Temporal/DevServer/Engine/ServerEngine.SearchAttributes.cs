using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Persistence;
using ContentFlows.Temporal.DevServer.Visibility;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>
/// Search attributes per namespace, as Temporal's SQL visibility keeps them: OperatorService.AddSearchAttributes
/// maps a name (alias) to a free preallocated field of its type in the namespace's
/// <c>custom_search_attribute_aliases</c>, which the namespace record persists; starts, schedules and upserts are
/// checked against the namespace's view.
/// </summary>
internal sealed partial class ServerEngine
{
    public GetSearchAttributesResponse GetSearchAttributes()
    {
        // Temporal answers with the cluster's attributes, not a namespace's: system, predefined and the
        // custom ones of the visibility store (here the server-wide ones and the preallocated fields).
        var response = new GetSearchAttributesResponse();
        response.Keys.Add(new Dictionary<string, IndexedValueType>(SearchAttributeRegistry.SystemAttributes));
        response.Keys.Add(new Dictionary<string, IndexedValueType>(SearchAttributeTypes.CustomAttributes));
        foreach (var type in Enum.GetValues<IndexedValueType>())
        {
            foreach (var field in CustomSearchAttributeFields.For(type))
            {
                response.Keys[field] = type;
            }
        }

        return response;
    }

    public ListSearchAttributesResponse ListSearchAttributes(ListSearchAttributesRequest request)
    {
        lock (_gate)
        {
            var registry = NamespaceSearchAttributes(GetOperatorNamespace(request.Namespace));
            var response = new ListSearchAttributesResponse();
            response.CustomAttributes.Add(new Dictionary<string, IndexedValueType>(registry.CustomAttributes));
            response.SystemAttributes.Add(new Dictionary<string, IndexedValueType>(SearchAttributeRegistry.SystemAttributes));
            return response;
        }
    }

    public Task<AddSearchAttributesResponse> AddSearchAttributesAsync(AddSearchAttributesRequest request)
    {
        if (request.SearchAttributes.Count == 0)
        {
            throw InvalidArgument("SearchAttributes are not set on request.");
        }

        foreach (var (name, type) in request.SearchAttributes)
        {
            if (SearchAttributeRegistry.IsReserved(name))
            {
                throw InvalidArgument($"Search attribute {name} is reserved by system.");
            }

            if (!Enum.IsDefined(type))
            {
                throw InvalidArgument($"Unknown search attribute type: {(int)type}.");
            }
        }

        return MutateAsync(m =>
        {
            var ns = GetOperatorNamespace(request.Namespace);
            var aliases = ns.Description.Config.CustomSearchAttributeAliases;
            var allocated = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, type) in request.SearchAttributes)
            {
                // An alias already in use is left as it is, whatever type was asked (Temporal logs and skips it).
                if (aliases.Values.Contains(name, StringComparer.Ordinal) || allocated.ContainsValue(name))
                {
                    continue;
                }

                var fields = CustomSearchAttributeFields.For(type).ToList();
                var free = fields.FirstOrDefault(f => !aliases.ContainsKey(f) && !allocated.ContainsKey(f))
                    ?? throw InvalidArgument($"Unable to create search attributes: cannot have more than {fields.Count} search attribute of type {type}.");
                allocated[free] = name;
            }

            if (allocated.Count > 0)
            {
                aliases.Add(allocated);
                m.Namespaces.Add(new NamespaceRecord(ns.Name, ns.Id, ns.Description.ToByteArray()));
            }

            return new AddSearchAttributesResponse();
        });
    }

    public Task<RemoveSearchAttributesResponse> RemoveSearchAttributesAsync(RemoveSearchAttributesRequest request)
    {
        if (request.SearchAttributes.Count == 0)
        {
            throw InvalidArgument("SearchAttributes are not set on request.");
        }

        return MutateAsync(m =>
        {
            var ns = GetOperatorNamespace(request.Namespace);
            var aliases = ns.Description.Config.CustomSearchAttributeAliases;
            var removed = new List<string>();
            foreach (var name in request.SearchAttributes)
            {
                var field = aliases.FirstOrDefault(a => a.Value == name).Key;
                if (field is not null)
                {
                    removed.Add(field);
                    continue;
                }

                // Unknown names are skipped; known ones that are not this namespace's own cannot be removed.
                if (SearchAttributeTypes.TryGetType(name, out _) || CustomSearchAttributeFields.TryGetType(name, out _))
                {
                    throw InvalidArgument($"Unable to remove non-custom search attributes: {name}.");
                }
            }

            if (removed.Count > 0)
            {
                foreach (var field in removed)
                {
                    aliases.Remove(field);
                }

                m.Namespaces.Add(new NamespaceRecord(ns.Name, ns.Id, ns.Description.ToByteArray()));
            }

            return new RemoveSearchAttributesResponse();
        });
    }

    /// <summary>The attributes a namespace knows: the server-wide ones and its aliases.</summary>
    private SearchAttributeRegistry NamespaceSearchAttributes(NamespaceEntry ns) =>
        SearchAttributeTypes.ForNamespace(ns.Description.Config.CustomSearchAttributeAliases);

    /// <summary>Throws Temporal's InvalidArgument for search attributes a start, schedule or signal-with-start may not set.</summary>
    private void ValidateSearchAttributes(NamespaceEntry ns, SearchAttributes? attributes)
    {
        if (SearchAttributeValidator.FindError(attributes, ns.Name, NamespaceSearchAttributes(ns)) is { } error)
        {
            throw InvalidArgument(error);
        }
    }

    /// <summary>
    /// The namespace an OperatorService call names. Temporal's operator handler reads it through DescribeNamespace
    /// and reports a failure there as Unavailable.
    /// </summary>
    private NamespaceEntry GetOperatorNamespace(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw InvalidArgument("Namespace is not set on request.");
        }

        return _namespacesByName.TryGetValue(name, out var ns)
            ? ns
            : throw new GrpcException(GrpcStatusCode.Unavailable, $"Unable to get namespace {name} info with error: Namespace {name} is not found.");
    }
}

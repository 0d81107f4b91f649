using Temporalio.Api.Namespace.V1;
using Temporalio.Api.Replication.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>A registered namespace and its description as DescribeNamespace returns it.</summary>
internal sealed class NamespaceEntry
{
    public NamespaceEntry(DescribeNamespaceResponse description)
    {
        // Capabilities are the server's, added when described (ServerEngine.Capabilities.cs), never stored.
        description.NamespaceInfo.Capabilities = null;
        Description = description;
    }

    public DescribeNamespaceResponse Description { get; set; }

    public string Name => Description.NamespaceInfo.Name;

    public string Id => Description.NamespaceInfo.Id;

    public static NamespaceEntry Create(string name, string id, string description, TimeSpan retention)
    {
        return new NamespaceEntry(new DescribeNamespaceResponse
        {
            NamespaceInfo = new NamespaceInfo
            {
                Name = name,
                Id = id,
                State = Temporalio.Api.Enums.V1.NamespaceState.Registered,
                Description = description,
            },
            Config = new NamespaceConfig
            {
                WorkflowExecutionRetentionTtl = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(retention),
                HistoryArchivalState = Temporalio.Api.Enums.V1.ArchivalState.Disabled,
                VisibilityArchivalState = Temporalio.Api.Enums.V1.ArchivalState.Disabled,
            },
            ReplicationConfig = new NamespaceReplicationConfig
            {
                ActiveClusterName = "active",
                Clusters = { new ClusterReplicationConfig { ClusterName = "active" } },
            },
            IsGlobalNamespace = false,
        });
    }
}

using Temporalio.Api.Namespace.V1;
using Temporalio.Api.Replication.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>A registered namespace and its description as DescribeNamespace returns it.</summary>
internal sealed class NamespaceEntry
{
    public NamespaceEntry(DescribeNamespaceResponse description)
    {
        Description = description;

        // Also for namespaces stored before the server served updates: SDKs check these before updating.
        description.NamespaceInfo.Capabilities ??= new NamespaceInfo.Types.Capabilities();
        description.NamespaceInfo.Capabilities.SyncUpdate = true;
        description.NamespaceInfo.Capabilities.AsyncUpdate = true;
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
                Capabilities = new NamespaceInfo.Types.Capabilities
                {
                    EagerWorkflowStart = false,
                    SyncUpdate = true,
                    AsyncUpdate = true,
                },
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

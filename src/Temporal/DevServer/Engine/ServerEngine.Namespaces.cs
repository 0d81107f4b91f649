using ContentFlows.Temporal.Api.Grpc;
using ContentFlows.Temporal.DevServer.Persistence;
using Google.Protobuf;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.DevServer.Engine;

/// <summary>Namespaces and server information.</summary>
internal sealed partial class ServerEngine
{
    public const string ServerVersion = "1.27.0";

    public static GetSystemInfoResponse GetSystemInfo() => new()
    {
        ServerVersion = ServerVersion,
        Capabilities = new GetSystemInfoResponse.Types.Capabilities
        {
            SignalAndQueryHeader = true,
            InternalErrorDifferentiation = true,
            ActivityFailureIncludeHeartbeat = true,
            EncodedFailureAttributes = true,
            UpsertMemo = true,
            SdkMetadata = true,
            CountGroupByExecutionStatus = true,
        },
    };

    public DescribeNamespaceResponse DescribeNamespace(DescribeNamespaceRequest request)
    {
        lock (_gate)
        {
            if (!string.IsNullOrEmpty(request.Id))
            {
                return _namespacesById.TryGetValue(request.Id, out var byId)
                    ? DescribeWithCapabilities(byId)
                    : throw new GrpcException(GrpcStatusCode.NotFound, $"Namespace {request.Id} is not found.", new Temporalio.Api.ErrorDetails.V1.NamespaceNotFoundFailure { Namespace = request.Id });
            }

            return DescribeWithCapabilities(GetNamespace(request.Namespace));
        }
    }

    public ListNamespacesResponse ListNamespaces(ListNamespacesRequest request)
    {
        lock (_gate)
        {
            var response = new ListNamespacesResponse();
            response.Namespaces.AddRange(_namespacesByName.Values.OrderBy(n => n.Name, StringComparer.Ordinal).Select(DescribeWithCapabilities));
            return response;
        }
    }

    public Task<RegisterNamespaceResponse> RegisterNamespaceAsync(RegisterNamespaceRequest request)
    {
        if (string.IsNullOrEmpty(request.Namespace))
        {
            throw InvalidArgument("Namespace not set on request.");
        }

        return MutateAsync(m =>
        {
            if (_namespacesByName.ContainsKey(request.Namespace))
            {
                throw new GrpcException(GrpcStatusCode.AlreadyExists, "Namespace already exists.", new Temporalio.Api.ErrorDetails.V1.NamespaceAlreadyExistsFailure());
            }

            var retention = request.WorkflowExecutionRetentionPeriod?.ToTimeSpan() ?? TimeSpan.FromDays(1);
            var entry = NamespaceEntry.Create(request.Namespace, Guid.NewGuid().ToString(), request.Description, retention);
            entry.Description.NamespaceInfo.OwnerEmail = request.OwnerEmail;
            entry.Description.NamespaceInfo.Data.Add(request.Data);
            _namespacesByName[entry.Name] = entry;
            _namespacesById[entry.Id] = entry;
            m.Namespaces.Add(new NamespaceRecord(entry.Name, entry.Id, entry.Description.ToByteArray()));
            return new RegisterNamespaceResponse();
        });
    }

    public Task<UpdateNamespaceResponse> UpdateNamespaceAsync(UpdateNamespaceRequest request)
    {
        return MutateAsync(m =>
        {
            var entry = GetNamespace(request.Namespace);
            if (request.UpdateInfo is { } info)
            {
                if (!string.IsNullOrEmpty(info.Description))
                {
                    entry.Description.NamespaceInfo.Description = info.Description;
                }

                if (!string.IsNullOrEmpty(info.OwnerEmail))
                {
                    entry.Description.NamespaceInfo.OwnerEmail = info.OwnerEmail;
                }

                entry.Description.NamespaceInfo.Data.Add(info.Data);
            }

            if (request.Config?.WorkflowExecutionRetentionTtl is { } retention)
            {
                entry.Description.Config.WorkflowExecutionRetentionTtl = retention;
            }

            m.Namespaces.Add(new NamespaceRecord(entry.Name, entry.Id, entry.Description.ToByteArray()));
            var described = DescribeWithCapabilities(entry);
            return new UpdateNamespaceResponse { NamespaceInfo = described.NamespaceInfo, Config = described.Config, ReplicationConfig = described.ReplicationConfig };
        });
    }
}

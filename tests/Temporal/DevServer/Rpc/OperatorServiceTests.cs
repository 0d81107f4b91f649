using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace ContentFlows.Temporal.DevServer.Tests.Rpc;

/// <summary>
/// OperatorService search attributes and their validation, over real gRPC with the official SDK's raw
/// OperatorService and WorkflowService, checked against Temporal's answers (SQL visibility, as start-dev runs).
/// Each test registers its own namespace: a namespace has a fixed number of fields per type.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class OperatorServiceTests(DevServerFixture fixture)
{

    private TemporalConnection Connection => fixture.Client.Connection;

    [Fact]
    public async Task AddSearchAttributes_NewNames_ListedDescribedAndUsableInStartAndQuery()
    {
        var ns = await RegisterNamespaceAsync();

        await AddAsync(ns, ("CustomerId", IndexedValueType.Keyword), ("Score", IndexedValueType.Int));

        var list = await Connection.OperatorService.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = ns }, Options());
        Assert.Equal(IndexedValueType.Keyword, list.CustomAttributes["CustomerId"]);
        Assert.Equal(IndexedValueType.Int, list.CustomAttributes["Score"]);
        Assert.Equal(IndexedValueType.Keyword, list.SystemAttributes["WorkflowId"]);
        Assert.Equal(IndexedValueType.KeywordList, list.SystemAttributes["TemporalChangeVersion"]);
        Assert.DoesNotContain("CustomerId", list.SystemAttributes.Keys);

        // Temporal's SQL visibility records the names as aliases of preallocated fields in the namespace config.
        var described = await fixture.Client.DescribeNamespaceAsync(ns);
        Assert.Equal("CustomerId", described.Config.CustomSearchAttributeAliases["Keyword01"]);
        Assert.Equal("Score", described.Config.CustomSearchAttributeAliases["Int01"]);

        var workflowId = Names.Unique("sa");
        await StartAsync(ns, workflowId, ("CustomerId", "\"c-1\""), ("Score", "7"));
        var found = await ListAsync(ns, "CustomerId = 'c-1' AND Score >= 7");
        Assert.Equal(workflowId, Assert.Single(found.Executions).Execution.WorkflowId);

        // Another namespace does not see them.
        var other = await RegisterNamespaceAsync();
        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => ListAsync(other, "CustomerId = 'c-1'"));
        Assert.Contains("CustomerId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSearchAttributes_ExistingName_KeepsItsFirstType()
    {
        var ns = await RegisterNamespaceAsync();
        await AddAsync(ns, ("Region", IndexedValueType.Keyword));

        // Temporal logs "already exists" and leaves the alias as it is, whatever type is asked the second time.
        await AddAsync(ns, ("Region", IndexedValueType.Int));

        var list = await Connection.OperatorService.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = ns }, Options());
        Assert.Equal(IndexedValueType.Keyword, list.CustomAttributes["Region"]);
        Assert.Single((await fixture.Client.DescribeNamespaceAsync(ns)).Config.CustomSearchAttributeAliases);
    }

    [Fact]
    public async Task AddSearchAttributes_BadInput_AnsweredAsTemporal()
    {
        var ns = await RegisterNamespaceAsync();

        var empty = await AssertStatusAsync(StatusCode.InvalidArgument, () => Connection.OperatorService.AddSearchAttributesAsync(new AddSearchAttributesRequest { Namespace = ns }, Options()));
        Assert.Equal("SearchAttributes are not set on request.", empty.Message);

        var system = await AssertStatusAsync(StatusCode.InvalidArgument, () => AddAsync(ns, ("WorkflowId", IndexedValueType.Keyword)));
        Assert.Equal("Search attribute WorkflowId is reserved by system.", system.Message);

        var prefixed = await AssertStatusAsync(StatusCode.InvalidArgument, () => AddAsync(ns, ("TemporalMine", IndexedValueType.Keyword)));
        Assert.Equal("Search attribute TemporalMine is reserved by system.", prefixed.Message);

        var unknownType = await AssertStatusAsync(StatusCode.InvalidArgument, () => AddAsync(ns, ("Mine", (IndexedValueType)42)));
        Assert.Equal("Unknown search attribute type: 42.", unknownType.Message);

        var tooMany = await AssertStatusAsync(StatusCode.InvalidArgument, () => AddAsync(ns, ("B1", IndexedValueType.Bool), ("B2", IndexedValueType.Bool), ("B3", IndexedValueType.Bool), ("B4", IndexedValueType.Bool)));
        Assert.Equal("Unable to create search attributes: cannot have more than 3 search attribute of type Bool.", tooMany.Message);

        // Nothing of the refused call was kept.
        Assert.Empty((await fixture.Client.DescribeNamespaceAsync(ns)).Config.CustomSearchAttributeAliases);

        var noNamespace = await AssertStatusAsync(StatusCode.InvalidArgument, () => AddAsync(string.Empty, ("Mine", IndexedValueType.Keyword)));
        Assert.Equal("Namespace is not set on request.", noNamespace.Message);

        // The operator handler reads the namespace through DescribeNamespace and reports its failure as Unavailable.
        var missing = Names.Unique("missing-ns");
        var unknown = await AssertStatusAsync(StatusCode.Unavailable, () => AddAsync(missing, ("Mine", IndexedValueType.Keyword)));
        Assert.Equal($"Unable to get namespace {missing} info with error: Namespace {missing} is not found.", unknown.Message);
        var listUnknown = await AssertStatusAsync(StatusCode.Unavailable, () => Connection.OperatorService.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = missing }, Options()));
        Assert.Equal(unknown.Message, listUnknown.Message);
    }

    [Fact]
    public async Task RemoveSearchAttributes_CustomName_NoLongerAcceptedWhileSystemNamesRefused()
    {
        var ns = await RegisterNamespaceAsync();
        await AddAsync(ns, ("Stage", IndexedValueType.Keyword));

        var system = await AssertStatusAsync(StatusCode.InvalidArgument, () => RemoveAsync(ns, "WorkflowId"));
        Assert.Equal("Unable to remove non-custom search attributes: WorkflowId.", system.Message);

        // Unknown names are skipped, as Temporal does.
        await RemoveAsync(ns, "Stage", "NeverAdded");

        Assert.Empty((await fixture.Client.DescribeNamespaceAsync(ns)).Config.CustomSearchAttributeAliases);
        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => StartAsync(ns, Names.Unique("sa"), ("Stage", "\"draft\"")));
        Assert.Equal($"Namespace {ns} has no mapping defined for search attribute Stage", error.Message);

        // The freed field is given out again.
        await AddAsync(ns, ("Phase", IndexedValueType.Keyword));
        Assert.Equal("Phase", (await fixture.Client.DescribeNamespaceAsync(ns)).Config.CustomSearchAttributeAliases["Keyword01"]);
    }

    [Fact]
    public async Task StartWorkflowExecution_BadSearchAttributes_InvalidArgumentWithTemporalsMessage()
    {
        var ns = await RegisterNamespaceAsync();
        await AddAsync(ns, ("Score", IndexedValueType.Int), ("Tags", IndexedValueType.KeywordList), ("Due", IndexedValueType.Datetime));

        async Task<string> RefusedAsync(params (string Name, string Json)[] attributes) =>
            (await AssertStatusAsync(StatusCode.InvalidArgument, () => StartAsync(ns, Names.Unique("sa"), attributes))).Message;

        Assert.Equal($"Namespace {ns} has no mapping defined for search attribute Nope", await RefusedAsync(("Nope", "\"x\"")));
        Assert.Equal("invalid value for search attribute Score of type Int: abc", await RefusedAsync(("Score", "\"abc\"")));
        Assert.Equal("invalid value for search attribute Score of type Int: 1.5", await RefusedAsync(("Score", "1.5")));
        Assert.Equal("invalid value for search attribute Tags of type KeywordList: solo", await RefusedAsync(("Tags", "\"solo\"")));
        Assert.Equal("invalid value for search attribute Due of type Datetime: tomorrow", await RefusedAsync(("Due", "\"tomorrow\"")));
        Assert.Equal("WorkflowId attribute can't be set in SearchAttributes", await RefusedAsync(("WorkflowId", "\"x\"")));
        Assert.Equal("TemporalWorkerDeployment attribute can't be set in SearchAttributes", await RefusedAsync(("TemporalWorkerDeployment", "\"x\"")));
        Assert.Equal(
            $"search attribute Tags value size 2051 exceeds size limit 2048",
            await RefusedAsync(("Tags", "[\"" + new string('x', 2047) + "\"]")));

        // Nothing was started by the refused calls; valid values are accepted.
        Assert.Empty((await ListAsync(ns, string.Empty)).Executions);
        await StartAsync(ns, Names.Unique("sa"), ("Score", "3"), ("Tags", "[\"a\",\"b\"]"), ("Due", "\"2030-01-02T03:04:05Z\""), ("BinaryChecksums", "[\"abc\"]"));
    }

    [Fact]
    public async Task SignalWithStartAndCreateSchedule_UnknownSearchAttribute_InvalidArgument()
    {
        var ns = await RegisterNamespaceAsync();
        var attributes = Attributes(("Unknown", "\"x\""));
        var expected = $"Namespace {ns} has no mapping defined for search attribute Unknown";

        var signalWithStart = await AssertStatusAsync(StatusCode.InvalidArgument, () => Connection.WorkflowService.SignalWithStartWorkflowExecutionAsync(
            new SignalWithStartWorkflowExecutionRequest
            {
                Namespace = ns,
                WorkflowId = Names.Unique("sws"),
                WorkflowType = new WorkflowType { Name = "TestWorkflow" },
                TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = Names.Unique("tq") },
                SignalName = "go",
                SearchAttributes = attributes,
                RequestId = Guid.NewGuid().ToString(),
            },
            Options()));
        Assert.Equal(expected, signalWithStart.Message);

        var schedule = await AssertStatusAsync(StatusCode.InvalidArgument, () => Connection.WorkflowService.CreateScheduleAsync(
            new CreateScheduleRequest
            {
                Namespace = ns,
                ScheduleId = Names.Unique("schedule"),
                Schedule = new Temporalio.Api.Schedule.V1.Schedule
                {
                    Spec = new Temporalio.Api.Schedule.V1.ScheduleSpec { Interval = { new Temporalio.Api.Schedule.V1.IntervalSpec { Interval = Duration.FromTimeSpan(TimeSpan.FromHours(1)) } } },
                    Action = new Temporalio.Api.Schedule.V1.ScheduleAction
                    {
                        StartWorkflow = new Temporalio.Api.Workflow.V1.NewWorkflowExecutionInfo
                        {
                            WorkflowId = Names.Unique("scheduled"),
                            WorkflowType = new WorkflowType { Name = "TestWorkflow" },
                            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = Names.Unique("tq") },
                            SearchAttributes = attributes,
                        },
                    },
                },
                RequestId = Guid.NewGuid().ToString(),
            },
            Options()));
        Assert.Equal(expected, schedule.Message);
    }

    [Fact]
    public async Task UpsertSearchAttributesCommand_WrongType_FailsWorkflowTaskWithBadSearchAttributes()
    {
        var ns = await RegisterNamespaceAsync();
        await AddAsync(ns, ("Score", IndexedValueType.Int));
        var client = await WorkflowServiceClient.ConnectAsync(fixture.Host, ns);
        var workflowId = Names.Unique("upsert");
        var taskQueue = Names.Unique("upsert-tq");
        await client.StartAsync(workflowId, taskQueue);
        var task = await client.NextWorkflowTaskAsync(taskQueue);

        var upsert = new Command
        {
            CommandType = CommandType.UpsertWorkflowSearchAttributes,
            UpsertWorkflowSearchAttributesCommandAttributes = new UpsertWorkflowSearchAttributesCommandAttributes { SearchAttributes = Attributes(("Score", "\"high\"")) },
        };
        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => client.CompleteWorkflowTaskAsync(task.TaskToken, upsert));
        Assert.Equal("invalid value for search attribute Score of type Int: high", error.Message);

        var failed = (await client.GetHistoryAsync(workflowId)).Last(e => e.EventType == EventType.WorkflowTaskFailed).WorkflowTaskFailedEventAttributes;
        Assert.Equal(WorkflowTaskFailedCause.BadSearchAttributes, failed.Cause);
        Assert.Equal("invalid value for search attribute Score of type Int: high", failed.Failure.Message);

        // The retried task with a valid value is accepted and the run becomes findable by it.
        var retry = await client.NextWorkflowTaskAsync(taskQueue);
        upsert.UpsertWorkflowSearchAttributesCommandAttributes.SearchAttributes = Attributes(("Score", "9"));
        await client.CompleteWorkflowTaskAsync(retry.TaskToken, upsert);
        Assert.Equal(workflowId, Assert.Single((await ListAsync(ns, "Score = 9")).Executions).Execution.WorkflowId);
    }

    [Fact]
    public async Task UpsertSearchAttributesCommand_UnknownName_FailsWorkflowTaskWithBadSearchAttributes()
    {
        var ns = await RegisterNamespaceAsync();
        var client = await WorkflowServiceClient.ConnectAsync(fixture.Host, ns);
        var workflowId = Names.Unique("upsert");
        var taskQueue = Names.Unique("upsert-tq");
        await client.StartAsync(workflowId, taskQueue);
        var task = await client.NextWorkflowTaskAsync(taskQueue);

        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => client.CompleteWorkflowTaskAsync(task.TaskToken, new Command
        {
            CommandType = CommandType.UpsertWorkflowSearchAttributes,
            UpsertWorkflowSearchAttributesCommandAttributes = new UpsertWorkflowSearchAttributesCommandAttributes { SearchAttributes = Attributes(("Ghost", "\"x\"")) },
        }));

        Assert.Equal($"Namespace {ns} has no mapping defined for search attribute Ghost", error.Message);
        var failed = (await client.GetHistoryAsync(workflowId)).Last(e => e.EventType == EventType.WorkflowTaskFailed).WorkflowTaskFailedEventAttributes;
        Assert.Equal(WorkflowTaskFailedCause.BadSearchAttributes, failed.Cause);
    }

    [Fact]
    public async Task GetSearchAttributes_ReturnsSystemServerWideAndPreallocatedFields()
    {
        var keys = (await Connection.WorkflowService.GetSearchAttributesAsync(new GetSearchAttributesRequest(), Options())).Keys;

        Assert.Equal(IndexedValueType.Keyword, keys["WorkflowId"]);
        Assert.Equal(IndexedValueType.Keyword, keys["CustomKeywordField"]);
        Assert.Equal(IndexedValueType.Keyword, keys["Keyword10"]);
        Assert.Equal(IndexedValueType.KeywordList, keys["KeywordList01"]);
        Assert.DoesNotContain("Keyword11", keys.Keys);
    }

    internal static SearchAttributes Attributes(params (string Name, string Json)[] attributes)
    {
        var result = new SearchAttributes();
        foreach (var (name, json) in attributes)
        {
            result.IndexedFields[name] = new Payload
            {
                Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
                Data = ByteString.CopyFromUtf8(json),
            };
        }

        return result;
    }

    private static RpcOptions Options() => new() { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<RpcException> AssertStatusAsync(StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(expected == error.Code, $"Expected {expected} but got {error.Code}: {error.Message}");
        return error;
    }

    private async Task<string> RegisterNamespaceAsync()
    {
        var ns = Names.Unique("ops-ns");
        await Connection.WorkflowService.RegisterNamespaceAsync(
            new RegisterNamespaceRequest { Namespace = ns, WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromDays(1)) },
            Options());
        return ns;
    }

    private Task AddAsync(string ns, params (string Name, IndexedValueType Type)[] attributes)
    {
        var request = new AddSearchAttributesRequest { Namespace = ns };
        foreach (var (name, type) in attributes)
        {
            request.SearchAttributes[name] = type;
        }

        return Connection.OperatorService.AddSearchAttributesAsync(request, Options());
    }

    private Task RemoveAsync(string ns, params string[] names) =>
        Connection.OperatorService.RemoveSearchAttributesAsync(new RemoveSearchAttributesRequest { Namespace = ns, SearchAttributes = { names } }, Options());

    private Task<StartWorkflowExecutionResponse> StartAsync(string ns, string workflowId, params (string Name, string Json)[] attributes)
    {
        var request = WorkflowServiceClient.NewStart(workflowId, Names.Unique("tq"));
        request.Namespace = ns;
        request.SearchAttributes = Attributes(attributes);
        return Connection.WorkflowService.StartWorkflowExecutionAsync(request, Options());
    }

    private Task<ListWorkflowExecutionsResponse> ListAsync(string ns, string query) =>
        Connection.WorkflowService.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest { Namespace = ns, Query = query }, Options());
}

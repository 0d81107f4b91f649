using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Converters;
using Google.Protobuf;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace ContentFlows.Temporal.Sdk.Tests.Client;

/// <summary>Plays the worker by hand: polls workflow tasks through the client's WorkflowService and answers with commands.</summary>
internal sealed class HandWorker(ITemporalClient client, string taskQueue)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    private IPayloadConverter Payloads => client.Options.DataConverter.PayloadConverter;

    /// <summary>Polls until a task arrives (the dev server answers empty when its long poll ends).</summary>
    public async Task<PollWorkflowTaskQueueResponse> PollAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        while (true)
        {
            var task = await client.WorkflowService.PollWorkflowTaskQueueAsync(
                new PollWorkflowTaskQueueRequest
                {
                    Namespace = client.Options.Namespace,
                    TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
                    Identity = "hand-worker",
                },
                new RpcOptions(timeout.Token) { Timeout = TimeSpan.FromSeconds(10) });
            if (!task.TaskToken.IsEmpty)
            {
                return task;
            }
        }
    }

    public async Task<PollWorkflowTaskQueueResponse> RespondAsync(PollWorkflowTaskQueueResponse task, params Command[] commands)
    {
        var request = new RespondWorkflowTaskCompletedRequest
        {
            Namespace = client.Options.Namespace,
            TaskToken = task.TaskToken,
            Identity = "hand-worker",
        };
        request.Commands.Add(commands);
        await EncodeAsync(request);
        await client.WorkflowService.RespondWorkflowTaskCompletedAsync(request);
        return task;
    }

    /// <summary>Polls one task and answers it with <paramref name="commands"/>; returns the (decoded) task.</summary>
    public async Task<PollWorkflowTaskQueueResponse> PollAndRespondAsync(params Command[] commands)
    {
        var task = await PollAsync();
        return await RespondAsync(task, commands);
    }

    public async Task DecodeAsync(IMessage message)
    {
        if (client.Options.DataConverter.PayloadCodec is { } codec)
        {
            await PayloadVisitor.DecodeAsync(message, codec);
        }
    }

    public async Task EncodeAsync(IMessage message)
    {
        if (client.Options.DataConverter.PayloadCodec is { } codec)
        {
            await PayloadVisitor.EncodeAsync(message, codec);
        }
    }

    public Command Complete(object? result) => new()
    {
        CommandType = CommandType.CompleteWorkflowExecution,
        CompleteWorkflowExecutionCommandAttributes = new CompleteWorkflowExecutionCommandAttributes { Result = Payloads.ToPayloads([result]) },
    };

    public Command Fail(Exception exception) => new()
    {
        CommandType = CommandType.FailWorkflowExecution,
        FailWorkflowExecutionCommandAttributes = new FailWorkflowExecutionCommandAttributes
        {
            Failure = client.Options.DataConverter.FailureConverter.ToFailure(exception, Payloads),
        },
    };

    public Command Fail(Failure failure) => new()
    {
        CommandType = CommandType.FailWorkflowExecution,
        FailWorkflowExecutionCommandAttributes = new FailWorkflowExecutionCommandAttributes { Failure = failure },
    };

    public Command ContinueAsNew(string workflowType, params object?[] args) => new()
    {
        CommandType = CommandType.ContinueAsNewWorkflowExecution,
        ContinueAsNewWorkflowExecutionCommandAttributes = new ContinueAsNewWorkflowExecutionCommandAttributes
        {
            WorkflowType = new WorkflowType { Name = workflowType },
            TaskQueue = new TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            Input = Payloads.ToPayloads(args),
        },
    };

    public static Command CancelWorkflow() => new()
    {
        CommandType = CommandType.CancelWorkflowExecution,
        CancelWorkflowExecutionCommandAttributes = new CancelWorkflowExecutionCommandAttributes(),
    };

    /// <summary>Answers a legacy query task (a poll response with <c>query</c> set).</summary>
    public async Task AnswerQueryAsync(PollWorkflowTaskQueueResponse task, object? result, string? errorMessage = null)
    {
        var request = new RespondQueryTaskCompletedRequest
        {
            Namespace = client.Options.Namespace,
            TaskToken = task.TaskToken,
        };
        if (errorMessage is null)
        {
            request.CompletedType = QueryResultType.Answered;
            request.QueryResult = Payloads.ToPayloads([result]);
        }
        else
        {
            request.CompletedType = QueryResultType.Failed;
            request.ErrorMessage = errorMessage;
        }

        await EncodeAsync(request);
        await client.WorkflowService.RespondQueryTaskCompletedAsync(request);
    }
}

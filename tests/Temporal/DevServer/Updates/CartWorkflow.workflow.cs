using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace ContentFlows.Temporal.DevServer.Tests.Updates;

/// <summary>A cart driven by updates: a validated synchronous one, one that waits for a signal, one that ends the run; a signal continues it as new.</summary>
[Workflow]
public sealed class CartWorkflow
{
    private readonly List<string> items = [];
    private bool released;
    private bool checkedOut;
    private bool renew;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => (checkedOut || renew) && Workflow.AllHandlersFinished);
        if (!checkedOut)
        {
            throw Workflow.CreateContinueAsNewException((CartWorkflow wf) => wf.RunAsync());
        }

        return string.Join(",", items);
    }

    /// <summary>Adds an item and answers the cart's size.</summary>
    [WorkflowUpdate]
    public Task<int> AddItemAsync(string item)
    {
        items.Add(item);
        return Task.FromResult(items.Count);
    }

    [WorkflowUpdateValidator(nameof(AddItemAsync))]
    public void ValidateAddItem(string item)
    {
        if (string.IsNullOrWhiteSpace(item))
        {
            throw new ApplicationFailureException("An item needs a name.");
        }
    }

    /// <summary>Accepted at once, completed only after the <see cref="ReleaseAsync"/> signal.</summary>
    [WorkflowUpdate]
    public async Task<int> AddItemWhenReleasedAsync(string item)
    {
        await Workflow.WaitConditionAsync(() => released);
        items.Add(item);
        return items.Count;
    }

    [WorkflowSignal]
    public Task ReleaseAsync()
    {
        released = true;
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task RenewAsync()
    {
        renew = true;
        return Task.CompletedTask;
    }

    [WorkflowUpdate]
    public Task<int> CheckoutAsync()
    {
        checkedOut = true;
        return Task.FromResult(items.Count);
    }
}

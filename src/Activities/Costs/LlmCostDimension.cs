namespace ContentFlows.Activities.Costs;

/// <summary>What LLM costs can be grouped by (the currency always is: amounts in different currencies never add up).</summary>
public enum LlmCostDimension
{
    /// <summary>The model that answered.</summary>
    Model,

    /// <summary>The stage type that made the call.</summary>
    Stage,

    /// <summary>The UTC day of the call (yyyy-MM-dd).</summary>
    Day,

    /// <summary>The run the call served.</summary>
    Run,

    /// <summary>The batch of that run (null for runs outside batches).</summary>
    Batch,

    /// <summary>The pipeline definition the run ran (its id; every version together).</summary>
    Definition,
}

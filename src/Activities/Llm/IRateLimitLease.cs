namespace ContentFlows.Activities.Llm;

/// <summary>One admitted call. Left incomplete (the call failed), its estimate stays charged.</summary>
public interface IRateLimitLease
{
    /// <summary>Corrects the charge from the estimate to the tokens the call really used; only the first call counts.</summary>
    /// <param name="actualTokens">Prompt plus completion tokens as the provider reported them.</param>
    void Complete(int actualTokens);
}

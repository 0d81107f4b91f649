namespace ContentFlows.Activities.Egress;

/// <summary>The worker's egress policy refused a destination; the message says which address and why.</summary>
public sealed class EgressRefusedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="EgressRefusedException"/> class.</summary>
    public EgressRefusedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EgressRefusedException"/> class.</summary>
    public EgressRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EgressRefusedException"/> class.</summary>
    public EgressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Finds the refusal behind an HTTP failure (the handler wraps what its connect callback throws).</summary>
    public static EgressRefusedException? FindIn(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is EgressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}

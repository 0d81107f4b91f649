namespace ContentFlows.Temporal.Exceptions;

/// <summary>The base of every exception the ContentFlows Temporal SDK throws.</summary>
public class TemporalException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TemporalException"/> class.</summary>
    public TemporalException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TemporalException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public TemporalException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TemporalException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause, or null.</param>
    public TemporalException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

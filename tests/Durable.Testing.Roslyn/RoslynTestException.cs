namespace Durable.Testing.Roslyn;

/// <summary>
/// Thrown when a harness assertion fails. The message is written to be read in a test report:
/// it names what was expected, what happened, and shows the source where it matters.
/// </summary>
public sealed class RoslynTestException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public RoslynTestException()
        : base("A Roslyn harness assertion failed.")
    {
    }

    /// <summary>Creates an exception with a readable failure message.</summary>
    public RoslynTestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a readable failure message and the exception that caused it.</summary>
    public RoslynTestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

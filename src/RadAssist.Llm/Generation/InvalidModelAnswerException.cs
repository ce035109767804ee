namespace RadAssist.Llm.Generation;

/// <summary>The model's answer failed JSON-schema validation, after the repair request when one was made.</summary>
internal sealed class InvalidModelAnswerException : Exception
{
    public InvalidModelAnswerException()
    {
    }

    public InvalidModelAnswerException(string message)
        : base(message)
    {
    }

    public InvalidModelAnswerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The validation errors, each naming its JSON path.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}

namespace RadAssist.Llm.Generation;

/// <summary>Every attempt of a model request failed or timed out.</summary>
internal sealed class ModelRequestException : Exception
{
    public ModelRequestException()
    {
    }

    public ModelRequestException(string message)
        : base(message)
    {
    }

    public ModelRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

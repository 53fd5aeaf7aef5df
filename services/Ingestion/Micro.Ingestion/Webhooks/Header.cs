namespace Micro.Ingestion.Webhooks;

static class Header
{
    /// <summary>Why a required header value is unusable, or null when it is fine: present, short, and plain ASCII identifiers.</summary>
    public static string? Invalid(string value, int maxLength) => value switch
    {
        { Length: 0 } => "is required",
        { Length: var length } when length > maxLength => $"must be at most {maxLength} characters",
        _ when !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') => "may contain only letters, digits, '-', '_' and '.'",
        _ => null,
    };
}

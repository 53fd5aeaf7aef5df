namespace Micro.GitWorkflow.Git;

/// <summary>Branch names as <c>git check-ref-format --branch</c> accepts them, and never read as an option.</summary>
public static class RefNames
{
    /// <summary>Why <paramref name="name"/> is no valid branch name, or null when it is one.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return "is empty";
        if (name.StartsWith('-'))
            return "must not start with '-'";
        if (name == "@" || name.Contains("@{", StringComparison.Ordinal))
            return "must not be '@' or contain '@{'";
        if (name.Contains("..", StringComparison.Ordinal))
            return "must not contain '..'";
        if (name.StartsWith('/') || name.EndsWith('/') || name.Contains("//", StringComparison.Ordinal))
            return "must not start or end with '/' or contain '//'";
        if (name.EndsWith('.'))
            return "must not end with '.'";
        if (name.Any(c => c < 0x20 || c == 0x7f || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\'))
            return "must not contain spaces, control characters or any of ~ ^ : ? * [ \\";
        if (name.Split('/').Any(part => part.StartsWith('.') || part.EndsWith(".lock", StringComparison.Ordinal)))
            return "no part may start with '.' or end with '.lock'";
        return name.Length > 200 ? "is longer than 200 characters" : null;
    }

    public static bool IsValid(string? name) => Problem(name) is null;
}

namespace Micro.GitWorkflow.Git;

/// <summary>
/// A repository URL a run may clone: <c>https://</c> on an allowed host, or, only where local repositories are allowed (tests, a
/// workstation), a <c>file://</c> URL, an absolute path, or <c>http://</c> on the loopback interface. Everything else is refused with
/// the reason: other schemes (SSH, <c>git://</c>), git's transport helpers (<c>ext::</c>), anything starting with <c>-</c>, and
/// credentials written into the URL (they would be stored in <c>.git/config</c>).
/// </summary>
public sealed record RepositoryAddress(string Value, Uri Uri, bool IsLocal)
{
    /// <summary>The host and port, which tell GitHub from GitLab and select the allowed hosts.</summary>
    public string Authority => Uri.IsFile ? "local" : Uri.Authority;

    /// <summary>The repository's path on its host without <c>.git</c>: <c>owner/name</c>, or <c>group/sub/name</c> on GitLab.</summary>
    public string RepositoryPath
    {
        get
        {
            var path = Uri.AbsolutePath.Trim('/');
            return path.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? path[..^4] : path;
        }
    }

    public string Display => Value;

    public static RepositoryAddress Parse(string? text, RepositoryRules rules) =>
        TryParse(text, rules, out var address, out var problem) ? address : throw new ArgumentException(problem);

    public static bool TryParse(string? text, RepositoryRules rules, out RepositoryAddress address, out string problem)
    {
        address = null!;
        problem = Problem(text, rules, out var parsed) ?? string.Empty;
        if (parsed is null)
            return false;
        address = parsed;
        return true;
    }

    static string? Problem(string? text, RepositoryRules rules, out RepositoryAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
            return "is required";
        if (text.StartsWith('-'))
            return "must not start with '-' (it would be read as an option)";
        if (text.Contains("::", StringComparison.Ordinal) || text.StartsWith("ext:", StringComparison.OrdinalIgnoreCase))
            return "git transport helpers such as ext:: are refused";
        if (text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            return "must not contain spaces or control characters";

        if (Path.IsPathRooted(text) && !text.Contains("://", StringComparison.Ordinal))
            return Local(new Uri(Path.GetFullPath(text)), text, rules, out address);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return text.Contains('@') && text.Contains(':')
                ? "SSH addresses (user@host:path) are refused: use an https:// URL"
                : "must be an absolute https:// URL";
        }

        if (uri.Scheme is not ("https" or "http" or "file"))
            return $"the {uri.Scheme}:// scheme is refused: use an https:// URL";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "must not carry credentials: the token comes from configuration (GitWorkflow:GitToken or GIT_TOKEN)";
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            return "must not have a query or a fragment";
        // Checked on the text: Uri has already resolved dot segments away.
        if (text.Split('/').Any(part => Uri.UnescapeDataString(part) is ".." or "."))
            return "must not contain '.' or '..' path segments";

        switch (uri.Scheme)
        {
            case "https" when rules.IsAllowedHost(uri):
                address = new RepositoryAddress(text, uri, false);
                return null;
            case "https":
                return $"host {uri.Authority} is not allowed (GitWorkflow:AllowedHosts: {string.Join(", ", rules.AllowedHosts)})";
            case "file":
                return Local(uri, text, rules, out address);
            case "http" when uri.IsLoopback && rules.AllowLocalRepositories:
                address = new RepositoryAddress(text, uri, true);
                return null;
            default:
                return $"the {uri.Scheme}:// scheme is refused: use an https:// URL";
        }
    }

    static string? Local(Uri uri, string text, RepositoryRules rules, out RepositoryAddress? address)
    {
        address = null;
        if (!rules.AllowLocalRepositories)
            return "local paths and file:// URLs are refused (they need GitWorkflow:AllowLocalRepositories=true)";
        address = new RepositoryAddress(text, uri, true);
        return null;
    }
}

/// <summary>Which repository URLs are accepted: the allowed hosts, and whether local repositories are.</summary>
public sealed record RepositoryRules(IReadOnlyList<string> AllowedHosts, bool AllowLocalRepositories)
{
    public bool IsAllowedHost(Uri uri) => AllowedHosts.Any(host =>
        string.Equals(host, uri.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(host, uri.Authority, StringComparison.OrdinalIgnoreCase));
}

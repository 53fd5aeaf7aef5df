using System.Text.RegularExpressions;

namespace Micro.PubSub;

/// <summary>
/// Resource names as the REST API wants them. A topic or subscription is configured either by its id, in
/// <see cref="PubSubOptions.ProjectId"/>, or by its full name (<c>projects/P/topics/T</c>), for one in another project.
/// </summary>
public static partial class PubSubNames
{
    public static string Topic(string? project, string topic) => Qualify(project, "topics", topic);

    public static string Subscription(string? project, string subscription) => Qualify(project, "subscriptions", subscription);

    /// <summary>Google's rule: a letter first, then 2 to 254 letters, digits or <c>-_.~+%</c>, not starting with <c>goog</c>.</summary>
    public static bool IsValidId(string id) => ResourceId().IsMatch(id) && !id.StartsWith("goog", StringComparison.OrdinalIgnoreCase);

    /// <summary>A project id (lowercase letters, digits, hyphens), or a legacy domain-scoped one (<c>example.com:project</c>).</summary>
    public static bool IsValidProject(string project) => ProjectId().IsMatch(project);

    /// <summary>Whether <paramref name="name"/> is an id or a full name of the <paramref name="collection"/> kind.</summary>
    public static bool IsValid(string name, string collection)
    {
        var parts = name.Split('/');
        return parts.Length switch
        {
            1 => IsValidId(name),
            4 => parts[0] == "projects" && IsValidProject(parts[1]) && parts[2] == collection && IsValidId(parts[3]),
            _ => false,
        };
    }

    static string Qualify(string? project, string collection, string name)
    {
        if (!IsValid(name, collection))
            throw new PubSubException($"'{name}' is not a valid Pub/Sub {collection[..^1]} id or projects/P/{collection}/ID name", retryable: false);
        if (name.Contains('/'))
            return name;
        if (string.IsNullOrWhiteSpace(project))
            throw new PubSubException($"PubSub:ProjectId is not set, so the {collection[..^1]} '{name}' names no project", retryable: false);
        return $"projects/{project}/{collection}/{name}";
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$")]
    private static partial Regex ResourceId();

    [GeneratedRegex(@"^([a-z][a-z0-9.\-]*[a-z0-9]:)?[a-z][a-z0-9\-]{4,28}[a-z0-9]$")]
    private static partial Regex ProjectId();
}

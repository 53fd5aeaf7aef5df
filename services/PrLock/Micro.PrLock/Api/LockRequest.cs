using System.Text.Json;
using Micro.PrLock.Locks;

namespace Micro.PrLock.Api;

/// <summary>The body of <c>acquire</c> and the transitions: <c>{ "pullRequest": 17, "repository": "owner/name" }</c>.</summary>
public sealed record LockRequest(int PullRequest, string? Repository)
{
    sealed record Body(int? PullRequest, string? Repository);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the body itself rather than through parameter binding, so malformed JSON is a 400 naming the field, not a 500.</summary>
    public static async Task<(LockRequest? Request, Dictionary<string, string[]> Errors)> Read(HttpRequest http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Body? body;
        try
        {
            // Syntax first, then shape: a broken document is the body's fault, a wrong value its field's.
            using var document = await JsonDocument.ParseAsync(http.Body, cancellationToken: cancellationToken);
            body = document.Deserialize<Body>(Json);
        }
        catch (JsonException exception)
        {
            var field = exception.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            errors[field] = [field == "body"
                ? "the body must be JSON like {\"pullRequest\": 17}"
                : $"{field} has the wrong type: pullRequest is a number, repository a string"];
            return (null, errors);
        }

        if (body?.PullRequest is not { } pullRequest)
            errors["pullRequest"] = ["pullRequest is required: the number of the pull request whose pipeline asks"];
        else if (pullRequest <= 0)
            errors["pullRequest"] = ["pullRequest must be a positive pull request number"];
        if (body?.Repository is { } repository && !RepositoryName.IsValid(repository))
            errors["repository"] = ["repository must be the GitHub repository's full name, owner/name"];

        return errors.Count > 0 ? (null, errors) : (new LockRequest(body!.PullRequest!.Value, body.Repository), errors);
    }
}

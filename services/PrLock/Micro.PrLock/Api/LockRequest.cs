using System.Text.Json;
using System.Text.Unicode;
using Micro.PrLock.Locks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micro.PrLock.Api;

/// <summary>The body of <c>acquire</c> and the transitions: <c>{ "pullRequest": 17, "repository": "owner/name" }</c>.</summary>
public sealed record LockRequest(int PullRequest, string? Repository)
{
    sealed record Body(int? PullRequest, string? Repository);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    static readonly string[] Fields = ["pullRequest", "repository"];

    /// <summary>A request is a few dozen bytes; anything near Kestrel's 30 MB default is not one.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Reads the body itself rather than through parameter binding, so malformed JSON is a 400 naming the field, not a 500; a body over
    /// <see cref="MaxBodyBytes"/> is a 413.
    /// </summary>
    public static async Task<(LockRequest? Request, ProblemHttpResult? Refusal)> Read(HttpRequest http, CancellationToken cancellationToken)
    {
        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;

        var errors = new Dictionary<string, string[]>();
        Body? body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, cancellationToken);
            var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            // Syntax first, then shape: a broken document is the body's fault, a wrong value its field's.
            using var document = JsonDocument.Parse(json);
            body = document.Deserialize<Body>(Json);
            // The reader checks the encoding of the values it reads only; JSON is UTF-8 throughout, names of ignored properties too.
            if (!Utf8.IsValid(json.Span))
            {
                errors["body"] = ["the body must be UTF-8 text"];
                return (null, Refusal(errors));
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            errors["body"] = [$"the body must be at most {MaxBodyBytes} bytes"];
            return (null, Refusal(errors, StatusCodes.Status413PayloadTooLarge));
        }
        catch (JsonException exception)
        {
            var field = Fields.FirstOrDefault(name => string.Equals(exception.Path, $"$.{name}", StringComparison.OrdinalIgnoreCase)) ?? "body";
            errors[field] = [field switch
            {
                "pullRequest" => $"pullRequest must be a pull request number, a whole number from 1 to {int.MaxValue}",
                "repository" => "repository must be a string of valid UTF-8, the GitHub repository's full name owner/name",
                _ => "the body must be a JSON object like {\"pullRequest\": 17}",
            }];
            return (null, Refusal(errors));
        }

        if (body?.PullRequest is not { } pullRequest)
            errors["pullRequest"] = ["pullRequest is required: the number of the pull request whose pipeline asks"];
        else if (pullRequest <= 0)
            errors["pullRequest"] = ["pullRequest must be a positive pull request number"];
        if (body?.Repository is { } repository && !RepositoryName.IsValid(repository))
            errors["repository"] = ["repository must be the GitHub repository's full name, owner/name"];

        return errors.Count > 0 ? (null, Refusal(errors)) : (new LockRequest(body!.PullRequest!.Value, body.Repository), null);
    }

    static ProblemHttpResult Refusal(Dictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = status });
}

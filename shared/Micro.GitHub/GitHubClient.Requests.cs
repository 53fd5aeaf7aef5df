using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Octokit;

namespace Micro.GitHub;

/// <summary>
/// The endpoints Octokit does not wrap (a hook's deliveries and their redelivery, and those the services add beside them), sent
/// through Octokit's own connection (its authentication, its error answers, the same handler pipeline); their bodies are written
/// and read with System.Text.Json in GitHub's snake_case (<see cref="GitHubJson"/>).
/// </summary>
public sealed partial class GitHubClient
{
    static string RepositoryPath(GitHubTarget target) => $"repos/{GitHubPaths.Repository(target.Repository)}";

    async Task<T> Send<T>(GitHubTarget target, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await Exchange(target, method, path, body, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(GitHubJson.Options, cancellationToken)
            ?? throw new InvalidOperationException($"GitHub answered {method} {path} with an empty body");
    }

    async Task SendOnly(GitHubTarget target, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await Exchange(target, method, path, body, cancellationToken);
    }

    Task<HttpResponseMessage> Exchange(GitHubTarget target, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        Exchange(token => credentials.For(target, token), method, path, body, cancellationToken);

    /// <summary>
    /// One request at <paramref name="path"/> (relative to the API root, or a next page's absolute URL); a successful answer as an
    /// <see cref="HttpResponseMessage"/> to read, an error one as a <see cref="GitHubApiException"/>.
    /// </summary>
    async Task<HttpResponseMessage> Exchange(
        Func<CancellationToken, Task<AuthenticationHeaderValue>> authorize, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var connection = http.Connect(await authorize(cancellationToken));
        var endpoint = new Uri(path, UriKind.RelativeOrAbsolute);
        var json = body is null ? null : JsonSerializer.Serialize(body, GitHubJson.Options);
        var answer = await GitHubCall.Run(() => SendThrough(connection, method, endpoint, json, cancellationToken), clock, cancellationToken);
        return AsHttpResponse(answer);
    }

    static async Task<IResponse> SendThrough(IConnection connection, HttpMethod method, Uri endpoint, string? json, CancellationToken cancellationToken)
    {
        const string JsonType = "application/json";
        return (method.Method, json) switch
        {
            ("GET", _) => (await connection.Get<RawAnswer>(endpoint, null, null, cancellationToken)).HttpResponse,
            ("POST", null) => (await connection.Post<RawAnswer>(endpoint, cancellationToken)).HttpResponse,
            ("POST", _) => (await connection.Post<RawAnswer>(endpoint, json, null, JsonType, parameters: null, cancellationToken)).HttpResponse,
            ("PUT", _) => (await connection.Put<RawAnswer>(endpoint, json)).HttpResponse,
            ("PATCH", _) => (await connection.Patch<RawAnswer>(endpoint, json ?? "{}")).HttpResponse,
            // Octokit's DELETE with an answer to read takes a body; an empty one says no more than none.
            ("DELETE", _) => (await connection.Delete<RawAnswer>(endpoint, json ?? string.Empty)).HttpResponse,
            _ => throw new NotSupportedException($"GitHub's REST API has no {method} requests"),
        };
    }

    static HttpResponseMessage AsHttpResponse(IResponse answer)
    {
        var response = new HttpResponseMessage(answer.StatusCode)
        {
            Content = answer.Body is Stream binary
                ? new StreamContent(binary)
                : new StringContent(answer.Body as string ?? string.Empty, Encoding.UTF8, answer.ContentType ?? "application/json"),
        };
        foreach (var (name, value) in answer.Headers)
            response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    /// <summary>
    /// GitHub pages with a <c>Link</c> header; the <c>next</c> relation is an absolute URL. It is followed only on the API's own
    /// origin, because the token goes with the request.
    /// </summary>
    static string? NextPage(HttpResponseMessage response, Uri api)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
            return null;

        foreach (var link in links.SelectMany(value => value.Split(',')))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length > 1 && parts.Skip(1).Any(part => part is "rel=\"next\"" or "rel=next"))
            {
                var next = new Uri(api, parts[0].Trim('<', '>'));
                return Uri.Compare(next, api, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                    ? next.ToString()
                    : throw new GitHubApiException(response.StatusCode, $"GitHub's next page is on another host ({next.Host}); not following it", null, false);
            }
        }

        return null;
    }
}

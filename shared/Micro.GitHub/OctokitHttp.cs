using Octokit;
using Octokit.Internal;

namespace Micro.GitHub;

/// <summary>
/// Octokit's HTTP layer for Micro: Octokit's own adapter (request building, redirects, answers), whose requests go through the
/// <see cref="GitHubConnection.HttpClientName"/> client's handler pipeline of <see cref="IHttpMessageHandlerFactory"/> (retries of
/// idempotent calls, <c>GitHub:Timeout</c>), with the caller's cancellation.
/// </summary>
sealed class OctokitHttp : IHttpClient
{
    /// <summary>The REST API version Micro's calls are written against.</summary>
    const string ApiVersion = "2022-11-28";

    readonly HttpClientAdapter adapter;
    readonly Uri api;

    public OctokitHttp(IHttpMessageHandlerFactory handlers, Uri api)
    {
        this.api = api;
        adapter = new HttpClientAdapter(() => new FactoryPipeline(handlers));
        // GitHub:Timeout, enforced by the pipeline (retries included), is the one deadline; the adapter's own would cut it at 100 s.
        adapter.SetRequestTimeout(Timeout.InfiniteTimeSpan);
    }

    public async Task<IResponse> Send(IRequest request, CancellationToken cancellationToken, Func<object, object>? preprocessResponseBody = null)
    {
        var target = new Uri(request.BaseAddress, request.Endpoint);
        // Octokit follows the Link header's next page wherever it points; the token goes with the request, so only to the API itself.
        if (Uri.Compare(target, api, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            throw new InvalidOperationException($"not sending GitHub credentials to {target.Host}: GitHub's API is at {api.Host}");

        request.Headers["X-GitHub-Api-Version"] = ApiVersion;
        if (request is Request settable)
            settable.Timeout = TimeSpan.Zero; // no second, per-request deadline of Octokit's (100 s by default)

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, GitHubCall.CallerCancellation);
        return await adapter.Send(request, cancellation.Token, preprocessResponseBody);
    }

    /// <summary>Deadlines are GitHub:Timeout's, set in the handler pipeline; Octokit's per-connection setting has nothing to change.</summary>
    public void SetRequestTimeout(TimeSpan timeout)
    {
    }

    public void Dispose() => adapter.Dispose();

    /// <summary>
    /// Takes the named client's handlers for each request, as an <see cref="HttpClient"/> from the factory would, so they are rotated
    /// (DNS changes, pooled connections) while Octokit's adapter lives as long as the process.
    /// </summary>
    sealed class FactoryPipeline(IHttpMessageHandlerFactory handlers) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var invoker = new HttpMessageInvoker(handlers.CreateHandler(GitHubConnection.HttpClientName), disposeHandler: false);
            return await invoker.SendAsync(request, cancellationToken);
        }
    }
}

using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace Micro.GitHub;

/// <summary>
/// Octokit connections to GitHub's REST API, all over one <see cref="OctokitHttp"/>; who they act as is given per connection.
/// The API root is <c>GitHub:ApiUrl</c> as configured: Octokit's <c>GitHubClient(ProductHeaderValue, Uri)</c> would replace the
/// path of any host but api.github.com with <c>/api/v3/</c>, so connections are built on the root itself, which GitHub documents
/// as <c>https://HOST/api/v3</c> for Enterprise Server and which a proxy or a test double may serve at any path.
/// </summary>
sealed class GitHubConnection(IHttpMessageHandlerFactory handlers, IOptions<GitHubOptions> options) : IDisposable
{
    public const string HttpClientName = "github";

    static readonly Octokit.ProductHeaderValue Product = new("Micro");
    static readonly IJsonSerializer Serializer = new GitHubSerializer();

    readonly Lazy<OctokitHttp> http = new(() => new OctokitHttp(handlers, ApiRoot(options.Value.ApiUrl)));

    /// <summary>The REST API root, ending in a slash so that Octokit's relative endpoints land under it.</summary>
    public Uri BaseAddress => ApiRoot(options.Value.ApiUrl);

    public static Uri ApiRoot(Uri apiUrl) =>
        apiUrl.AbsolutePath.EndsWith('/') ? apiUrl : new UriBuilder(apiUrl) { Path = apiUrl.AbsolutePath + "/" }.Uri;

    public IConnection Connect(ICredentialStore credentials) => new Connection(Product, BaseAddress, credentials, http.Value, Serializer);

    /// <summary>A connection acting with the credentials of an <c>Authorization</c> header (the form the raw endpoints pass around).</summary>
    public IConnection Connect(AuthenticationHeaderValue authorization) =>
        Connect(new InMemoryCredentialStore(authorization.Scheme.ToLowerInvariant() switch
        {
            "bearer" => new Credentials(authorization.Parameter, AuthenticationType.Bearer),
            "token" => new Credentials(authorization.Parameter, AuthenticationType.Oauth),
            _ => throw new ArgumentException($"GitHub takes Bearer or token credentials, not {authorization.Scheme}", nameof(authorization)),
        }));

    public IGitHubClient Client(ICredentialStore credentials) => new Octokit.GitHubClient(Connect(credentials));

    public void Dispose()
    {
        if (http.IsValueCreated)
            http.Value.Dispose();
    }
}

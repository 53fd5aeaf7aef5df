using System.Text.Json.Serialization;
using Micro.GitHub;
using Micro.RunnerBroker.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Api;

/// <summary>A registration token, as the original answered it and its job script reads it.</summary>
public sealed record RegistrationTokenAnswer(
    [property: JsonPropertyName("token")] string Token, [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);

/// <summary>A just-in-time runner configuration (<c>RunnerBroker:RunnerMode=jit</c>): <c>run.sh --jitconfig {encoded_jit_config}</c>.</summary>
public sealed record JitConfigAnswer(
    [property: JsonPropertyName("encoded_jit_config")] string EncodedJitConfig,
    [property: JsonPropertyName("runner_id")] long RunnerId,
    [property: JsonPropertyName("runner_name")] string RunnerName);

/// <summary>The original app's paths for runners: <c>POST /gha/runner</c> (the token exchange) and <c>GET /gha/installations</c>.</summary>
static class RunnerEndpoints
{
    public static IEndpointRouteBuilder MapRunnerPaths(this IEndpointRouteBuilder endpoints)
    {
        var gha = endpoints.MapGroup("/gha").WithTags("Runners (original paths)");
        gha.MapPost("/runner", Exchange).WithSummary("Trade a launcher token for the runner's registration token or JIT configuration")
            .WithDescription("The launcher token Micro signed for the job, as 'Authorization: Bearer <token>'; each token is good once.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        gha.MapGet("/installations", Installed).WithSummary("Whether Micro's GitHub App is installed on a repository (?url=https://github.com/owner/name)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    /// <summary>
    /// 200 with the runner's credential; 401 without a token or with one this service did not sign; 410 for a token that can no longer
    /// be used (expired, used, its job cancelled, started or finished); 502 when GitHub did not answer, the token still unused.
    /// </summary>
    static async Task<Results<Ok<RegistrationTokenAnswer>, Ok<JitConfigAnswer>, ProblemHttpResult>> Exchange(
        TokenExchange exchange, HttpRequest request, CancellationToken cancellationToken)
    {
        var outcome = await exchange.Exchange(request.Headers.Authorization.ToString(), cancellationToken);
        return outcome switch
        {
            ExchangeOutcome.Granted { Credential: RunnerCredential.Registration registration } =>
                TypedResults.Ok(new RegistrationTokenAnswer(registration.Token, registration.ExpiresAt)),
            ExchangeOutcome.Granted { Credential: RunnerCredential.JustInTime jit } =>
                TypedResults.Ok(new JitConfigAnswer(jit.EncodedJitConfig, jit.RunnerId, jit.Name)),
            ExchangeOutcome.NotAuthenticated refused =>
                TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Launcher token required", detail: refused.Reason),
            ExchangeOutcome.Gone gone =>
                TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Launcher token no longer valid", detail: gone.Reason),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "GitHub did not answer", detail: outcome.Reason),
        };
    }

    /// <summary>Whether Micro's GitHub App is installed on the repository at <paramref name="url"/>, every page of installations read.</summary>
    static async Task<Results<Ok<bool>, ProblemHttpResult>> Installed(
        GitHubClient github, IOptions<GitHubOptions> options, string? url, CancellationToken cancellationToken)
    {
        if (Repository(url) is not { } repository)
        {
            return JsonBody.Refusal("url", "url must be the repository's web address, e.g. https://github.com/octo-org/octo-repo");
        }

        try
        {
            if (!options.Value.UsesApp)
                return TypedResults.Ok(await github.CanSeeRepository(new GitHubTarget(repository), cancellationToken));

            await foreach (var installation in github.ListAppInstallations(cancellationToken))
            {
                await foreach (var reached in github.ListInstallationRepositories(new GitHubTarget(repository, installation), cancellationToken))
                {
                    if (string.Equals(reached.FullName, repository, StringComparison.OrdinalIgnoreCase))
                        return TypedResults.Ok(true);
                }
            }

            return TypedResults.Ok(false);
        }
        catch (GitHubNotConfiguredException error)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "GitHub is not configured", detail: error.Message);
        }
        catch (Exception error) when (error is GitHubApiException or HttpRequestException or System.Text.Json.JsonException
            || error is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "GitHub did not answer", detail: error.Message);
        }
    }

    /// <summary><c>owner/name</c> from a repository's web address (<c>https://github.com/owner/name</c>, with or without <c>.git</c>).</summary>
    static string? Repository(string? url)
    {
        if (url is null || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http"))
            return null;
        var segments = parsed.AbsolutePath.Trim('/').Split('/');
        if (segments is not [var owner, var name])
            return null;
        var repository = $"{owner}/{(name.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name)}";
        return GitHubPaths.IsRepository(repository) ? repository : null;
    }
}

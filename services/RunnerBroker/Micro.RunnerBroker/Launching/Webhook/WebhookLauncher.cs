using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Launching.Webhook;

/// <summary>
/// The original's launcher contract, so that its launcher deployments keep working: <c>POST {url}/runner/start</c> with the shared
/// secret in <c>auth-token</c> and <c>{"gitHubURL", "launcherToken", "runnerLabels", "tokenURL"}</c>. That launcher has no way to stop
/// a runner; a cancelled one gives up on its own after its idle timeout.
/// </summary>
sealed partial class WebhookLauncher(IHttpClientFactory clients, IOptions<WebhookLauncherOptions> options, ILogger<WebhookLauncher> logger)
    : IRunnerLauncher
{
    public async Task<RunnerLaunched> Launch(RunnerLaunch launch, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(WithSlash(settings.Url!), "runner/start"))
        {
            Content = JsonContent.Create(new StartRequest(launch.RepositoryUrl.ToString(), launch.LauncherToken, launch.Labels, launch.TokenUrl.ToString())),
        };
        request.Headers.Add("auth-token", settings.SharedSecret);
        try
        {
            using var response = await clients.CreateClient(WebhookLauncherRegistration.HttpClientName).SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
                return new RunnerLaunched(RunnerLaunchers.Webhook, null);

            var answer = await Answer(response, timeout.Token);
            throw new RunnerLaunchException(answer, Transient(response.StatusCode));
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new RunnerLaunchException($"the launcher could not be reached: {error.Message}", transient: true, error);
        }
    }

    public Task Cancel(RunnerLaunched launched, CancellationToken cancellationToken)
    {
        LogNoCancel(logger);
        return Task.CompletedTask;
    }

    static bool Transient(HttpStatusCode status) => (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    /// <summary>The launcher's answer as the job's record shows it: the status and the start of the body.</summary>
    static async Task<string> Answer(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var text = body.Length > 300 ? body[..300] + "…" : body;
        return $"{(int)response.StatusCode} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text : string.Empty)}";
    }

    static Uri WithSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    sealed record StartRequest(
        [property: JsonPropertyName("gitHubURL")] string GitHubUrl,
        [property: JsonPropertyName("launcherToken")] string LauncherToken,
        [property: JsonPropertyName("runnerLabels")] IReadOnlyList<string> RunnerLabels,
        [property: JsonPropertyName("tokenURL")] string TokenUrl);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The webhook launcher cannot stop a runner; it gives up on its own once idle")]
    static partial void LogNoCancel(ILogger logger);
}

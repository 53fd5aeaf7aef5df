namespace Micro.Console.Api;

/// <summary>Links to what Micro acted on, on GitHub (<c>Console:GitHubUrl</c>, so GitHub Enterprise works too).</summary>
public static class RunLinks
{
    public static string OnGitHub(ConsoleOptions options, string repository, long runId) =>
        new Uri(options.GitHubUrl, $"{repository}/actions/runs/{runId}").AbsoluteUri;
}

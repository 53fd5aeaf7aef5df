using Micro.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micro.GitHub.Tests;

/// <summary>A <see cref="GitHubClient"/> registered as a service registers it, pointed at a fake GitHub.</summary>
static class GitHubClientHost
{
    public static IHost Build(FakeGitHub github, IDictionary<string, string?>? settings = null, string? apiUrl = null) =>
        Build(apiUrl is null ? github.ApiUrl : new Uri(apiUrl), settings);

    public static IHost Build(Uri apiUrl, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitHub:ApiUrl"] = apiUrl.ToString(),
            // Retries of reads stay on, only closer together than in production.
            ["GitHub:RetryDelay"] = "00:00:00.010",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?> { ["GitHub:Token"] = FakeGitHub.Token });
        builder.AddGitHubClient();
        return builder.Build();
    }

    public static GitHubClient Client(this IHost host) => host.Services.GetRequiredService<GitHubClient>();
}

using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("RunnerBroker:Launcher", "Kubernetes", "'Kubernetes' is not a launcher this build has")]
    [InlineData("RunnerBroker:TokenUrl", "ftp://cluster/token", "must be an absolute http(s) URL")]
    [InlineData("RunnerBroker:Repositories:bad user:0", "octo/repo", "'bad user' is not a valid launcher user name")]
    [InlineData("RunnerBroker:Repositories:root:0", "octo/repo", "'root' is not a valid launcher user name")]
    [InlineData("RunnerBroker:Repositories:bob:0", "not a repository", "'not a repository' is not a repository name")]
    public async Task Bad_configuration_stops_the_service_at_start_with_a_message_naming_it(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunnerBrokerHost.Start(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task The_webhook_launcher_needs_its_secret()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunnerBrokerHost.Start(new Dictionary<string, string?>
        {
            ["RunnerBroker:Launcher"] = "Webhook",
            ["RunnerBroker:Webhook:Url"] = "http://127.0.0.1:9/",
        }));
        Assert.Contains("GHA_SLURM_SHARED_SECRET", error.Message);
    }

    [Fact]
    public async Task The_slurm_launcher_needs_its_api_url()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunnerBrokerHost.Start(new Dictionary<string, string?>
        {
            ["RunnerBroker:Launcher"] = "Slurm",
        }));
        Assert.Contains("ApiUrl", error.Message);
    }
}

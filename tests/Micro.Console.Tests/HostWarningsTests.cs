using Microsoft.Extensions.Configuration;

namespace Micro.Console.Tests;

/// <summary>The overview's warnings about the host's own configuration: unsigned webhooks, and tokens without an admin one.</summary>
public sealed class HostWarningsTests
{
    [Theory]
    [InlineData("GitHub:AllowUnsignedWebhooks=true", "unsigned")]
    [InlineData("GitHub:AllowUnsignedWebhooks=true;GitHub:WebhookSecrets:0=", "unsigned")]
    [InlineData("Gateway:ApiTokens:0=pipeline", "No admin token")]
    [InlineData("MICRO_API_TOKEN=pipeline", "No admin token")]
    public void A_risky_setting_is_named_with_the_key_that_fixes_it(string settings, string warning)
    {
        var found = Assert.Single(Warnings(settings));

        Assert.Contains(warning, found);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GitHub:AllowUnsignedWebhooks=true;GitHub:WebhookSecrets:0=secret")]
    [InlineData("GitHub:AllowUnsignedWebhooks=true;GITHUB_WEBHOOK_SECRET=secret")]
    [InlineData("Gateway:ApiTokens:0=pipeline;Gateway:AdminTokens:0=admin")]
    [InlineData("MICRO_API_TOKEN=pipeline;MICRO_ADMIN_TOKEN=admin")]
    public void A_safe_configuration_gives_no_warning(string settings) => Assert.Empty(Warnings(settings));

    static IReadOnlyList<string> Warnings(string settings)
    {
        var pairs = settings.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => (string?)pair[1]);
        return new HostWarnings(new ConfigurationBuilder().AddInMemoryCollection(pairs).Build()).All();
    }
}

using System.Net;
using Micro.Edge;
using Micro.ServiceDefaults;
using Micro.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Micro.Gateway.Tests;

/// <summary>The standalone host's door: open without tokens while only loopback reaches it, refusing to start anywhere else.</summary>
public sealed class StandaloneDoorTests
{
    [Fact]
    public async Task On_loopback_without_tokens_the_API_and_its_admin_actions_are_open()
    {
        await using var door = await Start(new Dictionary<string, string?>());

        var read = await door.Client.GetAsync("/api/locks");
        var reset = await door.Client.PostAsync("/api/locks/pr/reset", null);

        Assert.Equal(HttpStatusCode.Accepted, read.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, reset.StatusCode);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:0")]
    [InlineData("urls", "http://127.0.0.1:0;http://*:0")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://[::]:0")]
    public async Task Listening_beyond_loopback_without_tokens_it_refuses_to_start_naming_the_keys(string key, string value)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => Start(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains("Gateway:ApiTokens", failure.Message);
        Assert.Contains("Gateway:AllowAnonymousApi", failure.Message);
        Assert.Contains("loopback", failure.Message);
    }

    [Fact]
    public async Task With_tokens_it_asks_for_them_on_loopback_too()
    {
        await using var door = await Start(new Dictionary<string, string?> { ["Gateway:ApiTokens:0"] = "pipeline-token" });

        var response = await door.Client.GetAsync("/api/locks");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    static Task<TestWebHost> Start(IDictionary<string, string?> settings) =>
        TestWebHost.Start(settings, micro => micro.AsDoor(EdgeHost.Standalone)
            .Add("api", _ => { }, endpoints => endpoints.Map("/api/{**rest}", () => Results.Accepted())));
}

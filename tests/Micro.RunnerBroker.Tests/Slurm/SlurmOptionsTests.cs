using Micro.RunnerBroker.Slurm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Tests.Slurm;

public sealed class SlurmOptionsTests
{
    [Theory]
    [InlineData(null, null, "RunnerBroker:Slurm:Token, RunnerBroker:Slurm:JwtKeyFile: set exactly one of Token and JwtKeyFile")]
    [InlineData("a-token", "/etc/hostname", "RunnerBroker:Slurm:Token, RunnerBroker:Slurm:JwtKeyFile: set exactly one of Token and JwtKeyFile")]
    [InlineData(null, "/nonexistent/jwt.key", "RunnerBroker:Slurm:JwtKeyFile: '/nonexistent/jwt.key' does not exist or cannot be read")]
    public void Credentials_must_be_one_usable_token_or_key(string? token, string? keyFile, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new()
        {
            ["RunnerBroker:Slurm:Token"] = token,
            ["RunnerBroker:Slurm:JwtKeyFile"] = keyFile,
        }));

        Assert.Contains(expected, error.Failures);
    }

    [Fact]
    public void The_api_url_and_user_are_required()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new()
        {
            ["RunnerBroker:Slurm:ApiUrl"] = null,
            ["RunnerBroker:Slurm:UserName"] = null,
        }));

        Assert.Contains(error.Failures, failure => failure.StartsWith("RunnerBroker:Slurm:ApiUrl:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, failure => failure.StartsWith("RunnerBroker:Slurm:UserName:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_idle_timeout_comes_from_the_runner_broker_section()
    {
        var options = Options(new() { ["RunnerBroker:IdleTimeout"] = "00:05:00" });

        Assert.Equal(TimeSpan.FromMinutes(5), options.IdleTimeout);
        Assert.Equal("v0.0.38", options.ApiVersion);
    }

    static SlurmOptions Options(Dictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RunnerBroker:Slurm:ApiUrl"] = "http://127.0.0.1:6820/",
            ["RunnerBroker:Slurm:UserName"] = "slurm",
            ["RunnerBroker:Slurm:Token"] = "a-token",
        };
        foreach (var (key, value) in overrides)
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSlurmLauncher(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<SlurmOptions>>().Value;
    }
}

using Microsoft.Extensions.Options;

namespace Micro.PrLock.Tests;

/// <summary>The old tool's setting keeps working, and a wrong value stops the service naming the key.</summary>
public sealed class OptionsTests
{
    [Fact]
    public async Task EXPIRE_DURATION_DAYS_sets_the_expiry_in_days()
    {
        await using var service = await PrLockService.Start(new Dictionary<string, string?> { ["EXPIRE_DURATION_DAYS"] = "2" });

        var answer = await (await service.Acquire("pr", 1)).Json();

        Assert.Equal(service.Time.GetUtcNow() + TimeSpan.FromDays(2), answer.Time("expireDate"));
    }

    [Fact]
    public async Task PrLock_ExpireDuration_wins_over_the_old_tools_alias()
    {
        await using var service = await PrLockService.Start(new Dictionary<string, string?>
        {
            ["EXPIRE_DURATION_DAYS"] = "6",
            ["PrLock:ExpireDuration"] = "00:30:00",
        });

        var answer = await (await service.Acquire("pr", 1)).Json();

        Assert.Equal(service.Time.GetUtcNow() + TimeSpan.FromMinutes(30), answer.Time("expireDate"));
    }

    [Theory]
    [InlineData("EXPIRE_DURATION_DAYS", "six", "PrLock:ExpireDuration")]
    [InlineData("PrLock:SweepInterval", "00:05:00", "PrLock:SweepInterval")]
    [InlineData("PrLock:GrantTimeout", "00:00:00", "PrLock:GrantTimeout")]
    [InlineData("PrLock:GrantTimeout", "8.00:00:00", "PrLock:GrantTimeout")]
    [InlineData("PrLock:Environments:pr:Repository", "not a repository", "PrLock:Environments")]
    public async Task A_wrong_setting_stops_the_start_naming_the_key(string key, string value, string named)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => PrLockService.Start(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(named, failure.Message);
    }
}

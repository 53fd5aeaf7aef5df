using System.Net;

namespace Micro.PrLock.Tests;

/// <summary>The old tool's acquire table, row by row, with stored dates on either side of "now".</summary>
public sealed class AcquireTableTests
{
    const string Environment = "pr";
    const int Holder = 12;
    static readonly TimeSpan Duration = TimeSpan.FromDays(6);

    [Theory]
    [InlineData("Started", Holder)]
    [InlineData("Started", 17)]
    [InlineData("MasterApplied", Holder)]
    [InlineData("MasterApplied", 17)]
    public async Task An_expired_lock_in_flight_refuses_as_expired_and_is_written_Aborted_for_the_asker(string status, int asker)
    {
        await using var service = await PrLockService.Start();
        await Arrange(service, status);
        service.Time.Advance(Duration + TimeSpan.FromSeconds(1));

        var response = await service.Acquire(Environment, asker);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var answer = await response.Json();
        Assert.Equal("expired", answer.Text("result"));
        var state = await service.State(Environment);
        Assert.Equal("Aborted", state.Text("status"));
        Assert.Equal(asker, state.Number("holder"));
        Assert.Equal(service.Time.GetUtcNow() + Duration, state.Time("expireDate"));
        Assert.False(state.GetProperty("expired").GetBoolean());
    }

    [Theory]
    [InlineData("Completed", false, Holder)]
    [InlineData("Completed", false, 17)]
    [InlineData("Completed", true, Holder)]
    [InlineData("Aborted", false, 17)]
    [InlineData("Aborted", true, Holder)]
    [InlineData("Aborted", true, 17)]
    public async Task A_released_lock_is_acquired_by_anyone_expired_or_not(string status, bool expired, int asker)
    {
        await using var service = await PrLockService.Start();
        await Arrange(service, status);
        if (expired)
            service.Time.Advance(Duration + TimeSpan.FromSeconds(1));
        else
            service.Time.Advance(TimeSpan.FromHours(1));

        var response = await service.Acquire(Environment, asker);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acquired", (await response.Json()).Text("result"));
        var state = await service.State(Environment);
        Assert.Equal("Started", state.Text("status"));
        Assert.Equal(asker, state.Number("holder"));
        Assert.Equal(service.Time.GetUtcNow() + Duration, state.Time("expireDate"));
    }

    [Fact]
    public async Task A_new_environment_starts_Aborted_with_holder_0_and_is_acquired()
    {
        await using var service = await PrLockService.Start();

        var response = await service.Acquire("fresh", 5);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var state = await service.State("fresh");
        Assert.Equal("Started", state.Text("status"));
        var created = state.GetProperty("history").EnumerateArray().Single();
        Assert.Equal("Aborted", created.Text("from"));
        Assert.Equal(0, created.Number("fromHolder"));
        Assert.Equal(5, created.Number("requestedBy"));
    }

    [Theory]
    [InlineData("Started")]
    [InlineData("MasterApplied")]
    public async Task The_holder_of_an_unexpired_lock_resumes_with_the_stored_status_and_nothing_is_written(string status)
    {
        await using var service = await PrLockService.Start();
        await Arrange(service, status);
        var before = await service.State(Environment);
        // Exactly at the expire date is not yet expired: the old tool compared strictly.
        service.Time.Set(before.Time("expireDate"));

        var response = await service.Acquire(Environment, Holder);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Json();
        Assert.Equal("resumed", answer.Text("result"));
        Assert.Equal(status, answer.Text("status"));
        Assert.StartsWith("Skip update State.", answer.Text("message"));
        var after = await service.State(Environment);
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Theory]
    [InlineData("Started")]
    [InlineData("MasterApplied")]
    public async Task Another_pull_request_is_refused_while_the_lock_is_unexpired_and_nothing_is_written(string status)
    {
        await using var service = await PrLockService.Start();
        await Arrange(service, status);
        var before = await service.State(Environment);
        service.Time.Advance(TimeSpan.FromDays(5));

        var response = await service.Acquire(Environment, 17);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var answer = await response.Json();
        Assert.Equal("locked", answer.Text("result"));
        Assert.Equal(Holder, answer.Number("holder"));
        Assert.Equal(status, answer.Text("status"));
        Assert.Equal($"Locked by PullRequest: {Holder}, Current Status: {status}", answer.Text("message"));
        var after = await service.State(Environment);
        Assert.Equal(before.Text("status"), after.Text("status"));
        Assert.Equal(before.Time("expireDate"), after.Time("expireDate"));
        Assert.Equal(before.GetProperty("history").GetArrayLength(), after.GetProperty("history").GetArrayLength());
    }

    /// <summary>Brings the environment to <paramref name="status"/> held by <see cref="Holder"/>, the way pipelines do.</summary>
    static async Task Arrange(PrLockService service, string status)
    {
        Assert.Equal(HttpStatusCode.OK, (await service.Acquire(Environment, Holder)).StatusCode);
        var next = status switch
        {
            "MasterApplied" => "master-applied",
            "Completed" => "complete",
            "Aborted" => "abort",
            _ => null,
        };
        if (next is not null)
            Assert.Equal(HttpStatusCode.OK, (await service.Post(Environment, next, Holder)).StatusCode);
        Assert.Equal(status, (await service.State(Environment)).Text("status"));
    }
}

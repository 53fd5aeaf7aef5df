using Micro.Edge;
using Micro.Testing;

namespace Micro.PrLock.Tests;

/// <summary>The drop-in for checkstatus.sh against a running Micro: its one line and its exit code (0 go on, 1 stop, 2 error).</summary>
public sealed class PipelineScriptTests : IAsyncLifetime
{
    const string Token = "pipeline-token";
    PrLockService micro = null!;

    public async Task InitializeAsync() =>
        micro = await PrLockService.Start(new Dictionary<string, string?> { ["Gateway:ApiTokens:0"] = Token },
            compose: micro => micro.AsDoor(EdgeHost.Standalone));

    public async Task DisposeAsync() => await micro.DisposeAsync();

    Dictionary<string, string> Environment(string token = Token) => new() { ["MICRO_URL"] = micro.Address.ToString(), ["MICRO_TOKEN"] = token };

    Task<CommandResult> Script(params string[] arguments) => PipelineScript.Invoke(Environment(), arguments);

    [Fact]
    public async Task A_pipeline_run_through_the_old_scenarios()
    {
        var acquired = await Script("acquire", "pr", "12");
        var locked = await Script("acquire", "pr", "17");
        var masterApplied = await Script("master-applied", "pr", "12");
        var resumed = await Script("acquire", "pr", "12");
        var refused = await Script("complete", "pr", "17");
        var completed = await Script("complete", "pr", "12");

        Assert.Equal((0, "Lock of pr acquired by PullRequest: 12, Current Status: Started\n"), (acquired.ExitCode, acquired.Output));
        Assert.Equal((1, "Locked by PullRequest: 12, Current Status: Started\n"), (locked.ExitCode, locked.Output));
        Assert.Equal((0, "PullRequest: 12 set pr to MasterApplied\n"), (masterApplied.ExitCode, masterApplied.Output));
        Assert.Equal((0, "Skip update State. PullRequest: 12 holds pr, Current Status: MasterApplied\n"), (resumed.ExitCode, resumed.Output));
        Assert.Equal((1, "Cannot complete pr: Locked by PullRequest: 12, Current Status: MasterApplied\n"), (refused.ExitCode, refused.Output));
        Assert.Equal(0, completed.ExitCode);
        // 17 waited in the queue and was handed the lock when 12 completed: its next run resumes it.
        var handedOver = await Script("acquire", "pr", "17");
        Assert.Equal((0, "Skip update State. PullRequest: 17 holds pr, Current Status: Started\n"), (handedOver.ExitCode, handedOver.Output));
    }

    [Fact]
    public async Task An_expired_lock_fails_the_build_and_the_next_run_proceeds()
    {
        await Script("acquire", "expiring", "12");
        micro.Time.Advance(TimeSpan.FromDays(7));

        var expired = await Script("acquire", "expiring", "12");
        var again = await Script("acquire", "expiring", "12");

        Assert.Equal(1, expired.ExitCode);
        Assert.Matches("^Lock of expiring expired on .* while Started by PullRequest: 12; Status set to Aborted", expired.Output);
        Assert.Equal(0, again.ExitCode);
    }

    [Fact]
    public async Task A_step_that_outlived_its_lock_fails_the_build_saying_so()
    {
        await Script("acquire", "outlived", "12");
        await Script("master-applied", "outlived", "12");
        micro.Time.Advance(TimeSpan.FromDays(7));

        var completed = await Script("complete", "outlived", "12");

        Assert.Equal(1, completed.ExitCode);
        Assert.Matches("^Lock of outlived expired on .* while MasterApplied by PullRequest: 12; Status set to Aborted", completed.Output);
    }

    [Fact]
    public async Task The_step_outputs_result_and_status_for_GitHub_Actions()
    {
        var outputs = Path.GetTempFileName();
        try
        {
            var environment = Environment();
            environment["GITHUB_OUTPUT"] = outputs;
            await PipelineScript.Invoke(environment, "acquire", "outputs", "3");
            await PipelineScript.Invoke(environment, "master-applied", "outputs", "3");
            File.WriteAllText(outputs, string.Empty);

            var resumed = await PipelineScript.Invoke(environment, "acquire", "outputs", "3");

            Assert.Equal(0, resumed.ExitCode);
            Assert.Equal("result=resumed\nstatus=MasterApplied\n", File.ReadAllText(outputs));
        }
        finally
        {
            File.Delete(outputs);
        }
    }

    [Theory]
    [InlineData]
    [InlineData("acquire", "pr")]
    [InlineData("merge", "pr", "12")]
    [InlineData("acquire", "pr", "twelve")]
    [InlineData("acquire", "pr", "0")]
    [InlineData("acquire", "-pr", "12")]
    public async Task Usage_errors_exit_2_without_asking_Micro(params string[] arguments)
    {
        var run = await Script(arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.NotEmpty(run.Errors);
    }

    [Fact]
    public async Task Micro_unreachable_exits_2()
    {
        var closed = new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}");

        var run = await PipelineScript.Invoke(new Dictionary<string, string> { ["MICRO_URL"] = closed.ToString() }, "acquire", "pr", "12");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: cannot reach Micro at", run.Errors);
    }

    [Fact]
    public async Task No_URL_or_a_wrong_token_exits_2_and_the_token_is_never_printed()
    {
        var noUrl = await PipelineScript.Invoke(new Dictionary<string, string>(), "acquire", "pr", "12");
        var wrongToken = await PipelineScript.Invoke(Environment("not-the-token"), "acquire", "pr", "12");

        Assert.Equal(2, noUrl.ExitCode);
        Assert.Contains("MICRO_URL", noUrl.Errors);
        Assert.Equal(2, wrongToken.ExitCode);
        Assert.Contains("HTTP 401", wrongToken.Errors);
        Assert.DoesNotContain("not-the-token", wrongToken.Errors + wrongToken.Output);
    }
}

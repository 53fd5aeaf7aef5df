using Micro.Rerun.GitHubActions;
using Micro.Testing;

namespace Micro.Rerun.Tests;

public sealed class RetentionTests
{
    [Fact]
    public async Task Records_unchanged_for_the_retention_are_deleted_but_not_re_runs_still_due()
    {
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?>
        {
            ["Rerun:Retention"] = "30.00:00:00",
            ["Rerun:RetentionSweepInterval"] = "00:00:00.100",
        });
        var repository = RerunApiCalls.NewRepository("old");
        var lastYear = DateTime.UtcNow.AddDays(-365);
        // Asked again only tomorrow (a long rate limit, say): still due, and out of the dispatcher's reach while the test looks.
        var stillDue = SeededAttempts.Failed(repository, 4, nameof(WorkflowRunAttemptStateMachine.RerunDue), lastYear);
        stillDue.DueAt = DateTime.UtcNow.AddDays(1);
        await micro.Seed(
            SeededAttempts.Failed(repository, 1, nameof(WorkflowRunAttemptStateMachine.Decided), lastYear),
            SeededAttempts.Failed(repository, 2, nameof(WorkflowRunAttemptStateMachine.Tracking), lastYear),
            SeededAttempts.Failed(repository, 3, nameof(WorkflowRunAttemptStateMachine.Decided), DateTime.UtcNow.AddDays(-29)),
            stillDue);

        await Eventually.True(async () => await micro.Client.Attempt(repository, 1) is null && await micro.Client.Attempt(repository, 2) is null,
            "the year-old records are deleted");

        Assert.NotNull(await micro.Client.Attempt(repository, 3));
        Assert.Equal("rerun-due", (await micro.Client.Attempt(repository, 4))?.GetProperty("state").GetString());
    }
}

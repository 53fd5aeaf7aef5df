using System.Net;
using Micro.GitWorkflow.Data;
using Micro.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.GitWorkflow.Tests;

public sealed class RetentionTests
{
    [Fact]
    public async Task Runs_that_ended_longer_than_the_retention_ago_are_deleted_with_their_steps_and_recent_ones_stay()
    {
        await using var service = await GitWorkflowService.Start(new Dictionary<string, string?>
        {
            ["GitWorkflow:Retention"] = "01:00:00",
            ["GitWorkflow:RetentionSweepInterval"] = "00:00:00.100",
        });
        var request = new { workflow = "hello_world", parameters = new { git_url = service.GitHubGit.UrlOf(GitWorkflowService.Repository) } };
        var old = await service.Start(request);
        var recent = await service.Start(request);
        await service.Ended(old);
        await service.Ended(recent);
        var contexts = service.Services.GetRequiredService<IDbContextFactory<GitWorkflowDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            Assert.NotEmpty(await db.Steps.Where(step => step.RunId == old).ToListAsync());
            await db.States.Where(run => run.CorrelationId == old)
                .ExecuteUpdateAsync(set => set.SetProperty(run => run.FinishedAt, DateTime.UtcNow.AddHours(-2)));
        }

        await Eventually.True(async () =>
        {
            using var response = await service.Client.GetAsync($"/api/workflows/{old}");
            return response.StatusCode == HttpStatusCode.NotFound;
        }, "the run that ended two hours ago is deleted");

        await using (var db = await contexts.CreateDbContextAsync())
            Assert.Empty(await db.Steps.Where(step => step.RunId == old).ToListAsync());
        Assert.Equal("succeeded", (await service.Run(recent)).Text("state"));
    }
}

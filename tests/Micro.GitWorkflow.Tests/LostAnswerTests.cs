namespace Micro.GitWorkflow.Tests;

/// <summary>
/// GitHub or GitLab carries out a request and its answer is lost on the way back (the connection breaks, a proxy times out): the step
/// is tried again, and the try finds what the lost one made instead of making it twice.
/// </summary>
public sealed class LostAnswerTests
{
    const string Repository = GitWorkflowService.Repository;

    [Fact]
    public async Task On_GitHub_a_pull_request_and_a_comment_whose_answers_were_lost_are_made_once()
    {
        await using var service = await GitWorkflowService.Start();
        service.GitHub.AddIssue(Repository, 42, "Crash on empty input", "Steps: send nothing.");
        // More comments than a page holds: the run's comment is looked for on every page.
        service.GitHub.AddIssueComments(Repository, 42, Enumerable.Range(1, 120).Select(n => $"Me too ({n})"));
        service.GitHub.LoseAnswer("POST", "/repos/acme/app/pulls");
        service.GitHub.LoseAnswer("POST", "/repos/acme/app/issues/42/comments");

        var id = await service.Start(new { workflow = "resolve_issue", parameters = new { git_url = service.GitHubGit.UrlOf(Repository), issue = 42 } });
        var run = await service.Ended(id);

        Assert.Equal("succeeded", run.Text("state"));
        var pullRequest = Assert.Single(service.GitHub.PullRequests);
        Assert.Equal($"https://github.com/acme/app/pull/{pullRequest.Number}", run.Text("pullRequestUrl"));
        var comment = Assert.Single(service.GitHub.IssueComments, comment => !comment.Body.StartsWith("Me too", StringComparison.Ordinal));
        Assert.Contains(run.Text("pullRequestUrl"), comment.Body);
        Assert.Equal(["failed", "succeeded"], Attempts(run, "pull_request"));
        Assert.Equal(["failed", "succeeded"], Attempts(run, "comment"));
        Assert.Contains("open already", run.Steps().Last(step => step.Text("name") == "pull_request").Text("output"));
    }

    [Fact]
    public async Task On_GitLab_a_merge_request_and_a_note_whose_answers_were_lost_are_made_once()
    {
        await using var service = await GitWorkflowService.Start();
        service.GitLab.AddIssue(Repository, 7, "Typo in README", "It says 'teh'.");
        service.GitLab.AddNotes(Repository, 7, Enumerable.Range(1, 130).Select(n => $"+1 ({n})"));
        service.GitLab.LoseAnswer("POST", "/merge_requests");
        service.GitLab.LoseAnswer("POST", "/issues/7/notes");

        var id = await service.Start(new { workflow = "resolve_issue", parameters = new { git_url = service.GitLabGit.UrlOf(Repository), issue = 7 } });
        var run = await service.Ended(id);

        Assert.Equal("succeeded", run.Text("state"));
        var mergeRequest = Assert.Single(service.GitLab.MergeRequests);
        Assert.Equal($"https://gitlab.com/acme/app/-/merge_requests/{mergeRequest.Iid}", run.Text("pullRequestUrl"));
        var note = Assert.Single(service.GitLab.Notes, note => !note.Body.StartsWith("+1", StringComparison.Ordinal));
        Assert.Contains(run.Text("pullRequestUrl"), note.Body);
        Assert.Equal(["failed", "succeeded"], Attempts(run, "pull_request"));
        Assert.Equal(["failed", "succeeded"], Attempts(run, "comment"));
    }

    static IReadOnlyList<string> Attempts(System.Text.Json.JsonElement run, string step) =>
        [.. run.Steps().Where(record => record.Text("name") == step).Select(record => record.Text("state"))];
}

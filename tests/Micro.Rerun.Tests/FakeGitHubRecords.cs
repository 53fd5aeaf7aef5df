using Micro.Testing.Fakes;

namespace Micro.Rerun.Tests;

static class FakeGitHubRecords
{
    /// <summary>Every <c>rerun-failed-jobs</c> request that reached the fake for a run, accepted or not.</summary>
    public static int RerunRequests(this FakeGitHub gitHub, string repository, long runId) =>
        gitHub.Requests.Count(request => request.Method == "POST" && request.Path == $"/repos/{repository}/actions/runs/{runId}/rerun-failed-jobs");

    public static int RunLookups(this FakeGitHub gitHub, string repository, long runId) =>
        gitHub.Requests.Count(request => request.Method == "GET" && request.Path == $"/repos/{repository}/actions/runs/{runId}");

    /// <summary>Pages of the attempt's jobs requested.</summary>
    public static int JobListings(this FakeGitHub gitHub, string repository, long runId, int runAttempt) =>
        gitHub.Requests.Count(request => request.Method == "GET" && request.Path == $"/repos/{repository}/actions/runs/{runId}/attempts/{runAttempt}/jobs");

    /// <summary>The run as GitHub reports it once every job has finished.</summary>
    public static void Finished(this FakeGitHub gitHub, RunWebhooks run, string conclusion = "failure") =>
        gitHub.SetWorkflowRun(run.Repository, run.RunId, "completed", conclusion, run.RunAttempt, run.Branch);
}

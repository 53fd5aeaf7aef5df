using System.Globalization;
using System.Text.Json.Nodes;
using Micro.Testing;

namespace Micro.Benchmarks;

/// <summary>What the stream is made of; the defaults describe a busy GitHub organisation.</summary>
/// <param name="StoriesInFlight">Runs and pull requests under way at once, taken in turn: more than the clients, so that a run's next
/// event is sent only after the previous one was answered, as GitHub sends them.</param>
sealed record StreamShape(int Seed, int Repositories, double FailingRuns, double Redeliveries, double Pings, double PullRequestShare, int StoriesInFlight)
{
    public static StreamShape Default(int seed, int clients, int? stories) =>
        new(seed, Repositories: 50, FailingRuns: 0.10, Redeliveries: 0.02, Pings: 0.002, PullRequestShare: 0.15, StoriesInFlight: stories ?? Math.Max(64, 3 * clients));
}

/// <summary>One request of the stream: its body is held only until it is sent.</summary>
sealed record Delivery(string Event, byte[] Body, string Signature, DeliveryRecord Record);

/// <summary>What became of one request, kept (without its body) to check afterwards that every 2xx was stored and consumed.</summary>
sealed class DeliveryRecord(Guid id, string eventName, bool redelivery)
{
    public Guid Id { get; } = id;

    public string Event { get; } = eventName;

    public bool Redelivery { get; } = redelivery;

    /// <summary>HTTP status, 0 until answered (or when the request failed without one).</summary>
    public int Status { get; set; }

    /// <summary>When the 2xx answer was read (UTC), to compare with what the consumers wrote in their databases.</summary>
    public DateTime AcceptedAt { get; set; }

    public bool Accepted => Status is >= 200 and < 300;
}

/// <summary>One workflow run of the stream, and the deliveries that end it.</summary>
sealed class RunStory(string repository, long runId, bool failed)
{
    public string Repository { get; } = repository;

    public long RunId { get; } = runId;

    public bool Failed { get; } = failed;

    /// <summary>The last job's <c>completed</c>: on it every job has completed, GitHub considers the run done and Micro decides.</summary>
    public DeliveryRecord? LastJobCompleted { get; set; }

    /// <summary>The <c>workflow_run</c> <c>completed</c> that follows it.</summary>
    public DeliveryRecord? RunCompleted { get; set; }

    /// <summary>The earliest moment the run's end was accepted (either of the two deliveries above), or null.</summary>
    public DateTime? EndAcceptedAt =>
        new[] { LastJobCompleted, RunCompleted }.Where(r => r is { Accepted: true }).Select(r => (DateTime?)r!.AcceptedAt).Min();
}

/// <summary>One pull request of the stream: its head commit after each of its events.</summary>
sealed class PullRequestStory(string repository, int number)
{
    public string Repository { get; } = repository;

    public int Number { get; } = number;

    public List<(DeliveryRecord Record, string HeadSha)> Events { get; } = [];

    /// <summary>The head the PR-lock service must have recorded: that of the latest event accepted (older ones are stale).</summary>
    public string? ExpectedHead => Events.LastOrDefault(e => e.Record.Accepted).HeadSha;
}

/// <summary>
/// A deterministic stream (for a seed) of signed webhook deliveries like a GitHub organisation's: many repositories with workflow runs
/// in flight at once (taken in turn, one event each), each going <c>workflow_run requested</c>, its jobs <c>queued</c>, <c>workflow_run in_progress</c>, the jobs
/// <c>in_progress</c> and <c>completed</c> (one job fails in a share of the runs), <c>workflow_run completed</c>; pull requests
/// <c>opened</c>, <c>synchronize</c>d and <c>closed</c>; some redeliveries (the same <c>X-GitHub-Delivery</c> and body again) and pings.
/// Bodies are the real payloads with ids, names and commits substituted, 8–28 KB. Each target gets its own stream from the same seed, so
/// all targets are loaded with the same requests in the same order.
/// </summary>
sealed class WebhookStream
{
    const int RecentForRedelivery = 512;
    static readonly string[] JobNames = ["build", "test (ubuntu)", "test (windows)", "lint", "integration", "docs", "package", "e2e"];

    readonly Templates templates = Templates.Instance;
    readonly object gate = new();
    readonly string secret;
    readonly StreamShape shape;
    readonly Random random;
    readonly List<Story> inFlight = [];
    readonly Delivery?[] recent = new Delivery?[RecentForRedelivery];
    readonly Action<RunStory>? runEnding;
    long sent;
    int turn;
    long nextRunId = 7_100_000_000;
    int nextPullRequest = 1;

    /// <param name="runEnding">Called just before a run's last job completes: GitHub has the run completed from then on.</param>
    public WebhookStream(string secret, StreamShape shape, Action<RunStory>? runEnding = null)
    {
        this.secret = secret;
        this.shape = shape;
        this.runEnding = runEnding;
        random = new Random(shape.Seed);
        for (var i = 0; i < shape.StoriesInFlight; i++)
            inFlight.Add(NewStory());
    }

    public List<RunStory> Runs { get; } = [];

    public List<PullRequestStory> PullRequests { get; } = [];

    public List<DeliveryRecord> Records { get; } = [];

    /// <summary>A signed ping, for a target's first probe.</summary>
    public Delivery Ping() => Sign("ping", templates.Ping.Build(new Dictionary<string, string> { ["REPO"] = Repository(0) }), NewId(), redelivery: false);

    public Delivery Next()
    {
        lock (gate)
        {
            var delivery = Choose();
            Records.Add(delivery.Record);
            if (delivery.Event != "ping" && !delivery.Record.Redelivery)
                recent[sent++ % RecentForRedelivery] = delivery;
            return delivery;
        }
    }

    Delivery Choose()
    {
        var roll = random.NextDouble();
        if (roll < shape.Pings)
            return Ping();
        if (roll < shape.Pings + shape.Redeliveries && sent > 0)
        {
            var again = recent[random.Next((int)Math.Min(sent, RecentForRedelivery))]!;
            return again with { Record = new DeliveryRecord(again.Record.Id, again.Event, redelivery: true) };
        }

        var index = turn++ % inFlight.Count;
        var story = inFlight[index];
        var delivery = story.Next(this);
        if (story.Done)
            inFlight[index] = NewStory();
        return delivery;
    }

    Story NewStory()
    {
        var repository = Repository(random.Next(shape.Repositories));
        if (random.NextDouble() < shape.PullRequestShare)
        {
            var pullRequest = new PullRequestStory(repository, nextPullRequest++);
            PullRequests.Add(pullRequest);
            return new PullRequestSteps(pullRequest, random.Next(0, 4), Sha());
        }

        var jobs = random.Next(2, 7);
        var run = new RunStory(repository, nextRunId++, random.NextDouble() < shape.FailingRuns);
        Runs.Add(run);
        return new RunSteps(run, jobs, run.Failed ? random.Next(jobs) : -1, Sha());
    }

    string Repository(int number) => string.Create(CultureInfo.InvariantCulture, $"micro-bench/service-{number:00}");

    string Sha()
    {
        Span<byte> bytes = stackalloc byte[20];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, as GitHub's are
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    Delivery Sign(string eventName, byte[] body, Guid id, bool redelivery) =>
        new(eventName, body, GitHubWebhookSigner.Sign(secret, body), new DeliveryRecord(id, eventName, redelivery));

    abstract class Story
    {
        public abstract bool Done { get; }

        public abstract Delivery Next(WebhookStream stream);
    }

    /// <summary>A run's deliveries in GitHub's order: requested, jobs queued, in_progress, jobs started, jobs completed, completed.</summary>
    sealed class RunSteps(RunStory run, int jobs, int failingJob, string sha) : Story
    {
        int step;

        int Steps => 3 + 3 * jobs;

        public override bool Done => step >= Steps;

        public override Delivery Next(WebhookStream stream)
        {
            var t = stream.templates;
            var values = new Dictionary<string, string>
            {
                ["REPO"] = run.Repository,
                ["RUN_ID"] = run.RunId.ToString(CultureInfo.InvariantCulture),
                ["HEAD_SHA"] = sha,
            };
            var current = step++;
            Delivery delivery;
            if (current == 0)
            {
                delivery = stream.Sign("workflow_run", t.RunRequested.Build(values), stream.NewId(), false);
            }
            else if (current == 1 + jobs)
            {
                delivery = stream.Sign("workflow_run", t.RunInProgress.Build(values), stream.NewId(), false);
            }
            else if (current == Steps - 1)
            {
                delivery = stream.Sign("workflow_run", (run.Failed ? t.RunFailed : t.RunSucceeded).Build(values), stream.NewId(), false);
                run.RunCompleted = delivery.Record;
            }
            else
            {
                // Jobs: queued are steps 1..jobs, in_progress jobs+2..2jobs+1, completed 2jobs+2..3jobs+1.
                var phase = current <= jobs ? 0 : current <= 2 * jobs + 1 ? 1 : 2;
                var job = phase switch { 0 => current - 1, 1 => current - jobs - 2, _ => current - 2 * jobs - 2 };
                values["JOB_ID"] = (run.RunId * 10 + job).ToString(CultureInfo.InvariantCulture);
                values["JOB_NAME"] = JobNames[job % JobNames.Length] + (job >= JobNames.Length ? $" {job}" : "");
                var template = phase switch
                {
                    0 => t.JobQueued,
                    1 => t.JobInProgress,
                    _ => job == failingJob ? t.JobFailed : t.JobSucceeded,
                };
                var last = phase == 2 && job == jobs - 1;
                if (last)
                    stream.runEnding?.Invoke(run);
                delivery = stream.Sign("workflow_job", template.Build(values), stream.NewId(), false);
                if (last)
                    run.LastJobCompleted = delivery.Record;
            }

            return delivery;
        }
    }

    /// <summary>A pull request: opened, pushed to some times (a new head commit each), closed; each event a minute after the last.</summary>
    sealed class PullRequestSteps(PullRequestStory pullRequest, int pushes, string firstSha) : Story
    {
        static readonly DateTime Opened = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
        int step;
        string sha = firstSha;

        public override bool Done => step >= pushes + 2;

        public override Delivery Next(WebhookStream stream)
        {
            var current = step++;
            if (current > 0 && current <= pushes)
                sha = stream.Sha();
            var template = current == 0 ? stream.templates.PullRequestOpened
                : current <= pushes ? stream.templates.PullRequestSynchronized
                : stream.templates.PullRequestClosed;
            var values = new Dictionary<string, string>
            {
                ["REPO"] = pullRequest.Repository,
                ["PR_NUMBER"] = pullRequest.Number.ToString(CultureInfo.InvariantCulture),
                ["HEAD_SHA"] = sha,
                ["UPDATED_AT"] = Opened.AddSeconds(pullRequest.Number).AddMinutes(current).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            };
            var delivery = stream.Sign("pull_request", template.Build(values), stream.NewId(), false);
            pullRequest.Events.Add((delivery.Record, sha));
            return delivery;
        }
    }

    /// <summary>The payload templates, loaded once from the fixtures.</summary>
    sealed class Templates
    {
        public static Templates Instance => instance.Value;

        static readonly Lazy<Templates> instance = new(() => new Templates());

        public PayloadTemplate JobQueued { get; } = Job("queued.payload.json", "queued", null);

        public PayloadTemplate JobInProgress { get; } = Job("in_progress.payload.json", "in_progress", null);

        public PayloadTemplate JobSucceeded { get; } = Job("completed.success.with-organization.payload.json", "completed", "success");

        public PayloadTemplate JobFailed { get; } = Job("completed.failure.with-organization.payload.json", "completed", "failure");

        public PayloadTemplate RunRequested { get; } = Run("requested.payload.json", "requested", "requested", null);

        public PayloadTemplate RunInProgress { get; } = Run("requested.payload.json", "in_progress", "in_progress", null);

        public PayloadTemplate RunSucceeded { get; } = Run("completed.payload.json", "completed", "completed", "success");

        public PayloadTemplate RunFailed { get; } = Run("completed.payload.json", "completed", "completed", "failure");

        public PayloadTemplate PullRequestOpened { get; } = PullRequest("opened.payload.json");

        public PayloadTemplate PullRequestSynchronized { get; } = PullRequest("synchronize.payload.json");

        public PayloadTemplate PullRequestClosed { get; } = PullRequest("closed.payload.json");

        public PayloadTemplate Ping { get; } = PayloadTemplate.Load("ping", "00-github-docs-example.payload.json", _ => { });

        static PayloadTemplate Job(string file, string status, string? conclusion) => PayloadTemplate.Load("workflow_job", file, payload =>
        {
            payload["action"] = status;
            var job = payload["workflow_job"]!.AsObject();
            job["id"] = PayloadTemplate.Number("JOB_ID");
            job["run_id"] = PayloadTemplate.Number("RUN_ID");
            job["run_attempt"] = 1;
            job["name"] = PayloadTemplate.Text("JOB_NAME");
            job["workflow_name"] = "CI";
            job["head_sha"] = PayloadTemplate.Text("HEAD_SHA");
            job["head_branch"] = "main";
            job["status"] = status;
            job["conclusion"] = conclusion;
        });

        static PayloadTemplate Run(string file, string action, string status, string? conclusion) => PayloadTemplate.Load("workflow_run", file, payload =>
        {
            payload["action"] = action;
            var run = payload["workflow_run"]!.AsObject();
            run["id"] = PayloadTemplate.Number("RUN_ID");
            run["run_attempt"] = 1;
            run["name"] = "CI";
            run["head_sha"] = PayloadTemplate.Text("HEAD_SHA");
            run["head_branch"] = "main";
            run["status"] = status;
            run["conclusion"] = conclusion;
        });

        static PayloadTemplate PullRequest(string file) => PayloadTemplate.Load("pull_request", file, payload =>
        {
            payload["number"] = PayloadTemplate.Number("PR_NUMBER");
            var pullRequest = payload["pull_request"]!.AsObject();
            pullRequest["number"] = PayloadTemplate.Number("PR_NUMBER");
            pullRequest["updated_at"] = PayloadTemplate.Text("UPDATED_AT");
            pullRequest["head"]!["sha"] = PayloadTemplate.Text("HEAD_SHA");
        });
    }
}
